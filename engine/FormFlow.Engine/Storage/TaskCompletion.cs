using Dapper;

namespace FormFlow.Storage;

/// <summary>
/// What completing a task writes, all of it at once: the task at its next version with the submitted data, the
/// revision, the instance moved on at its next version, the messages to send, and the audit entry.
/// </summary>
internal sealed record TaskCompletion(TaskRow Task, InstanceRow Instance, string SubmittedBy, IReadOnlyList<OutboxMessage> Messages, AuditEntry Audit);

/// <summary>
/// Writes a <see cref="TaskCompletion"/> in as few round trips as the dialect allows. It is the busiest write of a
/// review cycle: on PostgreSQL one statement with data-modifying CTEs does it all in one round trip, where the
/// separate store calls took seven; SQLite runs in-process and needs no such care.
/// </summary>
internal static class TaskCompletionStore
{
    // Every part of a data-modifying CTE runs, even when an UPDATE found its row moved on: the inserts are
    // guarded so that a conflict writes nothing at all, and the loser of a race meets the version check rather
    // than a duplicate revision number or idempotency key.
    private const string Postgres = """
        WITH moved_task AS (
            UPDATE tasks SET assignee_id = @AssigneeId, due_at = @DueAt, status = @TaskStatus, data = @Data,
                             completed_at = @CompletedAt, version = version + 1
            WHERE id = @TaskId AND version = @TaskVersion
            RETURNING id),
        moved_instance AS (
            UPDATE process_instances SET status = @InstanceStatus, state = @State, updated_at = @InstanceUpdatedAt, version = version + 1
            WHERE id = @InstanceId AND version = @InstanceVersion
            RETURNING id),
        moved AS (
            SELECT 1 AS ok WHERE EXISTS (SELECT 1 FROM moved_task) AND EXISTS (SELECT 1 FROM moved_instance)),
        revision AS (
            INSERT INTO task_revisions (task_id, revision, data, submitted_by, submitted_at)
            SELECT @TaskId, n.revision, @Data, @SubmittedBy, @SubmittedAt
            FROM (SELECT COALESCE(MAX(revision), 0) + 1 AS revision FROM task_revisions WHERE task_id = @TaskId) AS n
            WHERE EXISTS (SELECT 1 FROM moved)
            RETURNING task_id),
        messages AS (
            INSERT INTO outbox (id, idempotency_key, channel, recipient, payload, instance_id, status, attempts, next_attempt_at, created_at)
            SELECT m.id, m.idempotency_key, m.channel, m.recipient, m.payload, m.instance_id, 'pending', 0, m.next_attempt_at, m.created_at
            FROM unnest(@MessageIds, @MessageKeys, @MessageChannels, @MessageRecipients, @MessagePayloads, @MessageInstances, @MessageNextAttempts, @MessageCreated)
                 AS m (id, idempotency_key, channel, recipient, payload, instance_id, next_attempt_at, created_at)
            WHERE EXISTS (SELECT 1 FROM moved)
            RETURNING id),
        audit AS (
            INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
            SELECT @AuditAt, @AuditActor, @AuditAction, @AuditEntity, @AuditEntityId, @AuditBefore, @AuditAfter
            WHERE EXISTS (SELECT 1 FROM moved)
            RETURNING id)
        SELECT (SELECT COUNT(*) FROM moved_task) AS Tasks, (SELECT COUNT(*) FROM moved_instance) AS Instances
        """;

    /// <summary>A task and its instance, read together: what a completion starts from, in one round trip.</summary>
    public static async Task<(TaskRow Task, InstanceRow Instance)?> FindAsync(UnitOfWork work, string taskId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var rows = await work.Connection.QueryAsync<TaskRow, InstanceRow, (TaskRow, InstanceRow)>(
            """
            SELECT t.id AS Id, t.instance_id AS InstanceId, t.step AS Step, t.assignee_id AS AssigneeId, t.due_at AS DueAt,
                   t.status AS Status, t.data AS Data, t.version AS Version, t.created_at AS CreatedAt, t.completed_at AS CompletedAt,
                   i.id AS Id, i.cycle_id AS CycleId, i.process_key AS ProcessKey, i.process_version AS ProcessVersion,
                   i.subject_id AS SubjectId, i.status AS Status, i.state AS State, i.version AS Version,
                   i.created_at AS CreatedAt, i.updated_at AS UpdatedAt
            FROM tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE t.id = @TaskId
            """,
            (task, instance) => (task, instance),
            new { TaskId = taskId },
            work.Transaction,
            splitOn: "Id");
        return rows.Cast<(TaskRow, InstanceRow)?>().SingleOrDefault();
    }

    public static async Task<(TaskRow Task, InstanceRow Instance)> CompleteAsync(UnitOfWork work, TaskCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(completion);
        var (task, instance) = (completion.Task, completion.Instance);
        var submittedAt = task.CompletedAt ?? instance.UpdatedAt;
        if (work.Dialect != StorageDialect.PostgreSql)
        {
            var movedTask = await TaskStore.UpdateAsync(work, task);
            await TaskStore.AddRevisionAsync(work, task.Id, task.Data, completion.SubmittedBy, submittedAt);
            var movedInstance = await InstanceStore.UpdateAsync(work, instance);
            await OutboxStore.EnqueueAsync(work, completion.Messages);
            await AuditLog.AppendAsync(work, completion.Audit);
            return (movedTask, movedInstance);
        }

        var messages = completion.Messages;
        var audit = completion.Audit;
        var (tasks, instances) = await work.Connection.QuerySingleAsync<(long, long)>(
            Postgres,
            new
            {
                TaskId = task.Id,
                TaskVersion = task.Version,
                task.AssigneeId,
                task.DueAt,
                TaskStatus = task.Status,
                task.Data,
                task.CompletedAt,
                SubmittedAt = submittedAt,
                completion.SubmittedBy,
                InstanceUpdatedAt = instance.UpdatedAt,
                InstanceId = instance.Id,
                InstanceVersion = instance.Version,
                InstanceStatus = instance.Status,
                instance.State,
                MessageIds = messages.Select(m => m.Id).ToArray(),
                MessageKeys = messages.Select(m => m.IdempotencyKey).ToArray(),
                MessageChannels = messages.Select(m => m.Channel).ToArray(),
                MessageRecipients = messages.Select(m => m.Recipient).ToArray(),
                MessagePayloads = messages.Select(m => m.Payload).ToArray(),
                MessageInstances = messages.Select(m => m.InstanceId).ToArray(),
                MessageNextAttempts = messages.Select(m => m.NextAttemptAt).ToArray(),
                MessageCreated = messages.Select(m => m.CreatedAt).ToArray(),
                AuditAt = audit.At,
                AuditActor = audit.Actor,
                AuditAction = audit.Action,
                AuditEntity = audit.Entity,
                AuditEntityId = audit.EntityId,
                AuditBefore = audit.BeforeJson,
                AuditAfter = audit.AfterJson,
            },
            work.Transaction);

        if (tasks == 0)
        {
            throw new ConcurrencyConflictException("task", task.Id, task.Version);
        }

        if (instances == 0)
        {
            throw new ConcurrencyConflictException("process instance", instance.Id, instance.Version);
        }

        return (task with { Version = task.Version + 1 }, instance with { Version = instance.Version + 1 });
    }
}
