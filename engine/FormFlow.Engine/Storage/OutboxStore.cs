using Dapper;

namespace FormFlow.Storage;

/// <summary>A message waiting to leave FormFlow (a mail, a webhook call), written in the same transaction as the change that caused it.</summary>
internal sealed record OutboxMessage
{
    public required string Id { get; init; }

    /// <summary>Delivered at most once per key: a command retried after a crash cannot queue the same message twice.</summary>
    public required string IdempotencyKey { get; init; }

    public required string Channel { get; init; }

    public required string Recipient { get; init; }

    public required string Payload { get; init; }

    /// <summary>The instance the message is about (its notices are read by it); null for none.</summary>
    public string? InstanceId { get; init; }

    /// <summary><see cref="Channel"/> once delivered: how it went out ("mail", "wecom", …), never an address.</summary>
    public IReadOnlyList<string> Channels => Status is OutboxStatus.Sent or OutboxStatus.Held
        ? Channel.Split(',', StringSplitOptions.RemoveEmptyEntries)
        : [];

    public string Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public long NextAttemptAt { get; init; }

    public string? Owner { get; init; }

    public long? LeaseUntil { get; init; }

    public long? SentAt { get; init; }

    public string? LastError { get; init; }

    public long CreatedAt { get; init; }
}

internal static class OutboxStatus
{
    public const string Pending = "pending";

    /// <summary>Not a stored status: how a pending message that has failed at least once is shown (it waits for its next attempt).</summary>
    public const string Retrying = "retrying";

    /// <summary>Waiting for its recipient's daily digest; never claimed one by one.</summary>
    public const string Held = "held";
    public const string Sent = "sent";
    public const string Dead = "dead";

    /// <summary>The statuses people see, in the order a message passes them (<see cref="Shown"/>).</summary>
    public static readonly IReadOnlyList<string> Visible = [Pending, Retrying, Held, Sent, Dead];

    /// <summary>A message's status as people see it: pending split into pending (not tried yet) and retrying.</summary>
    public static string Shown(OutboxMessage message) =>
        message.Status == Pending && message.Attempts > 0 ? Retrying : message.Status;
}

/// <summary>
/// The notification outbox. Dispatchers claim pending messages with a lease, exactly like timers
/// (<see cref="TimerStore"/>), then mark each sent, or failed with the time of the next attempt, or dead.
/// </summary>
internal static class OutboxStore
{
    private const string Returned = """
        id AS Id, idempotency_key AS IdempotencyKey, channel AS Channel, recipient AS Recipient, payload AS Payload,
        status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt, owner AS Owner, lease_until AS LeaseUntil,
        sent_at AS SentAt, last_error AS LastError, created_at AS CreatedAt, instance_id AS InstanceId
        """;

    private const string ClaimSqlite = $"""
        UPDATE outbox SET owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM outbox
            WHERE status = 'pending' AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY next_attempt_at
            LIMIT @Limit)
        RETURNING {Returned}
        """;

    private const string ClaimPostgres = $"""
        UPDATE outbox SET owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM outbox
            WHERE status = 'pending' AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY next_attempt_at
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED)
        RETURNING {Returned}
        """;

    private const string ClaimSqlServer = """
        WITH due AS (
            SELECT TOP (@Limit) * FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE status = N'pending' AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY next_attempt_at)
        UPDATE due SET owner = @Owner, lease_until = @LeaseUntil
        OUTPUT inserted.id AS Id, inserted.idempotency_key AS IdempotencyKey, inserted.channel AS Channel,
               inserted.recipient AS Recipient, inserted.payload AS Payload, inserted.status AS Status,
               inserted.attempts AS Attempts, inserted.next_attempt_at AS NextAttemptAt, inserted.owner AS Owner,
               inserted.lease_until AS LeaseUntil, inserted.sent_at AS SentAt, inserted.last_error AS LastError,
               inserted.created_at AS CreatedAt, inserted.instance_id AS InstanceId
        """;

    internal static readonly LeaseSql Claim = new(ClaimSqlite, ClaimPostgres, ClaimSqlServer);

    // The heartbeat of a batch being delivered (LeaseHeartbeat): the rows still this node's and pending get a new lease.
    // PostgreSQL and SQL Server skip a row a writer holds rather than wait for it, as the claim does.
    private const string RenewSqlite = """
        UPDATE outbox SET lease_until = @LeaseUntil
        WHERE id IN (SELECT value FROM json_each(@Ids)) AND owner = @Owner AND status = 'pending' AND lease_until IS NOT NULL
        RETURNING id
        """;

    private const string RenewPostgres = """
        UPDATE outbox SET lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM outbox
            WHERE id IN (SELECT jsonb_array_elements_text(CAST(@Ids AS jsonb))) AND owner = @Owner AND status = 'pending' AND lease_until IS NOT NULL
            FOR UPDATE SKIP LOCKED)
        RETURNING id
        """;

