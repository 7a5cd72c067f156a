using Dapper;
using Npgsql;

namespace FormFlow.Storage;

/// <summary>A submitted revision of a task's data, numbered by the store (from 1, per task).</summary>
internal sealed record TaskRevision(string TaskId, string Data, string SubmittedBy, long SubmittedAt);

/// <summary>
/// Everything one command writes, in its one transaction: the instance and tasks it moved on (each at the version it
/// read), the rows it adds, and the idempotency key it answers for (<see cref="IdempotencyKeys.MarkCommittedAsync"/>).
/// <see cref="HeldTasks"/> are not changed, but what the command writes holds only while they are still at the
/// version it read (a notice about an open task: <see cref="TaskStore.HoldAsync"/>).
/// </summary>
internal sealed record CommandWrite(
    InstanceRow? ChangedInstance,
    IReadOnlyCollection<TaskRow> ChangedTasks,
    IReadOnlyList<InstanceRow> NewInstances,
    IReadOnlyList<TaskRow> NewTasks,
    IReadOnlyList<TaskRevision> Revisions,
    IReadOnlyList<FieldComment> Comments,
    IReadOnlyList<TimerRow> Timers,
    IReadOnlyList<OutboxMessage> Messages,
    IReadOnlyList<AuditEntry> Journal,
    IdempotencyMark? Mark,
    IReadOnlyCollection<TaskRow>? HeldTasks = null)
{
    public int Rows => (ChangedInstance is null ? 0 : 1) + ChangedTasks.Count + NewInstances.Count + NewTasks.Count + Revisions.Count
        + Comments.Count + Timers.Count + Messages.Count + Journal.Count + (HeldTasks?.Count ?? 0);
}

/// <summary>
/// Writes a <see cref="CommandWrite"/>. On PostgreSQL a command's writes go in one round trip — one statement of
/// data-modifying CTEs — where the statements one by one took a dozen: the round trips, not the rows, are what a
/// transition waits for. SQLite runs in-process, where a statement costs no round trip; SQL Server writes them one by
/// one as well. A write too big for one statement (a cycle's launch) goes through <see cref="BulkInsert"/>.
/// </summary>
internal static class CommandWrites
{
    // Every part of a data-modifying CTE runs, whatever the others found, and all of them see the database as it was
    // when the statement began. So the updates come first and every insert is guarded by "moved": when an instance or
    // task is no longer at the version the command read, nothing is written at all, and the command meets the version
    // check instead of a duplicate revision number or outbox key. Foreign keys are checked at the end of the statement,
    // so a new task may name an instance inserted beside it. The revision number is counted under the task's row lock,
    // which the update of its task has just taken.
    // The statement is prepared, but PostgreSQL's planner, left to choose, plans it afresh for each command (a custom
    // plan costs less than the generic one it estimates for arrays of unknown length), and that planning was a third
    // of the server's time per transition. Its parameters pick rows by key only, so the generic plan is as good; the
    // SET LOCAL travels in the same round trip and ends with the transaction.
    // A command's statement has only the parts it writes: the server starts every part's executor whether it has rows
    // or not, and a submit needs eight of the twelve. The statement is put together from the parts below
    // (PostgresStatement), a text per shape, each prepared once per connection.
    private const string PlanGeneric = "SET LOCAL plan_cache_mode = force_generic_plan;\n";

    private const string MovedInstance = """
        moved_instance AS (
            UPDATE process_instances SET status = @InstanceStatus, state = @InstanceState, updated_at = @InstanceUpdatedAt, version = version + 1
            WHERE id = @InstanceId AND version = @InstanceVersion
            RETURNING id)
        """;

    private const string MovedTasks = """
        moved_tasks AS (
            UPDATE tasks AS t SET assignee_id = c.assignee_id, due_at = c.due_at, status = c.status, data = c.data,
                                  completed_at = c.completed_at, version = t.version + 1
            FROM unnest(@TaskIds, @TaskVersions, @TaskAssignees, @TaskDueAt, @TaskStatuses, @TaskData, @TaskCompletedAt)
                 AS c (id, version, assignee_id, due_at, status, data, completed_at)
            WHERE t.id = c.id AND t.version = c.version
            RETURNING t.id)
        """;

