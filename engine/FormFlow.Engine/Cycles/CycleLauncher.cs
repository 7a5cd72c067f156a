using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Cycles;

/// <summary>A person a launch could not start, and why (a stable code and a reason in zh-CN and en).</summary>
public sealed record NotStarted(string PersonId, string Code, LocalizedText Reason);

/// <summary>
/// What a launch did: the cycle (as first launched: its pinned process version and window), whether this launch
/// created it, how many people it started, how many of the population were in the cycle already (started by an
/// earlier launch of the same id), and who could not be started.
/// </summary>
internal sealed record LaunchResult(CycleRow Cycle, bool Created, int Started, int AlreadyInCycle, IReadOnlyList<NotStarted> NotStarted)
{
    public LocalizedText Summary => new(
        string.Create(CultureInfo.InvariantCulture, $"已启动 {Started} 人；{AlreadyInCycle} 人已在周期中，未重复启动；{NotStarted.Count} 人未能启动"),
        string.Create(CultureInfo.InvariantCulture, $"Started {Started}; {AlreadyInCycle} already in the cycle, not started again; {NotStarted.Count} could not be started"));
}

/// <summary>
/// Launches a cycle: one instance of the cycle's process for each person of the population who is not in the cycle
/// yet, all in one transaction. The organisation is read once and relationships are resolved in memory; what the
/// instances write goes to the database in batches through the bulk paths, so 100,000 people take a few statements
/// per batch rather than several per person.
/// </summary>
internal static class CycleLauncher
{
    // People started per write: large enough for the bulk paths to pay off, small enough that a launch for 100,000
    // people never holds all of their rows in memory.
    private const int Batch = 2_000;

    // What the cycles table holds (SQL Server's columns are sized for it).
    private const int MaxIdLength = 64;
    private const int MaxNameLength = 320;

    public static async Task<LaunchResult> LaunchAsync(Database database, TimeProvider clock, CycleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = Check(request);
        if (problems.Count > 0)
        {
            throw new CycleRequestException(problems);
        }

        try
        {
            return await LaunchOnceAsync(database, clock, request, cancellationToken);
        }
        catch (DbException error) when (StorageErrors.IsUniqueViolation(error))
        {
            // Another launch of the same cycle committed first (both created the cycle, or both started the same
            // person). Run again, this launch finds the cycle and the people already in it, and starts the rest.
            return await LaunchOnceAsync(database, clock, request, cancellationToken);
        }
    }

    /// <summary>
    /// What launching <paramref name="request"/> would do, writing nothing: the launch runs to its end in a transaction
    /// that is never committed, so the count and the people it could not start are the ones a launch would report.
    /// Besides, for each step whose assignee the organisation names nobody for (people with no manager, say), how many
    /// of the people to start it is: their tasks would fall back to the HRBP or an administrator.
    /// </summary>
    public static async Task<LaunchPreview> PreviewAsync(Database database, TimeProvider clock, CycleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = Check(request);
        if (problems.Count > 0)
        {
            throw new CycleRequestException(problems);
        }

        var findings = new List<LaunchFinding>();
        var result = await LaunchOnceAsync(database, clock, request, cancellationToken, findings);
        return new LaunchPreview(result.Started, result.AlreadyInCycle, result.NotStarted, findings);
    }

