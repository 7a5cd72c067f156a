using Dapper;

namespace FormFlow.Storage;

/// <summary>A process instance row: one run of a process for one subject, pinned to the process version it started with.</summary>
internal sealed record InstanceRow
{
    public required string Id { get; init; }

    public string? CycleId { get; init; }

    public required string ProcessKey { get; init; }

    public int ProcessVersion { get; init; }

    public required string SubjectId { get; init; }

    public required string Status { get; init; }

    public required string State { get; init; }

    public int Version { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }
}

/// <summary>Process instances. The SQL is the same in every dialect, but for how a list of ids is read (<see cref="JsonIds"/>).</summary>
internal static class InstanceStore
{
    private static readonly BulkColumn<InstanceRow>[] BulkColumns =
    [
        new("id", ColumnKind.Text, i => i.Id),
        new("cycle_id", ColumnKind.Text, i => i.CycleId),
        new("process_key", ColumnKind.Text, i => i.ProcessKey),
        new("process_version", ColumnKind.Integer, i => i.ProcessVersion),
        new("subject_id", ColumnKind.Text, i => i.SubjectId),
        new("status", ColumnKind.Text, i => i.Status),
        new("state", ColumnKind.Text, i => i.State),
        new("version", ColumnKind.Integer, i => i.Version),
        new("created_at", ColumnKind.BigInteger, i => i.CreatedAt),
        new("updated_at", ColumnKind.BigInteger, i => i.UpdatedAt),
    ];

    // An instance's place in the lists, newest first (instance_order, migration 0024).
    private static readonly BulkColumn<InstanceRow>[] OrderColumns =
    [
        new("created_at", ColumnKind.BigInteger, i => i.CreatedAt),
        new("id", ColumnKind.Text, i => i.Id),
        new("cycle_id", ColumnKind.Text, i => i.CycleId),
    ];

    /// <summary>
    /// Writes many instances in one go (a cycle's launch), see <see cref="BulkInsert"/>, each with its place in the
    /// lists (<c>instance_order</c>, migration 0024; one PostgreSQL statement writes both too: <see cref="CommandWrites"/>).
    /// </summary>
    public static async Task InsertManyAsync(UnitOfWork work, IReadOnlyCollection<InstanceRow> instances, CancellationToken cancellationToken = default)
    {
        await BulkInsert.WriteAsync(work, "process_instances", BulkColumns, instances, cancellationToken);
        await BulkInsert.WriteAsync(work, "instance_order", OrderColumns, instances, cancellationToken);
    }

    public static Task InsertAsync(UnitOfWork work, InstanceRow instance) => InsertManyAsync(work, [instance]);

    public static Task<InstanceRow?> FindAsync(UnitOfWork work, string id) => work.Connection.QuerySingleOrDefaultAsync<InstanceRow>(
        """
        SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
               status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM process_instances WHERE id = @Id
        """,
        new { Id = id },
        work.Transaction);

    /// <summary>
    /// Writes <paramref name="instance"/> over the row at <c>instance.Version</c>; returns it at its new version.
    /// Throws <see cref="ConcurrencyConflictException"/> when the row is no longer at that version.
    /// </summary>
    public static async Task<InstanceRow> UpdateAsync(UnitOfWork work, InstanceRow instance)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(instance);
        var changed = await work.Connection.ExecuteAsync(
            """
            UPDATE process_instances
            SET status = @Status, state = @State, updated_at = @UpdatedAt, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            instance,
            work.Transaction);
        if (changed == 0)
        {
            throw new ConcurrencyConflictException("process instance", instance.Id, instance.Version);
        }

        return instance with { Version = instance.Version + 1 };
    }

    /// <summary>The instances of <paramref name="ids"/> that exist, in no order (a timer sweep reads a chunk's at once).</summary>
    public static async Task<IReadOnlyList<InstanceRow>> FindManyAsync(UnitOfWork work, IReadOnlyCollection<string> ids) =>
        [.. await work.Connection.QueryAsync<InstanceRow>(
            $"""
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE id IN ({JsonIds.Select(work.Dialect)})
            """,
            new { Ids = JsonIds.Of(ids) },
            work.Transaction)];
}
