using Dapper;

namespace FormFlow.Storage;

/// <summary>What claiming an idempotency key found.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new (or expired, or abandoned): the caller runs the request and then completes or releases it.</summary>
    Claimed,

    /// <summary>The same request ran under this key and succeeded: answer with its stored status and body.</summary>
    Replay,

    /// <summary>Another request (another body or address) was made under this key: refuse it.</summary>
    Mismatch,

    /// <summary>The first request under this key is still running: try again shortly.</summary>
    InFlight,

    /// <summary>
    /// The first request's command committed (it marked the key in its own transaction) but its answer was never kept:
    /// its node stopped in between. The caller answers again from what the command wrote, and keeps that answer.
    /// </summary>
    Committed,
}

/// <summary>
/// A key claimed for a command, handed to the command so that it marks the key in its own transaction
/// (<see cref="IdempotencyKeys.MarkCommittedAsync"/>): whatever stops between the commit and the answer, a retry
/// learns that the command took effect. <see cref="Status"/> is the status of the command's successful answer.
/// </summary>
public sealed record IdempotencyMark(string PersonId, string Key, long ClaimedAt, int Status);

/// <summary>
/// The outcome of a claim, with the first answer when it is a replay. <see cref="ClaimedAt"/> identifies a claim this
/// caller holds: completing or releasing it names it, so that a request which ran past <see cref="IdempotencyKeys.Abandoned"/>
/// (and whose key another request took over) cannot overwrite or free the newer claim.
/// </summary>
public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, int? Status = null, string? Response = null, long ClaimedAt = 0);

