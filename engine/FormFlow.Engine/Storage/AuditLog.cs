using Dapper;

namespace FormFlow.Storage;

/// <summary>One entry of the audit log: who did what to which entity, when, with the state before and after.</summary>
internal sealed record AuditEntry(long At, string Actor, string Action, string Entity, string EntityId, string? BeforeJson, string? AfterJson);

/// <summary>The append-only audit log: entries are added in the command's transaction and never changed (the database refuses).</summary>
internal static class AuditLog
{
    public static Task AppendAsync(UnitOfWork work, AuditEntry entry) => work.Connection.ExecuteAsync(
        """
        INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)
        VALUES (@At, @Actor, @Action, @Entity, @EntityId, @BeforeJson, @AfterJson)
        """,
        entry,
        work.Transaction);

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
