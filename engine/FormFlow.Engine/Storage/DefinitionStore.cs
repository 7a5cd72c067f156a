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

    /// <summary>A process's owning department, as its body names it (<c>ownerDepartment</c>); null for the whole organisation and other kinds.</summary>
    public string? OwnerDepartment { get; init; }
}

internal static class DefinitionStore
{
    public const int Draft = 0;

    // KEY is a reserved word of T-SQL: as a column or an alias it is quoted in every dialect.
    internal const string Select = """
        SELECT kind AS Kind, "key" AS "Key", version AS Version, body AS Body, saved_by AS SavedBy, saved_at AS SavedAt,
               published_by AS PublishedBy, published_at AS PublishedAt, owner_department AS OwnerDepartment
        FROM definitions
        """;

    internal const string Keys = """
        SELECT "key" AS "Key", MAX(version) AS Latest, CAST(SUM(CASE WHEN version = 0 THEN 1 ELSE 0 END) AS integer) AS Drafts
        FROM definitions WHERE kind = @Kind GROUP BY "key"
        """;

    // The owner of each key's newest published version, or of its draft when none is published (version 0 is the draft).
    internal const string Owners = """
        SELECT d."key" AS "Key", d.owner_department AS OwnerDepartment
        FROM definitions d
        WHERE d.kind = @Kind AND d.version = (SELECT MAX(e.version) FROM definitions e WHERE e.kind = d.kind AND e."key" = d."key")
        """;

    /// <summary>Creates or replaces the draft.</summary>
    public static async Task SaveDraftAsync(UnitOfWork work, string kind, string key, string body, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = new { Kind = kind, Key = key, Body = body, By = by, At = at, Owner = OwnerOf(kind, body) };
        var updated = await work.Connection.ExecuteAsync(
            "UPDATE definitions SET body = @Body, saved_by = @By, saved_at = @At, owner_department = @Owner WHERE kind = @Kind AND \"key\" = @Key AND version = 0",
            parameters,
            work.Transaction);
        if (updated == 0)
        {
            try
            {
                await work.Connection.ExecuteAsync(
                    "INSERT INTO definitions (kind, \"key\", version, body, saved_by, saved_at, owner_department) VALUES (@Kind, @Key, 0, @Body, @By, @At, @Owner)",
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

        work.Publishes = true;
        var next = 1 + await work.Connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(version), 0) FROM definitions WHERE kind = @Kind AND \"key\" = @Key",
            new { Kind = kind, Key = key },
            work.Transaction);

        // The primary key (kind, key, version) makes two authors publishing at once collide instead of both winning.
        try
        {
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO definitions (kind, "key", version, body, saved_by, saved_at, published_by, published_at, owner_department)
                VALUES (@Kind, @Key, @Version, @Body, @SavedBy, @SavedAt, @By, @At, @Owner)
                """,
                new { Kind = kind, Key = key, Version = next, draft.Body, draft.SavedBy, draft.SavedAt, By = by, At = at, Owner = OwnerOf(kind, draft.Body) },
                work.Transaction);
        }
        catch (DbException error) when (StorageErrors.IsUniqueViolation(error))
        {
            throw new ConcurrencyConflictException(kind, key, next - 1);
        }

        return next;
    }

    /// <summary>
    /// Publishes <paramref name="body"/> as the next version of the key without touching the draft (an author's pending
    /// draft survives a publication of other content, e.g. the shipped files at start-up); returns the version.
    /// </summary>
    public static async Task<int> PublishBodyAsync(UnitOfWork work, string kind, string key, string body, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        work.Publishes = true;
        var next = 1 + await work.Connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(version), 0) FROM definitions WHERE kind = @Kind AND \"key\" = @Key",
            new { Kind = kind, Key = key },
            work.Transaction);
        try
        {
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO definitions (kind, "key", version, body, saved_by, saved_at, published_by, published_at, owner_department)
                VALUES (@Kind, @Key, @Version, @Body, @By, @At, @By, @At, @Owner)
                """,
                new { Kind = kind, Key = key, Version = next, Body = body, By = by, At = at, Owner = OwnerOf(kind, body) },
                work.Transaction);
        }
        catch (DbException error) when (StorageErrors.IsUniqueViolation(error))
        {
            throw new ConcurrencyConflictException(kind, key, next - 1);
        }

        return next;
    }