/// <summary>
/// Idempotency keys of retried requests (<c>Idempotency-Key</c>), per person: the first request under a key runs, a
/// retry of it gets the first answer, another request under the same key is refused. Plain SQL, one short transaction
/// per call; the key is claimed before the request runs, so two retries arriving together run it once. A command
/// that is given the claim marks it in its own transaction, so the key never says "in flight" for a command that
/// committed, and a claim taken over after <see cref="Abandoned"/> makes the slow command roll back.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>How long a key is kept with its answer.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromHours(24);

    /// <summary>
    /// A claim whose request has not finished after this long is taken to be abandoned (its node stopped). Short,
    /// because taking over a request that is only slow is safe: its command marks the claim when it commits, finds it
    /// gone, and rolls back.
    /// </summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromSeconds(30);

    /// <summary>Claims <paramref name="key"/> for <paramref name="personId"/>'s request identified by <paramref name="requestHash"/>.</summary>
    public static async Task<IdempotencyClaim> ClaimAsync(Database database, string personId, string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var at = now.ToUnixTimeMilliseconds();
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var args = new { Person = personId, Key = key, Hash = requestHash, Now = at, Expires = at + (long)Keep.TotalMilliseconds, Stale = at - (long)Abandoned.TotalMilliseconds };
        var (claimed, held) = work.Dialect == StorageDialect.PostgreSql
            ? await ClaimInOneRoundTripAsync(work, args, cancellationToken)
            : await ClaimStatementByStatementAsync(work, args, cancellationToken);
        return claimed ? new IdempotencyClaim(IdempotencyOutcome.Claimed, ClaimedAt: at)
            : held is null ? new IdempotencyClaim(IdempotencyOutcome.InFlight) // freed by its request between the two statements: try again
            : held.Hash != requestHash ? new IdempotencyClaim(IdempotencyOutcome.Mismatch)
            : held.Status is null ? new IdempotencyClaim(IdempotencyOutcome.InFlight)
            : held.Response is null ? new IdempotencyClaim(IdempotencyOutcome.Committed, held.Status, ClaimedAt: held.CreatedAt)
            : new IdempotencyClaim(IdempotencyOutcome.Replay, held.Status, held.Response);
    }

    // A class with setters, not a record: Dapper converts SQLite's 64-bit integers only when it sets properties.
    private sealed class HeldKey
    {
        public string Hash { get; set; } = "";

        public int? Status { get; set; }

        public string? Response { get; set; }

        public long CreatedAt { get; set; }
    }

    // An expired key is free again; so is one whose first request was abandoned in flight.
    private const string FreeSql =
        "DELETE FROM idempotency_keys WHERE person_id = @Person AND idem_key = @Key AND (expires_at <= @Now OR (status IS NULL AND created_at <= @Stale))";

    private const string HeldSql =
        "SELECT request_hash AS Hash, status AS Status, response AS Response, created_at AS CreatedAt FROM idempotency_keys WHERE person_id = @Person AND idem_key = @Key";

    private static async Task<(bool Claimed, HeldKey? Held)> ClaimStatementByStatementAsync(UnitOfWork work, object args, CancellationToken cancellationToken)
    {
        await work.Connection.ExecuteAsync(FreeSql, args, work.Transaction);
        var claimed = await work.Connection.ExecuteAsync(InsertSql(work.Dialect), args, work.Transaction) == 1;
        var held = claimed ? null : await work.Connection.QuerySingleOrDefaultAsync<HeldKey>(HeldSql, args, work.Transaction);
        await work.CommitAsync(cancellationToken);
        return (claimed, held);
    }

    // Every request with a key claims it first: on PostgreSQL the three statements and the COMMIT go in one round trip
    // (three before). Each statement sees what the one before it wrote, and under READ COMMITTED the SELECT reads the
    // key another request holds, whether it was there before or arrived while the INSERT waited on it.
    private static async Task<(bool Claimed, HeldKey? Held)> ClaimInOneRoundTripAsync(UnitOfWork work, object args, CancellationToken cancellationToken)
    {
        var sql = $"{FreeSql};\n{InsertSql(work.Dialect)} RETURNING 1;\n{HeldSql};\nCOMMIT";
        bool claimed;
        HeldKey? held;
        await using (var results = await work.Connection.QueryMultipleAsync(new CommandDefinition(sql, args, work.Transaction, cancellationToken: cancellationToken)))
        {
            claimed = (await results.ReadAsync<int>()).Any();
            held = await results.ReadSingleOrDefaultAsync<HeldKey>();
        }

        work.CommittedByItsLastStatement();
        return (claimed, claimed ? null : held);
    }

    /// <summary>
    /// Marks the claim as committed, in the transaction of the command it guards. Throws
    /// <see cref="ConcurrencyConflictException"/> when the claim is no longer there (another request took the key over
    /// after <see cref="Abandoned"/>): the command must not commit beside the one that now holds the key.
    /// </summary>
    internal static async Task MarkCommittedAsync(UnitOfWork work, IdempotencyMark mark)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(mark);
        var marked = await work.Connection.ExecuteAsync(
            "UPDATE idempotency_keys SET status = @Status WHERE person_id = @Person AND idem_key = @Key AND created_at = @ClaimedAt AND status IS NULL",
            new { Person = mark.PersonId, mark.Key, mark.ClaimedAt, mark.Status },
            work.Transaction);
        if (marked != 1)
        {
            throw new ConcurrencyConflictException("idempotency key", mark.Key);
        }
    }

    /// <summary>Inserts the key unless it is there: SQL Server has no ON CONFLICT, so it checks under a key-range lock.</summary>
    internal static string InsertSql(StorageDialect dialect) => dialect == StorageDialect.SqlServer
        ? """
          INSERT INTO idempotency_keys (person_id, idem_key, request_hash, status, response, created_at, expires_at)
          SELECT @Person, @Key, @Hash, NULL, NULL, @Now, @Expires
          WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys WITH (UPDLOCK, HOLDLOCK) WHERE person_id = @Person AND idem_key = @Key)
          """
        : """
          INSERT INTO idempotency_keys (person_id, idem_key, request_hash, status, response, created_at, expires_at)
          VALUES (@Person, @Key, @Hash, NULL, NULL, @Now, @Expires)
          ON CONFLICT (person_id, idem_key) DO NOTHING
          """;

    /// <summary>Keeps the answer of the request that claimed the key (marked committed or not), for its retries.</summary>
    public static async Task CompleteAsync(Database database, string personId, string key, long claimedAt, int status, string response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        await work.ExecuteAndCommitAsync(
            "UPDATE idempotency_keys SET status = @Status, response = @Response WHERE person_id = @Person AND idem_key = @Key AND created_at = @ClaimedAt AND response IS NULL",
            new { Person = personId, Key = key, ClaimedAt = claimedAt, Status = status, Response = response },
            cancellationToken);
    }

    /// <summary>Frees a key whose request was refused or failed, so that the corrected request may use it.</summary>
    public static async Task ReleaseAsync(Database database, string personId, string key, long claimedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        await work.ExecuteAndCommitAsync(
            "DELETE FROM idempotency_keys WHERE person_id = @Person AND idem_key = @Key AND created_at = @ClaimedAt AND status IS NULL",
            new { Person = personId, Key = key, ClaimedAt = claimedAt },
            cancellationToken);
    }

    /// <summary>Deletes the expired keys; returns how many.</summary>
    public static async Task<int> PurgeExpiredAsync(Database database, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        return await work.ExecuteAndCommitAsync("DELETE FROM idempotency_keys WHERE expires_at <= @Now", new { Now = now.ToUnixTimeMilliseconds() }, cancellationToken);
    }
}
