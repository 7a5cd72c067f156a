using Dapper;
using FormFlow.Storage;

namespace FormFlow.Organisation;

/// <summary>How a person stands to the subject of a process (the employee it is about); several may hold at once.</summary>
[Flags]
public enum SubjectRelation
{
    /// <summary>No relation: the person may see nothing about the subject.</summary>
    None = 0,

    /// <summary>The subject themselves.</summary>
    Self = 1,

    /// <summary>The subject's manager, or a manager above them (direct and indirect reports).</summary>
    Manager = 2,

    /// <summary>The head of the subject's department or of a department above it.</summary>
    DepartmentHead = 4,

    /// <summary>The HRBP of the subject's department or of a department above it.</summary>
    Hrbp = 8,

    /// <summary>An administrator (role <c>admin</c>): every subject.</summary>
    Admin = 16,
}

/// <summary>
/// Who oversees whom, for authorising reads beyond one's own tasks: an employee their own processes, a manager their
/// reports' (direct and indirect), a department head and an HRBP the people of their departments and the departments
/// below, an administrator everyone's. Each answer is one query up or down the trees, however deep they are.
/// </summary>
public static class Oversight
{
    /// <summary>How <paramref name="viewerId"/> stands to <paramref name="subjectId"/>; <see cref="SubjectRelation.None"/> when either is unknown.</summary>
    public static async Task<SubjectRelation> RelationAsync(Database database, string viewerId, string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await RelationAsync(work, viewerId, subjectId);
    }

    /// <summary>How <paramref name="viewerId"/> stands to <paramref name="subjectId"/>, read within <paramref name="work"/>.</summary>
    internal static async Task<SubjectRelation> RelationAsync(UnitOfWork work, string viewerId, string subjectId) =>
        (await RelationsAsync(work, viewerId, [subjectId]))[subjectId];

    /// <summary>
    /// How <paramref name="viewerId"/> stands to each of <paramref name="subjectIds"/>, in four statements however many
    /// there are (a page of the team's instances asked four a row: docs/performance.md, "The team's instances").
    /// </summary>
    internal static async Task<IReadOnlyDictionary<string, SubjectRelation>> RelationsAsync(UnitOfWork work, string viewerId, IReadOnlyCollection<string> subjectIds)
    {
        var relations = subjectIds.Distinct(StringComparer.Ordinal).ToDictionary(s => s, _ => SubjectRelation.None, StringComparer.Ordinal);
        var viewer = await OrganisationStore.FindPersonAsync(work, viewerId);
        if (viewer is null || relations.Count == 0)
        {
            return relations;
        }

        var parameters = new { Ids = JsonIds.Of(relations.Keys), Viewer = viewerId };
        var known = (await work.Connection.QueryAsync<string>($"SELECT id FROM people WHERE id IN ({JsonIds.Select(work.Dialect)})", parameters, work.Transaction))
            .ToHashSet(StringComparer.Ordinal);
        var managed = (await work.Connection.QueryAsync<string>(ManagerChainSql(work.Dialect), parameters, work.Transaction)).ToHashSet(StringComparer.Ordinal);
        var departments = (await work.Connection.QueryAsync<(string Subject, string? HeadId, string? HrbpId)>(DepartmentPathSql(work.Dialect), parameters, work.Transaction))
            .ToLookup(d => d.Subject, StringComparer.Ordinal);
        foreach (var subjectId in relations.Keys.Where(known.Contains).ToList())
        {
            var relation = SubjectRelation.None;
            if (viewerId == subjectId)
            {
                relation |= SubjectRelation.Self;
            }

            if (viewer.HasRole(Role.Admin))
            {
                relation |= SubjectRelation.Admin;
            }

            if (managed.Contains(subjectId) && viewerId != subjectId)
            {
                relation |= SubjectRelation.Manager;
            }

            // Nobody oversees themselves as head or HRBP: their own processes are theirs as the subject.
            if (viewerId != subjectId && departments[subjectId].Any(d => d.HeadId == viewerId))
            {
                relation |= SubjectRelation.DepartmentHead;
            }

            if (viewerId != subjectId && departments[subjectId].Any(d => d.HrbpId == viewerId))
            {
                relation |= SubjectRelation.Hrbp;
            }

            relations[subjectId] = relation;
        }

        return relations;
    }

    /// <summary>
    /// The people <paramref name="viewerId"/> oversees other than themselves — their reports down the manager tree and the
    /// people of the departments they head or are the HRBP of, with the departments below — ordered by id. An
    /// administrator oversees everyone.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OverseenAsync(Database database, string viewerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await OverseenScopeAsync(work, viewerId, "p", withViewer: false, asSet: true) is not { } scope)
        {
            return [];
        }

