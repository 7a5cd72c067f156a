using Dapper;
using FormFlow.Organisation;

namespace FormFlow.Storage;

/// <summary>A task and its instance, read together: what a command on a task starts from, in one round trip.</summary>
internal static class TaskCompletionStore
{
    private const string Find = """
        SELECT t.id AS Id, t.instance_id AS InstanceId, t.step AS Step, t.assignee_id AS AssigneeId, t.due_at AS DueAt,
               t.status AS Status, t.data AS Data, t.version AS Version, t.created_at AS CreatedAt, t.completed_at AS CompletedAt,
               i.id AS Id, i.cycle_id AS CycleId, i.process_key AS ProcessKey, i.process_version AS ProcessVersion,
               i.subject_id AS SubjectId, i.status AS Status, i.state AS State, i.version AS Version,
               i.created_at AS CreatedAt, i.updated_at AS UpdatedAt
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE t.id = @TaskId
        """;

    public static async Task<(TaskRow Task, InstanceRow Instance)?> FindAsync(UnitOfWork work, string taskId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var rows = await work.Connection.QueryAsync<TaskRow, InstanceRow, (TaskRow, InstanceRow)>(
            Find, (task, instance) => (task, instance), new { TaskId = taskId }, work.Transaction, splitOn: "Id");
        return rows.Cast<(TaskRow, InstanceRow)?>().SingleOrDefault();
    }

    /// <summary>
    /// The task and its instance, with what a run of the instance reads besides (its cycle and all its tasks, the task
    /// among them, and the subject's circle most next steps are assigned to), in one round trip: a command on a task
    /// starts from these.
    /// </summary>
    public static async Task<TaskOpening?> OpenAsync(UnitOfWork work, string taskId)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var reader = await work.Connection.QueryMultipleAsync(
            $"""
            {TaskStore.Select} WHERE instance_id = (SELECT instance_id FROM tasks WHERE id = @TaskId) ORDER BY created_at, id;
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE id = (SELECT instance_id FROM tasks WHERE id = @TaskId);
            {CycleStore.Select} WHERE id = (SELECT i.cycle_id FROM tasks t JOIN process_instances i ON i.id = t.instance_id WHERE t.id = @TaskId);
            {OrganisationStore.SubjectCircleSql("(SELECT i.subject_id FROM tasks t JOIN process_instances i ON i.id = t.instance_id WHERE t.id = @TaskId)")}
            """,
            new { TaskId = taskId },
            work.Transaction);
        var tasks = (await reader.ReadAsync<TaskRow>()).ToList();
        var instance = await reader.ReadSingleOrDefaultAsync<InstanceRow>();
        var cycle = await reader.ReadSingleOrDefaultAsync<CycleRow>();
        var circle = (await reader.ReadAsync<Person>()).ToList();
        return tasks.Find(t => t.Id == taskId) is { } task && instance is not null
            ? new TaskOpening(task, instance, cycle, tasks, SubjectCircle.Of(instance.SubjectId, circle))
            : null;
    }
}

/// <summary>A task and its instance as a command on the task finds them, with the instance's cycle, tasks and subject's circle.</summary>
internal sealed record TaskOpening(TaskRow Task, InstanceRow Instance, CycleRow? Cycle, IReadOnlyList<TaskRow> Tasks, SubjectCircle Circle);
