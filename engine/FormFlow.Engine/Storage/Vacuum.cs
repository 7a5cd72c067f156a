using Dapper;

namespace FormFlow.Storage;

/// <summary>
/// PostgreSQL's VACUUM after a bulk write (an import, a launch), so that the lists read the new rows by their indexes
/// alone: until a page is marked all-visible, an index-only scan reads the table for every row it passes too. Nothing
/// on the other databases.
/// </summary>
internal static class Vacuum
{
    /// <summary>
    /// Has the commit of <paramref name="work"/> wait until its record is written, whatever the server's
    /// <c>synchronous_commit</c>: until then no row it wrote can be marked committed on its page, and a VACUUM right
    /// after the commit marked none all-visible (0 of 5,883 pages after a launch of 100,000, four times 0.2 s apart).
    /// </summary>
    public static Task BeforeCommitAsync(UnitOfWork work) => work.Dialect == StorageDialect.PostgreSql
        ? work.Connection.ExecuteAsync("SET LOCAL synchronous_commit = on", transaction: work.Transaction)
        : Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="vacuum"/> (a VACUUM statement) on a connection of its own (VACUUM runs outside a
    /// transaction), after a commit made with <see cref="BeforeCommitAsync"/>. A transaction older than
    /// the write still running keeps its rows from being marked: so again, a moment later, while fewer than nine pages
    /// in ten of <paramref name="watched"/> are marked, five times at most. Returns how many times it ran (none but on
    /// PostgreSQL).
    /// </summary>
    public static async Task<int> UntilMarkedAsync(Database database, string vacuum, string watched, CancellationToken cancellationToken)
    {
        if (database.Dialect != StorageDialect.PostgreSql)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await connection.ExecuteAsync(new CommandDefinition(vacuum, cancellationToken: cancellationToken));
            var (pages, visible) = await connection.QuerySingleAsync<(int Pages, int Visible)>(new CommandDefinition(
                "SELECT relpages, relallvisible FROM pg_class WHERE oid = CAST(@Watched AS regclass)", new { Watched = watched }, cancellationToken: cancellationToken));
            if (visible * 10L >= pages * 9L || attempt == 5)
            {
                return attempt;
            }

            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_sleep(0.2)", cancellationToken: cancellationToken));
        }
    }
}
