using System.Diagnostics;
using System.Globalization;
using System.Net;
using FormFlow.Storage;

namespace FormFlow.Benchmarks;

/// <summary>
/// Start-up against pending timers (docs/performance.md): the built host, <c>dotnet FormFlow.Api.dll</c> as an operator
/// runs it (workers on), started over a migrated database with no timers and over one holding 1,000,000 pending timers
/// (due in 30 days, not fired, written with the bulk path); the figure is the time from the process's start to the
/// first 200 of <c>/health/ready</c>. Each start gets a fresh database; empty and full alternate, so that a shared
/// machine's changing load weighs on both alike, and which of them starts first changes from run to run: the second
/// start of a pair finds the host's files in the page cache, which favoured the full database while it always started
/// second. Needs the host built in Release:
/// <c>FormFlowWebPages=false dotnet build designer-api/FormFlow.Api -c Release</c>.
/// Usage: startup [runs per case, default 3] [timers, default 1000000] [sqlite|postgresql|both, default both].
/// </summary>
internal static class StartupBenchmark
{
    private static readonly string SigningKey = Convert.ToBase64String("formflow startup benchmark: a signing key for benchmarks only"u8.ToArray());

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var timers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var dialects = args.Length > 3 ? args[3] : "both";
        var dll = Path.Combine(RuntimeBenchmark.RepositoryRoot(), "designer-api", "FormFlow.Api", "bin", "Release", "net10.0", "FormFlow.Api.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: FormFlowWebPages=false dotnet build designer-api/FormFlow.Api -c Release");
        }

        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES");
        if (dialects != "sqlite" && postgres is null)
        {
            throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set");
        }

        var figures = new Dictionary<string, List<double>>();
        foreach (var dialect in new[] { "sqlite", "postgresql" }.Where(d => dialects == "both" || dialects == d))
        {
            for (var run = 1; run <= runs; run++)
            {
                foreach (var count in run % 2 == 1 ? new[] { 0, timers } : [timers, 0])
                {
                    var seconds = dialect == "sqlite"
                        ? await SqliteStartAsync(dll, count)
                        : await PostgresStartAsync(dll, postgres!, count);
                    var name = string.Create(CultureInfo.InvariantCulture, $"startup-{dialect}-{count}-timers");
                    (figures.TryGetValue(name, out var list) ? list : figures[name] = []).Add(seconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}-run-{run}-seconds-to-ready {seconds:0.00}"));
                }
            }
        }

        foreach (var (name, seconds) in figures)
        {
            var sorted = seconds.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}-seconds-to-ready median {sorted[sorted.Count / 2]:0.00} min {sorted[0]:0.00} max {sorted[^1]:0.00} ({sorted.Count} runs)"));
        }

        return 0;
    }

    private static async Task<double> SqliteStartAsync(string dll, int timers)
    {
        var folder = Directory.CreateTempSubdirectory("formflow-startup-");
        try
        {
            var connectionString = $"Data Source={Path.Combine(folder.FullName, "startup.db")}";
            using (var database = new Database(StorageDialect.Sqlite, connectionString))
            {
                await PrepareAsync(database, timers);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return await TimeToReadyAsync(dll, "Sqlite", connectionString);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<double> PostgresStartAsync(string dll, string server, int timers)
    {
        var connectionString = await StorageBenchmark.FreshPostgresDatabaseAsync(server);
        try
        {
            using (var database = new Database(StorageDialect.PostgreSql, connectionString))
            {
                await PrepareAsync(database, timers);
                if (timers > 0)
                {
                    await StorageBenchmark.SettleAsync(database);
                }
            }

            return await TimeToReadyAsync(dll, "PostgreSql", connectionString);
        }
        finally
        {
            await SoakBenchmark.DropAsync(server, connectionString);
        }
    }

    // Migrated (so that the host's start migrates nothing in either case) and, when asked, the pending timers: each a
    // reminder of a task of an instance of its own, as a launch leaves them, in batches of 100,000 in one transaction.
    private static async Task PrepareAsync(Database database, int timers)
    {
        await Migrator.ApplyAsync(database);
        if (timers == 0)
        {
            return;
        }

        var due = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds();
        await using var work = await UnitOfWork.BeginAsync(database);
        for (var start = 0; start < timers; start += 100_000)
        {
            var batch = Enumerable.Range(start, Math.Min(100_000, timers - start)).Select(i => new TimerRow
            {
                Id = Guid.CreateVersion7().ToString("N"),
                InstanceId = "instance-" + i.ToString("D7", CultureInfo.InvariantCulture),
                TaskId = "task-" + i.ToString("D7", CultureInfo.InvariantCulture),
                Kind = "reminder",
                DueAt = due + i,
                Payload = "{}",
            }).ToList();
            await TimerStore.InsertManyAsync(work, batch);
        }

        await work.CommitAsync();
    }

    private static async Task<double> TimeToReadyAsync(string dll, string provider, string connectionString)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FormFlow__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["FormFlow__Database__Provider"] = provider;
        info.Environment["FormFlow__Database__ConnectionString"] = connectionString;
        info.Environment["FormFlow__Demo__Enabled"] = "false";
        info.Environment["FormFlow__Workers__Enabled"] = "true";
        info.Environment["FormFlow__Identity__Issuer"] = "formflow-benchmark";
        info.Environment["FormFlow__Identity__Audience"] = "formflow";
        info.Environment["FormFlow__Identity__DevSignIn__Enabled"] = "true";
        info.Environment["FormFlow__Identity__DevSignIn__SigningKey"] = SigningKey;
        info.Environment["Logging__LogLevel__Default"] = "Warning";

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (watch.Elapsed < TimeSpan.FromMinutes(3))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the host stopped with exit code {process.ExitCode}:\n{output}");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return watch.Elapsed.TotalSeconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening, busy starting.
                }

                await Task.Delay(20);
            }

            throw new InvalidOperationException($"the host was not ready within 3 minutes:\n{output}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
