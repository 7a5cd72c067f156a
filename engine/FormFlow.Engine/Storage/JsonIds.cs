using System.Text.Json;

namespace FormFlow.Storage;

/// <summary>
/// A set of ids passed as one parameter, a JSON array, as the lease renewals pass theirs: one statement text however
/// many ids (so that it is prepared once), spelled alike for every provider, where a list parameter is expanded by
/// one and sent as an array by another.
/// </summary>
internal static class JsonIds
{
    /// <summary>
    /// A subquery over the ids of the parameter <c>@Ids</c>, for <c>WHERE column IN (...)</c>. On PostgreSQL the ids are
    /// unnested from an array: <c>jsonb_array_elements_text</c> alone is estimated at 100 rows whatever the array holds,
    /// and under some 50,000 people the planner then read every person to find one or two; an array's elements are
    /// estimated at 10, so the ids are looked up by the key (docs/performance.md, "Ids asked as one parameter").
    /// </summary>
    public static string Select(StorageDialect dialect) => dialect switch
    {
        StorageDialect.PostgreSql => "SELECT unnest(ARRAY(SELECT jsonb_array_elements_text(CAST(@Ids AS jsonb))))",
        StorageDialect.SqlServer => "SELECT value FROM OPENJSON(@Ids)",
        _ => "SELECT value FROM json_each(@Ids)",
    };

    /// <summary>The value of the parameter <c>@Ids</c>.</summary>
    public static string Of(IEnumerable<string> ids) => JsonSerializer.Serialize(ids);
}