    private static async Task<LaunchResult> LaunchOnceAsync(Database database, TimeProvider clock, CycleRequest request, CancellationToken cancellationToken, List<LaunchFinding>? preview = null)
    {
        var dryRun = preview is not null;
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var now = clock.GetUtcNow();
        var problems = new List<ValidationProblem>();
        var existing = await CycleStore.FindAsync(work, request.CycleId);
        var version = existing?.ProcessVersion ?? await DefinitionStore.LatestVersionAsync(work, ProcessCatalog.ProcessKind, request.ProcessKey);
        if (existing is null && version is null)
        {
            problems.Add(new ValidationProblem("/processKey", "cycle.unknown-process", ProcessCatalog.NotPublished(request.ProcessKey)));
        }
        else if (existing is not null && existing.ProcessKey != request.ProcessKey)
        {
            problems.Add(Problem(
                "/processKey",
                "cycle.other-process",
                $"周期「{existing.Id}」运行的是流程「{existing.ProcessKey}」，不是「{request.ProcessKey}」",
                $"The cycle \"{existing.Id}\" runs the process \"{existing.ProcessKey}\", not \"{request.ProcessKey}\""));
        }
        else if (existing is not null && !await CycleStore.HoldOpenAsync(work, existing.Id))
        {
            problems.Add(Problem(
                "/cycleId",
                "cycle.not-open",
                $"周期「{existing.Id}」已关闭或已取消，不能再启动新的人员",
                $"The cycle \"{existing.Id}\" is closed or cancelled: nobody new can be launched into it"));
        }

        var chart = await OrganisationStore.LoadAsync(work);
        var (people, notStarted) = Select(chart, request.Population, problems);
        if (problems.Count > 0)
        {
            throw new CycleRequestException(problems);
        }

        var cycle = existing ?? new CycleRow
        {
            Id = request.CycleId,
            Name = request.Name,
            ProcessKey = request.ProcessKey,
            ProcessVersion = version!.Value,
            StartsAt = request.StartsAt.ToUnixTimeMilliseconds(),
            EndsAt = request.EndsAt.ToUnixTimeMilliseconds(),
            CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        if (existing is null && !dryRun)
        {
            await CycleStore.InsertAsync(work, cycle);
        }

        var process = await ProcessCatalog.ProcessAsync(work, cycle.ProcessKey, cycle.ProcessVersion)
            ?? throw new InvalidOperationException($"cycle {cycle.Id} runs on {cycle.ProcessKey}@{cycle.ProcessVersion}, which is not published");
        var already = await CycleStore.MembersAsync(work, cycle.Id);
        var relationships = Relationships.InMemory(chart);
        var changes = new Changes();
        var members = new List<CycleMember>();
        var (started, inCycle) = (0, 0);
        var toStart = new List<Person>();
        // Every row of the launch is stamped with its one time: ids of one sequence ascend within it, so the rows go
        // to the end of every index instead of all over them.
        var ids = new RowIds();

        // Most of a PostgreSQL launch is the server writing the rows: a batch travels while the next one is computed.
        // One connection carries one command at a time, so meanwhile the runs read what they need (definitions, a
        // started process's latest version) through a connection of their own. Same rows, same order, one
        // transaction. SQLite writes in this process, on the connection the runs read through: batch after batch.
        var overlap = work.Dialect == StorageDialect.PostgreSql && !dryRun;
        await using var reads = overlap ? await UnitOfWork.BeginReadAsync(database, cancellationToken) : null;
        var writing = Task.CompletedTask;
        try
        {
            foreach (var person in people)
            {
                if (already.Contains(person.Id))
                {
                    inCycle++;
                    continue;
                }

                var run = await Run.NewAsync(reads ?? work, relationships, process, cycle.ProcessVersion, person.Id, cycle, now, request.Actor, ids: ids);
                try
                {
                    await run.StartAsync(announceCycle: true);
                }
                catch (UnassignableStepException error)
                {
                    notStarted.Add(new NotStarted(person.Id, "cycle.unassignable", new LocalizedText(
                        $"流程开始的步骤找不到承办人：「{error.Assignee}」没有对应的人，也没有 HRBP 或管理员可以代为处理",
                        $"Nobody can take the process's opening step: \"{error.Assignee}\" names nobody, and there is no HRBP or administrator to fall back to")));
                    continue;
                }

                started++;
                if (dryRun)
                {
                    toStart.Add(person);
                    continue;
                }

                changes.Absorb(run.Changes);
                members.Add(new CycleMember(cycle.Id, person.Id, run.Instance.Id, now.ToUnixTimeMilliseconds()));
                if (members.Count == Batch)
                {
                    await writing;
                    writing = WriteAsync(work, changes, members, cancellationToken);
                    (changes, members) = (new Changes(), []);
                    if (!overlap)
                    {
                        await writing;
                    }
                }
            }

            await writing;
        }
        finally
        {
            // Leaving early (an error while a batch travels): the connection closes only once the batch is done.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (dryRun)
        {
            // Nothing was written; the transaction is rolled back when the unit of work ends.
            preview!.AddRange(await UnresolvedAssigneesAsync(process, relationships, toStart));
            return new LaunchResult(cycle, existing is null, started, inCycle, notStarted);
        }

        await WriteAsync(work, changes, members, cancellationToken);
        if (existing is null || started > 0)
        {
            await AuditLog.AppendAsync(work, new AuditEntry(now.ToUnixTimeMilliseconds(), request.Actor, "cycle.launched", "cycle", cycle.Id, null, new JsonObject
            {
                ["name"] = cycle.Name,
                ["process"] = cycle.ProcessKey,
                ["processVersion"] = cycle.ProcessVersion,
                ["startsAt"] = cycle.StartsAt,
                ["endsAt"] = cycle.EndsAt,
                ["started"] = started,
                ["alreadyInCycle"] = inCycle,
                ["notStarted"] = new JsonArray([.. notStarted.Select(n => (JsonNode?)new JsonObject { ["person"] = n.PersonId, ["code"] = n.Code })]),
            }.ToJsonString()));
        }

        if (started >= Batch)
        {
            await Vacuum.BeforeCommitAsync(work);
        }

        await work.CommitAsync(cancellationToken);
        if (started >= Batch)
        {
            try
            {
                await CycleStore.RefreshStatisticsAsync(database, cancellationToken);
            }
            catch (DbException)
            {
                // The launch is committed; autovacuum gathers the statistics a little later anyway.
            }
        }

        return new LaunchResult(cycle, existing is null, started, inCycle, notStarted);
    }

    // Per step and assignee, the people to start for whom the organisation names nobody (in the order of the steps).
    private static async Task<List<LaunchFinding>> UnresolvedAssigneesAsync(Processes.ProcessDefinition process, Relationships relationships, List<Person> people)
    {
        var findings = new List<LaunchFinding>();
        var nobodyFor = new Dictionary<Processes.Assignee, List<Person>>();
        foreach (var step in process.Steps.Values)
        {
            foreach (var assignee in AssigneesOf(step).Distinct())
            {
                if (!nobodyFor.TryGetValue(assignee, out var without))
                {
                    without = [];
                    foreach (var person in people)
                    {
                        if ((await relationships.ResolveAsync(assignee, person.Id)).Count == 0)
                        {
                            without.Add(person);
                        }
                    }

                    nobodyFor[assignee] = without;
                }

                if (without.Count > 0)
                {
                    var title = step.Title ?? new LocalizedText(step.Id, step.Id);
                    findings.Add(new LaunchFinding(
                        "cycle.unresolved-assignee",
                        step.Id,
                        assignee.ToString(),
                        [.. without.Select(p => p.Id)],
                        UnresolvedMessage(assignee, title, without)));
                }
            }
        }

        return findings;
    }

    // A named person is missing for everybody at once: say who is missing rather than list everybody.
    private static LocalizedText UnresolvedMessage(Processes.Assignee assignee, LocalizedText title, List<Person> without)
    {
        if (assignee.PersonId is { } personId)
        {
            return new LocalizedText(
                $"组织中没有指定人员「{personId}」（可能已离职）：步骤「{title.ZhCn}」的任务将交给 HRBP 或管理员",
                $"The named person \"{personId}\" is not in the organisation (they may have left): the step \"{title.En}\" will go to the HRBP or an administrator");
        }

        var who = assignee.Name;
        var zhNames = string.Join("、", without.Take(NamesShown).Select(p => p.NameZh)) + (without.Count > NamesShown ? " 等" : "");
        var enNames = string.Join(", ", without.Take(NamesShown).Select(p => p.NameEn)) + (without.Count > NamesShown ? " and others" : "");
        return new LocalizedText(
            string.Create(CultureInfo.InvariantCulture, $"{without.Count} 人没有{who.ZhCn}（{zhNames}）：步骤「{title.ZhCn}」的任务将交给 HRBP 或管理员"),
            string.Create(CultureInfo.InvariantCulture, $"No {who.En} for {without.Count} {(without.Count == 1 ? "person" : "people")} ({enNames}): the step \"{title.En}\" will go to the HRBP or an administrator"));
    }

    private const int NamesShown = 5;

    private static IEnumerable<Processes.Assignee> AssigneesOf(Processes.Step step) => step switch
    {
        Processes.FormStep form => [form.Assignee],
        Processes.RecurringStep recurring => [recurring.Assignee],
        Processes.ApprovalStep approval => approval.Approvers,
        Processes.ReviewStep review => [review.Author, review.Reviewer],
        Processes.ConfirmationStep confirmation => confirmation.Parties.Select(p => p.Assignee),
        Processes.NotifyStep notify => notify.To,
        _ => [],
    };

    // Instances first, then the members that name them (a foreign key).
    private static async Task WriteAsync(UnitOfWork work, Changes changes, List<CycleMember> members, CancellationToken cancellationToken)
    {
        await changes.WriteAsync(work, changedInstance: null);
        await CycleStore.AddMembersAsync(work, members, cancellationToken);
    }

    /// <summary>
    /// The people of the population, in the organisation's order (by id), and the named people the organisation does
    /// not know. An unknown department is a problem of the request.
    /// </summary>
    internal static (List<Person> People, List<NotStarted> NotStarted) Select(OrgChart chart, Population population, List<ValidationProblem> problems)
    {
        var notStarted = new List<NotStarted>();
        if (population.PersonIds is { } ids)
        {
            var byId = chart.People.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var named = new List<Person>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (byId.TryGetValue(id, out var person))
                {
                    named.Add(person);
                }
                else
                {
                    notStarted.Add(new NotStarted(id, "cycle.unknown-person", new LocalizedText($"组织架构中没有工号为「{id}」的人", $"There is no person \"{id}\" in the organisation")));
                }
            }

            if (named.Count == 0)
            {
                // A list of nobody the organisation knows is a mistake in the request (a wrong file, ids of another
                // system): refused, not a cycle created empty.
                problems.Add(Problem(
                    "/population/personIds",
                    "cycle.no-known-person",
                    $"名单中没有组织架构中的人：{string.Join("、", ids.Distinct(StringComparer.Ordinal).Take(10))}",
                    $"Nobody on the list is in the organisation: {string.Join(", ", ids.Distinct(StringComparer.Ordinal).Take(10))}"));
            }

            return (named, notStarted);
        }

        var root = population.DepartmentId!;
        if (!chart.Departments.Any(d => d.Id == root))
        {
            problems.Add(Problem("/population/departmentId", "cycle.unknown-department", $"组织架构中没有部门「{root}」", $"There is no department \"{root}\" in the organisation"));
            return ([], notStarted);
        }

        var children = chart.Departments.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!, d => d.Id, StringComparer.Ordinal);
        var subtree = new HashSet<string>(StringComparer.Ordinal) { root };
        var queue = new Queue<string>([root]);
        while (queue.TryDequeue(out var department))
        {
            foreach (var child in children[department].Where(subtree.Add))
            {
                queue.Enqueue(child);
            }
        }

        var people = chart.People
            .Where(p => p.DepartmentId is { } d && subtree.Contains(d))
            .Where(p => population.Roles.Count == 0 || population.Roles.Any(p.HasRole))
            .Where(p => population.Levels.Count == 0 || (p.Level is { } level && population.Levels.Contains(level, StringComparer.Ordinal)))
            .ToList();
        return (people, notStarted);
    }

