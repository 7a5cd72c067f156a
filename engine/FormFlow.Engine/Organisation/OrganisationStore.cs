using Dapper;
using FormFlow.Storage;

namespace FormFlow.Organisation;

/// <summary>
/// The stored organisation and the questions the runtime asks of it: who is this person's manager, skip-level,
/// department head, HRBP; who has a role. The SQL is the same in every dialect, but for the word RECURSIVE,
/// which SQL Server does not take.
/// </summary>
internal static class OrganisationStore
{
    private static readonly BulkColumn<Department>[] DepartmentColumns =
    [
        new("id", ColumnKind.Text, d => d.Id),
        new("name_zh", ColumnKind.Text, d => d.NameZh),
        new("name_en", ColumnKind.Text, d => d.NameEn),
        new("parent_id", ColumnKind.Text, d => d.ParentId),
        new("head_id", ColumnKind.Text, d => d.HeadId),
        new("hrbp_id", ColumnKind.Text, d => d.HrbpId),
    ];

    private static readonly BulkColumn<Person>[] PersonColumns =
    [
        new("id", ColumnKind.Text, p => p.Id),
        new("name_zh", ColumnKind.Text, p => p.NameZh),
        new("name_en", ColumnKind.Text, p => p.NameEn),
        new("email", ColumnKind.Text, p => p.Email),
        new("locale", ColumnKind.Text, p => p.Locale),
        new("department_id", ColumnKind.Text, p => p.DepartmentId),
        new("manager_id", ColumnKind.Text, p => p.ManagerId),
        new("roles", ColumnKind.Text, p => p.Roles),
        new("level", ColumnKind.Text, p => p.Level),
        new("hired_on", ColumnKind.Text, p => p.HiredOn),
        new("role_family", ColumnKind.Text, p => p.RoleFamily),
    ];

    // A person's locale is the language they chose (notification_preferences.locale, docs/storage.md) over the one
    // the organisation file gave them: every reading of a person takes it from here, so the pages, notifications and
    // digests speak the chosen language, and an import (which replaces people) does not undo the choice.
    private const string PersonFields = PersonFieldsToLocale + "COALESCE((SELECT np.locale FROM notification_preferences np WHERE np.person_id = p.id), p.locale)" + PersonFieldsFromLocale;

    // The same fields for a read of many people, the locale from the preferences joined as np (FROM people p LEFT JOIN
    // notification_preferences np ON np.person_id = p.id): looked up row by row, the organisation of 100,000 people took
    // 0.2–0.6 s on PostgreSQL with a few preferences stored (it scanned the preferences once a person), joined 0.06 s
    // (docs/performance.md, "Calibration, process rights and lint").
    private const string ManyPeopleFields = PersonFieldsToLocale + "COALESCE(np.locale, p.locale)" + PersonFieldsFromLocale;

    private const string PersonFieldsToLocale = "p.id AS Id, p.name_zh AS NameZh, p.name_en AS NameEn, p.email AS Email, ";

    private const string PersonFieldsFromLocale = """
         AS Locale,
        p.department_id AS DepartmentId, p.manager_id AS ManagerId, p.roles AS Roles, p.level AS Level, p.hired_on AS HiredOn,
        p.role_family AS RoleFamily
        """;

    // The deepest department tree walked; the import refuses cycles, this only keeps a hand-edited table finite.
    public const int MaxDepth = 64;

