using System.Diagnostics;
using System.Globalization;
using FormFlow.Storage;

namespace FormFlow.Benchmarks;

/// <summary>
/// The launch figure of docs/performance.md on both dialects: the shipped annual review launched for 100,000 people
/// (the organisation, templates and processes published first, not timed), each run on a fresh database — a new
/// SQLite file, a new PostgreSQL database dropped afterwards — so that no run finds the rows of the one before.
/// Usage: launch [runs per dialect, default 3] [people, default 100000] [sqlite|postgresql|both, default both].
/// </summary>
internal static class LaunchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var dialects = args.Length > 3 ? args[3] : "both";
        var repository = RuntimeBenchmark.RepositoryRoot();
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES");
        if (dialects != "sqlite" && postgres is null)
        {
            throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: run tests/FormFlow.Benchmarks/launch-benchmark.sh");
        }

        // The dialects alternate, so that a shared machine's changing load weighs on both alike.
        var figures = new Dictionary<string, List<double>> { ["sqlite"] = [], ["postgresql"] = [] };
        var anchors = new Dictionary<string, List<double>> { ["sqlite"] = [], ["postgresql"] = [] };
        for (var run = 1; run <= runs; run++)
        {
            if (dialects is "sqlite" or "both")
            {
                var folder = Directory.CreateTempSubdirectory("formflow-launch-");
                try
                {
                    using var sqlite = new Database(StorageDialect.Sqlite, $"Data Source={Path.Combine(folder.FullName, "launch.db")}");
                    var seconds = await LaunchOnceAsync(sqlite, repository, people);
                    figures["sqlite"].Add(seconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"launch-sqlite-run-{run}-seconds {seconds:0.00} ({people} people)"));
                    using var raw = new Database(StorageDialect.Sqlite, $"Data Source={Path.Combine(folder.FullName, "raw.db")}");
                    var anchor = await AnchorAsync(raw);
                    anchors["sqlite"].Add(anchor);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"anchor-bulk-rows-sqlite-run-{run}-seconds {anchor:0.00} (launch / anchor {seconds / anchor:0.00})"));
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    folder.Delete(recursive: true);
                }
            }

            if (dialects is "postgresql" or "both")
            {
                var connectionString = await StorageBenchmark.FreshPostgresDatabaseAsync(postgres!);
                try
                {
                    using var server = new Database(StorageDialect.PostgreSql, connectionString);
                    var seconds = await LaunchOnceAsync(server, repository, people);
                    figures["postgresql"].Add(seconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"launch-postgresql-run-{run}-seconds {seconds:0.00} ({people} people)"));
                }
                finally
                {
                    await SoakBenchmark.DropAsync(postgres!, connectionString);
                }

                var rawString = await StorageBenchmark.FreshPostgresDatabaseAsync(postgres!);
                try
                {
                    using var raw = new Database(StorageDialect.PostgreSql, rawString);
                    var anchor = await AnchorAsync(raw);
                    anchors["postgresql"].Add(anchor);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"anchor-bulk-rows-postgresql-run-{run}-seconds {anchor:0.00} (launch / anchor {figures["postgresql"][^1] / anchor:0.00})"));
                }
                finally
                {
                    await SoakBenchmark.DropAsync(postgres!, rawString);
                }
            }
        }

        foreach (var (dialect, seconds) in figures.Where(f => f.Value.Count > 0))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"launch-{dialect}-seconds median {Median(seconds):0.00} min {seconds.Min():0.00} max {seconds.Max():0.00} ({seconds.Count} runs, {people} people); anchor median {Median(anchors[dialect]):0.00}"));
        }

        return 0;
    }

    // Besides the time, the processor time the launch took in this process and in PostgreSQL's backend (read from
    // /proc): on a shared machine the wall time moves with the neighbours' load, the processor time much less.
    private static async Task<double> LaunchOnceAsync(Database database, string repository, int people)
    {
        var clock = await RuntimeBenchmark.PrepareAsync(database, repository, people);
        var cpu = await CpuTime.StartAsync(database);
        var seconds = await RuntimeBenchmark.LaunchAsync(database, clock);
        var (client, server) = cpu.Seconds();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"launch-{(database.Dialect == StorageDialect.Sqlite ? "sqlite" : "postgresql")}-cpu-seconds {client + server:0.00} (client {client:0.00}, PostgreSQL {server:0.00})"));
        return seconds;
    }

    // The anchor's processor time includes migrating its fresh database (a fraction of a second).
    private static async Task<double> AnchorAsync(Database database)
    {
        var cpu = await CpuTime.StartAsync(database);
        var seconds = (await StorageBenchmark.LaunchAsync(database)).TotalSeconds;
        var (client, server) = cpu.Seconds();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"anchor-bulk-rows-{(database.Dialect == StorageDialect.Sqlite ? "sqlite" : "postgresql")}-cpu-seconds {client + server:0.00} (client {client:0.00}, PostgreSQL {server:0.00})"));
        return seconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