    private const string RenewSqlServer = """
        UPDATE outbox WITH (READPAST, ROWLOCK) SET lease_until = @LeaseUntil
        OUTPUT inserted.id
        WHERE id IN (SELECT value FROM OPENJSON(@Ids)) AND owner = @Owner AND status = N'pending' AND lease_until IS NOT NULL
        """;

    internal static readonly LeaseSql Renew = new(RenewSqlite, RenewPostgres, RenewSqlServer);

    private static readonly BulkColumn<OutboxMessage>[] BulkColumns =
    [
        new("id", ColumnKind.Text, m => m.Id),
        new("idempotency_key", ColumnKind.Text, m => m.IdempotencyKey),
        new("channel", ColumnKind.Text, m => m.Channel),
        new("recipient", ColumnKind.Text, m => m.Recipient),
        new("payload", ColumnKind.Text, m => m.Payload),
        new("instance_id", ColumnKind.Text, m => m.InstanceId),
        new("status", ColumnKind.Text, m => m.Status),
        new("attempts", ColumnKind.Integer, m => m.Attempts),
        new("next_attempt_at", ColumnKind.BigInteger, m => m.NextAttemptAt),
        new("created_at", ColumnKind.BigInteger, m => m.CreatedAt),
    ];

    /// <summary>Queues messages; a key queued before is a duplicate and makes the whole unit of work fail.</summary>
    public static Task EnqueueAsync(UnitOfWork work, IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken = default) =>
        BulkInsert.WriteAsync(work, "outbox", BulkColumns, messages, cancellationToken);

    public static Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(UnitOfWork work, string owner, long now, TimeSpan lease, int limit) =>
        LeasedClaim.ClaimAsync<OutboxMessage>(work, Claim, owner, now, lease, limit);

    /// <summary>
    /// Renews <paramref name="owner"/>'s lease on those of <paramref name="ids"/> it still holds and that are still pending,
    /// until <paramref name="now"/> + <paramref name="lease"/>; returns the ids renewed.
    /// </summary>
    public static Task<IReadOnlyList<string>> RenewAsync(UnitOfWork work, string owner, IReadOnlyCollection<string> ids, long now, TimeSpan lease) =>
        LeasedClaim.RenewAsync(work, Renew, owner, ids, now, lease);

    /// <summary>Marks a claimed message sent by <paramref name="channels"/> (<see cref="OutboxMessage.Channels"/>).</summary>
    public static Task MarkSentAsync(UnitOfWork work, string id, string owner, long now, IReadOnlyList<string> channels) =>
        Finish(work, id, owner, "UPDATE outbox SET status = 'sent', sent_at = @Now, attempts = attempts + 1, lease_until = NULL, channel = @Channels WHERE id = @Id AND owner = @Owner AND status = 'pending'", new { Id = id, Owner = owner, Now = now, Channels = string.Join(',', channels) });

    /// <summary>Records a failed attempt: tried again at <paramref name="nextAttemptAt"/>, or dead when <paramref name="dead"/>.</summary>
    public static Task MarkFailedAsync(UnitOfWork work, string id, string owner, string error, long nextAttemptAt, bool dead) =>
        Finish(
            work,
            id,
            owner,
            """
            UPDATE outbox SET status = @Status, attempts = attempts + 1, last_error = @Error, next_attempt_at = @NextAttemptAt, lease_until = NULL
            WHERE id = @Id AND owner = @Owner AND status = 'pending'
            """,
            new { Id = id, Owner = owner, Error = error, NextAttemptAt = nextAttemptAt, Status = dead ? OutboxStatus.Dead : OutboxStatus.Pending });

    /// <summary>Keeps a claimed message for its recipient's digest: not an attempt, so it is not counted as one.</summary>
    public static Task MarkHeldAsync(UnitOfWork work, string id, string owner, IReadOnlyList<string> channels) =>
        Finish(work, id, owner, "UPDATE outbox SET status = 'held', lease_until = NULL, channel = @Channels WHERE id = @Id AND owner = @Owner AND status = 'pending'", new { Id = id, Owner = owner, Channels = string.Join(',', channels) });

