using Dapper;

namespace FormFlow.Storage;

/// <summary>A task of a person's inbox with what the list shows of its instance.</summary>
internal sealed class InboxRow
{
    public string Id { get; set; } = "";

    public string InstanceId { get; set; } = "";

    public string Step { get; set; } = "";

    public long? DueAt { get; set; }

    public string Status { get; set; } = "";

    public int Version { get; set; }

    public long CreatedAt { get; set; }

    public long? CompletedAt { get; set; }

    public string ProcessKey { get; set; } = "";

    public int ProcessVersion { get; set; }

    public string? CycleId { get; set; }

    public string SubjectId { get; set; } = "";
}

/// <summary>The inbox's counts and the number of tasks its filters keep, counted in one pass.</summary>
internal sealed class InboxTally
{
    public int Total { get; set; }

    public int OpenTasks { get; set; }

    public int Overdue { get; set; }

    public int DueSoon { get; set; }

    public int Matching { get; set; }
}

/// <summary>
/// What a person's inbox reads of their tasks (cancelled ones are never shown): counts and one page, filtered, counted,
/// ordered and paged by the database. The SQL is the same in every dialect but for the page's clause and the ordinal
/// order of ids, which PostgreSQL and SQL Server spell each their own way.
/// </summary>
internal static class InboxStore
{
    /// <summary>The inbox filters: @Process and @Cycle when asked (<paramref name="process"/>, <paramref name="cycle"/>), for @Person.</summary>
    internal static string Scope(bool process, bool cycle) =>
        "t.assignee_id = @Person AND t.status <> 'cancelled'" + (process ? " AND i.process_key = @Process" : "") + (cycle ? " AND i.cycle_id = @Cycle" : "");

    /// <summary>What the status filter (open, done, or both) and "overdue only" keep of the scope, at @Now.</summary>
    internal static string Matching(string? status, bool overdueOnly) =>
        string.Join(" AND ", new[]
        {
            status switch { "open" => "t.status = 'open'", "done" => "t.status <> 'open'", _ => "1 = 1" },
            overdueOnly ? "t.status = 'open' AND t.due_at < @Now" : "1 = 1",
        });

    /// <summary>The counts of the scope (<see cref="Scope"/>) at @Now, due soon before @Soon, and how many <paramref name="matching"/> keeps.</summary>
    internal static string TallySql(string scope, string matching) => $"""
        SELECT COUNT(*) AS Total,
               COALESCE(SUM(CASE WHEN t.status = 'open' THEN 1 ELSE 0 END), 0) AS OpenTasks,
               COALESCE(SUM(CASE WHEN t.status = 'open' AND t.due_at < @Now THEN 1 ELSE 0 END), 0) AS Overdue,
               COALESCE(SUM(CASE WHEN t.status = 'open' AND t.due_at >= @Now AND t.due_at < @Soon THEN 1 ELSE 0 END), 0) AS DueSoon,
               COALESCE(SUM(CASE WHEN {matching} THEN 1 ELSE 0 END), 0) AS Matching
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE {scope}
        """;

    /// <summary>
    /// One page (@Offset, @Limit) of what <paramref name="matching"/> keeps of the scope: open tasks first, soonest due
    /// first (no due date last); then the others, latest completed first; then by creation and id.
    /// </summary>
    internal static string PageSql(StorageDialect dialect, string scope, string matching)
    {
        var select = $"""
            SELECT t.id AS Id, t.instance_id AS InstanceId, t.step AS Step, t.due_at AS DueAt, t.status AS Status, t.version AS Version,
                   t.created_at AS CreatedAt, t.completed_at AS CompletedAt, i.process_key AS ProcessKey,
                   i.process_version AS ProcessVersion, i.cycle_id AS CycleId, i.subject_id AS SubjectId
            FROM tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE {scope} AND {matching}
            ORDER BY CASE WHEN t.status = 'open' THEN 0 ELSE 1 END,
                     CASE WHEN t.status = 'open' THEN COALESCE(t.due_at, {long.MaxValue}) ELSE -COALESCE(t.completed_at, 0) END,
                     t.created_at, {Ordinal(dialect, "t.id")}
            """;
        return dialect == StorageDialect.SqlServer
            ? select + " OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY"
            : select + " LIMIT @Limit OFFSET @Offset";
    }

    /// <summary>The counts and one page of @Person's inbox.</summary>
    public static async Task<(InboxTally Tally, IReadOnlyList<InboxRow> Rows)> ReadAsync(
        UnitOfWork work, string personId, string? processKey, string? cycleId, string? status, bool overdueOnly, long now, long soon, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        var scope = Scope(processKey is not null, cycleId is not null);
        var matching = Matching(status, overdueOnly);
        var parameters = new { Person = personId, Process = processKey, Cycle = cycleId, Now = now, Soon = soon, Offset = offset, Limit = limit };
        var tally = await work.Connection.QuerySingleAsync<InboxTally>(TallySql(scope, matching), parameters, work.Transaction);
        if (tally.Matching <= offset)
        {
            return (tally, []);
        }

        return (tally, [.. await work.Connection.QueryAsync<InboxRow>(PageSql(work.Dialect, scope, matching), parameters, work.Transaction)]);
    }

    // Ids in ordinal order, as .NET compares them: SQLite's and PostgreSQL's id columns compare bytes (schema 23),
    // SQL Server's keep the database's collation.
    private static string Ordinal(StorageDialect dialect, string column) => dialect switch
    {
        StorageDialect.SqlServer => $"{column} COLLATE Latin1_General_BIN2",
        _ => column,
    };
}