    private const string HeldTasks = """
        held_tasks AS (
            UPDATE tasks AS t SET version = t.version
            FROM unnest(@HeldIds, @HeldVersions) AS h (id, version)
            WHERE t.id = h.id AND t.version = h.version
            RETURNING t.id)
        """;

    // "moved" holds one row when every version check of the parts above held (the checks of the parts present).
    private const string MovedInstanceCheck = "(SELECT COUNT(*) FROM moved_instance) = 1";
    private const string MovedTasksCheck = "(SELECT COUNT(*) FROM moved_tasks) = cardinality(@TaskIds)";
    private const string HeldTasksCheck = "(SELECT COUNT(*) FROM held_tasks) = cardinality(@HeldIds)";

    private const string NewInstances = """
        new_instances AS (
            INSERT INTO process_instances (id, cycle_id, process_key, process_version, subject_id, status, state, version, created_at, updated_at)
            SELECT i.* FROM unnest(@NewInstanceIds, @NewInstanceCycles, @NewInstanceProcesses, @NewInstanceProcessVersions, @NewInstanceSubjects,
                                   @NewInstanceStatuses, @NewInstanceStates, @NewInstanceVersions, @NewInstanceCreatedAt, @NewInstanceUpdatedAt) AS i
            WHERE EXISTS (SELECT 1 FROM moved)),
        ordered AS (
            INSERT INTO instance_order (created_at, id, cycle_id)
            SELECT o.* FROM unnest(@NewInstanceCreatedAt, @NewInstanceIds, @NewInstanceCycles) AS o
            WHERE EXISTS (SELECT 1 FROM moved))
        """;

    private const string NewTasks = """
        new_tasks AS (
            INSERT INTO tasks (id, instance_id, step, assignee_id, due_at, status, data, version, created_at, completed_at)
            SELECT t.* FROM unnest(@NewTaskIds, @NewTaskInstances, @NewTaskSteps, @NewTaskAssignees, @NewTaskDueAt,
                                   @NewTaskStatuses, @NewTaskData, @NewTaskVersions, @NewTaskCreatedAt, @NewTaskCompletedAt) AS t
            WHERE EXISTS (SELECT 1 FROM moved))
        """;

    private const string Revisions = """
        revisions AS (
            INSERT INTO task_revisions (task_id, revision, data, submitted_by, submitted_at)
            SELECT r.task_id,
                   (SELECT COALESCE(MAX(p.revision), 0) FROM task_revisions p WHERE p.task_id = r.task_id)
                       + row_number() OVER (PARTITION BY r.task_id ORDER BY r.n),
                   r.data, r.submitted_by, r.submitted_at
            FROM unnest(@RevisionTasks, @RevisionData, @RevisionBy, @RevisionAt) WITH ORDINALITY AS r (task_id, data, submitted_by, submitted_at, n)
            WHERE EXISTS (SELECT 1 FROM moved))
        """;

    private const string Comments = """
        comments AS (
            INSERT INTO field_comments (id, task_id, pointer, author_id, body, created_at, resolved_at)
            SELECT c.* FROM unnest(@CommentIds, @CommentTasks, @CommentPointers, @CommentAuthors, @CommentBodies, @CommentCreatedAt, @CommentResolvedAt) AS c
            WHERE EXISTS (SELECT 1 FROM moved))
        """;

    private const string Timers = """
        timers AS (
            INSERT INTO timers (id, instance_id, task_id, kind, due_at, payload, owner, lease_until, fired_at)
            SELECT t.* FROM unnest(@TimerIds, @TimerInstances, @TimerTasks, @TimerKinds, @TimerDueAt, @TimerPayloads, @TimerOwners, @TimerLeaseUntil, @TimerFiredAt) AS t
            WHERE EXISTS (SELECT 1 FROM moved))
        """;

    private const string Messages = """
        messages AS (
            INSERT INTO outbox (id, idempotency_key, channel, recipient, payload, instance_id, status, attempts, next_attempt_at, created_at)
            SELECT m.* FROM unnest(@MessageIds, @MessageKeys, @MessageChannels, @MessageRecipients, @MessagePayloads, @MessageInstances,
                                   @MessageStatuses, @MessageAttempts, @MessageNextAttemptAt, @MessageCreatedAt) AS m
            WHERE EXISTS (SELECT 1 FROM moved))
        """;