    /// <summary>Replaces every department and person with <paramref name="organisation"/>, inside the caller's unit of work.</summary>
    public static async Task ReplaceAsync(UnitOfWork work, OrgChart organisation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(organisation);
        await work.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM people", transaction: work.Transaction, cancellationToken: cancellationToken));
        await work.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM departments", transaction: work.Transaction, cancellationToken: cancellationToken));
        await work.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM department_closure", transaction: work.Transaction, cancellationToken: cancellationToken));
        // What the lists read instead of counting the organisation on every page (migration 0016): each person's place by
        // id, each department's head count. Ordinal, as ids compare everywhere in the engine.
        var positions = organisation.People.Select(p => p.Id).Order(StringComparer.Ordinal)
            .Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + 1, StringComparer.Ordinal);
        var counts = organisation.People.Where(p => p.DepartmentId is not null).CountBy(p => p.DepartmentId!, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        await BulkInsert.WriteAsync(work, "departments", [.. DepartmentColumns, new("people_count", ColumnKind.Integer, d => counts.GetValueOrDefault(d.Id))], organisation.Departments, cancellationToken);
        await BulkInsert.WriteAsync(work, "people", [.. PersonColumns, new("list_position", ColumnKind.Integer, p => positions[p.Id])], organisation.People, cancellationToken);
        await BulkInsert.WriteAsync(work, "department_closure", ClosureColumns, Closure(organisation.Departments), cancellationToken);
        await RecountInstancesAsync(work, cancellationToken);
        if (work.Dialect == StorageDialect.Sqlite)
        {
            // The people search's trigram index (migration 0018) reads the people table it indexes: rebuilt from it
            // whole, in the import's transaction, so that a search never sees a renamed or removed person's old name.
            await work.Connection.ExecuteAsync(new CommandDefinition("INSERT INTO people_search (people_search) VALUES ('rebuild')", transaction: work.Transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// The instances of each cycle counted by their subject's department again (migration 0021): a command's writes
    /// count each instance they write by the department its subject had then (<see cref="InstanceCounts"/>), and an
    /// import may move people.
    /// </summary>
    private static async Task RecountInstancesAsync(UnitOfWork work, CancellationToken cancellationToken) =>
        await work.Connection.ExecuteAsync(new CommandDefinition(RecountInstancesSql(work.Dialect), transaction: work.Transaction, cancellationToken: cancellationToken));

    /// <summary>The statements of <see cref="RecountInstancesAsync"/>.</summary>
    internal static string RecountInstancesSql(StorageDialect dialect)
    {
        // A start committing while the counts are rewritten must be counted once: its instance either committed before
        // the lock (read by the rewrite) or its count waits for the import's commit (added after it). SQLite has one
        // writer at a time already.
        var delete = dialect switch
        {
            StorageDialect.PostgreSql => "LOCK TABLE instance_counts IN SHARE ROW EXCLUSIVE MODE;\nDELETE FROM instance_counts;",
            StorageDialect.SqlServer => "DELETE FROM instance_counts WITH (TABLOCKX);",
            _ => "DELETE FROM instance_counts;",
        };
        var none = dialect == StorageDialect.SqlServer ? "N''" : "''";
        return $"""
            {delete}
            INSERT INTO instance_counts (cycle_id, department_id, instances)
            SELECT COALESCE(i.cycle_id, {none}), COALESCE(p.department_id, {none}), COUNT(*)
            FROM process_instances i LEFT JOIN people p ON p.id = i.subject_id
            GROUP BY COALESCE(i.cycle_id, {none}), COALESCE(p.department_id, {none});
            """;
    }

    private static readonly BulkColumn<(string Ancestor, string Descendant, int Depth)>[] ClosureColumns =
    [
        new("ancestor_id", ColumnKind.Text, c => c.Ancestor),
        new("descendant_id", ColumnKind.Text, c => c.Descendant),
        new("depth", ColumnKind.Integer, c => c.Depth),
    ];

    /// <summary>
    /// The department tree's closure (migration 0017): each department with itself (depth 0) and every department above
    /// it, as far as the walks down the tree go (<see cref="MaxDepth"/> levels; a parent the organisation lacks ends
    /// the way up, as it ends a walk down). What the overseen set joins instead of walking the tree.
    /// </summary>
    internal static IEnumerable<(string Ancestor, string Descendant, int Depth)> Closure(IReadOnlyCollection<Department> departments)
    {
        var byId = departments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var department in departments)
        {
            // A hand-made cycle cannot reach here (the import refuses it), but the closure's key would: each ancestor once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            Department? current = department;
            for (var depth = 0; current is not null && depth <= MaxDepth && seen.Add(current.Id); depth++)
            {
                yield return (current.Id, department.Id, depth);
                current = current.ParentId is { } parent ? byId.GetValueOrDefault(parent) : null;
            }
        }
    }

    /// <summary>The whole stored organisation.</summary>
    public static async Task<OrgChart> LoadAsync(UnitOfWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var departments = await work.Connection.QueryAsync<Department>(
            """
            SELECT id AS Id, name_zh AS NameZh, name_en AS NameEn, parent_id AS ParentId, head_id AS HeadId, hrbp_id AS HrbpId
            FROM departments ORDER BY id
            """,
            transaction: work.Transaction);
        var people = await work.Connection.QueryAsync<Person>(
            $"SELECT {ManyPeopleFields} FROM people p LEFT JOIN notification_preferences np ON np.person_id = p.id ORDER BY p.id", transaction: work.Transaction);
        return new OrgChart([.. departments], [.. people]);
    }

    /// <summary>Every department, by id.</summary>
    public static async Task<IReadOnlyList<Department>> DepartmentsAsync(UnitOfWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var departments = await work.Connection.QueryAsync<Department>(
            """
            SELECT id AS Id, name_zh AS NameZh, name_en AS NameEn, parent_id AS ParentId, head_id AS HeadId, hrbp_id AS HrbpId
            FROM departments ORDER BY id
            """,
            transaction: work.Transaction);
        return [.. departments];
    }

    /// <summary>
    /// How many people each department has (not counting those below), as the import counted them (the organisation
    /// changes by an import only): a <c>GROUP BY</c> over every person's department was most of the departments list.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> PeopleByDepartmentAsync(UnitOfWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var counts = await work.Connection.QueryAsync<(string DepartmentId, long People)>(
            "SELECT id, people_count FROM departments WHERE people_count > 0",
            transaction: work.Transaction);
        return counts.ToDictionary(c => c.DepartmentId, c => (int)c.People, StringComparer.Ordinal);
    }

    /// <summary>The ids of @Manager's direct reports, by id (the people_manager index).</summary>
    public static async Task<IReadOnlyList<string>> DirectReportsAsync(UnitOfWork work, string managerId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var ids = await work.Connection.QueryAsync<string>("SELECT id FROM people WHERE manager_id = @Manager ORDER BY id", new { Manager = managerId }, work.Transaction);
        return [.. ids];
    }

    /// <summary>The people of these ids the organisation has, by id.</summary>
    public static async Task<IReadOnlyList<Person>> PeopleOfAsync(UnitOfWork work, IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(work);
        var people = await work.Connection.QueryAsync<Person>(
            $"SELECT {ManyPeopleFields} FROM people p LEFT JOIN notification_preferences np ON np.person_id = p.id WHERE p.id IN ({JsonIds.Select(work.Dialect)}) ORDER BY p.id",
            new { Ids = JsonIds.Of(ids.Distinct(StringComparer.Ordinal)) },
            work.Transaction);
        return [.. people];
    }

    /// <summary>
    /// One page of the people a list shows, by id, and how many there are: everyone, or those the scope of
    /// <paramref name="viewerId"/> admits (<see cref="Oversight.OverseenScopeAsync"/>: its WITH clause and its condition
    /// on <c>p</c>); only those whose id or a name holds <paramref name="search"/> (any case) when given; only
    /// <paramref name="onlyId"/> when given. The departments the page needs (theirs, and those they head or are the HRBP
    /// of) come with it.
    /// </summary>
    public static async Task<(IReadOnlyList<Person> People, IReadOnlyList<Department> Departments, int Total)> PageAsync(
        UnitOfWork work, string viewerId, (string With, string Condition)? scope, string? search, string? onlyId, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        var indexed = search is not null && FoundByTrigrams(search);
        var trigrams = indexed && work.Dialect == StorageDialect.Sqlite;
        var parameters = new
        {
            Viewer = viewerId,
            Pattern = search is null ? null : ContainsPattern(search),
            Trigrams = trigrams ? TrigramPhrase(search!) : null,
            Id = onlyId,
            Offset = offset,
            Limit = limit,
        };
        var (with, where) = PageWhere(scope, search is not null, onlyId is not null, trigrams);
        List<Person> people;
        int total;
        if (where.Length == 0)
        {
            // Everyone: how many is the largest place in the list and a page is a range of places (the import numbers
            // people 1, 2, ... by id) — counting 100,000 people and walking the skipped ones was the whole cost of the
            // HRBP's list.
            total = await work.Connection.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(list_position), 0) FROM people", transaction: work.Transaction);
            people = total <= offset ? [] : [.. await work.Connection.QueryAsync<Person>(EveryonePageSql, parameters, work.Transaction)];
        }
        else
        {
            // The page carries the total (a window count): a head's list found their 1,000 people once to count them and
            // again to page them. Only a page past the end asks for the count alone. The overseen set alone is paged
            // from its own rows, which carry each person's place: looking each of a head's 1,000 people up again by id
            // for their place was two thirds of the statement's time on PostgreSQL (4.5 -> 1.6 ms).
            var fromSet = scope is { } admitted && admitted.Condition == Oversight.InOverseen("p") && search is null && onlyId is null;
            var rows = (await work.Connection.QueryAsync<Person, long, (Person Person, long Total)>(
                fromSet ? OverseenPageSql(work.Dialect, with) : PageSql(work.Dialect, with, where, sortFound: indexed),
                (person, count) => (person, count), parameters, work.Transaction, splitOn: "Total")).ToList();
            people = [.. rows.Select(r => r.Person)];
            total = rows.Count > 0 ? (int)rows[0].Total
                : offset == 0 ? 0
                : await work.Connection.ExecuteScalarAsync<int>($"{with} SELECT COUNT(*) FROM people p {where}", parameters, work.Transaction);
        }

        if (people.Count == 0)
        {
            return ([], [], total);
        }

        var ids = people.Select(p => p.Id).ToArray();
        var departments = await work.Connection.QueryAsync<Department>(
            $"""
            SELECT id AS Id, name_zh AS NameZh, name_en AS NameEn, parent_id AS ParentId, head_id AS HeadId, hrbp_id AS HrbpId
            FROM departments
            WHERE {In(work.Dialect, "id", "Departments")} OR {In(work.Dialect, "head_id", "Ids")} OR {In(work.Dialect, "hrbp_id", "Ids")}
            ORDER BY id
            """,
            new { Departments = people.Select(p => p.DepartmentId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray(), Ids = ids },
            work.Transaction);
        return (people, [.. departments], total);
    }

    /// <summary>The WITH clause (empty for everyone) and WHERE condition of <see cref="PageAsync"/>.</summary>
    internal static (string With, string Where) PageWhere((string With, string Condition)? scope, bool search, bool onlyId, bool trigrams = false)
    {
        var conditions = new List<string>();
        if (scope is { } admitted)
        {
            conditions.Add(admitted.Condition);
        }

        if (trigrams)
        {
            // SQLite: the people the trigram index (migration 0018) finds holding the text first, by their place in the
            // list — a LIKE over lowered columns reads all 100,000 people. The index folds case more widely than LOWER
            // does (beyond ASCII), so it only narrows: the LIKE below still decides, and the answer is the LIKE's.
            conditions.Add("p.list_position IN (SELECT rowid FROM people_search WHERE people_search MATCH @Trigrams)");
        }

        if (search)
        {
            conditions.Add(@"(LOWER(p.id) LIKE @Pattern ESCAPE '\' OR LOWER(p.name_zh) LIKE @Pattern ESCAPE '\' OR LOWER(p.name_en) LIKE @Pattern ESCAPE '\')");
        }

        if (onlyId)
        {
            conditions.Add("p.id = @Id");
        }

        return (scope?.With ?? "", conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions));
    }

