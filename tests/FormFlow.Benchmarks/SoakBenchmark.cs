using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Benchmarks;

/// <summary>
/// The soak of docs/reliability.md, on PostgreSQL: the shipped annual review launched for a whole company and run to its
/// end on a fake clock that moves a day at a time — each day the due timers are fired by four sweepers (reminders,
/// escalations, the monthly check-ins), and every open task of the cycle is done through the runtime as its assignee
/// would (one in ten only once it is overdue, so that escalations fire) — then the cycle is closed. After each day
/// the process's memory is sampled (the live GC heap after a full collection, the heap before it, the working set):
/// the table shows whether it stays flat once steady. Run by soak.sh.
/// </summary>
internal static class SoakBenchmark
{
    private const string CycleId = "annual-2026";
    private const int Workers = 4;
    private const int MaxDays = 200;

    // The first days fill the caches, the connection pool and the JIT's code: the run is steady after them.
    private const int WarmUpDays = 20;

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: run tests/FormFlow.Benchmarks/soak.sh");
        var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var csv = args.Length > 2 ? args[2] : null;
        var repository = RuntimeBenchmark.RepositoryRoot();
        var connectionString = await StorageBenchmark.FreshPostgresDatabaseAsync(postgres);
        try
        {
            using var database = new Database(StorageDialect.PostgreSql, connectionString);
            return await SoakAsync(database, repository, people, csv);
        }
        finally
        {
            await DropAsync(postgres, connectionString);
        }
    }

    private static async Task<int> SoakAsync(Database database, string repository, int people, string? csv)
    {
        var watch = Stopwatch.StartNew();
        var samples = new List<Sample>();
        var clock = await RuntimeBenchmark.PrepareAsync(database, repository, people);
        Console.WriteLine($"soak: {people} people, PostgreSQL, {Workers} connections; the clock moves a day at a time");
        var launch = await RuntimeBenchmark.LaunchAsync(database, clock);
        Console.WriteLine($"launched in {launch:0.0}s");

        var runtime = new ProcessRuntime(database, clock);
        var data = new StepData(repository);
        var totals = new Totals();
        Console.WriteLine(Sample.Header);
        for (var day = 1; day <= MaxDays; day++)
        {
            clock.Now = Start.AddDays(day);
            totals.Fired += await SweepAsync(database, clock);
            var open = await OpenTasksAsync(database);
            var ready = open.Where(t => Ready(t, clock.Now)).ToList();
            await CompleteAsync(runtime, data, ready, totals);
            var running = await RunningAsync(database);
            var sample = Sample.Take(day, watch.Elapsed, totals, running);
            samples.Add(sample);
            if (day % 10 == 0 || running == 0)
            {
                Console.WriteLine(sample.Row());
            }

            if (running == 0)
            {
                break;
            }
        }

        var closed = await CycleOperations.CloseAsync(database, clock, CycleId, "hrbp");
        var left = await LeftAsync(database);
        Console.WriteLine($"cycle {CycleId}: {closed.Cycle?.Status}; instances: {left}");
        Console.WriteLine($"done: {totals.Commands} commands ({totals.Refused} refused), {totals.Fired} timers fired, in {watch.Elapsed.TotalMinutes:0.0} min");
        Console.WriteLine(Verdict(samples));
        if (csv is not null)
        {
            var text = new StringBuilder(Sample.CsvHeader).AppendLine();
            foreach (var sample in samples)
            {
                text.AppendLine(sample.Csv());
            }

            await File.WriteAllTextAsync(csv, text.ToString());
            Console.WriteLine($"samples: {csv}");
        }

        return totals.Refused == 0 && await RunningAsync(database) == 0 ? 0 : 1;
    }

    // Four nodes sweep at once until nothing is due: the timers are claimed with leases, each fired once.
    private static async Task<long> SweepAsync(Database database, TimeProvider clock)
    {
        var fired = await Task.WhenAll(Enumerable.Range(0, Workers).Select(async node =>
        {
            var sweep = new TimerSweep(database, clock);
            var total = 0L;
            for (int n; (n = await sweep.FireDueAsync("soak-" + node.ToString(CultureInfo.InvariantCulture), 500)) > 0;)
            {
                total += n;
            }

            return total;
        }));
        return fired.Sum();
    }

    private sealed record OpenTask(string Id, string Step, string AssigneeId, string SubjectId, string InstanceId, long CreatedAt, long? DueAt);

    private static async Task<List<OpenTask>> OpenTasksAsync(Database database)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database);
        return [.. await work.Connection.QueryAsync<OpenTask>(
            """
            SELECT t.id AS Id, t.step AS Step, t.assignee_id AS AssigneeId, i.subject_id AS SubjectId, i.id AS InstanceId,
                   t.created_at AS CreatedAt, t.due_at AS DueAt
            FROM tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE i.cycle_id = @Cycle AND i.process_key = 'annual-review' AND i.status = 'running' AND t.status = 'open'
            """,
            new { Cycle = CycleId },
            work.Transaction)];
    }

    // A task is done the day after it opened; one in ten only once it is a day overdue, after its escalation.
    private static bool Ready(OpenTask task, DateTimeOffset now)
    {
        var today = now.ToUnixTimeMilliseconds();
        if (today - task.CreatedAt < TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        return !Late(task.Id) || task.DueAt is not { } due || today > due + (long)TimeSpan.FromDays(1).TotalMilliseconds;
    }

    private static bool Late(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash % 10 == 0;
    }

    // The tasks of one instance go to one worker, one after the other: two parties of a confirmation never race.
    private static async Task CompleteAsync(ProcessRuntime runtime, StepData data, List<OpenTask> ready, Totals totals)
    {
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
        {
            foreach (var task in ready.Where(t => (uint)StringComparer.Ordinal.GetHashCode(t.InstanceId) % Workers == worker))
            {
                var result = await ActAsync(runtime, data, task);
                if (result.Succeeded)
                {
                    Interlocked.Increment(ref totals.Commands);
                }
                else
                {
                    Interlocked.Increment(ref totals.Refused);
                    Console.Error.WriteLine($"refused {task.Step} {task.Id}: {result.Status} {string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}"))}");
                }
            }
        }));
    }

    // What each step's assignee does: fill in their part from the templates' examples, accept the record with a 4.
    private static Task<CommandResult> ActAsync(ProcessRuntime runtime, StepData data, OpenTask task)
    {
        var bySubject = task.AssigneeId == task.SubjectId;
        return task.Step switch
        {
            "self-review" => runtime.SubmitAsync(task.Id, task.AssigneeId, data.SelfReview.DeepClone().AsObject()),
            "prepare" => runtime.SubmitAsync(task.Id, task.AssigneeId, data.Preparation.DeepClone().AsObject()),
            "record" when bySubject => runtime.SubmitAsync(task.Id, task.AssigneeId, data.Record.DeepClone().AsObject()),
            "record" => runtime.ApproveAsync(task.Id, task.AssigneeId, data.Rating.DeepClone().AsObject()),
            "confirm" when bySubject => runtime.ConfirmAsync(task.Id, task.AssigneeId, new JsonObject { ["employee_confirmed"] = true }),
            "confirm" => runtime.ConfirmAsync(task.Id, task.AssigneeId),
            "idp" => runtime.SubmitAsync(task.Id, task.AssigneeId, data.Idp.DeepClone().AsObject()),
            "idp-approval" => runtime.ApproveAsync(task.Id, task.AssigneeId, new JsonObject { ["manager_comment"] = "同意，季度回顾", ["manager_agreed"] = true }),
            "check-ins" when bySubject => runtime.SubmitAsync(task.Id, task.AssigneeId, data.CheckIn.DeepClone().AsObject()),
            "check-ins" => runtime.SubmitAsync(task.Id, task.AssigneeId, data.CheckInReview.DeepClone().AsObject()),
            _ => Task.FromResult(CommandResult.NotApplicable("压力测试不处理此步骤", $"the soak does not act on step {task.Step}")),
        };
    }

    private static async Task<long> RunningAsync(Database database)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database);
        return await work.Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM process_instances WHERE cycle_id = @Cycle AND process_key = 'annual-review' AND status = 'running'",
            new { Cycle = CycleId },
            work.Transaction);
    }

    private static async Task<string> LeftAsync(Database database)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database);
        var rows = await work.Connection.QueryAsync<(string, string, long)>(
            "SELECT process_key, status, COUNT(*) FROM process_instances GROUP BY process_key, status ORDER BY process_key, status",
            transaction: work.Transaction);
        return string.Join(", ", rows.Select(r => $"{r.Item1} {r.Item2} {r.Item3}"));
    }

    // Flat once steady: the live heap of the last third of the days against the first days after the warm-up.
    private static string Verdict(IReadOnlyList<Sample> samples)
    {
        var steady = samples.Where(s => s.Day > WarmUpDays).ToList();
        if (steady.Count < 6)
        {
            return "steady: too few days after the warm-up to judge";
        }

        var third = steady.Count / 3;
        var early = steady.Take(third).Select(s => s.LiveMb).Average();
        var late = steady.Skip(steady.Count - third).Select(s => s.LiveMb).Average();
        var workingEarly = steady.Take(third).Select(s => s.WorkingSetMb).Average();
        var workingLate = steady.Skip(steady.Count - third).Select(s => s.WorkingSetMb).Average();
        return string.Create(CultureInfo.InvariantCulture,
            $"steady (days {steady[0].Day}-{steady[^1].Day}): live heap {steady.Min(s => s.LiveMb):0.0}-{steady.Max(s => s.LiveMb):0.0} MB, first third {early:0.0} MB, last third {late:0.0} MB ({Percent(early, late)}); working set {steady.Min(s => s.WorkingSetMb):0}-{steady.Max(s => s.WorkingSetMb):0} MB, first third {workingEarly:0} MB, last third {workingLate:0} MB ({Percent(workingEarly, workingLate)})");
    }

    // Rounded before it is formatted: a change of -0.2% is "0%", not "-0%".
    private static string Percent(double from, double to) =>
        Math.Round(100 * (to - from) / from).ToString("+0;-0;0", CultureInfo.InvariantCulture) + "%";

    internal static async Task DropAsync(string server, string connectionString)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
