using Dapper;

namespace FormFlow.Storage;

/// <summary>One entry of the audit log: who did what to which entity, when, with the state before and after.</summary>
internal sealed record AuditEntry(long At, string Actor, string Action, string Entity, string EntityId, string? BeforeJson, string? AfterJson);

/// <summary>The append-only audit log: entries are added in the command's transaction and never changed (the database refuses).</summary>
internal static class AuditLog
{
    private static readonly BulkColumn<AuditEntry>[] BulkColumns =
    [
        new("at", ColumnKind.BigInteger, e => e.At),
        new("actor", ColumnKind.Text, e => e.Actor),
        new("action", ColumnKind.Text, e => e.Action),
        new("entity", ColumnKind.Text, e => e.Entity),
        new("entity_id", ColumnKind.Text, e => e.EntityId),
        new("before_json", ColumnKind.Text, e => e.BeforeJson),
        new("after_json", ColumnKind.Text, e => e.AfterJson),
    ];

    public static Task AppendAsync(UnitOfWork work, AuditEntry entry) => work.Connection.ExecuteAsync(
        """
        INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
        VALUES (@At, @Actor, @Action, @Entity, @EntityId, @BeforeJson, @AfterJson)
        """,
        entry,
        work.Transaction);

    /// <summary>Appends many entries in one go, in their order (a cycle's launch journals every instance it starts).</summary>
    public static Task AppendManyAsync(UnitOfWork work, IEnumerable<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        BulkInsert.WriteAsync(work, "audit_log", BulkColumns, entries, cancellationToken);

    public static async Task<IReadOnlyList<AuditEntry>> ForAsync(UnitOfWork work, string entity, string entityId) =>
        [.. await work.Connection.QueryAsync<AuditEntry>(
            """
            SELECT at AS At, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId,
                   before_json AS BeforeJson, after_json AS AfterJson
            FROM audit_log WHERE entity = @Entity AND entity_id = @EntityId ORDER BY id
            """,
            new { Entity = entity, EntityId = entityId },
            work.Transaction)];
}
