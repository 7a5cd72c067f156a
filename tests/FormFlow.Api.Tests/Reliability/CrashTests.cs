using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FormFlow.Api.Tests.Reliability;

/// <summary>
/// The host as a child process, SIGKILLed at random moments while many clients submit and approve the tasks of a
/// cycle of a few hundred people with <c>Idempotency-Key</c> and <c>If-Match</c>; started again over the same
/// database each time, the clients retry every request that got no answer under its key and carry on. Afterwards
/// every command is there exactly once and every retry got the first answer.
/// Each task is due a few seconds after it opens, reminded before and copied to the superior once overdue, so that the
/// reminders and escalations fall due while the host is being killed; afterwards every one of them has fired, and each
/// that found its task open was sent once, or twice under one Message-Id.
/// The default run kills the host 4 times per database, over 150 people; <c>FORMFLOW_LONG=1</c> 25 times, over 400.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Reliability")]
internal sealed partial class CrashTests
{
    private static readonly bool Long = Environment.GetEnvironmentVariable("FORMFLOW_LONG") == "1";

    [TestCase("postgresql")]
    [TestCase("sqlite")]
    public async Task Commands_acknowledged_before_a_sigkill_are_there_exactly_once_and_every_retry_gets_the_first_answer(string kind)
    {
        var kills = Long ? 25 : 4;
        var (teams, perTeam) = Long ? (20, 20) : (10, 15);
        const int clients = 16;
        // Real durations (the child host runs on the real clock): the self-reviews' reminders and escalations fall due
        // among the kills, and so do those of the managers' reviews opened as the self-reviews come in.
        var (due, reminderBefore) = Long ? (TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(25)) : (TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4));
        var lease = TimeSpan.FromSeconds(20);
        var watch = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..8];
        var domain = $"crash-{run}.example.com";
        using var database = TestDatabase.Create(kind);
        var folder = Directory.CreateTempSubdirectory("formflow-crash-").FullName;
        var provider = database.Dialect.ToString();
        var settings = HostProcess.Settings(provider, database.ConnectionString, Scenario.WriteOrganisation(folder, teams, perTeam, domain));
        var smtp = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP");
        var dump = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP");
        Assert.That(string.IsNullOrEmpty(smtp) || string.IsNullOrEmpty(dump), Is.False, "FORMFLOW_TEST_SMTP and FORMFLOW_TEST_SMTP_DUMP are not set: run the tests through ./test.sh, or `source tests/smtp.sh` first.");
        settings["FormFlow__Delivery__Smtp__Host"] = smtp![..smtp!.LastIndexOf(':')];
        settings["FormFlow__Delivery__Smtp__Port"] = smtp[(smtp.LastIndexOf(':') + 1)..];
        settings["FormFlow__Delivery__Smtp__Security"] = "None";
        settings["FormFlow__Delivery__Smtp__From"] = "formflow@example.com";
        settings["FormFlow__Workers__OutboxIntervalSeconds"] = "1";
        settings["FormFlow__Workers__TimerIntervalSeconds"] = "1";
        settings["FormFlow__Workers__LeaseSeconds"] = ((int)lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var port = HostProcess.FreePort();
        var host = await HostProcess.StartAsync(settings, port);
        var clientsOf = new ConcurrentDictionary<string, HttpClient>();
        try
        {
            // Everyone's token, then the cycle, just before the first kill: its tasks' timers run from the launch.
            var cycleId = "crash-" + run;
            var people = Enumerable.Range(1, teams * perTeam).Select(p => $"P{p:0000}").Concat(Enumerable.Range(1, teams).Select(t => $"M{t:00}")).ToList();
            var signedIn = clientsOf;
            await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (person, _) =>
                signedIn[person] = Scenario.Client(host.Address, await Scenario.TokenAsync(host.Address, person), TimeSpan.FromSeconds(30)));
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: {people.Count} people signed in");
            var definition = QuickReview.Definition(Scenario.ProcessKey, System.Xml.XmlConvert.ToString(reminderBefore), escalation: true, due: System.Xml.XmlConvert.ToString(due));
            using (var admin = Scenario.Client(host.Address, await Scenario.TokenAsync(host.Address, Scenario.Admin)))
            {
                Assert.That(await Scenario.PublishAndLaunchAsync(admin, cycleId, definition), Is.EqualTo(teams * perTeam), "everyone is started");
            }

            var opened = await Scenario.QueryAsync<OpenTask>(provider, database.ConnectionString, """
                SELECT t.id AS TaskId, t.version AS Version, t.instance_id AS InstanceId, i.subject_id AS Subject, t.assignee_id AS Assignee
                FROM tasks t JOIN process_instances i ON i.id = t.instance_id
                WHERE i.cycle_id = @Cycle AND t.status = 'open'
                """, new { Cycle = cycleId });
            Assert.That(opened, Has.Count.EqualTo(teams * perTeam), "one self-review each");
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: launched for {opened.Count} people");

            var stats = new Stats();
            var commands = new ConcurrentBag<Command>();
            // One late person per team: the self-review is handed in only once its reminder and escalation have fired,
            // and the manager's review approved only once its own have: each of these tasks owes two notices.
            var late = opened.GroupBy(t => (int.Parse(t.Subject[1..], System.Globalization.CultureInfo.InvariantCulture) - 1) / perTeam)
                .Select(team => team.ElementAt(Random.Shared.Next(team.Count()))).ToList();
            var lateTasks = new ConcurrentBag<(string TaskId, string Superior)>();
            var work = new ConcurrentQueue<OpenTask>(opened.Except(late).OrderBy(_ => Random.Shared.Next()));
            var self = Scenario.SelfReview();
            var done = 0;

            // Waits until the task's reminder and escalation have fired. The host sweeps every second; a timer claimed
            // by a killed host is taken again once its lease has run out, which under a kill every few seconds may
            // happen more than once: the liveness bound is lease + 60 s after the due time or the last restart,
            // whichever is later, and none while the host is still being killed.
            var firedWithin = lease + TimeSpan.FromSeconds(60);
            var lastStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var killing = 1;
            async Task TimersFiredAsync(string taskId, string who)
            {
                while (true)
                {
                    var timers = await Scenario.QueryAsync<TimerState>(provider, database.ConnectionString,
                        "SELECT kind AS Kind, due_at AS DueAt, fired_at AS FiredAt FROM timers WHERE task_id = @Task", new { Task = taskId });
                    if (timers.Count != 2)
                    {
                        stats.Note($"{who}: the task {taskId} has {timers.Count} timers, not a reminder and an escalation");
                        return;
                    }

                    if (timers.All(t => t.FiredAt is not null))
                    {
                        return;
                    }

                    var bound = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(timers.Max(t => t.DueAt), Volatile.Read(ref lastStart))) + firedWithin;
                    if (Volatile.Read(ref killing) == 0 && DateTimeOffset.UtcNow > bound)
                    {
                        stats.Note($"{who}: the timers of {taskId} had not fired {firedWithin.TotalSeconds} s after their due time and the last restart");
                        return;
                    }

                    await Task.Delay(250);
                }
            }

            async Task Handle(OpenTask task, bool isLate)
            {
                var employee = signedIn[task.Subject];
                if (isLate)
                {
                    await TimersFiredAsync(task.TaskId, task.Subject);
                    lateTasks.Add((task.TaskId, $"M{((int.Parse(task.Subject[1..], System.Globalization.CultureInfo.InvariantCulture) - 1) / perTeam) + 1:00}"));
                }

                var submit = new Command($"/api/tasks/{task.TaskId}/submit", new JsonObject { ["data"] = self.DeepClone() }.ToJsonString(), $"\"{task.Version}\"", $"submit-{task.Subject}-{run}", employee);
                commands.Add(submit);
                await submit.DeliverAsync(stats, replay: false);
                if (Random.Shared.Next(3) == 0)
                {
                    await submit.DeliverAsync(stats, replay: true);
                }

                if (submit.First!.Status != 200)
                {
                    return;
                }

                var review = await Scenario.QueryAsync<OpenTask>(provider, database.ConnectionString, """
                    SELECT t.id AS TaskId, t.version AS Version, t.instance_id AS InstanceId, t.assignee_id AS Assignee
                    FROM tasks t WHERE t.instance_id = @Instance AND t.status = 'open'
                    """, new { Instance = task.InstanceId });
                if (review.Count != 1)
                {
                    stats.Note($"{task.Subject}: after the submit the instance has {review.Count} open tasks, not the manager's one");
                    return;
                }

                var manager = signedIn[review[0].Assignee];
                if (isLate)
                {
                    await TimersFiredAsync(review[0].TaskId, review[0].Assignee);
                    lateTasks.Add((review[0].TaskId, "E001"));
                }

                var approve = new Command($"/api/tasks/{review[0].TaskId}/approve", "{}", $"\"{review[0].Version}\"", $"approve-{task.Subject}-{run}", manager);
                commands.Add(approve);
                await approve.DeliverAsync(stats, replay: false);
                if (Random.Shared.Next(3) == 0)
                {
                    await approve.DeliverAsync(stats, replay: true);
                }

                Interlocked.Increment(ref done);
            }

            async Task Client()
            {
                while (work.TryDequeue(out var task))
                {
                    await Handle(task, isLate: false);
                }
            }

            async Task<TimeSpan> DoneAsync(IEnumerable<Task> tasks)
            {
                await Task.WhenAll(tasks);
                return watch.Elapsed;
            }

            var promptDone = DoneAsync(Enumerable.Range(0, clients).Select(_ => Task.Run(Client)).ToList());
            var lateDone = DoneAsync(late.Select(task => Task.Run(() => Handle(task, isLate: true))).ToList());
            var firstKill = DateTimeOffset.MaxValue;
            var killed = 0;
            var killedUnderLoad = 0;
            while (killed < kills)
            {
                // A random moment of load on a live host, then SIGKILL, then the same host again over the same database.
                await Task.Delay(Random.Shared.Next(300, 1800));
                var doneBefore = Volatile.Read(ref done);
                firstKill = killed == 0 ? DateTimeOffset.UtcNow : firstKill;
                host.Kill();
                killed++;
                await Task.Delay(Random.Shared.Next(0, 300));
                killedUnderLoad += doneBefore < opened.Count ? 1 : 0;
                host = await HostProcess.StartAsync(settings, port);
                Volatile.Write(ref lastStart, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: kill {killed}, started again; {Volatile.Read(ref done)} people done");
            }

            var lastRestart = DateTimeOffset.UtcNow;
            Volatile.Write(ref killing, 0);

            await Task.WhenAll(promptDone, lateDone);
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: all commands answered (the prompt ones at {(await promptDone).TotalSeconds:F1} s, the late ones at {(await lateDone).TotalSeconds:F1} s)");

            // Every acknowledged command asked again after all the restarts: the first answer again.
            foreach (var command in commands)
            {
                await command.DeliverAsync(stats, replay: true);
            }

            var everything = commands.ToList();
            var failures = new List<string>(stats.Notes);
            foreach (var command in everything)
            {
                var first = command.First!;
                if (first.Status != 200)
                {
                    failures.Add($"{command.Key}: {first.Status} {first.Body}{(command.LostBeforeFirst ? " (its first attempt got no answer: the command had committed or not, a retry must not be refused)" : "")}");
                }

                foreach (var replay in command.Replays)
                {
                    if (replay.Status != first.Status || replay.Body != first.Body || !replay.Replayed)
                    {
                        failures.Add($"{command.Key}: the retry got {replay.Status} (replayed: {replay.Replayed}) {Cut(replay.Body)}, the first answer was {first.Status} {Cut(first.Body)}");
                    }
                }
            }

            // What the database holds: one instance per person, each self-review submitted once, each approved once, nothing open.
            var instances = await Scenario.QueryAsync<Row>(provider, database.ConnectionString,
                "SELECT subject_id AS Id, COUNT(*) AS Count FROM process_instances WHERE cycle_id = @Cycle GROUP BY subject_id", new { Cycle = cycleId });
            var revisions = await Scenario.QueryAsync<Row>(provider, database.ConnectionString, """
                SELECT t.id AS Id, COUNT(r.task_id) AS Count FROM tasks t JOIN process_instances i ON i.id = t.instance_id
                LEFT JOIN task_revisions r ON r.task_id = t.id WHERE i.cycle_id = @Cycle GROUP BY t.id
                """, new { Cycle = cycleId });
            var openTasks = await Scenario.QueryAsync<Row>(provider, database.ConnectionString, """
                SELECT t.id AS Id, 1 AS Count FROM tasks t JOIN process_instances i ON i.id = t.instance_id
                WHERE i.cycle_id = @Cycle AND t.status = 'open'
                """, new { Cycle = cycleId });
            var unfinished = await Scenario.QueryAsync<Row>(provider, database.ConnectionString,
                "SELECT id AS Id, 1 AS Count FROM process_instances WHERE cycle_id = @Cycle AND status <> 'completed'", new { Cycle = cycleId });
            var tasksPerInstance = await Scenario.QueryAsync<Row>(provider, database.ConnectionString, """
                SELECT i.id AS Id, COUNT(*) AS Count FROM tasks t JOIN process_instances i ON i.id = t.instance_id
                WHERE i.cycle_id = @Cycle GROUP BY i.id
                """, new { Cycle = cycleId });
            var claimsLeft = await Scenario.QueryAsync<Row>(provider, database.ConnectionString,
                "SELECT idem_key AS Id, 1 AS Count FROM idempotency_keys WHERE status IS NULL AND idem_key LIKE @Like", new { Like = $"%-{run}" });

            // Mail: the outbox delivered, each message once — or twice, under the same Message-Id, when a kill fell between sending and marking it sent.
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: replays asked, database read");
            var sent = await WaitForOutboxAsync(provider, database.ConnectionString, TimeSpan.FromSeconds(60));
            var pendingLeft = (await Scenario.QueryAsync<long>(provider, database.ConnectionString, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))[0];
            var mails = MailsTo(dump!, domain);
            var duplicated = mails.Where(m => m.Value.Count > 2).Select(m => $"{m.Key} ×{m.Value.Count}").ToList();
            var missing = sent.Select(FormFlow.Delivery.MessageIds.For).Where(id => !mails.ContainsKey(id)).ToList();

            var timers = await CheckTimersAsync(provider, database.ConnectionString, cycleId, domain, mails, lateTasks.ToList(), lease, (firstKill, lastRestart));

            var acknowledged = everything.Count;
            var retried = everything.Count(c => c.LostBeforeFirst);
            TestContext.Out.WriteLine(
                $"crash test over {kind}: {killed} kills ({killedUnderLoad} under load), {opened.Count} people, {clients} clients, " +
                $"{acknowledged} commands, {stats.Requests} requests, {stats.Lost} requests without an answer, {retried} commands retried after a lost answer, " +
                $"{stats.Replays} replays asked, {stats.InFlight} in-flight answers waited out, {sent.Count} messages sent, " +
                $"{mails.Count(m => m.Value.Count == 2)} mails sent twice, {watch.Elapsed.TotalSeconds:F0} s");
            TestContext.Out.WriteLine(
                $"timers: {timers.Timers} reminders and escalations, {timers.DueAmongKills} of them due between the first kill and the last restart, " +
                $"{timers.Fired} fired ({timers.FiredLate} more than 5 s after their due time, at most {timers.MostLate.TotalSeconds:F1} s), " +
                $"{timers.Notices} notices ({timers.Reminders} reminders, {timers.Overdue} overdue; {timers.NoticeMails} mails with the copies, {timers.MailedTwice} of them sent twice), " +
                $"{lateTasks.Count} tasks held open until their timers had fired");
            Assert.Multiple(() =>
            {
                Assert.That(killed, Is.EqualTo(kills), "the host was killed as often as planned");
                Assert.That(failures, Is.Empty, "every command acknowledged with 200, and every retry answered with the first answer");
                Assert.That(everything.Count(c => c.Key.StartsWith("submit-", StringComparison.Ordinal)), Is.EqualTo(opened.Count), "every self-review submitted");
                Assert.That(everything.Count(c => c.Key.StartsWith("approve-", StringComparison.Ordinal)), Is.EqualTo(opened.Count), "every review approved");
                Assert.That(instances.Where(i => i.Count != 1).Select(i => i.Id), Is.Empty, "no person has two instances");
                Assert.That(instances, Has.Count.EqualTo(opened.Count), "an instance per person");
                Assert.That(tasksPerInstance.Where(i => i.Count != 2).Select(i => $"{i.Id}: {i.Count} tasks"), Is.Empty, "each instance has its self-review and one review task, no duplicate");
                Assert.That(revisions.Where(r => r.Count > 1).Select(r => $"{r.Id}: {r.Count} revisions"), Is.Empty, "no task written twice");
                Assert.That(openTasks.Select(t => t.Id), Is.Empty, "no task left open (stuck)");
                Assert.That(unfinished.Select(i => i.Id), Is.Empty, "every instance completed");
                Assert.That(claimsLeft.Select(c => c.Id), Is.Empty, "no idempotency key left claimed without its answer");
                Assert.That(pendingLeft, Is.Zero, "the outbox delivered within 60 s of the end (the lease of a killed host's claim is 20 s)");
                Assert.That(duplicated, Is.Empty, "no mail sent more than twice");
                Assert.That(missing, Is.Empty, "every message marked sent is in the mailbox");
                Assert.That(timers.Failures, Is.Empty, "every reminder and escalation fired by its due time + lease, and each that found its task open was sent once (or twice under one Message-Id), before the task was closed");
                Assert.That(lateTasks, Has.Count.EqualTo(2 * late.Count), "every late task waited for its timers");
            });
        }
        finally
        {
            host.Dispose();
            foreach (var client in clientsOf.Values)
            {
                client.Dispose();
            }

            Scenario.Drop(database);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The reminders and escalations of the cycle's tasks against the journal, the outbox and the mailbox: every timer
    /// due more than a lease + 30 s before now and before the last restart has fired; one that found its task open wrote one notice to the assignee (the
    /// escalation copying the superior) with its journal entry, before the entry that closed the task, and the notice
    /// and each copy reached the mailbox once or twice under one Message-Id; one that wrote nothing found its task
    /// closed. Each task of <paramref name="late"/> (held open until its timers fired) has both notices.
    /// </summary>
    private static async Task<TimerReport> CheckTimersAsync(
        string provider, string connectionString, string cycleId, string domain, Dictionary<string, Mail> mails, List<(string TaskId, string Superior)> late, TimeSpan lease,
        (DateTimeOffset From, DateTimeOffset Until) kills)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var timers = await Scenario.QueryAsync<TimerState>(provider, connectionString, """
            SELECT tm.id AS Id, tm.task_id AS TaskId, tm.kind AS Kind, tm.due_at AS DueAt, tm.fired_at AS FiredAt,
                   t.assignee_id AS Assignee, t.completed_at AS CompletedAt
            FROM timers tm JOIN tasks t ON t.id = tm.task_id JOIN process_instances i ON i.id = t.instance_id
            WHERE i.cycle_id = @Cycle AND tm.kind IN ('reminder', 'escalation')
            """, new { Cycle = cycleId });
        var outbox = (await Scenario.QueryAsync<OutboxRow>(provider, connectionString, """
            SELECT o.idempotency_key AS IdempotencyKey, o.status AS Status, o.payload AS Payload
            FROM outbox o JOIN process_instances i ON i.id = o.instance_id WHERE i.cycle_id = @Cycle
            """, new { Cycle = cycleId })).ToDictionary(o => o.IdempotencyKey, StringComparer.Ordinal);
        var journal = (await Scenario.QueryAsync<JournalRow>(provider, connectionString, """
            SELECT a.id AS Id, a.action AS Action, a.after_json AS After
            FROM audit_log a JOIN process_instances i ON i.id = a.entity_id
            WHERE a.entity = 'instance' AND i.cycle_id = @Cycle
              AND a.action IN ('task.reminded', 'task.overdue', 'task.submitted', 'task.approved')
            """, new { Cycle = cycleId }))
            .Select(j => (j.Id, j.Action, Task: (string?)JsonNode.Parse(j.After ?? "{}")?["task"]))
            .Where(j => j.Task is not null)
            .ToLookup(j => j.Task!, StringComparer.Ordinal);

        var report = new TimerReport
        {
            Timers = timers.Count,
            DueAmongKills = timers.Count(t => t.DueAt >= kills.From.ToUnixTimeMilliseconds() && t.DueAt <= kills.Until.ToUnixTimeMilliseconds()),
        };
        var failures = report.Failures;
        foreach (var timer in timers)
        {
            if (timer.FiredAt is not { } firedAt)
            {
                if (Math.Max(timer.DueAt, kills.Until.ToUnixTimeMilliseconds()) + (long)(lease + TimeSpan.FromSeconds(30)).TotalMilliseconds < now)
                {
                    failures.Add($"{timer.Kind} {timer.Id} of task {timer.TaskId}: not fired {(now - timer.DueAt) / 1000.0:F1} s after its due time (lease {lease.TotalSeconds} s, last restart {(now - kills.Until.ToUnixTimeMilliseconds()) / 1000.0:F1} s ago)");
                }

                continue;
            }

            report.Fired++;
            var lateBy = TimeSpan.FromMilliseconds(firedAt - timer.DueAt);
            report.FiredLate += lateBy > TimeSpan.FromSeconds(5) ? 1 : 0;
            report.MostLate = lateBy > report.MostLate ? lateBy : report.MostLate;
            var action = timer.Kind == "reminder" ? "task.reminded" : "task.overdue";
            var entries = journal[timer.TaskId].Where(j => j.Action == action).ToList();
            var closed = journal[timer.TaskId].Where(j => j.Action is "task.submitted" or "task.approved").Select(j => (long?)j.Id).Min();
            if (outbox.GetValueOrDefault(FormFlow.Workflows.Notice.Key(timer.Id)) is not { } notice)
            {
                // It wrote nothing: its task was closed when it fired (the closing clock read a moment earlier, at most).
                if (timer.CompletedAt is not { } completed || completed > firedAt + 10_000 || entries.Count > 0)
                {
                    failures.Add($"{timer.Kind} {timer.Id} of task {timer.TaskId}: fired at {firedAt} with no notice, the task closed at {timer.CompletedAt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never"}, {entries.Count} journal entries");
                }

                continue;
            }

            report.Notices++;
            report.Reminders += timer.Kind == "reminder" ? 1 : 0;
            report.Overdue += timer.Kind == "escalation" ? 1 : 0;
            var payload = JsonNode.Parse(notice.Payload)!;
            var expected = timer.Kind == "reminder" ? "task.reminder" : "task.overdue";
            if ((string?)payload["event"] != expected || (string?)payload["recipient"] != timer.Assignee || notice.Status != "sent")
            {
                failures.Add($"{timer.Kind} {timer.Id}: the notice is {payload["event"]} to {payload["recipient"]} ({notice.Status}), not {expected} to {timer.Assignee}, sent");
            }

            if (entries.Count != 1 || (closed is { } closing && entries[0].Id > closing))
            {
                failures.Add($"{timer.Kind} {timer.Id} of task {timer.TaskId}: {entries.Count} journal entries {string.Join(", ", entries.Select(e => e.Id))}, the task closed at entry {closed} (a notice is written while its task is open)");
            }

            var keys = new List<string> { notice.IdempotencyKey };
            keys.AddRange((payload["cc"] as JsonArray ?? []).Select(c => (string)c!).Where(c => c != timer.Assignee).Select(c => $"{notice.IdempotencyKey}.cc.{c}"));
            foreach (var key in keys)
            {
                var count = mails.GetValueOrDefault(FormFlow.Delivery.MessageIds.For(key))?.Count ?? 0;
                report.NoticeMails++;
                report.MailedTwice += count == 2 ? 1 : 0;
                if (count is not (1 or 2))
                {
                    failures.Add($"{timer.Kind} {timer.Id}: the mail {key} is in the mailbox {count} times");
                }
            }
        }

        foreach (var (taskId, superior) in late)
        {
            var own = timers.Where(t => t.TaskId == taskId).ToList();
            foreach (var kind in new[] { "reminder", "escalation" })
            {
                var timer = own.SingleOrDefault(t => t.Kind == kind);
                if (timer is null || outbox.GetValueOrDefault(FormFlow.Workflows.Notice.Key(timer.Id)) is not { } notice)
                {
                    failures.Add($"late task {taskId}: no {kind} notice, though it stayed open until its timers had fired");
                    continue;
                }

                var cc = (JsonNode.Parse(notice.Payload)!["cc"] as JsonArray ?? []).Select(c => (string?)c).ToList();
                var copy = mails.GetValueOrDefault(FormFlow.Delivery.MessageIds.For($"{notice.IdempotencyKey}.cc.{superior}"));
                if (kind == "escalation" && (!cc.Contains(superior) || copy is null || !copy.Text.Contains($"{superior.ToLowerInvariant()}@{domain}", StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"late task {taskId}: the overdue notice copies [{string.Join(", ", cc)}], its copy to {superior} {(copy is null ? "is not in the mailbox" : "is addressed elsewhere")}");
                }
            }
        }

        return report;
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Waits until the outbox holds nothing pending; the keys of the messages sent.</summary>
    private static async Task<List<string>> WaitForOutboxAsync(string provider, string connectionString, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            var pending = await Scenario.QueryAsync<long>(provider, connectionString, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
            if (pending[0] == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        return await Scenario.QueryAsync<string>(provider, connectionString, "SELECT idempotency_key FROM outbox WHERE status = 'sent' AND channel LIKE '%mail%'");
    }

    /// <summary>The mails the sink received for <paramref name="domain"/>, counted by Message-Id, with the text of the first.</summary>
    private static Dictionary<string, Mail> MailsTo(string dump, string domain)
    {
        var counts = new Dictionary<string, Mail>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dump))
        {
            string text;
            try
            {
                text = File.ReadAllText(file, Encoding.UTF8);
            }
            catch (IOException)
            {
                continue;
            }

            if (!text.Contains("@" + domain, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var id = MessageId().Match(text);
            if (id.Success)
            {
                var key = id.Groups[1].Value;
                counts[key] = counts.TryGetValue(key, out var seen) ? seen with { Count = seen.Count + 1 } : new Mail(1, text);
            }
        }

        return counts;
    }

    [GeneratedRegex(@"^Message-Id:\s*<([^>]+)>", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex MessageId();

    private sealed class OpenTask
    {
        public string TaskId { get; init; } = "";

        public int Version { get; init; }

        public string InstanceId { get; init; } = "";

        public string Subject { get; init; } = "";

        public string Assignee { get; init; } = "";
    }

    private sealed record Mail(int Count, string Text);

    private sealed class TimerState
    {
        public string Id { get; init; } = "";

        public string TaskId { get; init; } = "";

        public string Kind { get; init; } = "";

        public long DueAt { get; init; }

        public long? FiredAt { get; init; }

        public string Assignee { get; init; } = "";

        public long? CompletedAt { get; init; }
    }

    private sealed class OutboxRow
    {
        public string IdempotencyKey { get; init; } = "";

        public string Status { get; init; } = "";

        public string Payload { get; init; } = "";
    }

    private sealed class JournalRow
    {
        public long Id { get; init; }

        public string Action { get; init; } = "";

        public string? After { get; init; }
    }

    private sealed class TimerReport
    {
        public List<string> Failures { get; } = [];

        public int Timers { get; init; }

        public int Fired { get; set; }

        public int FiredLate { get; set; }

        public TimeSpan MostLate { get; set; }

        public int DueAmongKills { get; init; }

        public int Notices { get; set; }

        public int Reminders { get; set; }

        public int Overdue { get; set; }

        public int NoticeMails { get; set; }

        public int MailedTwice { get; set; }
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";

        public long Count { get; init; }
    }

    private sealed record Answer(int Status, string Body, bool Replayed);

    private sealed class Stats
    {
        private long requests;
        private long lost;
        private long replays;
        private long inFlight;

        public ConcurrentQueue<string> Notes { get; } = new();

        public long Requests => Interlocked.Read(ref requests);

        public long Lost => Interlocked.Read(ref lost);

        public long Replays => Interlocked.Read(ref replays);

        public long InFlight => Interlocked.Read(ref inFlight);

        public void Request() => Interlocked.Increment(ref requests);

        public void LostOne() => Interlocked.Increment(ref lost);

        public void Replay() => Interlocked.Increment(ref replays);

        public void InFlightOne() => Interlocked.Increment(ref inFlight);

        public void Note(string note) => Notes.Enqueue(note);
    }

    /// <summary>One command under its Idempotency-Key: sent until it is answered, the first answer and every replay kept.</summary>
    private sealed class Command(string url, string body, string ifMatch, string key, HttpClient client)
    {
        public string Key => key;

        public Answer? First { get; private set; }

        /// <summary>The first attempt got no answer (the host was killed before or while it answered).</summary>
        public bool LostBeforeFirst { get; private set; }

        public List<Answer> Replays { get; } = [];

        public async Task DeliverAsync(Stats stats, bool replay)
        {
            if (replay)
            {
                stats.Replay();
            }

            var waitedInFlight = Stopwatch.StartNew();
            while (true)
            {
                stats.Request();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                    request.Headers.Add("Idempotency-Key", key);
                    using var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    // The first request under the key still runs (or ran on a node that was killed): ask again shortly.
                    if (status == 409 && text.Contains("idempotency.in-flight", StringComparison.Ordinal) && waitedInFlight.Elapsed < TimeSpan.FromMinutes(3))
                    {
                        stats.InFlightOne();
                        await Task.Delay(250);
                        continue;
                    }

                    var answer = new Answer(status, text, response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"));
                    if (First is null)
                    {
                        First = answer;
                    }
                    else
                    {
                        Replays.Add(answer);
                    }

                    return;
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The host is down (killed, or not listening yet): the same request again, under the same key.
                    stats.LostOne();
                    if (First is null)
                    {
                        LostBeforeFirst = true;
                    }

                    await Task.Delay(150);
                }
            }
        }
    }
}
