using Dapper;

namespace FormFlow.Storage;

/// <summary>A reviewer's comment on one field of a task's form (a JSON Pointer into its data).</summary>
internal sealed record FieldComment(string Id, string TaskId, string Pointer, string AuthorId, string Body, long CreatedAt, long? ResolvedAt);

internal static class FieldCommentStore
{
    public static Task AddAsync(UnitOfWork work, FieldComment comment) => work.Connection.ExecuteAsync(
        """
        INSERT INTO field_comments (id, task_id, pointer, author_id, body, created_at, resolved_at)
        VALUES (@Id, @TaskId, @Pointer, @AuthorId, @Body, @CreatedAt, @ResolvedAt)
        """,
        comment,
        work.Transaction);

    public static async Task<IReadOnlyList<FieldComment>> ForTaskAsync(UnitOfWork work, string taskId) =>
        [.. await work.Connection.QueryAsync<FieldComment>(
            """
            SELECT id AS Id, task_id AS TaskId, pointer AS Pointer, author_id AS AuthorId, body AS Body,
                   created_at AS CreatedAt, resolved_at AS ResolvedAt
            FROM field_comments WHERE task_id = @TaskId ORDER BY created_at, id
            """,
            new { TaskId = taskId },
            work.Transaction)];

    public static Task ResolveAsync(UnitOfWork work, string id, long at) => work.Connection.ExecuteAsync(
        "UPDATE field_comments SET resolved_at = @At WHERE id = @Id AND resolved_at IS NULL",
        new { Id = id, At = at },
        work.Transaction);
}