        var people = await work.Connection.QueryAsync<string>($"{scope.With} SELECT p.id FROM people p WHERE {scope.Condition}", new { Viewer = viewerId }, work.Transaction);
        return [.. people.Order(StringComparer.Ordinal)];
    }

    /// <summary>The subjects of @Ids (a <see cref="JsonIds"/> parameter) @Viewer is among the managers of, up the manager chain.</summary>
    internal static string ManagerChainSql(StorageDialect dialect) => $"""
        WITH {OrganisationStore.RecursiveKeyword(dialect)} chain (subject, id, depth) AS (
            SELECT id, manager_id, 0 FROM people WHERE id IN ({JsonIds.Select(dialect)}) AND manager_id IS NOT NULL
            UNION ALL
            SELECT c.subject, p.manager_id, c.depth + 1 FROM chain c JOIN people p ON p.id = c.id
            WHERE p.manager_id IS NOT NULL AND c.depth < {OrganisationStore.MaxDepth}
        )
        SELECT DISTINCT subject FROM chain WHERE id = @Viewer
        """;

    /// <summary>For each subject of @Ids, the departments from theirs up to the root that @Viewer heads or is the HRBP of.</summary>
    internal static string DepartmentPathSql(StorageDialect dialect) => $"""
        WITH {OrganisationStore.RecursiveKeyword(dialect)} path (subject, id, parent_id, head_id, hrbp_id, depth) AS (
            SELECT e.id, d.id, d.parent_id, d.head_id, d.hrbp_id, 0
            FROM people e JOIN departments d ON d.id = e.department_id WHERE e.id IN ({JsonIds.Select(dialect)})
            UNION ALL
            SELECT p.subject, d.id, d.parent_id, d.head_id, d.hrbp_id, p.depth + 1
            FROM path p JOIN departments d ON d.id = p.parent_id WHERE p.depth < {OrganisationStore.MaxDepth}
        )
        SELECT subject, head_id, hrbp_id FROM path WHERE head_id = @Viewer OR hrbp_id = @Viewer
        """;

    /// <summary>
    /// Where a list of what <paramref name="viewerId"/> oversees starts: the WITH clause it needs (none for everyone)
    /// and the condition on the person of alias <paramref name="person"/> (a <c>people</c> row) — an administrator
    /// everyone, anyone else the people <see cref="OverseenWith"/> finds; never the viewer themselves, unless
    /// <paramref name="withViewer"/>. Null when there is no such viewer: they oversee nobody. The one rule of the
    /// overseen set, whether a list reads it whole or pages through it in the database.
    /// </summary>
    internal static async Task<(string With, string Condition)?> OverseenScopeAsync(UnitOfWork work, string viewerId, string person, bool withViewer, bool asSet = false)
    {
        if (await OrganisationStore.FindPersonAsync(work, viewerId) is not { } viewer)
        {
            return null;
        }

        return OverseenScope(work.Dialect, viewer.HasRole(Role.Admin), person, withViewer, asSet);
    }

    /// <summary>
    /// The scope of <see cref="OverseenScopeAsync"/> for a viewer who is an administrator or not. Two shapes of the one
    /// set <see cref="OverseenWith"/> defines: <paramref name="asSet"/> when the list is of the people themselves (the
    /// database starts from the overseen set, by the indexes: a head's 1,000 people out of 100,000; not on SQLite, see
    /// below), else a check of each row of another list (instances) against its two small parts, <c>reports</c> and
    /// <c>led</c>.
    /// </summary>
    internal static (string With, string Condition) OverseenScope(StorageDialect dialect, bool admin, string person, bool withViewer, bool asSet = false)
    {
        if (admin)
        {
            return ("", withViewer ? "1 = 1" : $"{person}.id <> @Viewer");
        }

        // SQLite answers the check by the indexes already (a MULTI-INDEX OR over people_department and the primary key),
        // three times faster than the set; PostgreSQL cannot use an index under an OR of subqueries and reads every person.
        if (asSet && dialect != StorageDialect.Sqlite)
        {
            // The set holds the viewer, so a list with them needs no OR (under which the database tests every person).
            var set = InOverseen(person);
            return (OverseenWith(dialect), withViewer ? set : $"{person}.id <> @Viewer AND {set}");
        }

        var overseen = $"({person}.id IN (SELECT id FROM reports) OR {person}.department_id IN (SELECT id FROM led))";
        return (OverseenWith(dialect), withViewer ? $"({person}.id = @Viewer OR {overseen})" : $"{person}.id <> @Viewer AND {overseen}");
    }

    /// <summary>The condition of the set form of <see cref="OverseenScope"/>: the person of alias <paramref name="person"/> is in <c>overseen</c>.</summary>
    internal static string InOverseen(string person) => $"{person}.id IN (SELECT id FROM overseen)";

    /// <summary>
    /// The scope of <see cref="OverseenScope"/> for another list's rows by their subject's id (<paramref name="subjectId"/>,
    /// e.g. <c>i.subject_id</c>), checked row by row: the one rule again — the subject is someone else, a known person
    /// (everyone for an administrator), among the viewer's reports or of a department they lead — with the subject's
    /// department looked up by the primary key. For a viewer who oversees more people than the list has rows (the HRBP
    /// of a 100,000-person root and 1,300 instances): joined to <c>people</c>, the planners started from the overseen
    /// people, every person, to keep 1,300 instances (SQLite always, PostgreSQL by a hash join over all of them).
    /// </summary>
    internal static (string With, string Condition) OverseenSubjectScope(StorageDialect dialect, bool admin, string subjectId)
    {
        var known = $"EXISTS (SELECT 1 FROM people o WHERE o.id = {subjectId})";
        return admin
            ? ("", $"{subjectId} <> @Viewer AND {known}")
            : (OverseenWith(dialect), $"{subjectId} <> @Viewer AND ({subjectId} IN (SELECT id FROM reports) OR (SELECT o.department_id FROM people o WHERE o.id = {subjectId}) IN (SELECT id FROM led))");
    }

    /// <summary>
    /// About how many people <paramref name="viewerId"/> oversees, for choosing how to read a list, never what it
    /// holds: their reports counted up to <paramref name="cap"/>, and the people of the departments they lead as the
    /// import counted them (<c>departments.people_count</c>), without reading those people (counting the 100,000 of an
    /// HRBP of the root one by one took 46 ms on SQLite). A report in a department the viewer leads counts twice.
    /// </summary>
    internal static async Task<long> OverseenEstimateAsync(UnitOfWork work, string viewerId, bool admin, long cap) =>
        await work.Connection.ExecuteScalarAsync<long>(OverseenEstimateSql(work.Dialect, admin), new { Viewer = viewerId, Cap = cap }, work.Transaction);

    /// <summary>The statement of <see cref="OverseenEstimateAsync"/>.</summary>
    internal static string OverseenEstimateSql(StorageDialect dialect, bool admin)
    {
        if (admin)
        {
            return "SELECT COALESCE(SUM(people_count), 0) FROM departments";
        }

        var reports = dialect == StorageDialect.SqlServer ? "SELECT TOP (@Cap) id FROM reports" : "SELECT id FROM reports LIMIT @Cap";
        return $"{OverseenWith(dialect)} SELECT (SELECT COUNT(*) FROM ({reports}) r) + (SELECT COALESCE(SUM(d.people_count), 0) FROM departments d WHERE d.id IN (SELECT id FROM led))";
    }

    // The next level of the reports, each looked up by people_manager. PostgreSQL guesses a level ten times the one
    // before: for a manager of 300 (the HRBP of the lists benchmark) its plan for the viewer at hand merge-joined the
    // whole index — all 100,000 people, 5–40 ms, in each statement of a list — to find none. A prepared statement runs
    // such plans its first five times on each connection before its generic plan (a lookup per report, under 1 ms):
    // slow requests now and then, wherever a pooled connection is new. OFFSET 0 keeps the lookup per report always.
    private static string ReportsStep(StorageDialect dialect) => dialect == StorageDialect.PostgreSql
        ? "CROSS JOIN LATERAL (SELECT q.id, q.list_position, q.department_id FROM people q WHERE q.manager_id = r.id OFFSET 0) p"
        : "JOIN people p ON p.manager_id = r.id";

    /// <summary>
    /// The WITH clause of who @Viewer oversees: <c>reports</c>, their reports down the manager tree, each with their
    /// department (the walk reads each one's row anyway; whether a report is in a led department then needs no second
    /// lookup by id); <c>led</c>, the departments they head or are the HRBP of with those below (the closure the
    /// import keeps, migration 0017: a join the planner can count, where a recursive walk down the tree was a guess
    /// that read every person);
    /// <c>overseen</c>, the viewer, their reports and the people of the departments they lead, ids that may repeat,
    /// each with their place in the people list (<c>list_position</c>): a page of the set is sorted and cut from the
    /// rows the set read, not looked up again by id (<see cref="OrganisationStore.PageSql"/>).
    /// </summary>
    internal static string OverseenWith(StorageDialect dialect) => $"""
        WITH {OrganisationStore.RecursiveKeyword(dialect)} reports (id, list_position, department_id, depth) AS (
            SELECT id, list_position, department_id, 0 FROM people WHERE manager_id = @Viewer
            UNION ALL
            SELECT p.id, p.list_position, p.department_id, r.depth + 1 FROM reports r {ReportsStep(dialect)} WHERE r.depth < {OrganisationStore.MaxDepth}
        ),
        led (id) AS (
            SELECT c.descendant_id FROM departments d JOIN department_closure c ON c.ancestor_id = d.id
            WHERE d.head_id = @Viewer OR d.hrbp_id = @Viewer
        ),
        overseen (id, list_position) AS (
            SELECT id, list_position FROM people WHERE id = @Viewer
            UNION ALL
            SELECT id, list_position FROM reports
            UNION ALL
            SELECT p.id, p.list_position FROM people p WHERE p.department_id IN (SELECT id FROM led)
        )
        """;
}
