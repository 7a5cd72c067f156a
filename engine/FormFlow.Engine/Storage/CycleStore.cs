using Dapper;

namespace FormFlow.Storage;

/// <summary>A review cycle: one process launched for a population, open between its start and end.</summary>
internal sealed record CycleRow
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ProcessKey { get; init; }

    public int ProcessVersion { get; init; }

    public long StartsAt { get; init; }

    public long EndsAt { get; init; }

    public string Status { get; init; } = CycleStatus.Open;

    public long CreatedAt { get; init; }
}

/// <summary>
/// Open: people may be launched into the cycle. Closed: nobody new, the instances run on. Cancelled: every
/// instance was cancelled with the cycle.
/// </summary>
internal static class CycleStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";
}

/// <summary>An open task of a cycle and the instance it belongs to, as a cycle-wide notice needs them.</summary>
internal sealed record OpenCycleTask
{
    public required string TaskId { get; init; }

    public required string Step { get; init; }

    public required string AssigneeId { get; init; }

    public long? DueAt { get; init; }

    public required string InstanceId { get; init; }

    public required string ProcessKey { get; init; }

    public int ProcessVersion { get; init; }

    public required string SubjectId { get; init; }
}

/// <summary>A person a cycle was launched for, and the instance it started for them.</summary>
internal sealed record CycleMember(string CycleId, string PersonId, string InstanceId, long LaunchedAt);

/// <summary>
/// Cycles, their members, and the cycle-wide changes (moving every open deadline, cancelling every instance),
/// each one statement for the whole cycle however many people it holds. The SQL is the same in every dialect.
/// </summary>
internal static class CycleStore
{
    internal const string Select = """
        SELECT id AS Id, name AS Name, process_key AS ProcessKey, process_version AS ProcessVersion, starts_at AS StartsAt,
               ends_at AS EndsAt, status AS Status, created_at AS CreatedAt
        FROM cycles
        """;

    private static readonly BulkColumn<CycleMember>[] MemberColumns =
    [
        new("cycle_id", ColumnKind.Text, m => m.CycleId),
        new("person_id", ColumnKind.Text, m => m.PersonId),
        new("instance_id", ColumnKind.Text, m => m.InstanceId),
        new("launched_at", ColumnKind.BigInteger, m => m.LaunchedAt),
    ];

    public static Task InsertAsync(UnitOfWork work, CycleRow cycle) => work.Connection.ExecuteAsync(
        """
        INSERT INTO cycles (id, name, process_key, process_version, starts_at, ends_at, status, created_at)
        VALUES (@Id, @Name, @ProcessKey, @ProcessVersion, @StartsAt, @EndsAt, @Status, @CreatedAt)
        """,
        cycle,
        work.Transaction);

    public static Task<CycleRow?> FindAsync(UnitOfWork work, string id) => work.Connection.QuerySingleOrDefaultAsync<CycleRow>(
        $"{Select} WHERE id = @Id",
        new { Id = id },
        work.Transaction);

    /// <summary>
    /// Holds the cycle's row until the transaction ends and says whether the cycle is still open. Writing the row
    /// (to the value it has) is the one way to lock it that every dialect spells alike; a launch holding it cannot
    /// race a close or a cancel into a cycle that no longer takes anyone.
    /// </summary>
    public static async Task<bool> HoldOpenAsync(UnitOfWork work, string id) => await work.Connection.ExecuteAsync(
        "UPDATE cycles SET status = status WHERE id = @Id AND status = @Open",
        new { Id = id, CycleStatus.Open },
        work.Transaction) == 1;

    /// <summary>Closes an open cycle; false when it was not open.</summary>
    public static async Task<bool> CloseAsync(UnitOfWork work, string id) => await work.Connection.ExecuteAsync(
        "UPDATE cycles SET status = @Closed WHERE id = @Id AND status = @Open",
        new { Id = id, CycleStatus.Closed, CycleStatus.Open },
        work.Transaction) == 1;

    /// <summary>Marks an open or closed cycle cancelled; false when it was cancelled already.</summary>
    public static async Task<bool> CancelAsync(UnitOfWork work, string id) => await work.Connection.ExecuteAsync(
        "UPDATE cycles SET status = @Cancelled WHERE id = @Id AND status <> @Cancelled",
        new { Id = id, CycleStatus.Cancelled },
        work.Transaction) == 1;

