using Dapper;

namespace FormFlow.Storage;

/// <summary>How many instances of one process are in one status.</summary>
internal sealed record InstanceCount
{
    public required string ProcessKey { get; init; }

    public required string Status { get; init; }

    public int Instances { get; init; }
}

/// <summary>How many tasks are open at one step of one process.</summary>
internal sealed record StepCount
{
    public required string ProcessKey { get; init; }

    public required string Step { get; init; }

    public int Tasks { get; init; }
}

/// <summary>An open task past its due date.</summary>
internal sealed record OverdueTask
{
    public required string TaskId { get; init; }

    public required string InstanceId { get; init; }

    public required string ProcessKey { get; init; }

    public required string SubjectId { get; init; }

    public required string Step { get; init; }

    public required string AssigneeId { get; init; }

    public long DueAt { get; init; }
}

/// <summary>
/// The people launched into a cycle who share one department (or one manager), and where their instances stand.
/// Id is null for the people the organisation no longer places there (they left, or have no manager).
/// </summary>
internal sealed record CompletionRow
{
    public string? Id { get; init; }

    public string? NameZh { get; init; }

    public string? NameEn { get; init; }

    public int People { get; init; }

    public int Completed { get; init; }

    public int Running { get; init; }

    public int Cancelled { get; init; }
}

/// <summary>The people launched into a cycle who share one department and one manager, and where their instances stand.</summary>
internal sealed record CompletionGroup
{
    public string? DepartmentId { get; init; }

    public string? ManagerId { get; init; }

    /// <summary>1 when the row is a manager's group of <c>GROUPING SETS</c>, 0 when a department's (or both, on SQLite).</summary>
    public int ByManager { get; init; }

    public int People { get; init; }

    public int Completed { get; init; }

    public int Running { get; init; }

    public int Cancelled { get; init; }
}

/// <summary>
/// The queries behind a cycle's progress report, all in one place. Completion counts the instance each person was
/// launched with (cycle_members), not the instances those start (an improvement plan begun by an annual review);
/// departments and managers are the subjects' as the organisation stands now. The overdue list differs by dialect
/// (SQL Server has no LIMIT), the completion's groups (SQLite has no grouping sets), and the names' lists of ids
/// (<see cref="JsonIds"/>).
/// </summary>
internal static class CycleProgressStore
{
    private const string InstanceCounts = """
        SELECT process_key AS ProcessKey, status AS Status, COUNT(*) AS Instances
        FROM process_instances
        WHERE cycle_id = @CycleId
        GROUP BY process_key, status
        """;

    private const string OpenTasksByStep = """
        SELECT i.process_key AS ProcessKey, t.step AS Step, COUNT(*) AS Tasks
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE i.cycle_id = @CycleId AND i.status = 'running' AND t.status = 'open'
        GROUP BY i.process_key, t.step
        """;

    private const string OverdueCount = """
        SELECT COUNT(*)
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE i.cycle_id = @CycleId AND i.status = 'running' AND t.status = 'open' AND t.due_at < @Now
        """;

    // The most overdue first.
    private const string OverdueSqlite = """
        SELECT t.id AS TaskId, i.id AS InstanceId, i.process_key AS ProcessKey, i.subject_id AS SubjectId, t.step AS Step,
               t.assignee_id AS AssigneeId, t.due_at AS DueAt
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE i.cycle_id = @CycleId AND i.status = 'running' AND t.status = 'open' AND t.due_at < @Now
        ORDER BY t.due_at, t.id
        LIMIT @Limit
        """;

    private const string OverduePostgres = OverdueSqlite;

    private const string OverdueSqlServer = """
        SELECT TOP (@Limit) t.id AS TaskId, i.id AS InstanceId, i.process_key AS ProcessKey, i.subject_id AS SubjectId, t.step AS Step,
               t.assignee_id AS AssigneeId, t.due_at AS DueAt
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE i.cycle_id = @CycleId AND i.status = N'running' AND t.status = N'open' AND t.due_at < @Now
        ORDER BY t.due_at, t.id
        """;

    // Every launched member's instance by its status, and the member's record for their department and manager: the
    // join is most of the work (a review of 100,000 people: 180 and 260 ms on PostgreSQL).
    private const string CountsOfMembers = """
        COUNT(*) AS People,
               SUM(CASE WHEN i.status = 'completed' THEN 1 ELSE 0 END) AS Completed,
               SUM(CASE WHEN i.status = 'running' THEN 1 ELSE 0 END) AS Running,
               SUM(CASE WHEN i.status = 'cancelled' THEN 1 ELSE 0 END) AS Cancelled
        FROM cycle_members m
        JOIN process_instances i ON i.id = m.instance_id
        LEFT JOIN people p ON p.id = m.person_id
        WHERE m.cycle_id = @CycleId
        """;

    // SQLite's, which has no grouping sets: by department and manager at once, each of the two a sum of these groups
    // (in CompletionAsync).
    private const string ByDepartmentAndManager = $"""
        SELECT p.department_id AS DepartmentId, p.manager_id AS ManagerId, {CountsOfMembers}
        GROUP BY p.department_id, p.manager_id
        """;

    // The same as two sets of groups: a department's and a manager's rows apart (ByManager 1 for a manager's row). As
    // many groups as departments and managers, not as pairs of them: where reports sit in other departments than their
    // manager, pairs are nearly as many as the people, and PostgreSQL's hash of 100,000 groups spilled to disk (a
    // 100,000-person review: 290 → 160 ms).
    internal const string ByDepartmentOrManager = $"""
        SELECT p.department_id AS DepartmentId, p.manager_id AS ManagerId, CAST(GROUPING(p.department_id) AS int) AS ByManager, {CountsOfMembers}
        GROUP BY GROUPING SETS ((p.department_id), (p.manager_id))
        """;