    /// <summary>
    /// A page of <see cref="PageAsync"/>'s people, by id (@Offset, @Limit), each with how many there are in all
    /// (<c>Total</c>): the ids first, then the people of the page —
    /// the skipped rows are never read whole (a person's fields include their chosen locale, one lookup each).
    /// <paramref name="sortFound"/> for a search the trigram indexes find (<see cref="FoundByTrigrams"/>): the people
    /// found are sorted, not the list walked in order until a page of them turned up. PostgreSQL's plan for the
    /// prepared statement (generic after five runs) walked it, guessing 1,500 people found: 11 ms for a text found
    /// 12,000 people into the list, 106 ms for one found at its end — the tail of the HRBP's search. The window count
    /// reads every person found anyway; sorting them costs about as much again.
    /// </summary>
    internal static string PageSql(StorageDialect dialect, string with, string where, bool sortFound = false)
    {
        // "+ 0": the same order, which no index gives, so that the database starts from the people found.
        var order = sortFound ? "p.list_position + 0" : "p.list_position";
        return dialect == StorageDialect.SqlServer
            ? $"{with} SELECT {PersonFields}, page.total AS Total FROM (SELECT p.id, COUNT(*) OVER () AS total FROM people p {where} ORDER BY {order} OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY) page JOIN people p ON p.id = page.id ORDER BY p.list_position"
            : $"{with} SELECT {PersonFields}, page.total AS Total FROM (SELECT p.id, COUNT(*) OVER () AS total FROM people p {where} ORDER BY {order} LIMIT @Limit OFFSET @Offset) page JOIN people p ON p.id = page.id ORDER BY p.list_position";
    }

