using System.Diagnostics;
using System.Globalization;
using Dapper;
using FormFlow.Actuals;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Benchmarks;

/// <summary>
/// The threshold sweep of docs/performance.md (docs/kpi-actuals.md): 100,000 people × 5 weekly indicators × 13 weeks of
/// actuals (6.5 million rows, one correction row more for every tenth person and indicator), once on SQLite (a file)
/// and once on PostgreSQL. Every tenth indicator is below its threshold in the last two weeks. Measured: the sweep the
/// host's worker runs (<see cref="ThresholdSweep.SweepAllAsync"/>), first when it opens those warnings and queues their
/// notices, then again when nothing changed (what every later pass costs), then for one person right after their
/// actuals are written (what a save on the page costs).
/// Usage: source tests/postgres.sh; dotnet run -c Release --project tests/FormFlow.Benchmarks -- kpi [people]
/// </summary>
internal static class KpiSweepBenchmark
{
    private const int Indicators = 5;
    private const int Weeks = 13;

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: source tests/postgres.sh first");
        var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var folder = Directory.CreateTempSubdirectory("formflow-kpi-bench-");
        try
        {
            using (var sqlite = new Database(StorageDialect.Sqlite, $"Data Source={Path.Combine(folder.FullName, "bench.db")}"))
            {
                await MeasureAsync("sqlite", sqlite, people);
            }

            using var server = new Database(StorageDialect.PostgreSql, await StorageBenchmark.FreshPostgresDatabaseAsync(postgres));
            await MeasureAsync("postgresql", server, people);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task MeasureAsync(string name, Database database, int people)
    {
        var clock = new RuntimeBenchmark.ManualClock(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var watch = Stopwatch.StartNew();
        var rows = await SeedAsync(database, clock, people);
        if (database.Dialect == StorageDialect.PostgreSql)
        {
            await StorageBenchmark.SettleAsync(database);
        }
        else
        {
            // The seed's 6.5 million rows sit in the write-ahead log until a checkpoint moves them into the database
            // file; left there, the first sweep's commit would pay for that checkpoint and every read would look
            // through the log. A running server checkpoints as it goes.
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        Console.WriteLine($"kpi-seed-{name} {rows:N0} actuals in {watch.Elapsed.TotalSeconds:0.0} s");

        var sweep = new ThresholdSweep(database, clock);
        watch.Restart();
        var first = await sweep.SweepAllAsync();
        Console.WriteLine($"kpi-sweep-first-{name} {watch.Elapsed.TotalSeconds:0.00} s ({first.People:N0} people, {first.Opened:N0} warnings opened and notified)");
        var steady = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            watch.Restart();
            var again = await sweep.SweepAllAsync();
            steady.Add(watch.Elapsed.TotalSeconds);
            if (again.Opened + again.Cleared != 0)
            {
                throw new InvalidOperationException("a sweep over unchanged actuals changed warnings");
            }
        }

        Console.WriteLine($"kpi-sweep-unchanged-{name} {steady.Order().ElementAt(1):0.00} s (median of 3; {rows / steady.Order().ElementAt(1):N0} actuals/s)");
        var one = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            watch.Restart();
            await sweep.SweepPeopleAsync(["E" + (run + 1).ToString(CultureInfo.InvariantCulture)]);
            one.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"kpi-sweep-one-person-{name} {one.Order().ElementAt(2):0.0} ms (median of 5)");
    }

    // The organisation, one KPI instance per person (what the warnings' notices name), and the actuals: 13 weeks up to
    // last week; every tenth person-and-indicator is below the threshold (8) in the last two, the others above it.
    private static async Task<long> SeedAsync(Database database, RuntimeBenchmark.ManualClock clock, int people)
    {
        await Migrator.ApplyAsync(database);
        var chart = RuntimeBenchmark.Organisation(people);
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        var last = Period.Last(Frequency.Weekly, now).Seq;
        var instances = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var work = await UnitOfWork.BeginAsync(database))
        {
            await OrganisationStore.ReplaceAsync(work, chart);
            var rows = chart.People.Select(p => new InstanceRow
            {
                Id = Run.NewId(now), ProcessKey = "kpi-quarterly", ProcessVersion = 1, SubjectId = p.Id, Status = "running",
                State = """{"active":[]}""", Version = 1, CreatedAt = at, UpdatedAt = at,
            }).ToList();
            await InstanceStore.InsertManyAsync(work, rows);
            foreach (var row in rows)
            {
                instances[row.SubjectId] = row.Id;
            }

            await work.CommitAsync();
        }

        long written = 0;
        foreach (var batch in chart.People.Chunk(2_000))
        {
            var actuals = new List<ActualRow>(batch.Length * Indicators * (Weeks + 1));
            foreach (var (person, p) in batch.Select((person, i) => (person, i)))
            {
                for (var k = 0; k < Indicators; k++)
                {
                    var bad = p % 10 == k;
                    for (var w = 0; w < Weeks; w++)
                    {
                        var period = Period.FromSeq(Frequency.Weekly, last - Weeks + 1 + w);
                        var value = bad && w >= Weeks - 2 ? 5 : 9 + ((p + w) % 7);
                        actuals.Add(Row(person.Id, k, period, value, instances[person.Id], at - ((Weeks - w) * 7 * 86_400_000L)));
                        if (k == 0 && w == Weeks - 1 && p % 10 == 0)
                        {
                            // A correction: the newest row of the period counts.
                            actuals.Add(Row(person.Id, k, period, value, instances[person.Id], at - 3_600_000));
                        }
                    }
                }
            }

            await using var work = await UnitOfWork.BeginAsync(database);
            await ActualsStore.InsertAsync(work, actuals);
            await work.CommitAsync();
            written += actuals.Count;
        }

        return written;
    }

    private static ActualRow Row(string person, int indicator, Period period, double value, string instance, long recordedAt) => new()
    {
        Id = Guid.CreateVersion7().ToString("N"),
        PersonId = person,
        Indicator = "kpi-" + indicator.ToString(CultureInfo.InvariantCulture),
        Name = "指标 " + indicator.ToString(CultureInfo.InvariantCulture),
        Unit = "次",
        Period = period.Label,
        PeriodSeq = period.Seq,
        Value = value,
        Source = ActualSource.Api,
        RecordedBy = "E1",
        RecordedAt = recordedAt,
        InstanceId = instance,
        Frequency = Frequency.Weekly,
        Direction = PersonIndicator.HigherBetter,
        Target = 12,
        Threshold = 8,
        WarnAfter = 2,
    };
}
