using System.Data.Common;
using Dapper;

namespace FormFlow.Storage;

/// <summary>
/// A version of a definition (a template, a process, a notification or report template). Version 0 is the draft
/// an author edits; published versions 1, 2, ... never change, and instances stay on the version they started with.
/// </summary>
internal sealed record DefinitionVersion
{
    public required string Kind { get; init; }

    public required string Key { get; init; }

    public int Version { get; init; }

    public required string Body { get; init; }

    public required string SavedBy { get; init; }

    public long SavedAt { get; init; }

    public string? PublishedBy { get; init; }

    public long? PublishedAt { get; init; }
}

internal static class DefinitionStore
{
    public const int Draft = 0;

    private const string Select = """
        SELECT kind AS Kind, "key" AS Key, version AS Version, body AS Body, saved_by AS SavedBy, saved_at AS SavedAt,
               published_by AS PublishedBy, published_at AS PublishedAt
        FROM definitions
        """;

    /// <summary>Creates or replaces the draft.</summary>
    public static async Task SaveDraftAsync(UnitOfWork work, string kind, string key, string body, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = new { Kind = kind, Key = key, Body = body, By = by, At = at };
        var updated = await work.Connection.ExecuteAsync(
            "UPDATE definitions SET body = @Body, saved_by = @By, saved_at = @At WHERE kind = @Kind AND \"key\" = @Key AND version = 0",
            parameters,
            work.Transaction);
        if (updated == 0)
        {
            try
            {
                await work.Connection.ExecuteAsync(
                    "INSERT INTO definitions (kind, \"key\", version, body, saved_by, saved_at) VALUES (@Kind, @Key, 0, @Body, @By, @At)",
                    parameters,
                    work.Transaction);
            }
            catch (DbException error) when (StorageErrors.IsUniqueViolation(error))
            {
                // Another author created the draft between our update and our insert.
                throw new ConcurrencyConflictException($"{kind} draft", key, 0);
            }
        }
    }

    /// <summary>Publishes the current draft as the next version and returns its number; null when there is no draft.</summary>
    public static async Task<int?> PublishAsync(UnitOfWork work, string kind, string key, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        var draft = await FindAsync(work, kind, key, Draft);
        if (draft is null)
        {
            return null;
        }

        var next = 1 + await work.Connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(version), 0) FROM definitions WHERE kind = @Kind AND \"key\" = @Key",
            new { Kind = kind, Key = key },
            work.Transaction);

        // The primary key (kind, key, version) makes two authors publishing at once collide instead of both winning.
        try
        {
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO definitions (kind, "key", version, body, saved_by, saved_at, published_by, published_at)
                VALUES (@Kind, @Key, @Version, @Body, @SavedBy, @SavedAt, @By, @At)
                """,
                new { Kind = kind, Key = key, Version = next, draft.Body, draft.SavedBy, draft.SavedAt, By = by, At = at },
                work.Transaction);
        }
        catch (DbException error) when (StorageErrors.IsUniqueViolation(error))
        {
            throw new ConcurrencyConflictException(kind, key, next - 1);
        }

        return next;
    }

    public static Task<DefinitionVersion?> FindAsync(UnitOfWork work, string kind, string key, int version) =>
        work.Connection.QuerySingleOrDefaultAsync<DefinitionVersion>(
            $"{Select} WHERE kind = @Kind AND \"key\" = @Key AND version = @Version",
            new { Kind = kind, Key = key, Version = version },
            work.Transaction);

    /// <summary>The published versions, oldest first (the draft is not among them).</summary>
    public static async Task<IReadOnlyList<DefinitionVersion>> PublishedAsync(UnitOfWork work, string kind, string key) =>
        [.. await work.Connection.QueryAsync<DefinitionVersion>(
            $"{Select} WHERE kind = @Kind AND \"key\" = @Key AND version > 0 ORDER BY version",
            new { Kind = kind, Key = key },
            work.Transaction)];

    /// <summary>The newest published version's number; null when none is published.</summary>
    public static Task<int?> LatestVersionAsync(UnitOfWork work, string kind, string key) =>
        work.Connection.ExecuteScalarAsync<int?>(
            "SELECT MAX(version) FROM definitions WHERE kind = @Kind AND \"key\" = @Key AND version > 0",
            new { Kind = kind, Key = key },
            work.Transaction);
}