    /// <summary>
    /// A page of the people <see cref="Oversight.OverseenWith"/> finds (<paramref name="with"/>), each once, by their
    /// place in the list (@Offset, @Limit), with how many there are in all: sorted and counted from the set's own rows.
    /// </summary>
    internal static string OverseenPageSql(StorageDialect dialect, string with)
    {
        var page = dialect == StorageDialect.SqlServer ? "OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY" : "LIMIT @Limit OFFSET @Offset";
        return $"{with} SELECT {PersonFields}, page.total AS Total FROM (SELECT o.id, COUNT(*) OVER () AS total FROM (SELECT DISTINCT id, list_position FROM overseen) o ORDER BY o.list_position {page}) page JOIN people p ON p.id = page.id ORDER BY p.list_position";
    }

    /// <summary>A page of everyone (@Offset, @Limit): the people at those places of the list, by id.</summary>
    internal const string EveryonePageSql = $"""
        SELECT {PersonFields} FROM people p
        WHERE p.list_position > @Offset AND p.list_position <= @Offset + @Limit
        ORDER BY p.list_position
        """;

    private static string In(StorageDialect dialect, string column, string parameter) => Actuals.ActualsStore.In(dialect, column, parameter);

    // LIKE's pattern for "holds the text", in lower case as the columns are compared; its wildcards and the escape
    // character stand for themselves.
    private static string ContainsPattern(string text) =>
        "%" + text.ToLowerInvariant().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    /// <summary>
    /// Whether the trigram indexes find the people whose id or a name holds <paramref name="search"/>: SQLite's (migration
    /// 0018, which the search then starts from) and PostgreSQL's (migration 0016, which serve the LIKE itself) find a text
    /// of three characters or more; a shorter search reads the people, as it did before them. SQL Server has none.
    /// </summary>
    internal static bool FoundByTrigrams(string search) => search.EnumerateRunes().Count() >= 3;

