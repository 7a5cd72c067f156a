using Dapper;

namespace FormFlow.Storage;

/// <summary>A task row: one person's piece of work in a process instance, with the data written so far.</summary>
internal sealed record TaskRow
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public required string Step { get; init; }

    public required string AssigneeId { get; init; }

    public long? DueAt { get; init; }

    public required string Status { get; init; }

    public required string Data { get; init; }

    public int Version { get; init; }

    public long CreatedAt { get; init; }

    public long? CompletedAt { get; init; }
}

/// <summary>Tasks and their submitted revisions. The SQL is the same in every dialect, but for how a list of ids is read (<see cref="JsonIds"/>).</summary>
internal static class TaskStore
{
    private const string Columns = "id, instance_id, step, assignee_id, due_at, status, data, version, created_at, completed_at";

    internal const string Select = """
        SELECT id AS Id, instance_id AS InstanceId, step AS Step, assignee_id AS AssigneeId, due_at AS DueAt, status AS Status,
               data AS Data, version AS Version, created_at AS CreatedAt, completed_at AS CompletedAt
        FROM tasks
        """;

    private static readonly BulkColumn<TaskRow>[] BulkColumns =
    [
        new("id", ColumnKind.Text, t => t.Id),
        new("instance_id", ColumnKind.Text, t => t.InstanceId),
        new("step", ColumnKind.Text, t => t.Step),
        new("assignee_id", ColumnKind.Text, t => t.AssigneeId),
        new("due_at", ColumnKind.BigInteger, t => t.DueAt),
        new("status", ColumnKind.Text, t => t.Status),
        new("data", ColumnKind.Text, t => t.Data),
        new("version", ColumnKind.Integer, t => t.Version),
        new("created_at", ColumnKind.BigInteger, t => t.CreatedAt),
        new("completed_at", ColumnKind.BigInteger, t => t.CompletedAt),
    ];

    /// <summary>Writes many tasks in one go (a cycle's launch), see <see cref="BulkInsert"/>.</summary>
    public static Task InsertManyAsync(UnitOfWork work, IEnumerable<TaskRow> tasks, CancellationToken cancellationToken = default) =>
        BulkInsert.WriteAsync(work, "tasks", BulkColumns, tasks, cancellationToken);

    public static Task InsertAsync(UnitOfWork work, TaskRow task) => work.Connection.ExecuteAsync(
        $"""
        INSERT INTO tasks ({Columns})
        VALUES (@Id, @InstanceId, @Step, @AssigneeId, @DueAt, @Status, @Data, @Version, @CreatedAt, @CompletedAt)
        """,
        task,
        work.Transaction);

    /// <summary>An instance's tasks, oldest first.</summary>
    public static async Task<IReadOnlyList<TaskRow>> ForInstanceAsync(UnitOfWork work, string instanceId) =>
        [.. await work.Connection.QueryAsync<TaskRow>($"{Select} WHERE instance_id = @InstanceId ORDER BY created_at, id", new { InstanceId = instanceId }, work.Transaction)];

    /// <summary>A person's open tasks, the soonest due first (tasks without a due date last).</summary>
    public static async Task<IReadOnlyList<TaskRow>> OpenForAsync(UnitOfWork work, string assigneeId) =>
        [.. await work.Connection.QueryAsync<TaskRow>(
            $"{Select} WHERE assignee_id = @AssigneeId AND status = 'open' ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, created_at, id",
            new { AssigneeId = assigneeId },
            work.Transaction)];

    public static Task<TaskRow?> FindAsync(UnitOfWork work, string id) => work.Connection.QuerySingleOrDefaultAsync<TaskRow>(
        $"{Select} WHERE id = @Id",
        new { Id = id },
        work.Transaction);

    /// <summary>
    /// Writes <paramref name="task"/> over the row at <c>task.Version</c> and returns the row at its new version.
    /// Throws <see cref="ConcurrencyConflictException"/> when the row is no longer at that version.
    /// </summary>
    public static async Task<TaskRow> UpdateAsync(UnitOfWork work, TaskRow task)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(task);
        var changed = await work.Connection.ExecuteAsync(
            """
            UPDATE tasks
            SET assignee_id = @AssigneeId, due_at = @DueAt, status = @Status, data = @Data,
                completed_at = @CompletedAt, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            task,
            work.Transaction);
        if (changed == 0)
        {
            throw new ConcurrencyConflictException("task", task.Id, task.Version);
        }

        return task with { Version = task.Version + 1 };
    }

    /// <summary>
    /// Holds the row at <c>task.Version</c> until the transaction ends, changing nothing (its version stays, so the
    /// assignee's open form is not made stale). A command that closes the task meanwhile waits for this transaction; one
    /// that closed it after it was read makes this throw <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public static async Task HoldAsync(UnitOfWork work, TaskRow task)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(task);
        var held = await work.Connection.ExecuteAsync(
            "UPDATE tasks SET version = version WHERE id = @Id AND version = @Version",
            new { task.Id, task.Version },
            work.Transaction);
        if (held == 0)
        {
            throw new ConcurrencyConflictException("task", task.Id, task.Version);
        }
    }

    /// <summary>Keeps a submitted revision of a task's data; revisions are numbered from 1 and never change.</summary>
    public static Task AddRevisionAsync(UnitOfWork work, string taskId, string data, string submittedBy, long submittedAt) =>
        work.Connection.ExecuteAsync(
            """
            INSERT INTO task_revisions (task_id, revision, data, submitted_by, submitted_at)
            VALUES (@TaskId, (SELECT COALESCE(MAX(revision), 0) + 1 FROM task_revisions WHERE task_id = @TaskId), @Data, @SubmittedBy, @SubmittedAt)
            """,
            new { TaskId = taskId, Data = data, SubmittedBy = submittedBy, SubmittedAt = submittedAt },
            work.Transaction);

    public static async Task<IReadOnlyList<(int Revision, string Data)>> RevisionsAsync(UnitOfWork work, string taskId) =>
        [.. await work.Connection.QueryAsync<(int, string)>(
            "SELECT revision, data FROM task_revisions WHERE task_id = @TaskId ORDER BY revision",
            new { TaskId = taskId },
            work.Transaction)];

    /// <summary>The tasks of the instances <paramref name="instanceIds"/>, each instance's oldest first.</summary>
    public static async Task<IReadOnlyList<TaskRow>> ForInstancesAsync(UnitOfWork work, IReadOnlyCollection<string> instanceIds) =>
        [.. await work.Connection.QueryAsync<TaskRow>(
            $"{Select} WHERE instance_id IN ({JsonIds.Select(work.Dialect)}) ORDER BY instance_id, created_at, id",
            new { Ids = JsonIds.Of(instanceIds) },
            work.Transaction)];
}