    /// <summary>The messages held for <paramref name="recipient"/>'s digest, oldest first.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> HeldForAsync(UnitOfWork work, string recipient) => [.. await work.Connection.QueryAsync<OutboxMessage>(
        $"SELECT {Returned} FROM outbox WHERE status = 'held' AND recipient = @Recipient ORDER BY created_at, id",
        new { Recipient = recipient },
        work.Transaction)];

    /// <summary>The recipients with messages held for their digest.</summary>
    public static async Task<IReadOnlyList<string>> HeldRecipientsAsync(UnitOfWork work) => [.. await work.Connection.QueryAsync<string>(
        "SELECT DISTINCT recipient FROM outbox WHERE status = 'held'",
        transaction: work.Transaction)];

    /// <summary>Marks held messages sent when the digest listing them went out.</summary>
    public static async Task<int> MarkDigestSentAsync(UnitOfWork work, IReadOnlyList<string> ids, long now)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var marked = 0;
        // One statement per id: a list parameter is spelled differently by each provider, and a digest lists a few.
        foreach (var id in ids)
        {
            marked += await work.Connection.ExecuteAsync(
                "UPDATE outbox SET status = 'sent', sent_at = @Now, attempts = attempts + 1 WHERE id = @Id AND status = 'held'",
                new { Id = id, Now = now },
                work.Transaction);
        }

        return marked;
    }

    public static Task<OutboxMessage?> FindAsync(UnitOfWork work, string id) => work.Connection.QuerySingleOrDefaultAsync<OutboxMessage>(
        $"SELECT {Returned} FROM outbox WHERE id = @Id",
        new { Id = id },
        work.Transaction);

    /// <summary>The messages about an instance, oldest first.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ForInstanceAsync(UnitOfWork work, string instanceId) => [.. await work.Connection.QueryAsync<OutboxMessage>(
        $"SELECT {Returned} FROM outbox WHERE instance_id = @InstanceId ORDER BY created_at, id",
        new { InstanceId = instanceId },
        work.Transaction)];

    /// <summary>
    /// One page of the outbox, newest first, of the messages whose shown status (<see cref="OutboxStatus.Shown"/>) is
    /// <paramref name="shownStatus"/> (all when null), and how many there are. SQL Server pages with OFFSET … FETCH.
    /// </summary>
    public static async Task<(IReadOnlyList<OutboxMessage> Items, int Total)> PageAsync(UnitOfWork work, string? shownStatus, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        var where = WhereShown(shownStatus);
        var page = PageSql(work.Dialect, where);
        var total = await work.Connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM outbox {where}", transaction: work.Transaction);
        var items = await work.Connection.QueryAsync<OutboxMessage>(page, new { Offset = offset, Limit = limit }, work.Transaction);
        return ([.. items], total);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> messages addressed to <paramref name="recipient"/> (a person's id), newest
    /// first: what a person may preview a notification template over.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ReceivedAsync(UnitOfWork work, string recipient, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        return [.. await work.Connection.QueryAsync<OutboxMessage>(ReceivedSql(work.Dialect), new { Recipient = recipient, Limit = limit }, work.Transaction)];
    }

    internal static string ReceivedSql(StorageDialect dialect) => dialect == StorageDialect.SqlServer
        ? $"SELECT TOP (@Limit) {Returned} FROM outbox WHERE recipient = @Recipient ORDER BY created_at DESC, id DESC"
        : $"SELECT {Returned} FROM outbox WHERE recipient = @Recipient ORDER BY created_at DESC, id DESC LIMIT @Limit";

    /// <summary>The condition selecting the messages whose shown status is <paramref name="shownStatus"/> (all when null).</summary>
    internal static string WhereShown(string? shownStatus) => shownStatus switch
    {
        null => "",
        OutboxStatus.Pending => "WHERE status = 'pending' AND attempts = 0",
        OutboxStatus.Retrying => "WHERE status = 'pending' AND attempts > 0",
        OutboxStatus.Held => "WHERE status = 'held'",
        OutboxStatus.Sent => "WHERE status = 'sent'",
        OutboxStatus.Dead => "WHERE status = 'dead'",
        _ => throw new ArgumentOutOfRangeException(nameof(shownStatus), shownStatus, "pending, retrying, held, sent or dead"),
    };

    /// <summary>One page of the outbox under <paramref name="where"/>, newest first: SQL Server pages with OFFSET … FETCH.</summary>
    internal static string PageSql(StorageDialect dialect, string where) => dialect == StorageDialect.SqlServer
        ? $"SELECT {Returned} FROM outbox {where} ORDER BY created_at DESC, id DESC OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY"
        : $"SELECT {Returned} FROM outbox {where} ORDER BY created_at DESC, id DESC LIMIT @Limit OFFSET @Offset";

    /// <summary>
    /// Puts a dead message back to pending, due at <paramref name="now"/>, its attempts counted afresh (its last error
    /// kept): true when it was dead. The condition makes two retries at once one retry.
    /// </summary>
    public static async Task<bool> RetryDeadAsync(UnitOfWork work, string id, long now) => await work.Connection.ExecuteAsync(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @Now, owner = NULL, lease_until = NULL WHERE id = @Id AND status = 'dead'",
        new { Id = id, Now = now },
        work.Transaction) == 1;

    private static async Task Finish(UnitOfWork work, string id, string owner, string sql, object parameters)
    {
        if (await work.Connection.ExecuteAsync(sql, parameters, work.Transaction) == 0)
        {
            // The lease ran out and another dispatcher holds the message now.
            throw new ConcurrencyConflictException("outbox message", id, 0);
        }
    }
}