    private const string Journal = """
        journal AS (
            INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
            SELECT e.at, e.actor, e.action, e.entity, e.entity_id, e.before_json, e.after_json
            FROM unnest(@JournalAt, @JournalActors, @JournalActions, @JournalEntities, @JournalEntityIds, @JournalBefore, @JournalAfter)
                 WITH ORDINALITY AS e (at, actor, action, entity, entity_id, before_json, after_json, n)
            WHERE EXISTS (SELECT 1 FROM moved)
            ORDER BY e.n)
        """;

    private const string Marked = """
        marked AS (
            UPDATE idempotency_keys SET status = @MarkStatus
            WHERE person_id = @MarkPerson AND idem_key = @MarkKey AND created_at = @MarkClaimedAt AND status IS NULL
              AND EXISTS (SELECT 1 FROM moved)
            RETURNING 1)
        """;

    // The command's COMMIT travels in the statement's round trip, so the statement itself must fail when the command
    // meets a version check or lost its idempotency key: a failed statement makes the server skip the COMMIT sent
    // behind it and the transaction rolls back, with whatever else the command wrote before. Plain SQL has one error
    // it can raise on a value known only when it runs: a division by zero (a constant one would fail when planned).
    private const string FailUnlessMoved = "WHERE 1 / (SELECT COUNT(*) FROM moved) = 1";
    private const string FailUnlessMovedAndMarked = "WHERE 1 / ((SELECT COUNT(*) FROM moved) * (SELECT COUNT(*) FROM marked)) = 1";

    /// <summary>Which parts a statement has: one bit per part, and one for the COMMIT behind it.</summary>
    [Flags]
    internal enum Parts
    {
        None = 0,
        MovedInstance = 1,
        MovedTasks = 2,
        HeldTasks = 4,
        NewInstances = 8,
        NewTasks = 16,
        Revisions = 32,
        Comments = 64,
        Timers = 128,
        Messages = 256,
        Journal = 512,
        Marked = 1024,
        Commit = 2048,
    }

    /// <summary>The parts <paramref name="write"/> needs.</summary>
    internal static Parts PartsOf(CommandWrite write, bool commit)
    {
        var parts = Parts.None;
        parts |= write.ChangedInstance is null ? Parts.None : Parts.MovedInstance;
        parts |= write.ChangedTasks.Count == 0 ? Parts.None : Parts.MovedTasks;
        parts |= (write.HeldTasks?.Count ?? 0) == 0 ? Parts.None : Parts.HeldTasks;
        parts |= write.NewInstances.Count == 0 ? Parts.None : Parts.NewInstances;
        parts |= write.NewTasks.Count == 0 ? Parts.None : Parts.NewTasks;
        parts |= write.Revisions.Count == 0 ? Parts.None : Parts.Revisions;
        parts |= write.Comments.Count == 0 ? Parts.None : Parts.Comments;
        parts |= write.Timers.Count == 0 ? Parts.None : Parts.Timers;
        parts |= write.Messages.Count == 0 ? Parts.None : Parts.Messages;
        parts |= write.Journal.Count == 0 ? Parts.None : Parts.Journal;
        parts |= write.Mark is null ? Parts.None : Parts.Marked;
        parts |= commit ? Parts.Commit : Parts.None;
        return parts;
    }

