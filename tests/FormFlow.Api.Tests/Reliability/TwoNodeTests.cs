using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FormFlow.Api.Tests.Reliability;

/// <summary>Two hosts, as child processes, over one PostgreSQL database: starting together, and one dying under the other.</summary>
[TestFixture]
[NonParallelizable]
[Category("Reliability")]
internal sealed class TwoNodeTests
{
    // The lease and the sweeps as the hosts are configured here; the takeover window follows from them.
    private const int LeaseSeconds = 20;
    private const int SweepSeconds = 10;
    private const int SlackSeconds = 15;

    [Test]
    public async Task Two_nodes_starting_at_once_on_an_empty_database_both_start_and_import_the_organisation_once()
    {
        // Ten tries in the long run (FORMFLOW_LONG=1); five in the default one, to keep within its time.
        var tries = Environment.GetEnvironmentVariable("FORMFLOW_LONG") == "1" ? 10 : 5;
        var people = new List<long>();
        for (var i = 0; i < tries; i++)
        {
            using var database = TestDatabase.Create("postgresql");
            var settings = HostProcess.Settings("PostgreSql", database.ConnectionString, organisationFile: null);
            settings["FormFlow__Workers__Enabled"] = "false";
            var first = HostProcess.Launch(settings, HostProcess.FreePort());
            var second = HostProcess.Launch(settings, HostProcess.FreePort());
            try
            {
                await Task.WhenAll(first.WaitReadyAsync(TimeSpan.FromSeconds(90)), second.WaitReadyAsync(TimeSpan.FromSeconds(90)));
                var count = await Scenario.QueryAsync<long>("PostgreSql", database.ConnectionString, "SELECT COUNT(*) FROM people");
                var departments = await Scenario.QueryAsync<long>("PostgreSql", database.ConnectionString, "SELECT COUNT(*) FROM departments");
                Assert.That((count[0], departments[0]), Is.EqualTo((40L, 5L)), $"try {i + 1}: the demo organisation (40 people, 5 departments) once\n{first.Tail(2000)}\n{second.Tail(2000)}");
                people.Add(count[0]);
            }
            finally
            {
                first.Dispose();
                second.Dispose();
                Scenario.Drop(database);
            }
        }

        TestContext.Out.WriteLine($"two nodes started together {tries} times on a fresh PostgreSQL database: head counts {string.Join(", ", people)}");
    }