    private const string OpenTaskCount = """
        SELECT COUNT(*)
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE i.cycle_id = @CycleId AND i.status = 'running' AND t.status = 'open'
        """;

    public static async Task<IReadOnlyList<InstanceCount>> InstancesAsync(UnitOfWork work, string cycleId) =>
        [.. await work.Connection.QueryAsync<InstanceCount>(InstanceCounts, new { CycleId = cycleId }, work.Transaction)];

    public static async Task<IReadOnlyList<StepCount>> OpenTasksAsync(UnitOfWork work, string cycleId) =>
        [.. await work.Connection.QueryAsync<StepCount>(OpenTasksByStep, new { CycleId = cycleId }, work.Transaction)];

    /// <summary>How many tasks of the cycle's running instances are open: <see cref="OpenTasksAsync"/> summed, without grouping them.</summary>
    public static Task<int> OpenTaskCountAsync(UnitOfWork work, string cycleId) =>
        work.Connection.ExecuteScalarAsync<int>(OpenTaskCount, new { CycleId = cycleId }, work.Transaction);

    /// <summary>How many open tasks are past due at <paramref name="now"/>, and the <paramref name="limit"/> most overdue of them.</summary>
    public static async Task<(int Count, IReadOnlyList<OverdueTask> Most)> OverdueAsync(UnitOfWork work, string cycleId, long now, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = new { CycleId = cycleId, Now = now, Limit = limit };
        var count = await work.Connection.ExecuteScalarAsync<int>(OverdueCount, parameters, work.Transaction);
        return (count, [.. await work.Connection.QueryAsync<OverdueTask>(OverdueSql(work.Dialect), parameters, work.Transaction)]);
    }

    /// <summary>The most overdue tasks, in the dialect's words for "the first @Limit rows".</summary>
    internal static string OverdueSql(StorageDialect dialect) => dialect switch
    {
        StorageDialect.PostgreSql => OverduePostgres,
        StorageDialect.SqlServer => OverdueSqlServer,
        _ => OverdueSqlite,
    };

    /// <summary>
    /// Completion of the launched instances by the subjects' department and by their manager, without names (see
    /// <see cref="DepartmentNamesAsync"/> and <see cref="ManagerNamesAsync"/>: a whole organisation's review has
    /// thousands of managers, and a page names only those it shows).
    /// </summary>
    public static async Task<(IReadOnlyList<CompletionRow> ByDepartment, IReadOnlyList<CompletionRow> ByManager)> CompletionAsync(UnitOfWork work, string cycleId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var parameters = new { CycleId = cycleId };
        if (work.Dialect == StorageDialect.Sqlite)
        {
            var groups = (await work.Connection.QueryAsync<CompletionGroup>(ByDepartmentAndManager, parameters, work.Transaction)).ToList();
            return (Sum(groups, g => g.DepartmentId), Sum(groups, g => g.ManagerId));
        }

        var rows = (await work.Connection.QueryAsync<CompletionGroup>(ByDepartmentOrManager, parameters, work.Transaction)).ToLookup(g => g.ByManager == 1);
        return (Sum([.. rows[false]], g => g.DepartmentId), Sum([.. rows[true]], g => g.ManagerId));
    }

    /// <summary>The rows of departments with each department's name (none when the organisation has no such department any more).</summary>
    public static Task<IReadOnlyList<CompletionRow>> DepartmentNamesAsync(UnitOfWork work, IReadOnlyList<CompletionRow> rows) =>
        NamedAsync(work, DepartmentNames(work.Dialect), rows);

    /// <summary>The rows of managers with each manager's name (none when the organisation has no such person any more).</summary>
    public static Task<IReadOnlyList<CompletionRow>> ManagerNamesAsync(UnitOfWork work, IReadOnlyList<CompletionRow> rows) =>
        NamedAsync(work, PeopleNames(work.Dialect), rows);

    private static string DepartmentNames(StorageDialect dialect) => $"SELECT id, name_zh, name_en FROM departments WHERE id IN ({JsonIds.Select(dialect)})";

    private static string PeopleNames(StorageDialect dialect) => $"SELECT id, name_zh, name_en FROM people WHERE id IN ({JsonIds.Select(dialect)})";

    private static async Task<IReadOnlyList<CompletionRow>> NamedAsync(UnitOfWork work, string sql, IReadOnlyList<CompletionRow> rows)
    {
        var wanted = rows.Select(r => r.Id).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return rows;
        }

        var names = (await work.Connection.QueryAsync<(string Id, string NameZh, string NameEn)>(sql, new { Ids = JsonIds.Of(wanted) }, work.Transaction))
            .ToDictionary(n => n.Id, n => (n.NameZh, n.NameEn), StringComparer.Ordinal);
        return [.. rows.Select(r => r.Id is { } id && names.TryGetValue(id, out var name) ? r with { NameZh = name.NameZh, NameEn = name.NameEn } : r)];
    }

    private static List<CompletionRow> Sum(List<CompletionGroup> groups, Func<CompletionGroup, string?> key) =>
        [.. groups.GroupBy(key, StringComparer.Ordinal).Select(g => new CompletionRow
        {
            Id = g.Key,
            People = g.Sum(r => r.People),
            Completed = g.Sum(r => r.Completed),
            Running = g.Sum(r => r.Running),
            Cancelled = g.Sum(r => r.Cancelled),
        })];
}
