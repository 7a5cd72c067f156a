using Dapper;

namespace FormFlow.Storage;

/// <summary>A durable timer: a reminder, an escalation, a wait or a recurrence that fires at <see cref="DueAt"/>.</summary>
internal sealed record TimerRow
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public string? TaskId { get; init; }

    public required string Kind { get; init; }

    public long DueAt { get; init; }

    public required string Payload { get; init; }

    public string? Owner { get; init; }

    public long? LeaseUntil { get; init; }

    public long? FiredAt { get; init; }
}

/// <summary>
/// Durable timers, claimed by the nodes that fire them. A claim is a lease: the claiming node owns the timer
/// until <c>lease_until</c>, renewed while it fires the batch (<see cref="LeaseHeartbeat"/>); if it crashes, the timer is
/// due again once the lease has run out. Two nodes never
/// hold the same timer: PostgreSQL skips rows another transaction has locked (FOR UPDATE SKIP LOCKED), SQL
/// Server reads past them (UPDLOCK, READPAST), and SQLite has a single writer.
/// </summary>
internal static class TimerStore
{
    private const string Returned = """
        id AS Id, instance_id AS InstanceId, task_id AS TaskId, kind AS Kind, due_at AS DueAt, payload AS Payload,
        owner AS Owner, lease_until AS LeaseUntil, fired_at AS FiredAt
        """;

    private const string ClaimSqlite = $"""
        UPDATE timers SET owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM timers
            WHERE fired_at IS NULL AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY due_at
            LIMIT @Limit)
        RETURNING {Returned}
        """;

    private const string ClaimPostgres = $"""
        UPDATE timers SET owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM timers
            WHERE fired_at IS NULL AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY due_at
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED)
        RETURNING {Returned}
        """;

    private const string ClaimSqlServer = """
        WITH due AS (
            SELECT TOP (@Limit) * FROM timers WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE fired_at IS NULL AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY due_at)
        UPDATE due SET owner = @Owner, lease_until = @LeaseUntil
        OUTPUT inserted.id AS Id, inserted.instance_id AS InstanceId, inserted.task_id AS TaskId, inserted.kind AS Kind,
               inserted.due_at AS DueAt, inserted.payload AS Payload, inserted.owner AS Owner,
               inserted.lease_until AS LeaseUntil, inserted.fired_at AS FiredAt
        """;

    internal static readonly LeaseSql Claim = new(ClaimSqlite, ClaimPostgres, ClaimSqlServer);

    // The heartbeat of a batch being fired (LeaseHeartbeat): the rows still this node's and not fired get a new lease.
    // PostgreSQL and SQL Server skip a row a writer holds rather than wait for it, as the claim does.
    private const string RenewSqlite = """
        UPDATE timers SET lease_until = @LeaseUntil
        WHERE id IN (SELECT value FROM json_each(@Ids)) AND owner = @Owner AND fired_at IS NULL AND lease_until IS NOT NULL
        RETURNING id
        """;

    private const string RenewPostgres = """
        UPDATE timers SET lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM timers
            WHERE id IN (SELECT jsonb_array_elements_text(CAST(@Ids AS jsonb))) AND owner = @Owner AND fired_at IS NULL AND lease_until IS NOT NULL
            FOR UPDATE SKIP LOCKED)
        RETURNING id
        """;

    private const string RenewSqlServer = """
        UPDATE timers WITH (READPAST, ROWLOCK) SET lease_until = @LeaseUntil
        OUTPUT inserted.id
        WHERE id IN (SELECT value FROM OPENJSON(@Ids)) AND owner = @Owner AND fired_at IS NULL AND lease_until IS NOT NULL
        """;

    internal static readonly LeaseSql Renew = new(RenewSqlite, RenewPostgres, RenewSqlServer);