#pragma warning disable CA2100 // The name was made by FreshPostgresDatabaseAsync from a GUID; DROP DATABASE takes no parameters.
        drop.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
#pragma warning restore CA2100
        await drop.ExecuteNonQueryAsync();
    }

    private sealed class Totals
    {
        public long Commands;
        public long Refused;
        public long Fired;
    }

    private sealed record Sample(int Day, double Seconds, long Commands, long Fired, long Running, double LiveMb, double HeapMb, double WorkingSetMb, int Gen2)
    {
        public const string Header = "day  minutes  commands  timers-fired  running  live-heap-MB  gc-heap-MB  working-set-MB  gen2-GCs";

        public const string CsvHeader = "day,seconds,commands,timers_fired,running,live_heap_mb,gc_heap_mb,working_set_mb,gen2_collections";

        public static Sample Take(int day, TimeSpan elapsed, Totals totals, long running)
        {
            const double Mb = 1024 * 1024;
            var heap = GC.GetTotalMemory(forceFullCollection: false) / Mb;
            var live = GC.GetTotalMemory(forceFullCollection: true) / Mb;
            using var process = Process.GetCurrentProcess();
            return new Sample(day, elapsed.TotalSeconds, totals.Commands, totals.Fired, running, live, heap, process.WorkingSet64 / Mb, GC.CollectionCount(2));
        }

        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"{Day,3}  {Seconds / 60,7:0.0}  {Commands,8}  {Fired,12}  {Running,7}  {LiveMb,12:0.0}  {HeapMb,10:0.0}  {WorkingSetMb,14:0}  {Gen2,8}");

        public string Csv() => string.Create(CultureInfo.InvariantCulture,
            $"{Day},{Seconds:0.0},{Commands},{Fired},{Running},{LiveMb:0.00},{HeapMb:0.00},{WorkingSetMb:0.0},{Gen2}");
    }

    // The data each step's assignee writes: the first valid example of each template, reduced to the step's sections.
    private sealed class StepData(string repository)
    {
        public JsonObject SelfReview { get; } = Sample(repository, "self-review", "basics", "results", "reflection", "overall");

        public JsonObject Preparation { get; } = Sample(repository, "interview-preparation-333", "checklist", "strengths", "gaps", "support");

        public JsonObject Record { get; } = Sample(repository, "interview-record", "went-well", "to-improve", "plan");

        public JsonObject Rating { get; } = WithRating(Sample(repository, "interview-record", "feedback"));

        public JsonObject Idp { get; } = Sample(repository, "idp", "aspiration", "goals");

        public JsonObject CheckIn { get; } = Sample(repository, "monthly-check-in", "progress");

        public JsonObject CheckInReview { get; } = Sample(repository, "monthly-check-in", "manager");

        private static JsonObject WithRating(JsonObject feedback)
        {
            feedback["overall_rating"] = 4;
            feedback["manager_summary"] = "稳定发挥";
            return feedback;
        }

        private static JsonObject Sample(string repository, string template, params string[] sections)
        {
            var example = Directory.GetFiles(Path.Combine(repository, "templates", "examples", template), "valid-*.json").Order(StringComparer.Ordinal).First();
            var data = JsonNode.Parse(File.ReadAllText(example))!["data"]!.AsObject();
            var loaded = FormTemplate.Load(File.ReadAllText(Path.Combine(repository, "templates", template + ".json"))).Template!;
            var fields = loaded.Sections.Where(s => sections.Contains(s.Key)).SelectMany(s => s.Fields).ToHashSet(StringComparer.Ordinal);
            var result = new JsonObject();
            foreach (var (name, value) in data)
            {
                if (fields.Contains(name))
                {
                    result[name] = value?.DeepClone();
                }
            }

            return result;
        }
    }
}