    /// <summary>
    /// Replaces the draft only when it is still the one the author read (same body, author and time); false when it
    /// moved on or is gone. Two authors saving over the same draft at once: one wins, the other gets false.
    /// </summary>
    public static async Task<bool> ReplaceDraftAsync(UnitOfWork work, DefinitionVersion expected, string body, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(expected);
        var updated = await work.Connection.ExecuteAsync(
            """
            UPDATE definitions SET body = @Body, saved_by = @By, saved_at = @At, owner_department = @Owner
            WHERE kind = @Kind AND "key" = @Key AND version = 0 AND saved_by = @OldBy AND saved_at = @OldAt AND body = @OldBody
            """,
            new { expected.Kind, expected.Key, Body = body, By = by, At = at, Owner = OwnerOf(expected.Kind, body), OldBy = expected.SavedBy, OldAt = expected.SavedAt, OldBody = expected.Body },
            work.Transaction);
        return updated == 1;
    }

    /// <summary>Deletes the draft; when <paramref name="expected"/> is given, only if it is still that draft. True when a row went.</summary>
    public static async Task<bool> DeleteDraftAsync(UnitOfWork work, string kind, string key, DefinitionVersion? expected = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var sql = "DELETE FROM definitions WHERE kind = @Kind AND \"key\" = @Key AND version = 0";
        if (expected is not null)
        {
            sql += " AND saved_by = @OldBy AND saved_at = @OldAt AND body = @OldBody";
        }

        return await work.Connection.ExecuteAsync(sql, new { Kind = kind, Key = key, OldBy = expected?.SavedBy, OldAt = expected?.SavedAt, OldBody = expected?.Body }, work.Transaction) > 0;
    }

    /// <summary>Every key of a kind with its newest published version (null: only a draft) and whether it has a draft.</summary>
    public static async Task<IReadOnlyList<(string Key, int? Latest, bool HasDraft)>> KeysAsync(UnitOfWork work, string kind)
    {
        ArgumentNullException.ThrowIfNull(work);
        var rows = await work.Connection.QueryAsync<(string Key, int Latest, int Drafts)>(Keys, new { Kind = kind }, work.Transaction);
        return [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Latest > 0 ? (int?)r.Latest : null, r.Drafts > 0))];
    }

    /// <summary>Every key of a kind with the owner of its newest published version (of its draft when none is published).</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> OwnersAsync(UnitOfWork work, string kind)
    {
        ArgumentNullException.ThrowIfNull(work);
        var rows = await work.Connection.QueryAsync<(string Key, string? OwnerDepartment)>(Owners, new { Kind = kind }, work.Transaction);
        return rows.ToDictionary(r => r.Key, r => r.OwnerDepartment, StringComparer.Ordinal);
    }

    /// <summary>
    /// The owners a key has now: its draft's and its newest published version's (the same department twice, or
    /// none when the key is new). Null entries are processes of the whole organisation.
    /// </summary>
    public static async Task<IReadOnlyList<string?>> CurrentOwnersAsync(UnitOfWork work, string kind, string key)
    {
        ArgumentNullException.ThrowIfNull(work);
        return [.. await work.Connection.QueryAsync<string?>(
            """
            SELECT owner_department FROM definitions
            WHERE kind = @Kind AND "key" = @Key
              AND (version = 0 OR version = (SELECT MAX(version) FROM definitions WHERE kind = @Kind AND "key" = @Key AND version > 0))
            """,
            new { Kind = kind, Key = key },
            work.Transaction)];
    }

    /// <summary>The owner of the newest published version of a key; null when it belongs to the whole organisation or is not published.</summary>
    public static Task<string?> PublishedOwnerAsync(UnitOfWork work, string kind, string key) =>
        work.Connection.ExecuteScalarAsync<string?>(
            """
            SELECT owner_department FROM definitions
            WHERE kind = @Kind AND "key" = @Key AND version = (SELECT MAX(version) FROM definitions WHERE kind = @Kind AND "key" = @Key AND version > 0)
            """,
            new { Kind = kind, Key = key },
            work.Transaction);

    public static Task<DefinitionVersion?> FindAsync(UnitOfWork work, string kind, string key, int version) =>
        work.Connection.QuerySingleOrDefaultAsync<DefinitionVersion>(
            $"{Select} WHERE kind = @Kind AND \"key\" = @Key AND version = @Version",
            new { Kind = kind, Key = key, Version = version },
            work.Transaction);

    // Only a process has an owner; its body names it. A body that is not JSON (a draft may be anything) has none.
    private static string? OwnerOf(string kind, string body) =>
        kind == Workflows.ProcessCatalog.ProcessKind ? Authoring.ProcessRights.OwnerIn(body) : null;

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
