using System.Diagnostics;
using System.Globalization;
using FormFlow.Storage;

namespace FormFlow.Benchmarks;

/// <summary>
/// The storage figures of docs/performance.md: launching a 100,000-person cycle on SQLite and on PostgreSQL, and
/// single-task completions per second on PostgreSQL with 4 connections. Whole operations of many seconds are
/// timed with a stopwatch (BenchmarkDotNet suits operations of microseconds); run by storage-benchmark.sh,
/// which measures pgbench on the same server in the same run.
/// </summary>
internal static class StorageBenchmark
{
    private const int People = 100_000;
    private const long Day = 86_400_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = Environment.GetEnvironmentVariable("FORMFLOW_TEST_POSTGRES")
            ?? throw new InvalidOperationException("FORMFLOW_TEST_POSTGRES is not set: run tests/FormFlow.Benchmarks/storage-benchmark.sh");
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

        var folder = Directory.CreateTempSubdirectory("formflow-bench-");
        try
        {
            using var sqlite = new Database(StorageDialect.Sqlite, $"Data Source={Path.Combine(folder.FullName, "bench.db")}");
            var sqliteLaunch = await LaunchAsync(sqlite);
            Console.WriteLine($"launch-sqlite-seconds {sqliteLaunch.TotalSeconds:0.00}");

            using var server = new Database(StorageDialect.PostgreSql, await FreshPostgresDatabaseAsync(postgres));
            var postgresLaunch = await LaunchAsync(server);
            Console.WriteLine($"launch-postgresql-seconds {postgresLaunch.TotalSeconds:0.00}");

            // The launch leaves 500,000 new rows and a full WAL behind, and the runtime code is still being compiled
            // by the JIT: settle both first, as pgbench's own initialisation does for its tables.
            await SettleAsync(server);
            await CompleteTasksAsync(server, connections: 4, TimeSpan.FromSeconds(2));
            var (completions, elapsed) = await CompleteTasksAsync(server, connections: 4, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"completions-postgresql-4-connections {completions} in {elapsed.TotalSeconds:0.0}s = {completions / elapsed.TotalSeconds:0} tps");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    // What launching a cycle writes for every person: the instance, the first task, a reminder two days before
    // the due date and an escalation at it, and the "task assigned" message. One transaction.
    internal static async Task<TimeSpan> LaunchAsync(Database database)
    {
        await Migrator.ApplyAsync(database);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var cycle = new CycleRow { Id = Id(), Name = "2026 年度绩效", ProcessKey = "annual-review", ProcessVersion = 1, StartsAt = now, EndsAt = now + (60 * Day), CreatedAt = now };
        var clock = Stopwatch.StartNew();
        var instances = new List<InstanceRow>(People);
        var tasks = new List<TaskRow>(People);
        var timers = new List<TimerRow>(People * 2);
        var messages = new List<OutboxMessage>(People);
        for (var i = 0; i < People; i++)
        {
            var person = "p-" + i.ToString("D6", CultureInfo.InvariantCulture);
            var instance = new InstanceRow { Id = Id(), CycleId = cycle.Id, ProcessKey = cycle.ProcessKey, ProcessVersion = 1, SubjectId = person, Status = "running", State = """{"steps":["self-review"]}""", Version = 1, CreatedAt = now, UpdatedAt = now };
            var due = now + (14 * Day);
            var task = new TaskRow { Id = Id(), InstanceId = instance.Id, Step = "self-review", AssigneeId = person, DueAt = due, Status = "open", Data = "{}", Version = 1, CreatedAt = now };
            instances.Add(instance);
            tasks.Add(task);
            timers.Add(new TimerRow { Id = Id(), InstanceId = instance.Id, TaskId = task.Id, Kind = "reminder", DueAt = due - (2 * Day), Payload = "{}" });
            timers.Add(new TimerRow { Id = Id(), InstanceId = instance.Id, TaskId = task.Id, Kind = "escalation", DueAt = due, Payload = "{}" });
            messages.Add(new OutboxMessage { Id = Id(), IdempotencyKey = task.Id + ":assigned", Channel = "mail", Recipient = person, Payload = """{"event":"task-assigned"}""", NextAttemptAt = now, CreatedAt = now });
        }

        await using (var work = await UnitOfWork.BeginAsync(database))
        {
            await CycleStore.InsertAsync(work, cycle);
            await InstanceStore.InsertManyAsync(work, instances);
            await TaskStore.InsertManyAsync(work, tasks);
            await TimerStore.InsertManyAsync(work, timers);
            await OutboxStore.EnqueueAsync(work, messages);
            await AuditLog.AppendAsync(work, new AuditEntry(now, "hrbp-1", "cycle.launched", "cycle", cycle.Id, null, $$"""{"people":{{People}}}"""));
            await work.CommitAsync();
        }

        return clock.Elapsed;
    }

    // Each connection completes tasks of its own: read the task with its instance, write its data at the next
    // version, keep the revision, move the instance on, queue the notification and audit it — one transaction
    // per completion, written by the runtime's own write path (CommandWrites), the rows a transition writes less
    // its next task, timers and second journal entry.
    private static async Task<(int Completions, TimeSpan Elapsed)> CompleteTasksAsync(Database database, int connections, TimeSpan duration)
    {
        List<string> open;
        await using (var work = await UnitOfWork.BeginAsync(database))
        {
            open = [.. await Dapper.SqlMapper.QueryAsync<string>(work.Connection, "SELECT id FROM tasks WHERE status = 'open'", transaction: work.Transaction)];
        }

        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var done = 0;
            for (var i = worker; i < open.Count && clock.Elapsed < duration; i += connections)
            {
                await using var work = await UnitOfWork.BeginAsync(database);
                var (task, instance) = (await TaskCompletionStore.FindAsync(work, open[i]))!.Value;
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var data = """{"overall_rating":4,"highlights":"按时完成全年目标"}""";
                await CommandWrites.WriteAndCommitAsync(work, new CommandWrite(
                    instance with { State = """{"steps":["manager-review"]}""", UpdatedAt = now },
                    [task with { Status = "submitted", Data = data, CompletedAt = now }],
                    [],
                    [],
                    [new TaskRevision(task.Id, data, task.AssigneeId, now)],
                    [],
                    [],
                    [new OutboxMessage { Id = Id(), IdempotencyKey = task.Id + ":submitted", Channel = "mail", Recipient = "manager", Payload = "{}", NextAttemptAt = now, CreatedAt = now }],
                    [new AuditEntry(now, task.AssigneeId, "task.submitted", "task", task.Id, "{}", data)],
                    null));
                done++;
            }

            return done;
        }));
        return (counts.Sum(), clock.Elapsed);
    }

    internal static async Task SettleAsync(Database database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CHECKPOINT;";
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> FreshPostgresDatabaseAsync(string server)
    {
        var name = "ff_bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
#pragma warning disable CA2100 // The name is made here from a GUID, and CREATE DATABASE takes no parameters.
            create.CommandText = $"CREATE DATABASE {name}";
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string Id() => Guid.CreateVersion7().ToString("N");
}
