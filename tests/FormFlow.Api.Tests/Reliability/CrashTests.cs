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

        var port = HostProcess.FreePort();
        var host = await HostProcess.StartAsync(settings, port);
        var clientsOf = new ConcurrentDictionary<string, HttpClient>();
        try
        {
            // The cycle and everyone's token, before the first kill.
            var cycleId = "crash-" + run;
            using (var admin = Scenario.Client(host.Address, await Scenario.TokenAsync(host.Address, Scenario.Admin)))
            {
                Assert.That(await Scenario.PublishAndLaunchAsync(admin, cycleId), Is.EqualTo(teams * perTeam), "everyone is started");
            }

            var opened = await Scenario.QueryAsync<OpenTask>(provider, database.ConnectionString, """
                SELECT t.id AS TaskId, t.version AS Version, t.instance_id AS InstanceId, i.subject_id AS Subject, t.assignee_id AS Assignee
                FROM tasks t JOIN process_instances i ON i.id = t.instance_id
                WHERE i.cycle_id = @Cycle AND t.status = 'open'
                """, new { Cycle = cycleId });
            Assert.That(opened, Has.Count.EqualTo(teams * perTeam), "one self-review each");
            var people = opened.Select(t => t.Subject).Concat(Enumerable.Range(1, teams).Select(t => $"M{t:00}")).ToList();
            var signedIn = clientsOf;
            await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (person, _) =>
                signedIn[person] = Scenario.Client(host.Address, await Scenario.TokenAsync(host.Address, person), TimeSpan.FromSeconds(30)));
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: launched for {opened.Count} people, signed in");

            var stats = new Stats();
            var commands = new ConcurrentBag<Command>();
            var work = new ConcurrentQueue<OpenTask>(opened.OrderBy(_ => Random.Shared.Next()));
            var self = Scenario.SelfReview();
            var done = 0;

            async Task Client()
            {
                while (work.TryDequeue(out var task))
                {
                    var employee = signedIn[task.Subject];
                    var submit = new Command($"/api/tasks/{task.TaskId}/submit", new JsonObject { ["data"] = self.DeepClone() }.ToJsonString(), $"\"{task.Version}\"", $"submit-{task.Subject}-{run}", employee);
                    commands.Add(submit);
                    await submit.DeliverAsync(stats, replay: false);
                    if (Random.Shared.Next(3) == 0)
                    {
                        await submit.DeliverAsync(stats, replay: true);
                    }

                    if (submit.First!.Status != 200)
                    {
                        continue;
                    }

                    var review = await Scenario.QueryAsync<OpenTask>(provider, database.ConnectionString, """
                        SELECT t.id AS TaskId, t.version AS Version, t.instance_id AS InstanceId, t.assignee_id AS Assignee
                        FROM tasks t WHERE t.instance_id = @Instance AND t.status = 'open'
                        """, new { Instance = task.InstanceId });
                    if (review.Count != 1)
                    {
                        stats.Note($"{task.Subject}: after the submit the instance has {review.Count} open tasks, not the manager's one");
                        continue;
                    }

                    var manager = signedIn[review[0].Assignee];
                    var approve = new Command($"/api/tasks/{review[0].TaskId}/approve", "{}", $"\"{review[0].Version}\"", $"approve-{task.Subject}-{run}", manager);
                    commands.Add(approve);
                    await approve.DeliverAsync(stats, replay: false);
                    if (Random.Shared.Next(3) == 0)
                    {
                        await approve.DeliverAsync(stats, replay: true);
                    }

                    Interlocked.Increment(ref done);
                }
            }

            var running = Enumerable.Range(0, clients).Select(_ => Task.Run(Client)).ToList();
            var killed = 0;
            var killedUnderLoad = 0;
            while (killed < kills)
            {
                // A random moment of load on a live host, then SIGKILL, then the same host again over the same database.
                await Task.Delay(Random.Shared.Next(300, 1800));
                var doneBefore = Volatile.Read(ref done);
                host.Kill();
                killed++;
                await Task.Delay(Random.Shared.Next(0, 300));
                killedUnderLoad += doneBefore < opened.Count ? 1 : 0;
                host = await HostProcess.StartAsync(settings, port);
                TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: kill {killed}, started again; {Volatile.Read(ref done)} people done");
            }

            await Task.WhenAll(running);
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: all commands answered");

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
            var duplicated = mails.Where(m => m.Value > 2).Select(m => $"{m.Key} ×{m.Value}").ToList();
            var missing = sent.Select(FormFlow.Delivery.MessageIds.For).Where(id => !mails.ContainsKey(id)).ToList();

            var acknowledged = everything.Count;
            var retried = everything.Count(c => c.LostBeforeFirst);
            TestContext.Out.WriteLine(
                $"crash test over {kind}: {killed} kills ({killedUnderLoad} under load), {opened.Count} people, {clients} clients, " +
                $"{acknowledged} commands, {stats.Requests} requests, {stats.Lost} requests without an answer, {retried} commands retried after a lost answer, " +
                $"{stats.Replays} replays asked, {stats.InFlight} in-flight answers waited out, {sent.Count} messages sent, " +
                $"{mails.Count(m => m.Value == 2)} mails sent twice, {watch.Elapsed.TotalSeconds:F0} s");
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

    /// <summary>The mails the sink received for <paramref name="domain"/>, counted by Message-Id.</summary>
    private static Dictionary<string, int> MailsTo(string dump, string domain)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
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
                counts[id.Groups[1].Value] = counts.GetValueOrDefault(id.Groups[1].Value) + 1;
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