    // FTS5's query for "holds the text": one phrase in double quotes, in which any character stands for itself but the
    // double quote, written twice. The trigram tokenizer matches a phrase as a substring of a column.
    internal static string TrigramPhrase(string text) => "\"" + text.ToLowerInvariant().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static Task<Person?> FindPersonAsync(UnitOfWork work, string id) => QueryPerson(work, PersonSql("@Id"), id);

    // The person <paramref name="id"/> (a parameter, or a subquery naming them), their manager and skip-level: the
    // same statements whether asked one at a time or read with a task (SubjectCircleSql).
    private static string PersonSql(string id) => $"SELECT {PersonFields} FROM people p WHERE p.id = {id}";

    private static string ManagerSql(string id) => $"SELECT {PersonFields} FROM people e JOIN people p ON p.id = e.manager_id WHERE e.id = {id}";

    private static string SkipLevelSql(string id) => $"""
        SELECT {PersonFields}
        FROM people e JOIN people m ON m.id = e.manager_id JOIN people p ON p.id = m.manager_id
        WHERE e.id = {id}
        """;

    /// <summary>
    /// One statement reading the subject <paramref name="id"/> (a parameter or a subquery), their manager and their
    /// skip-level, by the statements that ask for each alone: what most steps are assigned to, read beside a task so
    /// that moving on to the next step asks the database nothing more (<see cref="SubjectCircle"/>).
    /// </summary>
    internal static string SubjectCircleSql(string id) => $"""
        {PersonSql(id)}
        UNION ALL
        {ManagerSql(id)}
        UNION ALL
        {SkipLevelSql(id)}
        """;

    /// <summary>The subject, manager and skip-level of <paramref name="subjectId"/>, in one statement.</summary>
    public static async Task<SubjectCircle> SubjectCircleAsync(UnitOfWork work, string subjectId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var people = await work.Connection.QueryAsync<Person>(SubjectCircleSql("@Id"), new { Id = subjectId }, work.Transaction);
        return SubjectCircle.Of(subjectId, [.. people]);
    }