    [Test]
    public async Task Two_nodes_when_one_is_killed_holding_timers_and_messages_the_other_serves_on_and_takes_them_over_within_lease_and_sweep_and_15_seconds()
    {
        var window = TimeSpan.FromSeconds(LeaseSeconds + SweepSeconds + SlackSeconds);
        var smtp = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP");
        Assert.That(string.IsNullOrEmpty(smtp), Is.False, "FORMFLOW_TEST_SMTP is not set: run the tests through ./test.sh, or `source tests/smtp.sh` first.");
        var run = Guid.NewGuid().ToString("N")[..8];
        using var database = TestDatabase.Create("postgresql");
        var cs = database.ConnectionString;
        var folder = Directory.CreateTempSubdirectory("formflow-nodes-").FullName;
        // An SMTP server that accepts connections and never says a word: node A's delivery hangs there, its messages claimed.
        using var silent = new SilentSmtp();
        var settings = HostProcess.Settings("PostgreSql", cs, Scenario.WriteOrganisation(folder, 3, 10, $"nodes-{run}.example.com"));
        settings["FormFlow__Workers__LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["FormFlow__Workers__TimerIntervalSeconds"] = SweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["FormFlow__Workers__OutboxIntervalSeconds"] = SweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["FormFlow__Delivery__Smtp__Security"] = "None";
        settings["FormFlow__Delivery__Smtp__From"] = "formflow@example.com";
        var a = new Dictionary<string, string?>(settings)
        {
            ["FormFlow__Workers__NodeId"] = "node-a",
            ["FormFlow__Delivery__Smtp__Host"] = "127.0.0.1",
            ["FormFlow__Delivery__Smtp__Port"] = silent.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var b = new Dictionary<string, string?>(settings)
        {
            ["FormFlow__Workers__NodeId"] = "node-b",
            ["FormFlow__Delivery__Smtp__Host"] = smtp![..smtp!.LastIndexOf(':')],
            ["FormFlow__Delivery__Smtp__Port"] = smtp[(smtp.LastIndexOf(':') + 1)..],
        };

        HostProcess? nodeA = null;
        HostProcess? nodeB = null;
        System.Data.Common.DbConnection? locker = null;
        try
        {
            nodeA = await HostProcess.StartAsync(a);
            using (var admin = Scenario.Client(nodeA.Address, await Scenario.TokenAsync(nodeA.Address, Scenario.Admin)))
            {
                Assert.That(await Scenario.PublishAndLaunchAsync(admin, "nodes-" + run), Is.EqualTo(30), "everyone is started");
            }

            // Node A claims the launch's messages and hangs in the silent SMTP server.
            var messagesOfA = await WaitForAsync(cs, "SELECT id FROM outbox WHERE owner = 'node-a' AND status = 'pending'", TimeSpan.FromSeconds(60), "node A claims the outbox messages");

            // Node A claims the reminders, made due now, and is held up firing them: the outbox is locked, so the
            // reminder each one writes waits (the test's transaction stands in for a slow database).
            locker = Scenario.Open("PostgreSql", cs);
            var lockTransaction = await locker.BeginTransactionAsync();
            await using (var lockCommand = locker.CreateCommand())
            {
                lockCommand.Transaction = lockTransaction;
                lockCommand.CommandText = "LOCK TABLE outbox IN EXCLUSIVE MODE";
                await lockCommand.ExecuteNonQueryAsync();
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await Scenario.QueryAsync<int>("PostgreSql", cs, "UPDATE timers SET due_at = @Now WHERE fired_at IS NULL AND kind = 'reminder' RETURNING 1", new { Now = now - 1000 });
            var timersOfA = await WaitForAsync(cs, "SELECT id FROM timers WHERE owner = 'node-a' AND fired_at IS NULL", TimeSpan.FromSeconds(60), "node A claims the reminders");

            // Node B joins; both serve.
            nodeB = await HostProcess.StartAsync(b);
            var tokens = new Dictionary<string, string>();
            foreach (var person in new[] { "P0001", "P0002", "P0011", "P0021", "M01", Scenario.Admin })
            {
                tokens[person] = await Scenario.TokenAsync(nodeB.Address, person);
            }

            var before = await LoadAsync([nodeA.Address, nodeB.Address], tokens, TimeSpan.FromSeconds(2));
            var heldTimers = await Scenario.QueryAsync<string>("PostgreSql", cs, "SELECT id FROM timers WHERE owner = 'node-a' AND fired_at IS NULL");
            var heldMessages = await Scenario.QueryAsync<string>("PostgreSql", cs, "SELECT id FROM outbox WHERE owner = 'node-a' AND status = 'pending'");

            nodeA.Kill();
            var killed = Stopwatch.StartNew();
            await lockTransaction.RollbackAsync();
            await locker.DisposeAsync();
            locker = null;

            // Node B serves on: reads, and the commands that write to the outbox.
            var after = await LoadAsync([nodeB.Address], tokens, TimeSpan.FromSeconds(3));
            var submits = new List<int>();
            foreach (var person in new[] { "P0001", "P0002", "P0011", "P0021" })
            {
                submits.Add(await SubmitOwnAsync(nodeB.Address, tokens[person], cs, person, run));
            }

            TimeSpan? timersTaken = null;
            TimeSpan? messagesTaken = null;
            while (killed.Elapsed < window + TimeSpan.FromSeconds(5) && (timersTaken is null || messagesTaken is null))
            {
                if (timersTaken is null && (await Scenario.QueryAsync<long>("PostgreSql", cs, "SELECT COUNT(*) FROM timers WHERE id = ANY(@Ids) AND fired_at IS NULL", new { Ids = heldTimers.ToArray() }))[0] == 0)
                {
                    timersTaken = killed.Elapsed;
                }

                if (messagesTaken is null && (await Scenario.QueryAsync<long>("PostgreSql", cs, "SELECT COUNT(*) FROM outbox WHERE id = ANY(@Ids) AND status <> 'sent'", new { Ids = heldMessages.ToArray() }))[0] == 0)
                {
                    messagesTaken = killed.Elapsed;
                }

                await Task.Delay(250);
            }

            var firedBy = await Scenario.QueryAsync<string>("PostgreSql", cs, "SELECT DISTINCT owner FROM timers WHERE id = ANY(@Ids)", new { Ids = heldTimers.ToArray() });
            var sentBy = await Scenario.QueryAsync<string>("PostgreSql", cs, "SELECT DISTINCT owner FROM outbox WHERE id = ANY(@Ids)", new { Ids = heldMessages.ToArray() });
            TestContext.Out.WriteLine(
                $"two nodes: node A killed holding {heldTimers.Count} timers and {heldMessages.Count} messages; " +
                $"requests before the kill {before.Count} ({before.Count(s => s == 200)} 200), after {after.Count} ({after.Count(s => s == 200)} 200), submits after {string.Join(",", submits)}; " +
                $"timers taken over and fired after {timersTaken?.TotalSeconds:F1} s, messages sent after {messagesTaken?.TotalSeconds:F1} s (window {window.TotalSeconds} s)");
            Assert.Multiple(() =>
            {
                Assert.That(timersOfA, Is.Not.Empty, "node A held timers when it was killed");
                Assert.That(messagesOfA, Is.Not.Empty, "node A held messages when it was killed");
                Assert.That(heldTimers, Is.Not.Empty, "node A still held timers at the kill");
                Assert.That(heldMessages, Is.Not.Empty, "node A still held messages at the kill");
                Assert.That(before.Where(s => s != 200), Is.Empty, "both nodes served before the kill");
                Assert.That(after.Where(s => s != 200), Is.Empty, "node B served every request after the kill");
                Assert.That(submits.Where(s => s != 200), Is.Empty, "node B took every submit after the kill");
                Assert.That(timersTaken, Is.Not.Null.And.LessThanOrEqualTo(window), $"node A's timers fired by node B within lease + sweep + slack\n{nodeB.Tail(3000)}");
                Assert.That(messagesTaken, Is.Not.Null.And.LessThanOrEqualTo(window), $"node A's messages sent by node B within lease + sweep + slack\n{nodeB.Tail(3000)}");
                Assert.That(firedBy, Is.EqualTo(new[] { "node-b" }), "node B fired them");
                Assert.That(sentBy, Is.EqualTo(new[] { "node-b" }), "node B sent them");
            });
        }
        finally
        {
            if (locker is not null)
            {
                await locker.DisposeAsync();
            }

            nodeA?.Dispose();
            nodeB?.Dispose();
            Scenario.Drop(database);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Polls until <paramref name="sql"/> returns rows; their ids.</summary>
    private static async Task<List<string>> WaitForAsync(string cs, string sql, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within)
        {
            var ids = await Scenario.QueryAsync<string>("PostgreSql", cs, sql);
            if (ids.Count > 0)
            {
                return ids;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{what}: nothing within {within.TotalSeconds} s");
        return [];
    }

    /// <summary>Reads (the inbox, the person's own view) from every address in turn for a while; the status of each answer.</summary>
    private static async Task<List<int>> LoadAsync(string[] addresses, Dictionary<string, string> tokens, TimeSpan during)
    {
        var statuses = new List<int>();
        var watch = Stopwatch.StartNew();
        var i = 0;
        while (watch.Elapsed < during)
        {
            var address = addresses[i % addresses.Length];
            var token = tokens.Values.ElementAt(i % tokens.Count);
            using var client = Scenario.Client(address, token, TimeSpan.FromSeconds(20));
            using var response = await client.GetAsync(i % 2 == 0 ? "/api/tasks?status=open" : "/api/me");
            statuses.Add((int)response.StatusCode);
            i++;
        }

        return statuses;
    }

    /// <summary>The person submits their self-review (with an Idempotency-Key); the status of the answer.</summary>
    private static async Task<int> SubmitOwnAsync(string address, string token, string cs, string person, string run)
    {
        var task = (await Scenario.QueryAsync<string>("PostgreSql", cs, "SELECT id FROM tasks WHERE assignee_id = @Person AND status = 'open'", new { Person = person })).Single();
        using var client = Scenario.Client(address, token, TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task}/submit")
        {
            Content = Scenario.Json(new System.Text.Json.Nodes.JsonObject { ["data"] = Scenario.SelfReview() }),
        };
        request.Headers.Add("Idempotency-Key", $"nodes-{person}-{run}");
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>A TCP server that accepts connections and never answers: an SMTP server that hangs.</summary>
    private sealed class SilentSmtp : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> accepted = [];
        private readonly CancellationTokenSource stop = new();

        public SilentSmtp()
        {
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        public int Port { get; }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            lock (accepted)
            {
                accepted.ForEach(c => c.Dispose());
            }

            stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    lock (accepted)
                    {
                        accepted.Add(client);
                    }
                }
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
