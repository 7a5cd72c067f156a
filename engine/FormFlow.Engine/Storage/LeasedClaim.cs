using System.Text.Json;
using Dapper;

namespace FormFlow.Storage;

/// <summary>
/// The lease statements of one table, one per dialect: a claim takes @Owner, @Now, @LeaseUntil and @Limit; a renewal
/// takes @Owner, @LeaseUntil and @Ids (the ids as a JSON array: one parameter however many rows, spelled alike for
/// every provider).
/// </summary>
internal sealed record LeaseSql(string Sqlite, string PostgreSql, string SqlServer)
{
    public string For(StorageDialect dialect) => dialect switch
    {
        StorageDialect.PostgreSql => PostgreSql,
        StorageDialect.SqlServer => SqlServer,
        _ => Sqlite,
    };
}

/// <summary>
/// Runs a claim: rows that are due and not held by a running lease become <paramref name="owner"/>'s until
/// now + lease. Timers and outbox messages are claimed the same way; only their SQL differs.
/// </summary>
internal static class LeasedClaim
{
    /// <summary>
    /// How long a claim holds unless renewed (<c>FormFlow:Workers:LeaseSeconds</c>): short, so that the work of a node
    /// that died is taken over within a lease and a sweep interval; the node working it renews it every quarter of it
    /// (<see cref="LeaseHeartbeat"/>).
    /// </summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<T>> ClaimAsync<T>(UnitOfWork work, LeaseSql sql, string owner, long now, TimeSpan lease, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(sql);
        return [.. await work.Connection.QueryAsync<T>(
            sql.For(work.Dialect),
            new { Owner = owner, Now = now, LeaseUntil = now + (long)lease.TotalMilliseconds, Limit = limit },
            work.Transaction)];
    }

    /// <summary>
    /// Moves the lease of those of <paramref name="ids"/> that <paramref name="owner"/> still holds and has not finished
    /// to now + lease; returns the ids renewed. A row another node claimed after the lease lapsed is not renewed, nor
    /// one locked by a writer at that moment (PostgreSQL and SQL Server skip it rather than wait: a renewal never
    /// waits for the work it keeps alive).
    /// </summary>
    public static async Task<IReadOnlyList<string>> RenewAsync(UnitOfWork work, LeaseSql sql, string owner, IReadOnlyCollection<string> ids, long now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(sql);
        if (ids.Count == 0)
        {
            return [];
        }

        return [.. await work.Connection.QueryAsync<string>(
            sql.For(work.Dialect),
            new { Owner = owner, LeaseUntil = now + (long)lease.TotalMilliseconds, Ids = JsonSerializer.Serialize(ids) },
            work.Transaction)];
    }
}