    private static readonly BulkColumn<TimerRow>[] BulkColumns =
    [
        new("id", ColumnKind.Text, t => t.Id),
        new("instance_id", ColumnKind.Text, t => t.InstanceId),
        new("task_id", ColumnKind.Text, t => t.TaskId),
        new("kind", ColumnKind.Text, t => t.Kind),
        new("due_at", ColumnKind.BigInteger, t => t.DueAt),
        new("payload", ColumnKind.Text, t => t.Payload),
        new("owner", ColumnKind.Text, t => t.Owner),
        new("lease_until", ColumnKind.BigInteger, t => t.LeaseUntil),
        new("fired_at", ColumnKind.BigInteger, t => t.FiredAt),
    ];

    /// <summary>Writes many timers in one go (see <see cref="BulkInsert"/>).</summary>
    public static Task InsertManyAsync(UnitOfWork work, IEnumerable<TimerRow> timers, CancellationToken cancellationToken = default) =>
        BulkInsert.WriteAsync(work, "timers", BulkColumns, timers, cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due timers for <paramref name="owner"/> until <paramref name="now"/> + <paramref name="lease"/>:
    /// timers that are due, not fired, and not held by a lease that is still running.
    /// </summary>
    public static Task<IReadOnlyList<TimerRow>> ClaimDueAsync(UnitOfWork work, string owner, long now, TimeSpan lease, int limit) =>
        LeasedClaim.ClaimAsync<TimerRow>(work, Claim, owner, now, lease, limit);

    /// <summary>
    /// Renews <paramref name="owner"/>'s lease on those of <paramref name="ids"/> it still holds and has not fired, until
    /// <paramref name="now"/> + <paramref name="lease"/>; returns the ids renewed.
    /// </summary>
    public static Task<IReadOnlyList<string>> RenewAsync(UnitOfWork work, string owner, IReadOnlyCollection<string> ids, long now, TimeSpan lease) =>
        LeasedClaim.RenewAsync(work, Renew, owner, ids, now, lease);

    /// <summary>The timers of an instance that have not fired, soonest first.</summary>
    public static async Task<IReadOnlyList<TimerRow>> UnfiredForAsync(UnitOfWork work, string instanceId) => [.. await work.Connection.QueryAsync<TimerRow>(
        $"SELECT {Returned} FROM timers WHERE instance_id = @InstanceId AND fired_at IS NULL ORDER BY due_at, id",
        new { InstanceId = instanceId },
        work.Transaction)];

    /// <summary>
    /// Marks a claimed timer fired. Throws <see cref="ConcurrencyConflictException"/> when <paramref name="owner"/> no
    /// longer holds it (its lease ran out and another node claimed it), so the caller's transaction rolls back.
    /// </summary>
    public static async Task MarkFiredAsync(UnitOfWork work, string id, string owner, long now)
    {
        ArgumentNullException.ThrowIfNull(work);
        var changed = await work.Connection.ExecuteAsync(
            "UPDATE timers SET fired_at = @Now, lease_until = NULL WHERE id = @Id AND owner = @Owner AND fired_at IS NULL",
            new { Id = id, Owner = owner, Now = now },
            work.Transaction);
        if (changed == 0)
        {
            throw new ConcurrencyConflictException("timer", id, 0);
        }
    }

    /// <summary>
    /// Marks claimed timers fired in one statement, all or none: throws <see cref="ConcurrencyConflictException"/> when
    /// <paramref name="owner"/> no longer holds one of them, so the caller's transaction rolls back.
    /// </summary>
    public static async Task MarkManyFiredAsync(UnitOfWork work, IReadOnlyCollection<string> ids, string owner, long now)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(ids);
        var changed = await work.Connection.ExecuteAsync(
            $"UPDATE timers SET fired_at = @Now, lease_until = NULL WHERE id IN ({JsonIds.Select(work.Dialect)}) AND owner = @Owner AND fired_at IS NULL",
            new { Ids = JsonIds.Of(ids), Owner = owner, Now = now },
            work.Transaction);
        if (changed != ids.Count)
        {
            throw new ConcurrencyConflictException("timer", string.Join(",", ids), 0);
        }
    }
}