    /// <summary>
    /// The PostgreSQL statement of the given parts: the updates, "moved" (their version checks), the inserts guarded
    /// by it, the idempotency key's mark, and what the client reads back; with <see cref="Parts.Commit"/>, failing
    /// unless everything held, and the COMMIT.
    /// </summary>
    /// <remarks>
    /// Put together for each command, not kept: Npgsql finds the statement it prepared on the connection by its text,
    /// whatever string holds it, and a few microseconds of joining are nothing beside the round trip.
    /// </remarks>
    internal static string PostgresStatement(Parts parts)
    {
        bool Has(Parts part) => (parts & part) != 0;
        var ctes = new List<string>();
        var checks = new List<string>();
        if (Has(Parts.MovedInstance))
        {
            ctes.Add(MovedInstance);
            checks.Add(MovedInstanceCheck);
        }

        if (Has(Parts.MovedTasks))
        {
            ctes.Add(MovedTasks);
            checks.Add(MovedTasksCheck);
        }

        if (Has(Parts.HeldTasks))
        {
            ctes.Add(HeldTasks);
            checks.Add(HeldTasksCheck);
        }

        ctes.Add("moved AS (\n    SELECT 1 AS ok" + (checks.Count == 0 ? ")" : "\n    WHERE " + string.Join("\n      AND ", checks) + ")"));
        foreach (var (part, sql) in new[]
        {
            (Parts.NewInstances, NewInstances + ",\n" + InstanceCounts.PostgresPart), (Parts.NewTasks, NewTasks), (Parts.Revisions, Revisions), (Parts.Comments, Comments),
            (Parts.Timers, Timers), (Parts.Messages, Messages), (Parts.Journal, Journal), (Parts.Marked, Marked),
        })
        {
            if (Has(part))
            {
                ctes.Add(sql);
            }
        }

        var changedTasks = string.Join(" UNION ALL ", new[] { (Parts.MovedTasks, "SELECT id FROM moved_tasks"), (Parts.HeldTasks, "SELECT id FROM held_tasks") }
            .Where(p => Has(p.Item1)).Select(p => p.Item2));
        var result = "SELECT " + (Has(Parts.MovedInstance) ? "(SELECT COUNT(*) FROM moved_instance)" : "CAST(0 AS bigint)") + " AS Instances, "
            + (changedTasks.Length == 0 ? "CAST(ARRAY[] AS text[])" : "ARRAY(" + changedTasks + ")") + " AS Tasks, "
            + (Has(Parts.Marked) ? "(SELECT COUNT(*) FROM marked)" : "CAST(0 AS bigint)") + " AS Marked";
        var statement = PlanGeneric + "WITH " + string.Join(",\n", ctes) + "\n" + result;
        return Has(Parts.Commit)
            ? statement + "\n" + (Has(Parts.Marked) ? FailUnlessMovedAndMarked : FailUnlessMoved) + ";\nCOMMIT"
            : statement;
    }

    /// <summary>The rows of a write that the one PostgreSQL statement takes; a bigger one (a launch) is copied in bulk.</summary>
    private const int OneStatement = 1_000;

    /// <summary>
    /// Writes everything of <paramref name="write"/> or nothing. Throws <see cref="ConcurrencyConflictException"/>
    /// when the changed instance or a changed task is no longer at the version the command read, or when the command's
    /// idempotency key was taken over by another request; the caller's transaction then rolls back.
    /// </summary>
    public static async Task WriteAsync(UnitOfWork work, CommandWrite write)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(write);
        if (FitsOneStatement(work, write))
        {
            await InOneStatementAsync(work, write, commit: false);
            return;
        }

