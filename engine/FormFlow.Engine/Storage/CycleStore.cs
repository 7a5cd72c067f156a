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

    public string Status { get; init; } = "open";

    public long CreatedAt { get; init; }
}

internal static class CycleStore
{
    public static Task InsertAsync(UnitOfWork work, CycleRow cycle) => work.Connection.ExecuteAsync(
        """
        INSERT INTO cycles (id, name, process_key, process_version, starts_at, ends_at, status, created_at)
        VALUES (@Id, @Name, @ProcessKey, @ProcessVersion, @StartsAt, @EndsAt, @Status, @CreatedAt)
        """,
        cycle,
        work.Transaction);

    public static Task<CycleRow?> FindAsync(UnitOfWork work, string id) => work.Connection.QuerySingleOrDefaultAsync<CycleRow>(
        """
        SELECT id AS Id, name AS Name, process_key AS ProcessKey, process_version AS ProcessVersion, starts_at AS StartsAt,
               ends_at AS EndsAt, status AS Status, created_at AS CreatedAt
        FROM cycles WHERE id = @Id
        """,
        new { Id = id },
        work.Transaction);

    /// <summary>How many instances of a cycle are in each status: the first figure of every progress report.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> InstanceCountsAsync(UnitOfWork work, string cycleId) =>
        (await work.Connection.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM process_instances WHERE cycle_id = @CycleId GROUP BY status",
            new { CycleId = cycleId },
            work.Transaction))
        .ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
}
