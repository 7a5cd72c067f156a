using Dapper;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Cycles;

/// <summary>One page of the cycles a person may watch, and how many there are.</summary>
public sealed record CyclePage(IReadOnlyList<CycleInfo> Items, int Total);

/// <summary>
/// A cycle as the server shows it. <see cref="Version"/> changes whenever its end or status changes: a client sends it
/// back (an ETag) to make sure a command acts on the cycle it read.
/// </summary>
public sealed record CycleInfo(
    string Id,
    string Name,
    string ProcessKey,
    int ProcessVersion,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Status,
    DateTimeOffset CreatedAt,
    string Version);

/// <summary>How a person stands to a cycle, from nothing to managing it.</summary>
public enum CycleAccess
{
    /// <summary>Nothing: to this person the cycle does not exist.</summary>
    None = 0,

    /// <summary>The person is in the cycle, or oversees somebody in it, but may not watch or manage it.</summary>
    Known = 1,

    /// <summary>May watch its progress: everybody in it is in departments the person heads or is the HRBP of (or below).</summary>
    Watch = 2,

    /// <summary>May manage it (extend, close, cancel, its progress report): an administrator, or the HRBP of every person in it.</summary>
    Manage = 3,
}

/// <summary>What a cycle command did: <see cref="Status"/> says whether it was done, and the cycle as it now stands.</summary>
public enum CycleOutcomeStatus
{
    /// <summary>Done (or there was nothing to do: a relaunch, closing a closed cycle).</summary>
    Done = 0,

    /// <summary>There is no such cycle.</summary>
    NotFound = 1,

    /// <summary>The request is wrong: <see cref="CycleOutcome.Problems"/> names each field. Nothing was written.</summary>
    Invalid = 2,

    /// <summary>The cycle changed since the version the caller named, or while the command ran. Nothing was written.</summary>
    Conflict = 3,
}

/// <summary>
/// The outcome of a cycle command. On a launch: whether it created the cycle, how many it started, how many were in
/// it already, who could not be started. On an extension: how many open tasks moved. On a cancellation: how many
/// instances and tasks it cancelled.
/// </summary>
public sealed record CycleOutcome(CycleOutcomeStatus Status, CycleInfo? Cycle, IReadOnlyList<ValidationProblem> Problems)
{
    public bool Created { get; init; }

    public int Started { get; init; }

    public int AlreadyInCycle { get; init; }

    public IReadOnlyList<NotStarted> NotStarted { get; init; } = [];

    public int TasksMoved { get; init; }

    public int InstancesCancelled { get; init; }

    public int TasksCancelled { get; init; }
}

/// <summary>
/// Something a launch would do that the person launching should know of before: <c>cycle.unresolved-assignee</c>, a
/// step (<see cref="Step"/>) whose assignee the organisation names nobody for these people (no manager, say).
/// </summary>
public sealed record LaunchFinding(string Code, string Step, string Assignee, IReadOnlyList<string> PersonIds, LocalizedText Message);

/// <summary>What a launch would do: how many people it would start, how many are in the cycle already, who it could not start, and the findings.</summary>
public sealed record LaunchPreview(int ToStart, int AlreadyInCycle, IReadOnlyList<NotStarted> NotStarted, IReadOnlyList<LaunchFinding> Findings);

/// <summary>The outcome of a launch preview: <see cref="CycleOutcomeStatus.Done"/> with the preview, or <see cref="CycleOutcomeStatus.Invalid"/> with the problems.</summary>
public sealed record CyclePreviewOutcome(CycleOutcomeStatus Status, LaunchPreview? Preview, IReadOnlyList<ValidationProblem> Problems);

/// <summary>
/// Where a cycle stands: its launched instances by status, its open and overdue tasks, completion by department and
/// by manager — of <see cref="Departments"/> and <see cref="Managers"/> rows (the people without one counting as one)
/// the <see cref="CycleOperations.CompletionRowsListed"/> least complete, or all when there are no more.
/// </summary>
public sealed record CycleProgressSummary(
    CycleInfo Cycle,
    DateTimeOffset AsOf,
    int People,
    int Completed,
    int Running,
    int Cancelled,
    int OpenTasks,
    int OverdueTasks,
    int Departments,
    int Managers,
    IReadOnlyList<Completion> ByDepartment,
    IReadOnlyList<Completion> ByManager);

