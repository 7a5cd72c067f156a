using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FormFlow.Benchmarks;

/// <summary>
/// The HTTP targets of issue 18 against a running designer-api host over an imported organisation, in one run:
/// the annual review launched for everyone over the API; the host's working set at idle; the submit throughput of
/// <c>users</c> people at once (a closed loop: inbox, open, submit, next person); then <c>rate</c> requests per second
/// at fixed times for <c>seconds</c> (an open loop: each request is sent at its scheduled time however long the earlier
/// ones take, and its latency is counted from that time, so a slow answer cannot hide the requests queued behind it),
/// a third each of inbox, open the self-review and submit it, while the host's working set (VmRSS of
/// /proc/HOST_PID/status) is sampled every few seconds. load-benchmark.sh starts the host on SQLite and PostgreSQL.
/// Usage: load-rate BASE_URL SIGNING_KEY_BASE64 ISSUER AUDIENCE HOST_PID [people=100000] [rate=100] [seconds=600]
///        [users=8] [throughput-seconds=30] [idle-seconds=30] [sample-every=5]
/// </summary>
internal static class FixedRateBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 6)
        {
            Console.Error.WriteLine("usage: load-rate BASE_URL SIGNING_KEY_BASE64 ISSUER AUDIENCE HOST_PID [people=100000] [rate=100] [seconds=600] [users=8] [throughput-seconds=30] [idle-seconds=30] [sample-every=5]");
            return 2;
        }

        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var tokens = new LoadBenchmark.Tokens(Convert.FromBase64String(args[2]), args[3], args[4]);
        var hostPid = int.Parse(args[5], CultureInfo.InvariantCulture);
        var people = Arg(6, 100_000);
        var rate = Arg(7, 100);
        var seconds = Arg(8, 600);
        var users = Arg(9, 8);
        var throughputSeconds = Arg(10, 30);
        var idleSeconds = Arg(11, 30);
        var sampleEvery = Arg(12, 5);

        // No cap on connections: in an open loop a request must not wait for a free connection at the client.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = new Uri(args[1]),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(LoadBenchmark.Repository(), "templates", "examples", "self-review", "valid-annual-rating-5.json")))!["data"]!.AsObject();
        var client = new Client(http, example);

        var readyRss = Rss(hostPid);
        // The launch of 100,000 people is one long request: a client of its own with a timeout to match.
        using (var launching = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMinutes(30) })
        {
            await LoadBenchmark.ArrangeAsync(launching, tokens, people);
        }

        var afterLaunchRss = Rss(hostPid);
        var idle = new List<long>();
        for (var t = 0; t < idleSeconds; t += sampleEvery)
        {
            await Task.Delay(TimeSpan.FromSeconds(sampleEvery));
            idle.Add(Rss(hostPid));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory-idle ready={Mb(readyRss)} MB after-launch={Mb(afterLaunchRss)} MB idle-{idleSeconds}s-median={Mb(Median(idle))} MB"));

        // Each person is used once: their self-review is submitted by the closed loop or by the open loop, not both.
        var next = 1; // L00002 is the first employee
        string NextPerson() => string.Create(CultureInfo.InvariantCulture, $"L{Interlocked.Increment(ref next):D5}");

        // Closed loop: submit throughput.
        var submitted = 0;
        var cpuBefore = CpuSeconds(hostPid);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(throughputSeconds)))
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, users).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && next <= people)
                {
                    var person = tokens.For(NextPerson());
                    var taskId = await client.InboxAsync(person, 0);
                    var fields = taskId is null ? null : await client.OpenAsync(person, taskId, 0);
                    if (fields is not null && await client.SubmitAsync(person, taskId!, fields, 0))
                    {
                        Interlocked.Increment(ref submitted);
                    }
                }
            })));
            // The host's own CPU per request does not depend on how busy the rest of the machine is, unlike the rate.
            var cpu = CpuSeconds(hostPid) - cpuBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput users={users} seconds={clock.Elapsed.TotalSeconds:F1} submits={submitted} submits-per-second={submitted / clock.Elapsed.TotalSeconds:F1} failures={client.Failures.Values.Sum()} host-cpu-ms-per-request={1000 * cpu / Math.Max(1, client.Done):F2}"));
            client.Report("  ");
        }

        // Open loop at a fixed arrival rate. Slot k is sent at k / rate seconds; slots 3j, 3j+1, 3j+2 are an inbox, an
        // open and a submit, each of a different person: a person opens the task `lag` visits (about a second) after
        // reading the inbox and submits it `lag` visits after opening it, as someone clicking through would.
        client.Reset();
        var lag = Math.Max(1, rate / 3);
        var visits = seconds * rate / 3 + 2 * lag + 1;
        var persons = new AuthenticationHeaderValue[visits];
        var inboxes = new Task<string?>[visits];
        var opens = new Task<HashSet<string>?>[visits];
        var sent = new List<Task>(seconds * rate);
        var samples = new List<(double At, long Rss, int Done)>();
        cpuBefore = CpuSeconds(hostPid);
        var started = Stopwatch.GetTimestamp();
        var lateness = 0.0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(sampleEvery), sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, Rss(hostPid), client.Done));
            }
        });
        for (var k = 0L; k < (long)seconds * rate; k++)
        {
            var due = started + (long)(k * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            lateness = Math.Max(lateness, -Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due).TotalMilliseconds);
            var slot = (int)(k / 3);
            switch (k % 3)
            {
                case 0:
                    persons[slot] = tokens.For(NextPerson());
                    inboxes[slot] = Task.Run(() => client.InboxAsync(persons[slot], due));
                    sent.Add(inboxes[slot]);
                    break;
                case 1 when slot >= lag:
                    var o = slot - lag;
                    opens[o] = Task.Run(async () => await inboxes[o] is { } id ? await client.OpenAsync(persons[o], id, due) : null);
                    sent.Add(opens[o]);
                    break;
                case 2 when slot >= 2 * lag:
                    var s = slot - 2 * lag;
                    sent.Add(Task.Run(async () =>
                    {
                        if (await opens[s] is { } fields)
                        {
                            await client.SubmitAsync(persons[s], (await inboxes[s])!, fields, due);
                        }
                    }));
                    break;
                default:
                    // The first seconds have no opened tasks to submit yet: another person's inbox keeps the rate.
                    var person = tokens.For(NextPerson());
                    sent.Add(Task.Run(() => client.InboxAsync(person, due)));
                    break;
            }
        }

        await Task.WhenAll(sent);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var finalRss = Rss(hostPid);
        var loadCpu = CpuSeconds(hostPid) - cpuBefore;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixed-rate rate={rate}/s seconds={seconds} sent={sent.Count} answered-in={elapsed:F1}s failures={client.Failures.Values.Sum()} scheduler-late-max={lateness:F1} ms host-cpu-ms-per-request={1000 * loadCpu / Math.Max(1, client.Done):F2} host-cpu-share={loadCpu / elapsed:P0} of a core"));
        client.Report("  ");

        // Latency over time: a slow start (JIT, caches, a busy machine) shows in the first window and not after.
        var windows = 10;
        Console.WriteLine("latency-over-time (by scheduled moment)");
        Console.WriteLine("   from s   to s       n   p50 ms   p99 ms");
        for (var w = 0; w < windows; w++)
        {
            var (from, to) = (w * seconds / (double)windows, (w + 1) * seconds / (double)windows);
            var inWindow = client.Timeline.Where(x => Stopwatch.GetElapsedTime(started, x.Due).TotalSeconds is var at && at >= from && at < to).Select(x => x.Ms).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {from,7:F0} {to,6:F0} {inWindow.Length,7} {LoadBenchmark.Percentile(inWindow, 0.50),8:F1} {LoadBenchmark.Percentile(inWindow, 0.99),8:F1}"));
        }

        var steady = client.Timeline.Where(x => Stopwatch.GetElapsedTime(started, x.Due).TotalSeconds >= seconds / 3.0).Select(x => x.Ms).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady (after the first third) n={steady.Length} p50={LoadBenchmark.Percentile(steady, 0.50):F1} ms p99={LoadBenchmark.Percentile(steady, 0.99):F1} ms"));

        // Working set under load: the table, then first third against last third.
        Console.WriteLine("memory-under-load (VmRSS of the host process)");
        Console.WriteLine("     t s   RSS MB   requests/s");
        var previous = (At: 0.0, Done: 0);
        foreach (var (at, rss, done) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {at,6:F0} {Mb(rss),8} {(done - previous.Done) / (at - previous.At),10:F0}"));
            previous = (at, done);
        }

        var third = Math.Max(1, samples.Count / 3);
        var first = samples.Take(third).Select(x => x.Rss).ToList();
        var last = samples.Skip(samples.Count - third).Select(x => x.Rss).ToList();
        var growth = Mb((long)last.Average()) - Mb((long)first.Average());
        // Flat: the last third's mean within 10% (and at least 20 MB of slack for a small heap) of the first third's.
        var flat = growth <= Math.Max(20, 0.10 * Mb((long)first.Average()));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory-verdict first-third-mean={Mb((long)first.Average())} MB last-third-mean={Mb((long)last.Average())} MB growth={growth} MB max={Mb(samples.Count == 0 ? finalRss : samples.Max(x => x.Rss))} MB after={Mb(finalRss)} MB -> {(flat ? "flat" : "GROWING")}"));
        return client.Failures.IsEmpty ? 0 : 1;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS in /proc/{pid}/status");
    }

    private static double CpuSeconds(int pid) => CpuTime.ProcessTime(pid).TotalSeconds;

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private static long Median(List<long> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    // The three requests, timed from a scheduled moment (Stopwatch timestamp; 0 = from when the request is sent).
    private sealed class Client(HttpClient http, JsonObject example)
    {
        private int done;

        public ConcurrentDictionary<string, ConcurrentBag<double>> Timings { get; private set; } = new();

        public ConcurrentDictionary<string, int> Failures { get; private set; } = new();

        // Every timed request's scheduled moment (Stopwatch timestamp) and latency, for the p99 over time.
        public ConcurrentBag<(long Due, double Ms)> Timeline { get; private set; } = [];

        public int Done => Volatile.Read(ref done);

        public void Reset()
        {
            Timings = new();
            Failures = new();
            Timeline = [];
            done = 0;
        }

        public async Task<string?> InboxAsync(AuthenticationHeaderValue person, long due)
        {
            var inbox = await SendAsync(HttpMethod.Get, "/api/tasks?status=open", person, null, "inbox", due);
            var id = (string?)inbox?["items"]?.AsArray().FirstOrDefault(i => (string?)i?["step"]?["id"] == "self-review")?["id"];
            if (inbox is not null && id is null)
            {
                Failures.AddOrUpdate("inbox without a self-review", 1, (_, n) => n + 1);
            }

            return id;
        }

        public async Task<HashSet<string>?> OpenAsync(AuthenticationHeaderValue person, string taskId, long due)
        {
            var task = await SendAsync(HttpMethod.Get, $"/api/tasks/{taskId}", person, null, "open", due);
            return task?["sections"]?.AsArray().Where(x => (bool?)x?["writable"] == true).SelectMany(x => x!["fields"]!.AsArray().Select(f => (string)f!)).ToHashSet(StringComparer.Ordinal);
        }

        public async Task<bool> SubmitAsync(AuthenticationHeaderValue person, string taskId, HashSet<string> writable, long due)
        {
            var data = new JsonObject(example.Where(p => writable.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            return await SendAsync(HttpMethod.Post, $"/api/tasks/{taskId}/submit", person, new JsonObject { ["data"] = data }, "submit", due) is not null;
        }

        public void Report(string indent)
        {
            var all = new List<double>();
            foreach (var (kind, bag) in Timings.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                var sorted = bag.Order().ToArray();
                all.AddRange(sorted);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}{kind,-8} n={sorted.Length,6} p50={LoadBenchmark.Percentile(sorted, 0.50),7:F1} ms p99={LoadBenchmark.Percentile(sorted, 0.99),7:F1} ms max={(sorted.Length == 0 ? 0 : sorted[^1]),7:F1} ms"));
            }

            var every = all.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}{"all",-8} n={every.Length,6} p50={LoadBenchmark.Percentile(every, 0.50),7:F1} ms p99={LoadBenchmark.Percentile(every, 0.99),7:F1} ms max={(every.Length == 0 ? 0 : every[^1]),7:F1} ms"));
            foreach (var (what, count) in Failures)
            {
                Console.WriteLine($"{indent}failed {what}: {count}");
            }
        }

        private async Task<JsonNode?> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue person, JsonObject? body, string kind, long due)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = person;
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }

            var from = due == 0 ? Stopwatch.GetTimestamp() : due;
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var ms = Stopwatch.GetElapsedTime(from).TotalMilliseconds;
                Timings.GetOrAdd(kind, _ => []).Add(ms);
                Timeline.Add((from, ms));
                Interlocked.Increment(ref done);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (Failures.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1) == 1)
                    {
                        Console.Error.WriteLine($"first {kind} failure: {text}");
                    }

                    return null;
                }

                return JsonNode.Parse(text);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Failures.AddOrUpdate($"{kind} {e.GetType().Name}", 1, (_, n) => n + 1);
                return null;
            }
        }
    }
}