    /// <summary>
    /// Moves the cycle's end, if it is still at <paramref name="from"/> (optimistic: someone else may have moved it),
    /// and forgets that its "closing soon" notices went out: they go out again before the new end.
    /// </summary>
    public static async Task<bool> MoveEndAsync(UnitOfWork work, string id, long from, long to) => await work.Connection.ExecuteAsync(
        "UPDATE cycles SET ends_at = @To, closing_notice_at = NULL WHERE id = @Id AND ends_at = @From AND status <> @Cancelled",
        new { Id = id, From = from, To = to, CycleStatus.Cancelled },
        work.Transaction) == 1;

    /// <summary>Open cycles ending after <paramref name="now"/> and by <paramref name="until"/> whose "closing soon" notices are not yet queued.</summary>
    public static async Task<IReadOnlyList<CycleRow>> DueForClosingNoticeAsync(UnitOfWork work, long now, long until) =>
        [.. await work.Connection.QueryAsync<CycleRow>(
            $"{Select} WHERE status = @Open AND closing_notice_at IS NULL AND ends_at > @Now AND ends_at <= @Until ORDER BY ends_at, id",
            new { CycleStatus.Open, Now = now, Until = until },
            work.Transaction)];

    /// <summary>Marks the cycle's "closing soon" notices queued; false when another node (or an earlier run) did.</summary>
    public static async Task<bool> ClaimClosingNoticeAsync(UnitOfWork work, string id, long now) => await work.Connection.ExecuteAsync(
        "UPDATE cycles SET closing_notice_at = @Now WHERE id = @Id AND closing_notice_at IS NULL AND status = @Open",
        new { Id = id, Now = now, CycleStatus.Open },
        work.Transaction) == 1;

    /// <summary>
    /// The open tasks of the cycle's running instances with what a notice names of their instance, the soonest due
    /// first (a task without a due time last).
    /// </summary>
    public static async Task<IReadOnlyList<OpenCycleTask>> OpenTasksAsync(UnitOfWork work, string cycleId) =>
        [.. await work.Connection.QueryAsync<OpenCycleTask>(
            """
            SELECT t.id AS TaskId, t.step AS Step, t.assignee_id AS AssigneeId, t.due_at AS DueAt,
                   i.id AS InstanceId, i.process_key AS ProcessKey, i.process_version AS ProcessVersion, i.subject_id AS SubjectId
            FROM tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE i.cycle_id = @CycleId AND i.status = @Running AND t.status = @Open
            ORDER BY CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.id
            """,
            new { CycleId = cycleId, Running = "running", Open = "open" },
            work.Transaction)];

    /// <summary>The people a cycle was launched for.</summary>
    public static async Task<HashSet<string>> MembersAsync(UnitOfWork work, string cycleId) =>
        [.. await work.Connection.QueryAsync<string>(
            "SELECT person_id FROM cycle_members WHERE cycle_id = @CycleId",
            new { CycleId = cycleId },
            work.Transaction)];

    /// <summary>Records the people a launch started (after their instances are written: the rows name them).</summary>
    public static Task AddMembersAsync(UnitOfWork work, IReadOnlyList<CycleMember> members, CancellationToken cancellationToken = default) =>
        BulkInsert.WriteAsync(work, "cycle_members", MemberColumns, members, cancellationToken);