/// <summary>
/// What of a cycle needs a person's attention, as they see it: the overdue tasks (the most overdue first, at most
/// <see cref="CycleOperations.OverdueListed"/>) of the instances they see, how many tasks are overdue in all, and the
/// ratings they read.
/// </summary>
public sealed record CycleAttentionSummary(
    DateTimeOffset AsOf,
    int OverdueTasks,
    IReadOnlyList<OverduePerson> Overdue,
    RatingDistribution Ratings);

/// <summary>
/// The cycle commands and reads a server offers, each checked and answered as an outcome rather than an exception, and
/// who may do what with a cycle (<see cref="AccessAsync"/>). Cycles do not record who launched them or for which
/// population: access is decided from the people in the cycle.
/// </summary>
public static class CycleOperations
{
    /// <summary>Launches (or launches again: idempotent per cycle id) the cycle <paramref name="request"/> describes.</summary>
    public static async Task<CycleOutcome> LaunchAsync(Database database, TimeProvider clock, CycleRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            var launched = await CycleLauncher.LaunchAsync(database, clock, request, cancellationToken);
            return new CycleOutcome(CycleOutcomeStatus.Done, Info(launched.Cycle), [])
            {
                Created = launched.Created,
                Started = launched.Started,
                AlreadyInCycle = launched.AlreadyInCycle,
                NotStarted = launched.NotStarted,
            };
        }
        catch (CycleRequestException error)
        {
            return new CycleOutcome(CycleOutcomeStatus.Invalid, null, error.Problems);
        }
    }

    /// <summary>What launching <paramref name="request"/> would do; writes nothing.</summary>
    public static async Task<CyclePreviewOutcome> PreviewAsync(Database database, TimeProvider clock, CycleRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return new CyclePreviewOutcome(CycleOutcomeStatus.Done, await CycleLauncher.PreviewAsync(database, clock, request, cancellationToken), []);
        }
        catch (CycleRequestException error)
        {
            return new CyclePreviewOutcome(CycleOutcomeStatus.Invalid, null, error.Problems);
        }
    }

    /// <summary>The cycle; null when there is none of that id.</summary>
    public static async Task<CycleInfo?> FindAsync(Database database, string cycleId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await CycleStore.FindAsync(work, cycleId) is { } cycle ? Info(cycle) : null;
    }

    /// <summary>How <paramref name="viewerId"/> stands to the cycle; <see cref="CycleAccess.None"/> when there is no such cycle.</summary>
    public static async Task<CycleAccess> AccessAsync(Database database, string viewerId, string cycleId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var admin = (await OrganisationStore.FindPersonAsync(work, viewerId))?.HasRole(Role.Admin) == true;
        var rows = await AccessRowsAsync(work, viewerId, cycleId);
        return rows.Count == 0 ? CycleAccess.None : Decide(rows[0], admin);
    }

    /// <summary>
    /// One page (<paramref name="page"/> from 1, <paramref name="pageSize"/> a page) of the cycles
    /// <paramref name="viewerId"/> may watch (everyone's for an administrator), newest first, and how many there are.
    /// </summary>
    public static async Task<CyclePage> ListAsync(Database database, string viewerId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var admin = (await OrganisationStore.FindPersonAsync(work, viewerId))?.HasRole(Role.Admin) == true;
        var (with, where) = admin ? ("", "") : (AccessWith(work.Dialect), $"WHERE {WatchedSql}");
        var parameters = new { Viewer = viewerId, Offset = (Math.Max(1, page) - 1) * pageSize, Limit = pageSize };
        // The page carries the total (a window count): the watch rule checks every member of every cycle, once, not
        // once to count and again to page. Only a page past the end asks for the count alone.
        var cycles = (await work.Connection.QueryAsync<CycleRow, long, (CycleRow Cycle, long Total)>(
            ListPageSql(work.Dialect, with, where), (cycle, total) => (cycle, total), parameters, work.Transaction, splitOn: "Total")).ToList();
        var total = cycles.Count > 0 ? (int)cycles[0].Total
            : parameters.Offset == 0 ? 0
            : await work.Connection.ExecuteScalarAsync<int>($"{with} SELECT COUNT(*) FROM cycles c {where}", parameters, work.Transaction);
        return new CyclePage([.. cycles.Select(c => Info(c.Cycle))], total);
    }

    /// <summary>One page (@Offset, @Limit) of the cycles <paramref name="where"/> admits, newest first, each with how many it admits (<c>Total</c>).</summary>
    internal static string ListPageSql(StorageDialect dialect, string with, string where)
    {
        var page = dialect == StorageDialect.SqlServer ? "OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY" : "LIMIT @Limit OFFSET @Offset";
        return $"""
            {with}
            SELECT c.id AS Id, c.name AS Name, c.process_key AS ProcessKey, c.process_version AS ProcessVersion, c.starts_at AS StartsAt,
                   c.ends_at AS EndsAt, c.status AS Status, c.created_at AS CreatedAt, COUNT(*) OVER () AS Total
            FROM cycles c {where}
            ORDER BY c.created_at DESC, c.id
            {page}
            """;
    }

    /// <summary>The cycle's progress now, of its departments and managers the least complete (<see cref="CompletionRowsListed"/>); null when there is no such cycle.</summary>
    public static Task<CycleProgressSummary?> ProgressAsync(Database database, TimeProvider clock, string cycleId, CancellationToken cancellationToken = default) =>
        CycleProgress.StandingAsync(database, clock, cycleId, CompletionRowsListed, cancellationToken);

    /// <summary>
    /// How many departments and how many managers <see cref="ProgressAsync"/> lists at most, the least complete: a
    /// whole organisation's review has thousands of managers, more than a chart shows or a phone should fetch every
    /// 30 s (the full lists are in the progress report).
    /// </summary>
    public const int CompletionRowsListed = 20;

    /// <summary>How many overdue tasks <see cref="AttentionAsync"/> lists at most, the most overdue first.</summary>
    public const int OverdueListed = 500;

    /// <summary>
    /// The cycle's overdue tasks and ratings now as <paramref name="viewerId"/> sees them (see <c>CycleAttention</c>:
    /// the instances' own rule); null when there is no such cycle. Apart from <see cref="ProgressAsync"/> because it
    /// reads every annual review of the cycle: the cycle list reads the progress of a page of cycles, this only the dashboard.
    /// </summary>
    public static async Task<CycleAttentionSummary?> AttentionAsync(Database database, TimeProvider clock, string cycleId, string viewerId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await CycleProgress.OverdueAsync(work, clock, cycleId, OverdueListed) is not { } overdue)
        {
            return null;
        }

        return new CycleAttentionSummary(
            overdue.AsOf,
            overdue.Count,
            await CycleAttention.OverdueAsync(work, overdue.Most, viewerId, overdue.AsOf),
            await CycleAttention.RatingsAsync(work, cycleId, viewerId, overdue.AsOf));
    }

    /// <summary>Moves the cycle's end and every open deadline with it; <paramref name="expectedVersion"/>, when given, must be the cycle's current version.</summary>
    public static Task<CycleOutcome> ExtendAsync(Database database, TimeProvider clock, string cycleId, DateTimeOffset endsAt, string actor, string? expectedVersion = null, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            var extended = await CycleCommands.ExtendAsync(database, clock, cycleId, endsAt, actor, expectedVersion, cancellationToken);
            return new CycleOutcome(CycleOutcomeStatus.Done, Info(extended.Cycle), []) { TasksMoved = extended.TasksMoved };
        });

    /// <summary>Closes the cycle to new launches; its instances run on.</summary>
    public static Task<CycleOutcome> CloseAsync(Database database, TimeProvider clock, string cycleId, string actor, string? expectedVersion = null, CancellationToken cancellationToken = default) =>
        RunAsync(async () => new CycleOutcome(CycleOutcomeStatus.Done, Info(await CycleCommands.CloseAsync(database, clock, cycleId, actor, expectedVersion, cancellationToken)), []));

    /// <summary>Cancels the cycle and every running instance in it.</summary>
    public static Task<CycleOutcome> CancelAsync(Database database, TimeProvider clock, string cycleId, string actor, string? expectedVersion = null, CancellationToken cancellationToken = default) =>
        RunAsync(async () =>
        {
            var cancelled = await CycleCommands.CancelAsync(database, clock, cycleId, actor, expectedVersion, cancellationToken);
            return new CycleOutcome(CycleOutcomeStatus.Done, Info(cancelled.Cycle), []) { InstancesCancelled = cancelled.InstancesCancelled, TasksCancelled = cancelled.TasksCancelled };
        });

    internal static CycleInfo Info(CycleRow cycle) => new(
        cycle.Id,
        cycle.Name,
        cycle.ProcessKey,
        cycle.ProcessVersion,
        DateTimeOffset.FromUnixTimeMilliseconds(cycle.StartsAt),
        DateTimeOffset.FromUnixTimeMilliseconds(cycle.EndsAt),
        cycle.Status,
        DateTimeOffset.FromUnixTimeMilliseconds(cycle.CreatedAt),
        CycleCommands.VersionOf(cycle));

    private static async Task<CycleOutcome> RunAsync(Func<Task<CycleOutcome>> command)
    {
        try
        {
            return await command();
        }
        catch (CycleRequestException error) when (error.Problems.Any(p => p.Code == "cycle.not-found"))
        {
            return new CycleOutcome(CycleOutcomeStatus.NotFound, null, error.Problems);
        }
        catch (CycleRequestException error)
        {
            return new CycleOutcome(CycleOutcomeStatus.Invalid, null, error.Problems);
        }
        catch (ConcurrencyConflictException)
        {
            return new CycleOutcome(CycleOutcomeStatus.Conflict, null, []);
        }
    }

    private static CycleAccess Decide(AccessRow row, bool admin)
    {
        if (admin)
        {
            return CycleAccess.Manage;
        }

        if (row.Members > 0 && row.HrbpCovered == row.Members)
        {
            return CycleAccess.Manage;
        }

        if (row.Members > 0 && row.LedCovered == row.Members)
        {
            return CycleAccess.Watch;
        }

        return row.Related + row.LedCovered > 0 ? CycleAccess.Known : CycleAccess.None;
    }

    // Per cycle, counted by the departments of its members (instance_counts, below): its members; of them, those in
    // departments the viewer is the HRBP of (or below), those in departments they head or are the HRBP of (or below);
    // and whether the viewer or one of their reports (direct or not) is one of them.
    private static async Task<IReadOnlyList<AccessRow>> AccessRowsAsync(UnitOfWork work, string viewerId, string cycleId) =>
        [.. await work.Connection.QueryAsync<AccessRow>(AccessRowsSql(work.Dialect), new { Viewer = viewerId, CycleId = cycleId }, work.Transaction)];

    /// <summary>
    /// The access row of the cycle @CycleId. Its members are counted from the instances the database counts per cycle
    /// and department (<c>instance_counts</c>, migration 0021, kept by every write of an instance and by an import): a
    /// cycle's instances are its members' (each launched for one, and what those start for the same subject in the same
    /// cycle), so the departments they are counted under are the members' departments, and who leads them all is read
    /// from a row per department, not from each member's record — 230 ms for the HRBP of a 100,000-person review. The
    /// counts are of instances, not of people; <see cref="Decide"/> asks only whether none, some or all are covered,
    /// which the two answer alike. A member unknown to the organisation, or without a department, is counted under ''
    /// and covered by no one but an administrator, as before.
    /// </summary>
    internal static string AccessRowsSql(StorageDialect dialect) => $"""
            {AccessWith(dialect)}
            SELECT a.CycleId, a.Members, a.HrbpCovered, a.LedCovered,
                   CASE WHEN EXISTS (SELECT 1 FROM cycle_members m WHERE m.cycle_id = a.CycleId AND m.person_id = @Viewer)
                          OR EXISTS (SELECT 1 FROM reports r WHERE EXISTS (SELECT 1 FROM cycle_members m WHERE m.cycle_id = a.CycleId AND m.person_id = r.id))
                        THEN 1 ELSE 0 END AS Related
            FROM (
                SELECT c.id AS CycleId,
                       COALESCE(SUM(k.instances), 0) AS Members,
                       COALESCE(SUM(CASE WHEN h.id IS NULL THEN 0 ELSE k.instances END), 0) AS HrbpCovered,
                       COALESCE(SUM(CASE WHEN l.id IS NULL THEN 0 ELSE k.instances END), 0) AS LedCovered
                FROM cycles c
                LEFT JOIN instance_counts k ON k.cycle_id = c.id AND k.instances > 0
                LEFT JOIN hrbp_scope h ON h.id = k.department_id
                LEFT JOIN led_scope l ON l.id = k.department_id
                WHERE c.id = @CycleId
                GROUP BY c.id
            ) a
            """;

    /// <summary>
    /// <see cref="Decide"/>'s <see cref="CycleAccess.Watch"/> and above for someone not an administrator, as a condition on
    /// the cycle <c>c</c> under <see cref="AccessWith"/>: it has members and none of them is outside the departments
    /// @Viewer heads or is the HRBP of (with those below; the HRBP's departments are among them, so "all covered as
    /// HRBP" is within "all covered"). The list pages by it in the database; <c>ListsInSqlTests</c> hold the list to
    /// <see cref="AccessAsync"/>. Read, as <see cref="AccessRowsSql"/> is, from the cycle's counts per department (a
    /// row per department): checking each member's department by the primary key of <c>people</c> took 100,000
    /// lookups, 220–440 ms, for the HRBP of the root once a review of the whole organisation was in the list.
    /// </summary>
    internal const string WatchedSql = """
        EXISTS (SELECT 1 FROM instance_counts k WHERE k.cycle_id = c.id AND k.instances > 0)
        AND NOT EXISTS (
            SELECT 1 FROM instance_counts k
            WHERE k.cycle_id = c.id AND k.instances > 0
              AND NOT EXISTS (SELECT 1 FROM led_scope l WHERE l.id = k.department_id))
        """;

    /// <summary>
    /// The sets a cycle's access is decided by: <c>hrbp_scope</c> and <c>led_scope</c>, the departments @Viewer is the
    /// HRBP of (heads or is the HRBP of) with those below; <c>reports</c>, their reports down the manager tree (ids
    /// may repeat: an access row asks only whether one of them is a member, and stops at the first).
    /// </summary>
    internal static string AccessWith(StorageDialect dialect)
    {
        var depth = OrganisationStore.MaxDepth;
        return $"""
            WITH {OrganisationStore.RecursiveKeyword(dialect)} hrbp_led (id, depth) AS (
                SELECT id, 0 FROM departments WHERE hrbp_id = @Viewer
                UNION ALL
                SELECT d.id, l.depth + 1 FROM hrbp_led l JOIN departments d ON d.parent_id = l.id WHERE l.depth < {depth}
            ),
            all_led (id, depth) AS (
                SELECT id, 0 FROM departments WHERE hrbp_id = @Viewer OR head_id = @Viewer
                UNION ALL
                SELECT d.id, l.depth + 1 FROM all_led l JOIN departments d ON d.parent_id = l.id WHERE l.depth < {depth}
            ),
            reports (id, depth) AS (
                SELECT id, 0 FROM people WHERE manager_id = @Viewer
                UNION ALL
                SELECT p.id, r.depth + 1 FROM reports r JOIN people p ON p.manager_id = r.id WHERE r.depth < {depth}
            ),
            hrbp_scope AS (SELECT DISTINCT id FROM hrbp_led),
            led_scope AS (SELECT DISTINCT id FROM all_led)
            """;
    }

    private sealed class AccessRow
    {
        public string CycleId { get; set; } = string.Empty;

        public long Members { get; set; }

        public long HrbpCovered { get; set; }

        public long LedCovered { get; set; }

        public long Related { get; set; }
    }
}
