using System.Collections.Specialized;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Quartz;

namespace FormFlow.Benchmarks;

/// <summary>
/// The anchor of the reminders benchmark: Quartz.NET 4.7.3 firing the same count of due one-shot triggers with two
/// schedulers clustered on one ADO.NET job store (JobStoreTX, PostgreSQL delegate) in a database of the same server.
/// Each firing runs a job that writes its message in a transaction of its own, a row whose key is the trigger's, so
/// that a trigger fired twice would fail; afterwards the messages are counted. Quartz's own defaults otherwise
/// (10 threads per scheduler), but for a misfire threshold longer than the run, so that no trigger is handled as a
/// misfire, and a batch of up to 10 triggers per acquisition, one per thread.
/// </summary>
internal static class QuartzReminders
{
    private const string SchedulerName = "formflow-reminders";

    public static async Task<string> RunAsync(string server, int triggers)
    {
        var connectionString = await StorageBenchmark.FreshPostgresDatabaseAsync(server);
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await connection.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "quartz-tables-postgres.sql")), commandTimeout: 600);
                await connection.ExecuteAsync("CREATE TABLE reminder_messages (trigger_name TEXT PRIMARY KEY, node TEXT NOT NULL, sent_at BIGINT NOT NULL)");
            }

            var nodeA = await SchedulerAsync(connectionString, "node-a");
            var nodeB = await SchedulerAsync(connectionString, "node-b");
            try
            {
                await ScheduleAsync(nodeA, connectionString, triggers);
                var watch = Stopwatch.StartNew();
                await nodeA.Start();
                await nodeB.Start();
                long sent;
                await using (var connection = new NpgsqlConnection(connectionString))
                {
                    await connection.OpenAsync();
                    while ((sent = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reminder_messages")) < triggers && watch.Elapsed < TimeSpan.FromMinutes(30))
                    {
                        await Task.Delay(100);
                    }
                }

                var elapsed = watch.Elapsed;
                await nodeA.Standby();
                await nodeB.Standby();
                await using var check = new NpgsqlConnection(connectionString);
                await check.OpenAsync();
                var byNode = (await check.QueryAsync<(string Node, long Count)>("SELECT node, COUNT(*) FROM reminder_messages GROUP BY node ORDER BY node")).ToList();
                var left = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM qrtz_triggers");
                return string.Create(CultureInfo.InvariantCulture,
                    $"quartz-reminders-2-schedulers {triggers} due, {sent} messages ({string.Join(", ", byNode.Select(n => $"{n.Node} {n.Count}"))}), {left} triggers left, each once: {(sent == triggers ? "yes" : "NO")}, in {elapsed.TotalSeconds:0.0}s = {sent / elapsed.TotalSeconds:0} per second");
            }
            finally
            {
                await nodeA.Shutdown(waitForJobsToComplete: true);
                await nodeB.Shutdown(waitForJobsToComplete: true);
            }
        }
        finally
        {
            await SoakBenchmark.DropAsync(server, connectionString);
        }
    }

    private static async Task<IScheduler> SchedulerAsync(string connectionString, string node)
    {
        var properties = new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = SchedulerName,
            ["quartz.scheduler.instanceId"] = node,
            ["quartz.threadPool.maxConcurrency"] = "10",
            ["quartz.scheduler.batchTriggerAcquisitionMaxCount"] = "10",
            ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
            ["quartz.jobStore.driverDelegateType"] = "Quartz.Impl.AdoJobStore.PostgreSQLDelegate, Quartz",
            ["quartz.jobStore.dataSource"] = "default",
            ["quartz.jobStore.tablePrefix"] = "qrtz_",
            ["quartz.jobStore.clustered"] = "true",
            ["quartz.jobStore.misfireThreshold"] = "3600000",
            ["quartz.dataSource.default.provider"] = "Npgsql",
            ["quartz.dataSource.default.connectionString"] = connectionString,
            ["quartz.serializer.type"] = "stj",
        };
        // Each builder has a scheduler repository of its own: two schedulers of one name, as a cluster's nodes are, live
        // in this one process.
        var scheduler = await QuartzSchedulerBuilder.Create().UseProperties(properties).BuildScheduler();
        scheduler.Context["connectionString"] = connectionString;
        scheduler.Context["node"] = node;
        return scheduler;
    }

    // One durable job; one one-shot trigger per reminder, all due now. The first trigger is scheduled through Quartz's
    // API, the others are copies of its rows (Quartz would take minutes to insert them one by one, and that is not
    // what is measured).
    private static async Task ScheduleAsync(IScheduler scheduler, string connectionString, int triggers)
    {
        var job = JobBuilder.Create<ReminderJob>().WithIdentity("remind", "reminders").StoreDurably().Build();
        await scheduler.AddJob(job, new AddJobOptions { Replace = true });
        await scheduler.ScheduleJob(TriggerBuilder.Create()
            .WithIdentity("reminder-0", "reminders")
            .ForJob(job)
            .StartAt(DateTimeOffset.UtcNow.AddHours(1))
            .WithSimpleSchedule(s => s.WithRepeatCount(0))
            .Build());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "qrtz_triggers", "qrtz_simple_triggers" })
        {
            var columns = (await connection.QueryAsync<string>(
                "SELECT column_name FROM information_schema.columns WHERE table_name = @Table ORDER BY ordinal_position", new { Table = table })).ToList();
            var values = columns.Select(c => c == "trigger_name" ? "'reminder-' || g" : c);
#pragma warning disable CA2100 // The names are the table's own columns, read just above.
            await connection.ExecuteAsync(
                $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM {table}, generate_series(1, @Count) g WHERE trigger_name = 'reminder-0'",
                new { Count = triggers - 1 },
                commandTimeout: 600);
#pragma warning restore CA2100
        }

        await connection.ExecuteAsync("UPDATE qrtz_triggers SET next_fire_time = @Now, start_time = @Now", new { Now = DateTimeOffset.UtcNow.AddSeconds(-1).UtcTicks }, commandTimeout: 600);
        foreach (var settle in new[] { "VACUUM ANALYZE qrtz_triggers", "VACUUM ANALYZE qrtz_simple_triggers", "CHECKPOINT" })
        {
            await connection.ExecuteAsync(settle, commandTimeout: 600, commandType: System.Data.CommandType.Text);
        }
    }

    internal sealed class ReminderJob : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection((string)context.Scheduler.Context["connectionString"]!);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(
                "INSERT INTO reminder_messages (trigger_name, node, sent_at) VALUES (@Name, @Node, @At)",
                new { context.Trigger.Key.Name, Node = (string)context.Scheduler.Context["node"]!, At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
