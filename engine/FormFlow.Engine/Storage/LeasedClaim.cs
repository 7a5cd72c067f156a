using Dapper;

namespace FormFlow.Storage;

/// <summary>The claim statements of one table, one per dialect; each takes @Owner, @Now, @LeaseUntil and @Limit.</summary>
internal sealed record ClaimSql(string Sqlite, string PostgreSql, string SqlServer);

/// <summary>
/// Runs a claim: rows that are due and not held by a running lease become <paramref name="owner"/>'s until
/// now + lease. Timers and outbox messages are claimed the same way; only their SQL differs.
/// </summary>
internal static class LeasedClaim
{
    public static async Task<IReadOnlyList<T>> ClaimAsync<T>(UnitOfWork work, ClaimSql sql, string owner, long now, TimeSpan lease, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(sql);
        var statement = work.Dialect switch
        {
            StorageDialect.PostgreSql => sql.PostgreSql,
            StorageDialect.SqlServer => sql.SqlServer,
            _ => sql.Sqlite,
        };
        return [.. await work.Connection.QueryAsync<T>(
            statement,
            new { Owner = owner, Now = now, LeaseUntil = now + (long)lease.TotalMilliseconds, Limit = limit },
            work.Transaction)];
    }
}