    /// <summary>What can be said of a request before reading the database.</summary>
    private static List<ValidationProblem> Check(CycleRequest request)
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(request.CycleId) || request.CycleId.Length > MaxIdLength)
        {
            problems.Add(Problem("/cycleId", "cycle.id-invalid", "周期编号不能为空，最多 64 个字符", "The cycle id must not be empty and has at most 64 characters"));
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            problems.Add(Problem("/name", "cycle.name-invalid", "周期名称不能为空，最多 320 个字符", "The cycle name must not be empty and has at most 320 characters"));
        }

        if (request.EndsAt <= request.StartsAt)
        {
            problems.Add(Problem("/endsAt", "cycle.window-reversed", "周期的结束时间必须晚于开始时间", "The cycle must end after it starts"));
        }

        CheckPopulation(request.Population, problems);
        return problems;
    }

    /// <summary>What can be said of a population before reading the database: one of a department or a list, and known roles.</summary>
    internal static void CheckPopulation(Population? population, List<ValidationProblem> problems)
    {
        if (population is null || (population.DepartmentId is null) == (population.PersonIds is null))
        {
            problems.Add(Problem("/population", "cycle.population-invalid", "人员范围须为一个部门（含下级部门）或一份人员名单，二者选一", "The population is either a department (with the departments below it) or a list of people, one of the two"));
            return;
        }

        if (population.PersonIds is { Count: 0 })
        {
            problems.Add(Problem("/population/personIds", "cycle.population-empty", "人员名单为空", "The list of people is empty"));
        }

        if (population.PersonIds is not null && population.Levels.Count > 0)
        {
            problems.Add(Problem("/population/levels", "cycle.levels-without-department", "职级只能筛选部门范围内的人员，不能筛选人员名单", "Levels filter a department's people, not a list of people"));
        }

        if (population.PersonIds is not null && population.Roles.Count > 0)
        {
            problems.Add(Problem("/population/roles", "cycle.roles-without-department", "角色只能筛选部门范围内的人员，不能筛选人员名单", "Roles filter a department's people, not a list of people"));
        }

        for (var i = 0; i < population.Roles.Count; i++)
        {
            if (!Role.IsKnown(population.Roles[i]))
            {
                problems.Add(Problem(
                    string.Create(CultureInfo.InvariantCulture, $"/population/roles/{i}"),
                    "cycle.unknown-role",
                    $"没有角色「{population.Roles[i]}」（可用：{string.Join("、", Role.All)}）",
                    $"There is no role \"{population.Roles[i]}\" (known: {string.Join(", ", Role.All)})"));
            }
        }
    }

    private static ValidationProblem Problem(string pointer, string code, string zh, string en) => new(pointer, code, new LocalizedText(zh, en));
}