        await OneByOneAsync(work, write);
    }

    /// <summary>
    /// Writes everything of <paramref name="write"/> and commits <paramref name="work"/>, or writes nothing; throws
    /// <see cref="ConcurrencyConflictException"/> as <see cref="WriteAsync"/> does, and then nothing the unit of work
    /// wrote stays. On PostgreSQL the COMMIT goes in the round trip of the statement that writes: a command's writes and
    /// its commit cost one round trip.
    /// </summary>
    public static async Task WriteAndCommitAsync(UnitOfWork work, CommandWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(write);
        if (FitsOneStatement(work, write))
        {
            await InOneStatementAsync(work, write, commit: true);
            return;
        }

        await WriteAsync(work, write);
        await work.CommitAsync(cancellationToken);
    }

    private static bool FitsOneStatement(UnitOfWork work, CommandWrite write) =>
        work.Dialect == StorageDialect.PostgreSql && write.Rows <= OneStatement;

    private static async Task OneByOneAsync(UnitOfWork work, CommandWrite write)
    {
        if (write.ChangedInstance is { } instance)
        {
            await InstanceStore.UpdateAsync(work, instance);
        }

        foreach (var task in write.ChangedTasks)
        {
            await TaskStore.UpdateAsync(work, task);
        }

        foreach (var task in write.HeldTasks ?? [])
        {
            await TaskStore.HoldAsync(work, task);
        }

        await InstanceStore.InsertManyAsync(work, write.NewInstances);
        await InstanceCounts.AddAsync(work, write.NewInstances);
        await TaskStore.InsertManyAsync(work, write.NewTasks);
        foreach (var revision in write.Revisions)
        {
            await TaskStore.AddRevisionAsync(work, revision.TaskId, revision.Data, revision.SubmittedBy, revision.SubmittedAt);
        }

        foreach (var comment in write.Comments)
        {
            await FieldCommentStore.AddAsync(work, comment);
        }

        await TimerStore.InsertManyAsync(work, write.Timers);
        await OutboxStore.EnqueueAsync(work, write.Messages);
        await AuditLog.AppendManyAsync(work, write.Journal);
        if (write.Mark is { } mark)
        {
            await IdempotencyKeys.MarkCommittedAsync(work, mark);
        }
    }

    private static async Task InOneStatementAsync(UnitOfWork work, CommandWrite write, bool commit)
    {
        var instance = write.ChangedInstance;
        var tasks = write.ChangedTasks.ToArray();
        var held = write.HeldTasks?.ToArray() ?? [];
        (long Instances, string[] Tasks, long Marked) moved;
        try
        {
            moved = await work.Connection.QuerySingleAsync<(long Instances, string[] Tasks, long Marked)>(
                PostgresStatement(PartsOf(write, commit)),
                new
                {
                    InstanceId = instance?.Id,
                    InstanceVersion = instance?.Version,
                    InstanceStatus = instance?.Status,
                    InstanceState = instance?.State,
                    InstanceUpdatedAt = instance?.UpdatedAt,
                    TaskIds = tasks.Select(t => t.Id).ToArray(),
                    TaskVersions = tasks.Select(t => t.Version).ToArray(),
                    TaskAssignees = tasks.Select(t => t.AssigneeId).ToArray(),
                    TaskDueAt = tasks.Select(t => t.DueAt).ToArray(),
                    TaskStatuses = tasks.Select(t => t.Status).ToArray(),
                    TaskData = tasks.Select(t => t.Data).ToArray(),
                    TaskCompletedAt = tasks.Select(t => t.CompletedAt).ToArray(),
                    HeldIds = held.Select(t => t.Id).ToArray(),
                    HeldVersions = held.Select(t => t.Version).ToArray(),
                    NewInstanceIds = write.NewInstances.Select(i => i.Id).ToArray(),
                    NewInstanceCycles = write.NewInstances.Select(i => i.CycleId).ToArray(),
                    NewInstanceProcesses = write.NewInstances.Select(i => i.ProcessKey).ToArray(),
                    NewInstanceProcessVersions = write.NewInstances.Select(i => i.ProcessVersion).ToArray(),
                    NewInstanceSubjects = write.NewInstances.Select(i => i.SubjectId).ToArray(),
                    NewInstanceStatuses = write.NewInstances.Select(i => i.Status).ToArray(),
                    NewInstanceStates = write.NewInstances.Select(i => i.State).ToArray(),
                    NewInstanceVersions = write.NewInstances.Select(i => i.Version).ToArray(),
                    NewInstanceCreatedAt = write.NewInstances.Select(i => i.CreatedAt).ToArray(),
                    NewInstanceUpdatedAt = write.NewInstances.Select(i => i.UpdatedAt).ToArray(),
                    NewTaskIds = write.NewTasks.Select(t => t.Id).ToArray(),
                    NewTaskInstances = write.NewTasks.Select(t => t.InstanceId).ToArray(),
                    NewTaskSteps = write.NewTasks.Select(t => t.Step).ToArray(),
                    NewTaskAssignees = write.NewTasks.Select(t => t.AssigneeId).ToArray(),
                    NewTaskDueAt = write.NewTasks.Select(t => t.DueAt).ToArray(),
                    NewTaskStatuses = write.NewTasks.Select(t => t.Status).ToArray(),
                    NewTaskData = write.NewTasks.Select(t => t.Data).ToArray(),
                    NewTaskVersions = write.NewTasks.Select(t => t.Version).ToArray(),
                    NewTaskCreatedAt = write.NewTasks.Select(t => t.CreatedAt).ToArray(),
                    NewTaskCompletedAt = write.NewTasks.Select(t => t.CompletedAt).ToArray(),
                    RevisionTasks = write.Revisions.Select(r => r.TaskId).ToArray(),
                    RevisionData = write.Revisions.Select(r => r.Data).ToArray(),
                    RevisionBy = write.Revisions.Select(r => r.SubmittedBy).ToArray(),
                    RevisionAt = write.Revisions.Select(r => r.SubmittedAt).ToArray(),
                    CommentIds = write.Comments.Select(c => c.Id).ToArray(),
                    CommentTasks = write.Comments.Select(c => c.TaskId).ToArray(),
                    CommentPointers = write.Comments.Select(c => c.Pointer).ToArray(),
                    CommentAuthors = write.Comments.Select(c => c.AuthorId).ToArray(),
                    CommentBodies = write.Comments.Select(c => c.Body).ToArray(),
                    CommentCreatedAt = write.Comments.Select(c => c.CreatedAt).ToArray(),
                    CommentResolvedAt = write.Comments.Select(c => c.ResolvedAt).ToArray(),
                    TimerIds = write.Timers.Select(t => t.Id).ToArray(),
                    TimerInstances = write.Timers.Select(t => t.InstanceId).ToArray(),
                    TimerTasks = write.Timers.Select(t => t.TaskId).ToArray(),
                    TimerKinds = write.Timers.Select(t => t.Kind).ToArray(),
                    TimerDueAt = write.Timers.Select(t => t.DueAt).ToArray(),
                    TimerPayloads = write.Timers.Select(t => t.Payload).ToArray(),
                    TimerOwners = write.Timers.Select(t => t.Owner).ToArray(),
                    TimerLeaseUntil = write.Timers.Select(t => t.LeaseUntil).ToArray(),
                    TimerFiredAt = write.Timers.Select(t => t.FiredAt).ToArray(),
                    MessageIds = write.Messages.Select(m => m.Id).ToArray(),
                    MessageKeys = write.Messages.Select(m => m.IdempotencyKey).ToArray(),
                    MessageChannels = write.Messages.Select(m => m.Channel).ToArray(),
                    MessageRecipients = write.Messages.Select(m => m.Recipient).ToArray(),
                    MessagePayloads = write.Messages.Select(m => m.Payload).ToArray(),
                    MessageInstances = write.Messages.Select(m => m.InstanceId).ToArray(),
                    MessageStatuses = write.Messages.Select(m => m.Status).ToArray(),
                    MessageAttempts = write.Messages.Select(m => m.Attempts).ToArray(),
                    MessageNextAttemptAt = write.Messages.Select(m => m.NextAttemptAt).ToArray(),
                    MessageCreatedAt = write.Messages.Select(m => m.CreatedAt).ToArray(),
                    JournalAt = write.Journal.Select(e => e.At).ToArray(),
                    JournalActors = write.Journal.Select(e => e.Actor).ToArray(),
                    JournalActions = write.Journal.Select(e => e.Action).ToArray(),
                    JournalEntities = write.Journal.Select(e => e.Entity).ToArray(),
                    JournalEntityIds = write.Journal.Select(e => e.EntityId).ToArray(),
                    JournalBefore = write.Journal.Select(e => e.BeforeJson).ToArray(),
                    JournalAfter = write.Journal.Select(e => e.AfterJson).ToArray(),
                    MarkPerson = write.Mark?.PersonId,
                    MarkKey = write.Mark?.Key,
                    MarkClaimedAt = write.Mark?.ClaimedAt,
                    MarkStatus = write.Mark?.Status,
                },
                work.Transaction);
        }
        catch (PostgresException error) when (commit && error.SqlState == PostgresErrorCodes.DivisionByZero)
        {
            // The statement's own check (above): which row moved on is not known, only that one did.
            throw new ConcurrencyConflictException("command", instance?.Id ?? tasks.Concat(held).FirstOrDefault()?.Id ?? write.Mark?.Key ?? string.Empty);
        }

        if (commit)
        {
            work.CommittedByItsLastStatement();
            return;
        }

        if (instance is not null && moved.Instances == 0)
        {
            throw new ConcurrencyConflictException("process instance", instance.Id, instance.Version);
        }

        if (tasks.Concat(held).FirstOrDefault(t => !moved.Tasks.Contains(t.Id)) is { } stale)
        {
            throw new ConcurrencyConflictException("task", stale.Id, stale.Version);
        }

        if (write.Mark is { } claim && moved.Marked == 0)
        {
            throw new ConcurrencyConflictException("idempotency key", claim.Key);
        }
    }
}
