using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Calibrations;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>
/// Process instances as one person may see them, for a host: an instance, its timeline, its schedule (its pending
/// timers, and the notices it sent to them — <see cref="ScheduleView"/>), and a subject's instances. What each person
/// sees is <see cref="Visibility"/>'s to say — the participants, the subject while a step shows them its form, and the
/// people overseeing the subject see the instance; of its forms, answers, names and returns each sees what their parts
/// and relation give them. Anyone else gets null: the instance might as well not exist.
/// </summary>
public sealed class InstanceDesk(Database database, TimeProvider clock)
{
    /// <summary>The instance as <paramref name="viewerId"/> may see it; null when they may not.</summary>
    public async Task<InstanceDetails?> InstanceAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await SeeAsync(work, instanceId, viewerId) is { } sight ? await DetailsAsync(work, sight.Run, sight.Visibility, clock.GetUtcNow()) : null;
    }

    /// <summary>The meetings of the instance whose time <paramref name="viewerId"/> reads; null when they may not see the instance.</summary>
    public Task<IReadOnlyList<PlannedMeeting>?> MeetingsAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default) =>
        new ProcessRuntime(database, clock).MeetingsAsync(instanceId, viewerId, cancellationToken);

    /// <summary>
    /// Moves the meeting step <paramref name="stepId"/> booked to <paramref name="at"/> (null: cancels it), and to
    /// <paramref name="place"/> when given, for the person who booked it (<see cref="ProcessRuntime.RescheduleMeetingAsync"/>),
    /// marking the claimed idempotency key <paramref name="mark"/> in the same transaction.
    /// </summary>
    public Task<MeetingChange> RescheduleMeetingAsync(
        string instanceId, string stepId, string personId, DateTimeOffset? at, string? place, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        new ProcessRuntime(database, clock).RescheduleMeetingAsync(instanceId, stepId, personId, at, place, mark: mark, cancellationToken: cancellationToken);

    /// <summary>The instance's journal as <paramref name="viewerId"/> may read it; null when they may not see the instance.</summary>
    public async Task<IReadOnlyList<TimelineItem>?> TimelineAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await SeeAsync(work, instanceId, viewerId) is { } sight ? await TimelineAsync(work, sight.Run, sight.Visibility) : null;
    }

    /// <summary>
    /// The instance's schedule as <paramref name="viewerId"/> may see it (<see cref="ScheduleView"/>): its pending
    /// reminders, escalations, waits and check-ins, and the notices it sent to the viewer; null when they may not see
    /// the instance.
    /// </summary>
    public async Task<InstanceSchedule?> ScheduleAsync(string instanceId, string viewerId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await SeeAsync(work, instanceId, viewerId) is { } sight ? await ScheduleView.ForAsync(work, sight.Run, sight.Visibility) : null;
    }

    /// <summary>
    /// The instances of <paramref name="subjectId"/> that <paramref name="viewerId"/> may see, newest first, and how many
    /// there are: an instance they may not see is neither listed nor counted.
    /// </summary>
    public async Task<InstancePage> OfSubjectAsync(string subjectId, string viewerId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var rows = await work.Connection.QueryAsync<InstanceRow>(
            $"SELECT {InstanceColumns} FROM process_instances WHERE subject_id = @Subject ORDER BY created_at DESC, id",
            new { Subject = subjectId },
            work.Transaction);
        return await PageAsync(work, rows, viewerId, page, pageSize);
    }

    /// <summary>
    /// The instances of the people <paramref name="viewerId"/> oversees (<see cref="FormFlow.Organisation.Oversight"/>:
    /// their reports down the manager tree, the people of the departments they head or are the HRBP of; everyone for
    /// an administrator), in cycle <paramref name="cycleId"/> when given, newest first, as far as the viewer may see
    /// them; and how many there are. Their own instances are not among them.
    /// </summary>
    public async Task<InstancePage> OverseenAsync(string viewerId, string? cycleId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await FormFlow.Organisation.OrganisationStore.FindPersonAsync(work, viewerId) is not { } viewer)
        {
            return new InstancePage([], 0);
        }

        // Whoever oversees a subject sees every instance of theirs (Visibility: the overseer's relation), so the
        // database filters, counts and pages by subject; each row of the page still goes through Visibility below.
        // Two shapes, by about how many people the viewer oversees (Oversight.OverseenEstimateAsync) against about how
        // many instances there are:
        // - far fewer (a manager, a head): person by person, the page carrying the total; a manager of 10 among a
        //   million instances must not scan a million;
        // - else (an HRBP, an administrator): the page walks the instances newest first (process_instances_created,
        //   migration 0019) and stops after it, and the total sums the counts the database keeps per cycle and
        //   department (migration 0021). Carrying the total made every page check and sort every instance, and any
        //   exact count read them all: 100,000 for the HRBP of a review of the whole organisation. A page past the
        //   middle is walked from the oldest end. Past the first page, a viewer who oversees all the instances but a
        //   few (AllButFewAsync) has the page found among all of them by the index of their order alone
        //   (instance_order, migration 0024), the few stepped over: a walk checks each instance it passes, 3–5 µs
        //   each, which a page in the middle of 100,000 pays 50,000 times. Deep pages on PostgreSQL keep the
        //   person-by-person shape when it is the cheaper (below).
        var admin = viewer.HasRole(FormFlow.Organisation.Role.Admin);
        var instances = await work.Connection.ExecuteScalarAsync<long>(InstancesEstimateSql(work.Dialect), transaction: work.Transaction);
        var overseen = await FormFlow.Organisation.Oversight.OverseenEstimateAsync(work, viewerId, admin, (2 * instances) + 1);
        var byPerson = FormFlow.Organisation.Oversight.OverseenScope(work.Dialect, admin, "s", withViewer: false);
        var offset = (Math.Max(1, page) - 1) * pageSize;
        var parameters = new { Viewer = viewerId, Cycle = cycleId, Offset = offset, Limit = pageSize };
        var inCycle = cycleId is not null;
        if (2 * overseen > instances)
        {
            var byInstance = FormFlow.Organisation.Oversight.OverseenSubjectScope(work.Dialect, admin, "i.subject_id");
            var scope = OverseenWhere(byInstance.Condition, inCycle, byInstance: true);
            var count = OverseenCountSql(work.Dialect, admin, inCycle);
            // Past the first page the counts come first: the total tells which end of the list the page is nearer.
            (long Listed, long Instances, long Others)? counts = offset > 0
                ? await work.Connection.QuerySingleAsync<(long, long, long)>(count, parameters, work.Transaction) : null;
            int? known = counts is { } c ? (int)c.Listed : null;
            // How many rows are newer than the page, and how many older (past the last page, fewer than none).
            var older = known is { } all ? all - offset - pageSize : int.MaxValue;
            var fromOldest = older < offset;
            var depth = Math.Min(offset, older);
            if (counts is { } those && await AllButFewAsync(work, admin, inCycle, viewerId, cycleId, those, depth, pageSize, fromOldest) is { } found)
            {
                return new InstancePage((await ItemsAsync(work, found, viewerId, 0, pageSize)).Items, (int)those.Listed);
            }

            // PostgreSQL checks a walked instance in ~4.5 µs, where its hash join and sort of the people cost ~170 ms at
            // any depth: when the viewer oversees about everyone, a page deeper than a third of the instances (from the
            // nearer end) costs less person by person. Overseeing far more people than there are instances, the walk
            // is never dearer than the other way, which checks every instance too.
            if (work.Dialect != StorageDialect.PostgreSql || overseen > 2 * instances || depth < instances / 3)
            {
                List<InstanceRow> walked;
                if (fromOldest)
                {
                    // From the oldest: skip the older rows, take the page's (fewer on the last page), newest first again.
                    var skip = Math.Max(0, older);
                    var take = older + pageSize - skip;
                    walked = take <= 0 ? [] : [.. (await work.Connection.QueryAsync<InstanceRow>(
                        OverseenWalkSql(work.Dialect, byInstance.With, scope, oldestFirst: true),
                        new { Viewer = viewerId, Cycle = cycleId, Offset = skip, Limit = take }, work.Transaction)).Reverse()];
                }
                else
                {
                    walked = [.. await work.Connection.QueryAsync<InstanceRow>(OverseenWalkSql(work.Dialect, byInstance.With, scope), parameters, work.Transaction)];
                }

                // On the first page, one short of full is the whole list.
                var counted = known ?? (walked.Count == pageSize
                    ? (int)(await work.Connection.QuerySingleAsync<(long, long, long)>(count, parameters, work.Transaction)).Item1 : walked.Count);
                return new InstancePage((await ItemsAsync(work, walked, viewerId, 0, pageSize)).Items, counted);
            }
        }

        var where = OverseenWhere(byPerson.Condition, inCycle);
        var rows = (await work.Connection.QueryAsync<InstanceRow, long, (InstanceRow Row, long Total)>(
            OverseenPageSql(work.Dialect, byPerson.With, where), (row, total) => (row, total), parameters, work.Transaction, splitOn: "Total")).ToList();
        // The page carries the total; a page past the last has no row to carry it, and is counted on its own.
        var total = rows.Count > 0 ? (int)rows[0].Total
            : offset == 0 ? 0
            : await work.Connection.ExecuteScalarAsync<int>($"{byPerson.With} SELECT COUNT(*) {where}", parameters, work.Transaction);
        var (items, _) = await ItemsAsync(work, [.. rows.Select(r => r.Row)], viewerId, 0, pageSize);
        return new InstancePage(items, total);
    }

    // How many instances a viewer may not list, at most, for their page to be found among all the instances.
    private const int MostExcluded = 100;

    /// <summary>
    /// The page of <paramref name="pageSize"/> among the instances @Viewer oversees (in @Cycle
    /// when <paramref name="inCycle"/>) that lies <paramref name="skip"/> rows from the newest end (from the oldest when
    /// <paramref name="fromOldest"/>; fewer than none on the last page), newest first, when the viewer oversees all the
    /// instances but at most <see cref="MostExcluded"/> (an administrator, the HRBP of the whole organisation: their own
    /// and a few others'). Null when they do not, when those few are to be looked for among more people than half the
    /// rows a walk to the page would check, or when they cannot all be found by their subjects' departments (an instance
    /// of someone who has left the organisation): the caller then checks instance by instance. <paramref name="counts"/>
    /// are <see cref="OverseenCountSql"/>'s.
    /// </summary>
    private static async Task<IReadOnlyList<InstanceRow>?> AllButFewAsync(
        UnitOfWork work, bool admin, bool inCycle, string viewerId, string? cycleId, (long Listed, long Instances, long Others) counts, int skip, int pageSize, bool fromOldest)
    {
        var excluded = (int)(counts.Instances - counts.Listed);
        // The few are looked for among the people of the departments the viewer does not lead: a person's instances
        // cost about what two instances checked on the walk cost, so the walk is the cheaper when it is short.
        if (excluded is < 0 or > MostExcluded || 2 * counts.Others > skip)
        {
            return null;
        }

        // From the oldest end, the last page is the short one: the rows before the first of the list are none.
        var from = Math.Max(0, skip);
        var take = skip + pageSize - from;
        if (take <= 0)
        {
            return [];
        }

        var rows = (await work.Connection.QueryAsync<InstanceRow, long, long, (InstanceRow Row, bool InWindow, bool Excluded)>(
            AllButFewSql(work.Dialect, admin, inCycle, fromOldest),
            (row, inWindow, isExcluded) => (row, inWindow == 1, isExcluded == 1),
            new { Viewer = viewerId, Cycle = cycleId, Offset = from, Limit = excluded + take },
            work.Transaction,
            splitOn: "InWindow,Excluded")).ToList();
        if (rows.Count(r => r.Excluded) != excluded)
        {
            return null;
        }

        // The window holds all the instances from the page's place on, the page's rows among them once the excluded
        // ones are stepped over; as many of its first listed rows as there are excluded instances before it are the
        // previous page's, each excluded one before it having moved the list's rows one place on.
        var before = rows.TakeWhile(r => !r.InWindow).Count();
        var page = rows.Where(r => r.InWindow && !r.Excluded).Skip(before).Take(take).Select(r => r.Row);
        return fromOldest ? [.. page.Reverse()] : [.. page];
    }

    /// <summary>All the instances (in @Cycle when <paramref name="inCycle"/>), from the counts kept per cycle and department.</summary>
    private static string AllCountSql(bool inCycle) => $"SELECT COALESCE(SUM(c.instances), 0) FROM instance_counts c{(inCycle ? " WHERE c.cycle_id = @Cycle" : "")}";

    // The departments @Viewer does not lead (led: Oversight.OverseenWith) whose people have instances (in @Cycle).
    private static string OtherDepartmentsSql(bool inCycle) =>
        $"SELECT c.department_id FROM instance_counts c WHERE c.instances > 0{(inCycle ? " AND c.cycle_id = @Cycle" : "")} AND c.department_id NOT IN (SELECT id FROM led)";

    // Whether people without a department, or no longer in the organisation, have instances (in @Cycle).
    private static string WithoutDepartmentSql(bool inCycle) =>
        $"EXISTS (SELECT 1 FROM instance_counts c WHERE c.department_id = '' AND c.instances > 0{(inCycle ? " AND c.cycle_id = @Cycle" : "")})";

    /// <summary>
    /// For <see cref="AllButFewAsync"/>: a window of all the instances (in @Cycle when <paramref name="inCycle"/>),
    /// @Limit of them from @Offset on, newest first (oldest first when <paramref name="oldestFirst"/>), read along the
    /// index of the instances' order alone however deep it starts (instance_order, migration 0024: no command updates
    /// it, so PostgreSQL's walk never has to read the table because an instance moved on since the last VACUUM); and
    /// every instance @Viewer does not oversee, found among those of
    /// the viewer, of the people of departments they do not lead, and of people without a department, as the counts
    /// say there are such instances — each checked against the one rule (<see cref="FormFlow.Organisation.Oversight.OverseenSubjectScope"/>).
    /// Both together, in the list's order, each row marked with which it belongs to (<c>InWindow</c>, <c>Excluded</c>).
    /// </summary>
    internal static string AllButFewSql(StorageDialect dialect, bool admin, bool inCycle, bool oldestFirst)
    {
        var (columns, limit) = (InstanceColumnsOfI, PageLimit(dialect));
        var scope = FormFlow.Organisation.Oversight.OverseenSubjectScope(dialect, admin, "x.subject_id");
        var candidates = admin ? "SELECT @Viewer AS id" : $"""
            SELECT @Viewer AS id
            UNION SELECT p.id FROM people p WHERE p.department_id IN ({OtherDepartmentsSql(inCycle)})
            UNION SELECT p.id FROM people p WHERE p.department_id IS NULL AND {WithoutDepartmentSql(inCycle)}
            """;
        // Each candidate's instances by subject (PostgreSQL, guessing a thousand candidates, read all the instances).
        var theirs = dialect == StorageDialect.PostgreSql
            ? "CROSS JOIN LATERAL (SELECT x.id, x.subject_id, x.cycle_id FROM process_instances x WHERE x.subject_id = s.id OFFSET 0) x"
            : "JOIN process_instances x ON x.subject_id = s.id";
        // PostgreSQL's generic plan takes @Limit for a tenth of the table, and hashed every instance to join the window's
        // twenty: 50–80 ms a page. Each row looked up by its key whatever the guess.
        var rows = dialect == StorageDialect.PostgreSql
            ? "FROM (SELECT id FROM win UNION SELECT id FROM excluded) m CROSS JOIN LATERAL (SELECT * FROM process_instances r WHERE r.id = m.id OFFSET 0) i"
            : "FROM process_instances i WHERE i.id IN (SELECT id FROM win UNION SELECT id FROM excluded)";
        // The excluded instances are found by subject, never by the cycle's index (see OverseenCountSql). At most one
        // more than MostExcluded: the caller takes the page only when it finds as many as the counts say, never more
        // than MostExcluded. The bound is for PostgreSQL's estimate too: guessing 67,000 rows (the people of the
        // departments the viewer does not lead, as if each had an instance), it sized the hash tables of the two
        // "IN (SELECT id FROM excluded)" for them, and building those took 1.6 ms of the 2.1 a page ran.
        var (top, bound) = dialect == StorageDialect.SqlServer ? ($"TOP ({MostExcluded + 1}) ", "") : ("", $" LIMIT {MostExcluded + 1}");
        return $"""
            {(scope.With.Length == 0 ? "WITH " : scope.With + ",\n")}excluded (id) AS (
                SELECT {top}x.id FROM ({candidates}) s {theirs}
                WHERE CASE WHEN {scope.Condition} THEN 0 ELSE 1 END = 1{(inCycle ? " AND COALESCE(x.cycle_id, '') = @Cycle" : "")}{bound}
            ),
            win (id) AS (
                SELECT a.id FROM instance_order a{(inCycle ? " WHERE a.cycle_id = @Cycle" : "")} ORDER BY {Order("a")} {limit}
            )
            SELECT {columns},
                CAST(CASE WHEN i.id IN (SELECT id FROM win) THEN 1 ELSE 0 END AS bigint) AS InWindow,
                CAST(CASE WHEN i.id IN (SELECT id FROM excluded) THEN 1 ELSE 0 END AS bigint) AS Excluded
            {rows}
            ORDER BY {Order("i")}
            """;

        string Order(string alias) => oldestFirst ? $"{alias}.created_at, {alias}.id DESC" : $"{alias}.created_at DESC, {alias}.id";
    }

    /// <summary>
    /// How many instances @Viewer oversees (in @Cycle when <paramref name="inCycle"/>), from the counts the database keeps
    /// per cycle and department (migration 0021) without reading the instances of the departments they lead: those
    /// counts summed, less the viewer's own instances when their department is among them, plus the instances of their
    /// reports outside those departments, read one report at a time. The rule of <see cref="OverseenWhere"/> split by
    /// whether the subject's department is led; an administrator oversees every known person but themselves (all the
    /// counts less their own instances and those of people no longer in the organisation). With it,
    /// for <see cref="AllButFewAsync"/>, how many instances there are (<c>Instances</c>) and how many people those the
    /// viewer does not oversee would be looked for among (<c>Others</c>: the people of the departments they do not lead
    /// whose people have instances, as the import counted them, and people without a department when such have any).
    /// </summary>
    internal static string OverseenCountSql(StorageDialect dialect, bool admin, bool inCycle)
    {
        var countsInCycle = inCycle ? " AND c.cycle_id = @Cycle" : "";
        // The instances read here are a few people's, found by subject, never by the cycle's index, which holds all
        // 100,000 instances of a whole-organisation review: SQLite, without statistics, took that index; PostgreSQL,
        // taking the walk down the reports for 100,000 rows (it was 300), too. No planner uses an index under COALESCE.
        var instancesInCycle = inCycle ? " AND COALESCE(i.cycle_id, '') = @Cycle" : "";
        var own = $"SELECT COUNT(*) FROM process_instances i JOIN people s ON s.id = i.subject_id WHERE i.subject_id = @Viewer{instancesInCycle}";
        var all = $"CAST(({AllCountSql(inCycle)}) AS bigint) AS Instances";
        if (admin)
        {
            // Counted under no department are the instances of people without one, whom an administrator oversees, and
            // those of people no longer in the organisation, whom nobody does.
            var gone = $"""
                (SELECT COALESCE(SUM(c.instances), 0) FROM instance_counts c WHERE c.department_id = ''{countsInCycle})
                - (SELECT COUNT(*) FROM process_instances i JOIN people s ON s.id = i.subject_id WHERE s.department_id IS NULL{instancesInCycle})
                """;
            return $"SELECT CAST(({AllCountSql(inCycle)}) - ({own}) - ({gone}) AS bigint) AS Listed, {all}, CAST(0 AS bigint) AS Others";
        }

        return $"""
            {FormFlow.Organisation.Oversight.OverseenWith(dialect)}
            SELECT CAST((SELECT COALESCE(SUM(c.instances), 0) FROM instance_counts c WHERE c.department_id IN (SELECT id FROM led){countsInCycle})
                - ({own} AND s.department_id IN (SELECT id FROM led))
                + (SELECT COUNT(*) FROM process_instances i
                   WHERE i.subject_id IN (SELECT r.id FROM reports r WHERE r.department_id IS NULL OR r.department_id NOT IN (SELECT id FROM led))
                   AND i.subject_id <> @Viewer{instancesInCycle}) AS bigint) AS Listed,
                {all},
                CAST((SELECT COALESCE(SUM(d.people_count), 0) FROM departments d WHERE d.id IN ({OtherDepartmentsSql(inCycle)}))
                    + CASE WHEN {WithoutDepartmentSql(inCycle)} THEN (SELECT COUNT(*) FROM people p WHERE p.department_id IS NULL) ELSE 0 END AS bigint) AS Others
            """;
    }

    /// <summary>
    /// The FROM and WHERE of the instances whose subject (alias <c>s</c>) <paramref name="condition"/> admits, in @Cycle
    /// when <paramref name="inCycle"/>; of the instances alone when <paramref name="byInstance"/> (the condition is on
    /// <c>i.subject_id</c>, <see cref="FormFlow.Organisation.Oversight.OverseenSubjectScope"/>).
    /// </summary>
    internal static string OverseenWhere(string condition, bool inCycle, bool byInstance = false) =>
        $"FROM process_instances i {(byInstance ? "" : "JOIN people s ON s.id = i.subject_id ")}WHERE {condition}" + (inCycle ? " AND i.cycle_id = @Cycle" : "");

    /// <summary>
    /// About how many instances there are, without reading them: SQLite's largest rowid (instances are never renumbered,
    /// rarely deleted), PostgreSQL's and SQL Server's row count of the table's statistics (counted when PostgreSQL has
    /// none yet, a table never analysed: a new, small one).
    /// </summary>
    internal static string InstancesEstimateSql(StorageDialect dialect) => dialect switch
    {
        StorageDialect.Sqlite => "SELECT COALESCE(MAX(rowid), 0) FROM process_instances",
        StorageDialect.SqlServer => "SELECT COALESCE(SUM(p.rows), 0) FROM sys.partitions p WHERE p.object_id = OBJECT_ID('process_instances') AND p.index_id IN (0, 1)",
        _ => "SELECT CASE WHEN c.reltuples >= 0 THEN CAST(c.reltuples AS bigint) ELSE (SELECT COUNT(*) FROM process_instances) END FROM pg_class c WHERE c.oid = 'process_instances'::regclass",
    };

    /// <summary>
    /// One page (@Offset, @Limit) of the instances of <see cref="OverseenWhere"/>, newest first, each row with how many
    /// there are in all (<c>Total</c>). The count rides on the page's own pass: counting in a statement of its own
    /// checked every instance against the viewer's oversight a second time, a third of the request for an HRBP.
    /// The page is chosen by id and date alone, and only its rows are read whole.
    /// </summary>
    internal static string OverseenPageSql(StorageDialect dialect, string with, string where)
    {
        var (columns, limit) = (InstanceColumnsOfI, PageLimit(dialect));
        var page = $"page (id, total) AS (SELECT i.id, COUNT(*) OVER () {where} ORDER BY i.created_at DESC, i.id {limit})";
        return $"{(with.Length == 0 ? "WITH " : with + ",\n")}{page} SELECT {columns}, page.total AS Total FROM page JOIN process_instances i ON i.id = page.id ORDER BY i.created_at DESC, i.id";
    }

    /// <summary>
    /// One page (@Offset, @Limit) of the instances of <see cref="OverseenWhere"/>, newest first (or, when
    /// <paramref name="oldestFirst"/>, in the reverse order), without the total: read along process_instances_created
    /// (migration 0019), the database stops after the page.
    /// </summary>
    internal static string OverseenWalkSql(StorageDialect dialect, string with, string where, bool oldestFirst = false)
    {
        var (columns, limit) = (InstanceColumnsOfI, PageLimit(dialect));
        return $"{with} SELECT {columns} {where} ORDER BY {(oldestFirst ? "i.created_at, i.id DESC" : "i.created_at DESC, i.id")} {limit}";
    }

    // The instance's columns from alias i, and a page's @Offset and @Limit, as the statements of a page write them.
    private static readonly string InstanceColumnsOfI = string.Join(", ", InstanceColumns.Split(',').Select(c => "i." + c.Trim()));

    private static string PageLimit(StorageDialect dialect) =>
        dialect == StorageDialect.SqlServer ? "OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY" : "LIMIT @Limit OFFSET @Offset";

    private const string InstanceColumns = """
        id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
        status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    // The rows the viewer may see, counted, and one page of them with their subject, cycle and open steps as the viewer reads them.
    private async Task<InstancePage> PageAsync(UnitOfWork work, IEnumerable<InstanceRow> rows, string viewerId, int page, int pageSize)
    {
        var (items, visible) = await ItemsAsync(work, rows, viewerId, (Math.Max(1, page) - 1) * pageSize, pageSize);
        return new InstancePage(items, visible);
    }

    // Of the rows the viewer may see, those from offset on, at most limit, with their subject, cycle and open steps as
    // the viewer reads them; and how many the viewer may see.
    private async Task<(IReadOnlyList<InstanceListItem> Items, int Visible)> ItemsAsync(UnitOfWork work, IEnumerable<InstanceRow> rows, string viewerId, int offset, int limit)
    {
        var now = clock.GetUtcNow();
        var list = rows as IReadOnlyList<InstanceRow> ?? [.. rows];
        var runs = await Run.OpenManyAsync(work, list, now, viewerId);

        // The viewer's relation to every subject at once, not four statements a row.
        var visible = runs.Zip(await Visibility.ForAsync(work, runs, viewerId)).Where(p => p.Second.SeesInstance).ToList();

        var names = new Names(work);
        var items = new List<InstanceListItem>();
        var shown = visible.Skip(offset).Take(limit).ToList();
        // The subjects' and holders' names of the page in one query, not one a name.
        await names.KnowAsync(shown.SelectMany(v => v.First.Tasks.Where(t => t.Status == TaskStatuses.Open).Select(t => t.AssigneeId).Append(v.First.Instance.SubjectId)));
        foreach (var (run, sight) in shown)
        {
            var row = run.Instance;
            var cycleName = run.Cycle?.Name;
            items.Add(new InstanceListItem(
                row.Id, row.ProcessKey, run.Process.Title, row.CycleId, row.Status, TaskDesk.At(row.CreatedAt)!.Value, [.. InstanceState.Parse(row.State).Active])
            {
                Subject = await names.OfAsync(row.SubjectId),
                CycleName = cycleName,
                OpenTasks = await OpenTasksAsync(run, sight, names, now),
            });
        }

        return (items, visible.Count);
    }

    // The steps the instance waits at, who holds them (nobody named at an anonymous step), when they are due.
    private static async Task<IReadOnlyList<OpenTaskView>> OpenTasksAsync(Run run, Visibility sight, Names names, DateTimeOffset now)
    {
        var open = new List<OpenTaskView>();
        foreach (var task in run.Tasks.Where(t => t.Status == TaskStatuses.Open))
        {
            var assignee = sight.NamesPeopleAt(task.Step) ? await names.OfAsync(task.AssigneeId) : null;
            open.Add(new OpenTaskView(task.Step, TaskDesk.StepTitle(run.Process, task.Step), assignee, TaskDesk.At(task.DueAt), task.DueAt < now.ToUnixTimeMilliseconds()));
        }

        return open;
    }

    /// <summary>
    /// The instance of <paramref name="run"/> as <paramref name="sight"/> reads it: who holds the open tasks (nobody
    /// named at an anonymous step), the forms in the sections they read, the answers they read. The caller has checked
    /// that the instance is theirs to see. <paramref name="names"/>: the names a caller reading many instances looked up at once.
    /// </summary>
    internal static async Task<InstanceDetails> DetailsAsync(UnitOfWork work, Run run, Visibility sight, DateTimeOffset now, Names? names = null)
    {
        var instance = run.Instance;
        names ??= new Names(work);
        var open = await OpenTasksAsync(run, sight, names, now);

        var forms = new JsonObject();
        foreach (var (name, document) in run.State.Forms)
        {
            if (sight.Form(name, await ProcessCatalog.FormAsync(work, run.Process, name)) is { } reading)
            {
                forms[name] = reading.View(document);
            }
        }

        var answers = new JsonObject();
        foreach (var stepId in run.State.Responses.Keys)
        {
            if (StepTasks.SpecOf(run.Process.Steps[stepId]) is { } spec && sight.Answers(stepId, await ProcessCatalog.FormAsync(work, run.Process, spec.Form)) is { } read)
            {
                answers[stepId] = read;
            }
        }

        return new InstanceDetails(
            instance.Id, instance.ProcessKey, run.Process.Title, instance.ProcessVersion, instance.CycleId, await names.OfAsync(instance.SubjectId),
            instance.Status, TaskDesk.At(instance.CreatedAt)!.Value, TaskDesk.At(instance.UpdatedAt)!.Value, sight.Relations, open, forms, answers);
    }

    /// <summary>
    /// The journal of <paramref name="run"/>'s instance as <paramref name="sight"/> reads it: who did what (nobody named
    /// about an anonymous step's answers), and for each return its round, who and why as far as they may read it.
    /// </summary>
    internal static async Task<IReadOnlyList<TimelineItem>> TimelineAsync(UnitOfWork work, Run run, Visibility sight)
    {
        var names = new Names(work);
        var journal = await AuditLog.ForAsync(work, "instance", run.Instance.Id);
        var rounds = await ReturnsAsync(work, run, sight, names, journal, ReadsFieldAsync(work, run, sight));
        var entries = new List<TimelineItem>();
        foreach (var entry in journal)
        {
            var detail = JsonNode.Parse(entry.AfterJson ?? "{}")!.AsObject();
            RatingChange? change = null;
            if (entry.Action is CalibrationDesk.CalibratedAction or CalibrationDesk.ReleasedAction)
            {
                // Rule 7: an entry of a calibration is the rating's; whoever does not read the rating does not see it.
                var form = (string?)detail["form"] ?? string.Empty;
                var (reads, reason) = run.Process.Forms.ContainsKey(form) ? sight.ReadsCalibration(form, await ProcessCatalog.FormAsync(work, run.Process, form)) : (false, false);
                if (!reads)
                {
                    continue;
                }

                change = new RatingChange((int?)detail["previous"], (int)detail["rating"]!, reason ? (string?)detail["reason"] : null);
            }

            var (from, to) = ((string?)detail["from"], (string?)detail["to"]);
            var (kind, actor) = !sight.NamesActorOf(entry, from) ? ("anonymous", null)
                : entry.Actor == "system" ? ("system", null)
                : ("person", await names.OfAsync(entry.Actor));
            entries.Add(new TimelineItem(TaskDesk.At(entry.At)!.Value, kind, actor, entry.Action, from, to, rounds.GetValueOrDefault(entry)) { Rating = change });
        }

        return entries;
    }

    /// <summary>
    /// The returns in <paramref name="journal"/>, each as the round it ended: numbered per step the form went back to,
    /// the reason when <paramref name="sight"/> may read it, and the comments of that return on the fields
    /// <paramref name="readsField"/> says the reader reads (form, top-level field).
    /// </summary>
    internal static async Task<Dictionary<AuditEntry, ReturnRound>> ReturnsAsync(
        UnitOfWork work, Run run, Visibility sight, Names names, IReadOnlyList<AuditEntry> journal, Func<string, string, Task<bool>> readsField)
    {
        var rounds = new Dictionary<AuditEntry, ReturnRound>(ReferenceEqualityComparer.Instance);
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in journal)
        {
            if (sight.Return(entry) is not { } returned)
            {
                continue;
            }

            var round = counted[returned.To] = counted.GetValueOrDefault(returned.To) + 1;
            var comments = new List<TaskCommentView>();
            IReadOnlyList<FieldComment> made = returned.TaskId is null ? [] : await FieldCommentStore.ForTaskAsync(work, returned.TaskId);
            foreach (var comment in made)
            {
                if (await readsField(returned.Form, TaskDesk.TopLevelField(comment.Pointer)))
                {
                    comments.Add(new TaskCommentView(comment.Id, comment.Pointer, await names.OfAsync(comment.AuthorId), comment.Body, TaskDesk.At(comment.CreatedAt)!.Value, comment.ResolvedAt is not null));
                }
            }

            rounds[entry] = new ReturnRound(
                round, returned.From, returned.To, await names.OfAsync(returned.ReturnerId), TaskDesk.At(returned.At)!.Value,
                sight.ReadsReasonOf(returned) ? returned.Reason : null, comments);
        }

        return rounds;
    }

    // Whether the reader reads a top-level field of a form of the instance, by the sections the rule gives them.
    private static Func<string, string, Task<bool>> ReadsFieldAsync(UnitOfWork work, Run run, Visibility sight) => async (form, field) =>
        sight.Form(form, await ProcessCatalog.FormAsync(work, run.Process, form))?.Readable.Contains(field) == true;

    // Opens the instance for the viewer when they may see it.
    private async Task<(Run Run, Visibility Visibility)?> SeeAsync(UnitOfWork work, string instanceId, string viewerId)
    {
        if (await InstanceStore.FindAsync(work, instanceId) is not { } instance)
        {
            return null;
        }

        var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), viewerId);
        var sight = await Visibility.ForAsync(work, run, viewerId);
        return sight.SeesInstance ? (run, sight) : null;
    }
}