    /// <summary>
    /// The person <paramref name="id"/>, their department and the departments they head or are the HRBP of, in one
    /// round trip: who the caller of every request is (<see cref="OrganisationDirectory.FindPersonAsync"/>).
    /// </summary>
    public static async Task<(Person Person, Department? Department, IReadOnlyList<string> HeadOf, IReadOnlyList<string> HrbpOf)?> FindPersonWithDepartmentsAsync(UnitOfWork work, string id)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var reader = await work.Connection.QueryMultipleAsync(
            $"""
            {PersonSql("@Id")};
            {DepartmentSelect} WHERE id = (SELECT department_id FROM people WHERE id = @Id);
            {LedBySelect}
            """,
            new { Id = id },
            work.Transaction);
        var person = await reader.ReadFirstOrDefaultAsync<Person>();
        var department = await reader.ReadSingleOrDefaultAsync<Department>();
        var (headOf, hrbpOf) = LedBy(await reader.ReadAsync<(string Id, string? HeadId, string? HrbpId)>(), id);
        return person is null ? null : (person, department, headOf, hrbpOf);
    }

    /// <summary>
    /// Holds, until the transaction ends, the lock that lets one node at a time import into an empty organisation:
    /// nodes starting together on an empty database queue here, and each after the first sees the organisation there.
    /// SQLite's write transaction (BEGIN IMMEDIATE) is that lock already.
    /// </summary>
    public static Task LockForImportAsync(UnitOfWork work) => work.Dialect switch
    {
        StorageDialect.Sqlite => Task.CompletedTask,
        StorageDialect.PostgreSql => work.Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@Key)", new { Key = PostgresImportLockKey }, work.Transaction),
        _ => work.Connection.ExecuteAsync(SqlServerImportLock, transaction: work.Transaction),
    };

    // "FF-org" as a number: any 64-bit key of FormFlow's own, distinct from the migrations' lock.
    private const long PostgresImportLockKey = 0x46462D6F7267;

    // sp_getapplock reports a timeout or a deadlock by its result, not by an error.
    internal const string SqlServerImportLock = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'formflow-organisation-import', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 120000;
        IF @result < 0 THROW 50000, N'the organisation import lock was not acquired', 1;
        """;

    /// <summary>
    /// Lets PostgreSQL plan the lists over the organisation an import just wrote, as <c>CycleStore.RefreshStatisticsAsync</c>
    /// does after a launch: until autovacuum came by, the planner took 100,000 people for 32,000, sorted them all on
    /// disk for a deep page of the people list, and counted them by reading the table, not the index (its visibility map
    /// was empty) — 186 and 322 ms (docs/performance.md, "Lists").
    /// </summary>
    public static async Task RefreshStatisticsAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect != StorageDialect.PostgreSql)
        {
            return;
        }

        await Vacuum.UntilMarkedAsync(database, "VACUUM (ANALYZE) people, departments, department_closure", "people", cancellationToken);
    }

    /// <summary>How many people and departments the stored organisation has.</summary>
    public static async Task<(int People, int Departments)> CountAsync(UnitOfWork work)
    {
        var people = await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM people", transaction: work.Transaction);
        var departments = await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM departments", transaction: work.Transaction);
        return (people, departments);
    }

    // The departments @Id heads and those they are the HRBP of.
    private const string LedBySelect = "SELECT id, head_id, hrbp_id FROM departments WHERE head_id = @Id OR hrbp_id = @Id ORDER BY id";

    private static (IReadOnlyList<string> HeadOf, IReadOnlyList<string> HrbpOf) LedBy(IEnumerable<(string Id, string? HeadId, string? HrbpId)> rows, string personId)
    {
        var list = rows.ToList();
        return ([.. list.Where(r => r.HeadId == personId).Select(r => r.Id)], [.. list.Where(r => r.HrbpId == personId).Select(r => r.Id)]);
    }

    public static Task<Department?> FindDepartmentAsync(UnitOfWork work, string id) =>
        work.Connection.QuerySingleOrDefaultAsync<Department>($"{DepartmentSelect} WHERE id = @Id", new { Id = id }, work.Transaction);

    private const string DepartmentSelect = """
        SELECT id AS Id, name_zh AS NameZh, name_en AS NameEn, parent_id AS ParentId, head_id AS HeadId, hrbp_id AS HrbpId
        FROM departments
        """;

    /// <summary>
    /// The department <paramref name="departmentId"/> and every one above it, nearest first: one query, however deep
    /// the tree. Empty for an unknown department.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DepartmentsUpAsync(UnitOfWork work, string departmentId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var ids = await work.Connection.QueryAsync<string>(DepartmentsUpSql(work.Dialect), new { Id = departmentId }, work.Transaction);
        return [.. ids];
    }

    /// <summary>The ids of department @Id and of those above it, nearest first.</summary>
    internal static string DepartmentsUpSql(StorageDialect dialect) => $"""
        WITH {RecursiveKeyword(dialect)} chain (id, parent_id, depth) AS (
            SELECT d.id, d.parent_id, 0 FROM departments d WHERE d.id = @Id
            UNION ALL
            SELECT d.id, d.parent_id, c.depth + 1
            FROM chain c JOIN departments d ON d.id = c.parent_id
            WHERE c.depth < {MaxDepth}
        )
        SELECT id FROM chain ORDER BY depth
        """;

    public static Task<Person?> ManagerOfAsync(UnitOfWork work, string personId) => QueryPerson(work, ManagerSql("@Id"), personId);

    /// <summary>The manager's manager (上级领导): who escalations and two-level approvals go to.</summary>
    public static Task<Person?> SkipLevelOfAsync(UnitOfWork work, string personId) => QueryPerson(work, SkipLevelSql("@Id"), personId);

    /// <summary>
    /// The head of the person's department; for the head themselves (or a department without a head), the head of
    /// the nearest department above: nobody is their own department head.
    /// </summary>
    public static Task<Person?> DepartmentHeadOfAsync(UnitOfWork work, string personId) => UpTheTree(work, "head_id", personId);

    /// <summary>
    /// The HRBP of the person's department, else of the nearest department above that has one. An HRBP is never
    /// their own HRBP: theirs is looked up further up.
    /// </summary>
    public static Task<Person?> HrbpOfAsync(UnitOfWork work, string personId) => UpTheTree(work, "hrbp_id", personId);

    /// <summary>Everyone with <paramref name="role"/>, ordered by id.</summary>
    public static async Task<IReadOnlyList<Person>> PeopleWithRoleAsync(UnitOfWork work, string role)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Role.IsKnown(role))
        {
            throw new ArgumentException($"unknown role \"{role}\"", nameof(role));
        }

        // Roles are stored space-separated; matching the word in the four places it can stand needs no string
        // function (concatenation is spelled differently in each dialect). Role names hold no LIKE wildcards.
        var people = await work.Connection.QueryAsync<Person>(
            $"""
            SELECT {PersonFields} FROM people p
            WHERE p.roles = @Role OR p.roles LIKE @First OR p.roles LIKE @Last OR p.roles LIKE @Middle
            ORDER BY p.id
            """,
            new { Role = role, First = $"{role} %", Last = $"% {role}", Middle = $"% {role} %" },
            work.Transaction);
        return [.. people];
    }

    /// <summary>
    /// Walks from the person's department up the tree and returns the first <paramref name="column"/> (head_id or
    /// hrbp_id) that names someone other than the person: one query, however deep the tree.
    /// </summary>
    private static Task<Person?> UpTheTree(UnitOfWork work, string column, string personId) => QueryPerson(work, UpTheTreeSql(work.Dialect, column), personId);

    /// <summary>The first person named in <paramref name="column"/> (head_id or hrbp_id) from @Id's department up.</summary>
    internal static string UpTheTreeSql(StorageDialect dialect, string column) => $"""
        WITH {RecursiveKeyword(dialect)} chain (id, parent_id, found_id, depth) AS (
            SELECT d.id, d.parent_id, d.{column}, 0
            FROM people e JOIN departments d ON d.id = e.department_id
            WHERE e.id = @Id
            UNION ALL
            SELECT d.id, d.parent_id, d.{column}, c.depth + 1
            FROM chain c JOIN departments d ON d.id = c.parent_id
            WHERE c.depth < {MaxDepth}
        )
        SELECT {PersonFields}
        FROM chain c JOIN people p ON p.id = c.found_id
        WHERE p.id <> @Id
        ORDER BY c.depth
        """;

    /// <summary>
    /// The people for whom <see cref="Relationships"/> names @Starter in <paramref name="relation"/> (a relation of
    /// <c>startableBy</c>), by id: the same answer as resolving the relation for every person and keeping those it names
    /// @Starter for, asked from the starter's side so that only the people found are read. Null for another relation.
    /// </summary>
    public static async Task<IReadOnlyList<Person>?> NamingAsync(UnitOfWork work, string relation, string starterId)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (NamingSql(work.Dialect, relation) is not { } sql)
        {
            return null;
        }

        var people = await work.Connection.QueryAsync<Person>(sql, new { Starter = starterId }, work.Transaction);
        return [.. people];
    }

    /// <summary>The SQL of <see cref="NamingAsync"/> for <paramref name="relation"/>; null for another relation.</summary>
    internal static string? NamingSql(StorageDialect dialect, string relation) => relation switch
    {
        Processes.Assignee.Subject => $"SELECT {PersonFields} FROM people p WHERE p.id = @Starter",
        Processes.Assignee.Manager => $"SELECT {PersonFields} FROM people p WHERE p.manager_id = @Starter AND EXISTS (SELECT 1 FROM people m WHERE m.id = @Starter) ORDER BY p.id",
        Processes.Assignee.SkipLevel => $"SELECT {PersonFields} FROM people p JOIN people m ON m.id = p.manager_id WHERE m.manager_id = @Starter AND EXISTS (SELECT 1 FROM people s WHERE s.id = @Starter) ORDER BY p.id",
        Processes.Assignee.DepartmentHead => DownTheTreeSql(dialect, "head_id"),
        Processes.Assignee.Hrbp => DownTheTreeSql(dialect, "hrbp_id"),
        _ => null,
    };

    /// <summary>
    /// The people for whom <see cref="UpTheTreeSql"/> finds @Starter in <paramref name="column"/>, walking down from the
    /// departments naming @Starter. <see cref="UpTheTreeSql"/> takes, from a person's department up, the first
    /// department naming someone of the organisation other than the person: it finds @Starter for the people of a
    /// department below theirs when every department between names nobody, @Starter, or the person themselves. The
    /// walk carries the one other person named on the way down (<c>other</c>), and stops below a second (<c>many</c>).
    /// </summary>
    internal static string DownTheTreeSql(StorageDialect dialect, string column) => $"""
        WITH {RecursiveKeyword(dialect)} walk (id, other, many, depth) AS (
            SELECT d.id, CASE WHEN 1 = 0 THEN d.{column} END, 0, 0 FROM departments d WHERE d.{column} = @Starter
            UNION ALL
            SELECT c.id,
                   CASE WHEN c.{column} = @Starter THEN NULL
                        WHEN n.id IS NULL OR w.other IS NOT NULL THEN w.other
                        ELSE c.{column} END,
                   CASE WHEN c.{column} = @Starter THEN 0
                        WHEN n.id IS NULL OR w.other IS NULL OR w.other = c.{column} THEN w.many
                        ELSE 1 END,
                   w.depth + 1
            FROM walk w JOIN departments c ON c.parent_id = w.id LEFT JOIN people n ON n.id = c.{column}
            WHERE w.many = 0 AND w.depth < {MaxDepth}
        )
        SELECT {PersonFields} FROM people p
        WHERE p.id <> @Starter AND EXISTS (SELECT 1 FROM people s WHERE s.id = @Starter)
          AND p.id IN (SELECT e.id FROM walk w JOIN people e ON e.department_id = w.id WHERE w.many = 0 AND (w.other IS NULL OR w.other = e.id))
        ORDER BY p.id
        """;

    /// <summary>A recursive common table expression says so in SQLite and PostgreSQL; in T-SQL every CTE may recurse and the word does not exist.</summary>
    internal static string RecursiveKeyword(StorageDialect dialect) => dialect == StorageDialect.SqlServer ? "" : "RECURSIVE";

    private static Task<Person?> QueryPerson(UnitOfWork work, string sql, string id)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.Connection.QueryFirstOrDefaultAsync<Person>(sql, new { Id = id }, work.Transaction);
    }
}
