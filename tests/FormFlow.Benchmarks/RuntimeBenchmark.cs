using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Benchmarks;

/// <summary>
/// The runtime figures of docs/performance.md, on PostgreSQL: the shipped annual review launched for 100,000 people;
/// self-reviews submitted end to end with 4 connections (each one validated, merged, the manager's next task, its
/// reminder and escalation timers, the message and the journal written in one transaction); and all 100,000 due
/// reminders of a second launch fired by two runtime nodes at once, each exactly once, and as many due triggers fired
/// by two clustered Quartz.NET schedulers on the same server (<see cref="QuartzReminders"/>). Run by
/// runtime-benchmark.sh, which runs pgbench on the same server in the same run.
/// </summary>
internal static class RuntimeBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: run tests/FormFlow.Benchmarks/runtime-benchmark.sh");
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var repository = RepositoryRoot();

        using (var first = new Database(StorageDialect.PostgreSql, await StorageBenchmark.FreshPostgresDatabaseAsync(postgres)))
        {
            var clock = await PrepareAsync(first, repository, people);
            Console.WriteLine($"launch-annual-review-postgresql-seconds {await LaunchAsync(first, clock):0.00} ({people} people)");
            // As in the storage benchmark: a checkpoint after the launch, and let the JIT compile the
            // runtime in a two-second run that is not counted.
            await StorageBenchmark.SettleAsync(first);
            await SubmitSelfReviewsAsync(first, clock, repository, connections: 4, TimeSpan.FromSeconds(2));
            using (var statements = new StatementCount())
            {
                await SubmitSelfReviewsAsync(first, clock, repository, connections: 1, TimeSpan.FromSeconds(1), count: 100);
                Console.WriteLine(statements.Report(transitions: 100));
            }

            var cpu = await CpuTime.StartAsync(first);
            var (transitions, elapsed) = await SubmitSelfReviewsAsync(first, clock, repository, connections: 4, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"transitions-postgresql-4-connections {transitions} in {elapsed.TotalSeconds:0.0}s = {transitions / elapsed.TotalSeconds:0} tps");
            Console.WriteLine(cpu.Report("transitions", transitions));
        }

        await RemindersAsync(postgres, repository, people, quartz: true);
        return 0;
    }

    /// <summary>
    /// Only the transitions (<c>runtime-transitions [seconds] [people]</c>), on a database of its own dropped afterwards:
    /// for comparing two builds on one server, their processor time per transition and what the server did with the
    /// rows they updated (heap-only updates need no new index entries).
    /// </summary>
    public static async Task<int> TransitionsOnlyAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set");
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
        var repository = RepositoryRoot();
        var connectionString = await StorageBenchmark.FreshPostgresDatabaseAsync(postgres);
        try
        {
            using var database = new Database(StorageDialect.PostgreSql, connectionString);
            var clock = await PrepareAsync(database, repository, people);
            Console.WriteLine($"launch-annual-review-postgresql-seconds {await LaunchAsync(database, clock):0.00} ({people} people)");
            await StorageBenchmark.SettleAsync(database);
            await SubmitSelfReviewsAsync(database, clock, repository, connections: 4, TimeSpan.FromSeconds(2));
            var before = await UpdatesAsync(database);
            var cpu = await CpuTime.StartAsync(database);
            var (transitions, elapsed) = await SubmitSelfReviewsAsync(database, clock, repository, connections: 4, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"transitions-postgresql-4-connections {transitions} in {elapsed.TotalSeconds:0.0}s = {transitions / elapsed.TotalSeconds:0} tps");
            Console.WriteLine(cpu.Report("transitions", transitions));
            // The statistics collector reports a backend's counts when its transaction ends, at most every half second.
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var (table, updates, hot) in await UpdatesAsync(database))
            {
                var (_, updatesBefore, hotBefore) = before.FirstOrDefault(b => b.Table == table);
                if (updates > updatesBefore)
                {
                    Console.WriteLine($"updates {table} {updates - updatesBefore}, heap-only {hot - hotBefore} ({100.0 * (hot - hotBefore) / (updates - updatesBefore):0}%)");
                }
            }
        }
        finally
        {
            await SoakBenchmark.DropAsync(postgres, connectionString);
        }

        return 0;
    }

    private static async Task<List<(string Table, long Updates, long Hot)>> UpdatesAsync(Database database)
    {
        await using var work = await UnitOfWork.BeginAsync(database);
        await work.Connection.ExecuteAsync("SELECT pg_stat_clear_snapshot()", transaction: work.Transaction);
        return [.. await work.Connection.QueryAsync<(string, long, long)>(
            "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables ORDER BY relname", transaction: work.Transaction)];
    }

    /// <summary>
    /// Only the reminders (<c>runtime-reminders [people] [formflow-only]</c>): a launch, then the due reminders fired by
    /// two nodes, and as many triggers fired by two Quartz.NET schedulers (not with <c>formflow-only</c>).
    /// </summary>
    public static async Task<int> RemindersOnlyAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: run tests/FormFlow.Benchmarks/runtime-benchmark.sh");
        var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        await RemindersAsync(postgres, RepositoryRoot(), people, quartz: args is not [_, _, "formflow-only", ..]);
        return 0;
    }

    // Each on a database of its own, dropped afterwards (the server may be a shared one).
    private static async Task RemindersAsync(string postgres, string repository, int people, bool quartz)
    {
        long due;
        var connectionString = await StorageBenchmark.FreshPostgresDatabaseAsync(postgres);
        try
        {
            using var second = new Database(StorageDialect.PostgreSql, connectionString);
            var clock = await PrepareAsync(second, repository, people);
            await LaunchAsync(second, clock);
            await StorageBenchmark.SettleAsync(second);
            (var report, due) = await FireRemindersAsync(second, clock);
            Console.WriteLine(report);
        }
        finally
        {
            await SoakBenchmark.DropAsync(postgres, connectionString);
        }

        if (quartz)
        {
            Console.WriteLine(await QuartzReminders.RunAsync(postgres, (int)due));
        }
    }

    internal static async Task<ManualClock> PrepareAsync(Database database, string repository, int people)
    {
        await Migrator.ApplyAsync(database);
        var clock = new ManualClock(Start);
        await using var work = await UnitOfWork.BeginAsync(database);
        await OrganisationStore.ReplaceAsync(work, Organisation(people));
        foreach (var file in Directory.GetFiles(Path.Combine(repository, "templates"), "*.json").Order(StringComparer.Ordinal))
        {
            await ProcessCatalog.PublishTemplateAsync(work, await File.ReadAllTextAsync(file), "hrbp", Start.ToUnixTimeMilliseconds());
        }

        foreach (var process in new[] { "performance-improvement", "next-period-goals", "annual-review" })
        {
            var published = await ProcessCatalog.PublishProcessAsync(work, await File.ReadAllTextAsync(Path.Combine(repository, "samples", "processes", process + ".json")), "hrbp", Start.ToUnixTimeMilliseconds());
            if (!published.Published)
            {
                throw new InvalidOperationException($"{process} did not publish: {string.Join("; ", published.Findings.Select(f => f.Message.En))}");
            }
        }

        await work.CommitAsync();
        return clock;
    }

    internal static async Task<double> LaunchAsync(Database database, ManualClock clock)
    {
        var watch = Stopwatch.StartNew();
        var result = await CycleLauncher.LaunchAsync(database, clock, new CycleRequest(
            "annual-2026", "2026 年度绩效", "annual-review", Start, Start.AddDays(60), Population.Department("D0"), "hrbp"));
        if (result.NotStarted.Count > 0)
        {
            throw new InvalidOperationException(result.Summary.En);
        }

        return watch.Elapsed.TotalSeconds;
    }

    // Each connection submits self-reviews of its own, one transaction each, through the runtime as a person would.
    private static async Task<(int Transitions, TimeSpan Elapsed)> SubmitSelfReviewsAsync(Database database, ManualClock clock, string repository, int connections, TimeSpan duration, int count = int.MaxValue)
    {
        List<(string Id, string Assignee)> open;
        await using (var work = await UnitOfWork.BeginAsync(database))
        {
            open = [.. await work.Connection.QueryAsync<(string, string)>("SELECT id, assignee_id FROM tasks WHERE step = 'self-review' AND status = 'open' ORDER BY id", transaction: work.Transaction)];
        }

        var data = SelfReview(repository);
        var runtime = new ProcessRuntime(database, clock);
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var done = 0;
            for (var i = worker; i < open.Count && i < count && watch.Elapsed < duration * (count == int.MaxValue ? 1 : 1000); i += connections)
            {
                var result = await runtime.SubmitAsync(open[i].Id, open[i].Assignee, data);
                done += result.Succeeded ? 1 : throw new InvalidOperationException(string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code}")));
            }

            return done;
        }));
        return (counts.Sum(), watch.Elapsed);
    }

    // Two nodes, each with its own connection pool, sweep the due timers at once; afterwards every reminder has
    // exactly one message and every timer one firing.
    private static async Task<(string Report, long Due)> FireRemindersAsync(Database database, ManualClock clock)
    {
        clock.Now = Start.AddDays(12).AddMinutes(1);
        var now = clock.Now.ToUnixTimeMilliseconds();
        long due;
        await using (var work = await UnitOfWork.BeginAsync(database))
        {
            due = await work.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM timers WHERE kind = 'reminder' AND fired_at IS NULL AND due_at <= @Now", new { Now = now }, work.Transaction);
        }

        using var otherNode = new Database(StorageDialect.PostgreSql, database.ConnectionString);
        var watch = Stopwatch.StartNew();
        var fired = await Task.WhenAll(Sweep(new ProcessRuntime(database, clock), "node-a"), Sweep(new ProcessRuntime(otherNode, clock), "node-b"));
        var elapsed = watch.Elapsed;

        await using var check = await UnitOfWork.BeginAsync(database);
        var messages = await check.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%\"event\":\"task.reminder\"%'", transaction: check.Transaction);
        var unfired = await check.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM timers WHERE kind = 'reminder' AND fired_at IS NULL AND due_at <= @Now", new { Now = now }, check.Transaction);
        var once = messages == due && unfired == 0 && fired.Sum() == due;
        return (string.Create(CultureInfo.InvariantCulture, $"reminders-2-nodes {due} due, fired {fired.Sum()} (node-a {fired[0]}, node-b {fired[1]}), {messages} messages, each once: {(once ? "yes" : "NO")}, in {elapsed.TotalSeconds:0.0}s = {due / elapsed.TotalSeconds:0} per second"), due);
    }

    private static async Task<int> Sweep(ProcessRuntime node, string owner)
    {
        var total = 0;
        for (int n; (n = await node.FireDueTimersAsync(owner, limit: 200)) > 0;)
        {
            total += n;
        }

        return total;
    }

    // A company of `people`: a CEO and an HRBP at the top, teams of 100 (a head and 99 members) below.
    internal static OrgChart Organisation(int people)
    {
        var departments = new List<Department> { new() { Id = "D0", NameZh = "总部", NameEn = "HQ", HeadId = "P0", HrbpId = "H0" } };
        var persons = new List<Person>
        {
            Person("P0", "D0", null, "admin manager"),
            Person("H0", "D0", "P0", "hrbp"),
        };
        for (var i = 0; persons.Count < people; i++)
        {
            var department = "D" + (i / 100 + 1).ToString(CultureInfo.InvariantCulture);
            var head = "M" + (i / 100 + 1).ToString(CultureInfo.InvariantCulture);
            if (i % 100 == 0)
            {
                departments.Add(new Department { Id = department, NameZh = "团队" + department, NameEn = "Team " + department, ParentId = "D0", HeadId = head });
                persons.Add(Person(head, department, "P0", "manager"));
            }
            else
            {
                persons.Add(Person("E" + i.ToString(CultureInfo.InvariantCulture), department, head, "employee"));
            }
        }

        return new OrgChart(departments, persons);
    }

    private static Person Person(string id, string department, string? manager, string roles) => new()
    {
        Id = id, NameZh = "员工" + id, NameEn = "Employee " + id, Email = id.ToLowerInvariant() + "@example.com", Locale = "zh-CN",
        DepartmentId = department, ManagerId = manager, Roles = roles,
    };

    // The shipped example of a self-review, the fields the employee writes.
    internal static JsonObject SelfReview(string repository)
    {
        var example = Directory.GetFiles(Path.Combine(repository, "templates", "examples", "self-review"), "valid-*.json").Order(StringComparer.Ordinal).First();
        var data = JsonNode.Parse(File.ReadAllText(example))!["data"]!.AsObject();
        var template = FormTemplate.Load(File.ReadAllText(Path.Combine(repository, "templates", "self-review.json"))).Template!;
        var fields = template.Sections.SelectMany(s => s.Fields).ToHashSet(StringComparer.Ordinal);
        var written = new JsonObject();
        foreach (var (name, value) in data)
        {
            if (fields.Contains(name))
            {
                written[name] = value?.DeepClone();
            }
        }

        return written;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FormFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository: FormFlow.sln not found above " + Directory.GetCurrentDirectory());
    }

    internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