    /// <summary>
    /// Lets PostgreSQL's planner see what a large launch wrote. Until autovacuum gathers statistics (up to a minute
    /// later) it plans the cycle-wide statements as for nearly empty tables, and its nested loops over 100,000 tasks
    /// ran past the command timeout. SQLite plans by its indexes, and SQL Server updates statistics by itself when
    /// it compiles a query over a table that changed this much. The instances' order is vacuumed too: a deep page of
    /// the team's instances is found along its index (instance_order, migration 0024), and until autovacuum marked the
    /// new rows visible that walk read the table for each row it passed (14 ms for a page 34,000 rows down, 4–5 ms after).
    /// </summary>
    public static async Task RefreshStatisticsAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect != StorageDialect.PostgreSql)
        {
            return;
        }

        // Side by side, each on a connection of its own: the launch answers once all three are done.
        await Task.WhenAll(
            Vacuum.UntilMarkedAsync(database, "VACUUM (ANALYZE) instance_order", "instance_order", cancellationToken),
            AnalyseAsync("ANALYZE process_instances, cycle_members"),
            AnalyseAsync("ANALYZE tasks, timers, audit_log"));

        async Task AnalyseAsync(string analyse)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(analyse, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Moves the due date of every open task of the cycle's running instances by <paramref name="shift"/> ms. The
    /// version goes up, so that a person submitting the task at this moment conflicts instead of writing the old date back.
    /// </summary>
    /// <summary>
    /// Moves the version of the cycle's running instances on: a command that read the cycle before an extension
    /// then conflicts instead of writing a due time counted from the old end.
    /// </summary>
    public static Task<int> TouchRunningInstancesAsync(UnitOfWork work, string cycleId) => work.Connection.ExecuteAsync(
        "UPDATE process_instances SET version = version + 1 WHERE cycle_id = @CycleId AND status = 'running'",
        new { CycleId = cycleId },
        work.Transaction);

    public static Task<int> ShiftOpenTasksAsync(UnitOfWork work, string cycleId, long shift) => work.Connection.ExecuteAsync(
        """
        UPDATE tasks SET due_at = due_at + @Shift, version = version + 1
        WHERE status = @Open AND due_at IS NOT NULL
          AND instance_id IN (SELECT id FROM process_instances WHERE cycle_id = @CycleId AND status = @Running)
        """,
        new { CycleId = cycleId, Shift = shift, Open = "open", Running = "running" },
        work.Transaction);

    /// <summary>
    /// Moves the timers not yet fired of those same tasks (their reminders and escalations) by <paramref name="shift"/>
    /// ms, and drops their claims: a node about to fire one at its old time loses it and writes nothing.
    /// </summary>
    public static Task<int> ShiftTimersOfOpenTasksAsync(UnitOfWork work, string cycleId, long shift) => work.Connection.ExecuteAsync(
        """
        UPDATE timers SET due_at = due_at + @Shift, owner = NULL, lease_until = NULL
        WHERE fired_at IS NULL AND task_id IN (
            SELECT t.id FROM tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE i.cycle_id = @CycleId AND i.status = @Running AND t.status = @Open AND t.due_at IS NOT NULL)
        """,
        new { CycleId = cycleId, Shift = shift, Open = "open", Running = "running" },
        work.Transaction);

    /// <summary>Cancels every running instance of the cycle; returns how many.</summary>
    public static Task<int> CancelRunningInstancesAsync(UnitOfWork work, string cycleId, long now) => work.Connection.ExecuteAsync(
        """
        UPDATE process_instances SET status = @Cancelled, updated_at = @Now, version = version + 1
        WHERE cycle_id = @CycleId AND status = @Running
        """,
        new { CycleId = cycleId, Now = now, Cancelled = "cancelled", Running = "running" },
        work.Transaction);

    /// <summary>
    /// Cancels the open tasks of the cycle's cancelled instances. Run after <see cref="CancelRunningInstancesAsync"/>: a
    /// task another command opened just before the instances were cancelled is found too.
    /// </summary>
    public static Task<int> CancelOpenTasksAsync(UnitOfWork work, string cycleId, long now) => work.Connection.ExecuteAsync(
        """
        UPDATE tasks SET status = @Cancelled, completed_at = @Now, version = version + 1
        WHERE status = @Open
          AND instance_id IN (SELECT id FROM process_instances WHERE cycle_id = @CycleId AND status = @Cancelled)
        """,
        new { CycleId = cycleId, Now = now, Cancelled = "cancelled", Open = "open" },
        work.Transaction);

    /// <summary>
    /// Journals "instance.cancelled" for each cancelled instance of the cycle that the journal does not yet record as
    /// cancelled: those the cycle's cancellation just cancelled, however many, in one statement.
    /// </summary>
    public static Task<int> JournalCancelledInstancesAsync(UnitOfWork work, string cycleId, long now, string actor, string after) => work.Connection.ExecuteAsync(
        """
        INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
        SELECT @Now, @Actor, @Action, @Entity, i.id, NULL, @After
        FROM process_instances i
        WHERE i.cycle_id = @CycleId AND i.status = @Cancelled
          AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = @Entity AND a.entity_id = i.id AND a.action = @Action)
        """,
        new { CycleId = cycleId, Now = now, Actor = actor, After = after, Action = "instance.cancelled", Entity = "instance", Cancelled = "cancelled" },
        work.Transaction);
}
