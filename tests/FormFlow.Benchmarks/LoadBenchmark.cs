using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Benchmarks;

/// <summary>
/// Load against a running designer-api host, over HTTP only, as people use it: the host imported an organisation of
/// <c>people</c> employees on start (<see cref="WriteOrganisationAsync"/>), an administrator launches the annual
/// review for all of them; then <c>users</c> virtual
/// users at once each take the next employee, sign in (a bearer token as the organisation's identity provider would
/// issue it), open their inbox, open the self-review, and submit it with an Idempotency-Key. Prints requests per
/// second and p50/p99 latency per request kind. load-benchmark.sh starts the host on SQLite and on PostgreSQL.
/// Usage: load BASE_URL SIGNING_KEY_BASE64 ISSUER AUDIENCE [users=50] [people=3000] [seconds=30] [host-pid]
/// With the host's process id, the host's processor time per request over the loop (not the launch) is printed too.
/// </summary>
internal static class LoadBenchmark
{
    private const string Admin = "L0001";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: load BASE_URL SIGNING_KEY_BASE64 ISSUER AUDIENCE [users=50] [people=3000] [seconds=30]");
            return 2;
        }

        var tokens = new Tokens(Convert.FromBase64String(args[2]), args[3], args[4]);
        var users = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 50;
        var people = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 3000;
        var seconds = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 30;
        int? hostPid = args.Length > 8 ? int.Parse(args[8], CultureInfo.InvariantCulture) : null;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = users, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(args[1]),
            Timeout = TimeSpan.FromSeconds(60),
        };

        await ArrangeAsync(http, tokens, people);
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository(), "templates", "examples", "self-review", "valid-annual-rating-5.json")))!["data"]!.AsObject();
        var queue = new ConcurrentQueue<string>(Enumerable.Range(2, people).Select(Employee));
        var timings = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var failures = new ConcurrentDictionary<string, int>();
        var submitted = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var hostCpu = hostPid is { } pid ? CpuTime.ProcessTime(pid) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && queue.TryDequeue(out var person))
            {
                if (await OneEmployeeAsync(http, tokens.For(person), example, timings, failures))
                {
                    Interlocked.Increment(ref submitted);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        hostCpu = hostPid is { } host ? CpuTime.ProcessTime(host) - hostCpu : TimeSpan.Zero;

        var all = timings.Values.SelectMany(t => t).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load users={users} people={people} seconds={elapsed:F1} requests={all.Count} requests-per-second={all.Count / elapsed:F0} submits={submitted} submits-per-second={submitted / elapsed:F0} failures={failures.Values.Sum()}"));
        if (hostPid is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  host-cpu-ms-per-request={hostCpu.TotalMilliseconds / Math.Max(1, all.Count):F2} host-cpu-ms-per-submit={hostCpu.TotalMilliseconds / Math.Max(1, submitted):F2} host-cpu-share={hostCpu.TotalSeconds / elapsed:P0} of a core"));
        }

        foreach (var (kind, bag) in timings.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var sorted = bag.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-8} n={sorted.Length,6} p50={Percentile(sorted, 0.50),7:F1} ms p99={Percentile(sorted, 0.99),7:F1} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"all",-8} n={all.Count,6} p50={Percentile([.. all.Order()], 0.50),7:F1} ms p99={Percentile([.. all.Order()], 0.99),7:F1} ms"));
        foreach (var (what, count) in failures)
        {
            Console.WriteLine($"  failed {what}: {count}");
        }

        return failures.IsEmpty ? 0 : 1;
    }

    /// <summary>
    /// Writes the organisation file the host imports on start (FormFlow:Organisation:InitialFile): one department, the
    /// administrator, 30 managers and the employees below them. Usage: load-organisation PATH [people=3000]
    /// </summary>
    public static async Task<int> WriteOrganisationAsync(string[] args)
    {
        var people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3000;
        var csv = new StringBuilder("id,name_zh,name_en,email,locale,department_id,department_name_zh,department_name_en,parent_department_id,manager_id,roles,is_department_head,is_hrbp_of\n");
        csv.Append(CultureInfo.InvariantCulture, $"{Admin},管理员,Admin,admin@example.com,zh-CN,L0,压测公司,Load Co,,,admin manager,true,L0\n");
        for (var i = 2; i <= people + 1; i++)
        {
            var manager = i <= 31 ? Admin : Employee(2 + (i % 30));
            var roles = i <= 31 ? "manager" : "employee";
            csv.Append(CultureInfo.InvariantCulture, $"{Employee(i)},员工{i},Employee {i},e{i}@example.com,zh-CN,L0,压测公司,Load Co,,{manager},{roles},,\n");
        }

        await File.WriteAllTextAsync(args[1], csv.ToString());
        return 0;
    }

    // The annual review launched for everyone, as the administrator would over the API.
    internal static async Task ArrangeAsync(HttpClient http, Tokens tokens, int people)
    {
        var admin = tokens.For(Admin);
        var now = DateTimeOffset.UtcNow;
        var launch = new JsonObject
        {
            ["cycleId"] = $"load-{now.ToUnixTimeSeconds()}",
            ["name"] = "压测周期 / Load cycle",
            ["processKey"] = "annual-review",
            ["startsAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = now.AddDays(60).ToString("O", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "L0" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cycles") { Content = new StringContent(launch.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = admin;
        var clock = Stopwatch.StartNew();
        await Expect(await http.SendAsync(request), "launch");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"launched the annual review for {people + 1} people over the API in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    // Inbox, open the self-review, submit what the step lets the employee write; true when it was submitted.
    private static async Task<bool> OneEmployeeAsync(HttpClient http, AuthenticationHeaderValue token, JsonObject example, ConcurrentDictionary<string, ConcurrentBag<double>> timings, ConcurrentDictionary<string, int> failures)
    {
        var inbox = await TimedAsync(http, HttpMethod.Get, "/api/tasks?status=open", token, null, "inbox", timings, failures);
        var taskId = (string?)inbox?["items"]?.AsArray().FirstOrDefault(i => (string?)i?["step"]?["id"] == "self-review")?["id"];
        if (taskId is null)
        {
            failures.AddOrUpdate("inbox without a self-review", 1, (_, n) => n + 1);
            return false;
        }

        var task = await TimedAsync(http, HttpMethod.Get, $"/api/tasks/{taskId}", token, null, "open", timings, failures);
        var writable = task?["sections"]?.AsArray().Where(x => (bool?)x?["writable"] == true).SelectMany(x => x!["fields"]!.AsArray().Select(f => (string?)f)).ToHashSet() ?? [];
        var data = new JsonObject(example.Where(p => writable.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var submitted = await TimedAsync(http, HttpMethod.Post, $"/api/tasks/{taskId}/submit", token, new JsonObject { ["data"] = data }, "submit", timings, failures);
        return submitted is not null;
    }

    private static async Task<JsonNode?> TimedAsync(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue token, JsonObject? body, string kind, ConcurrentDictionary<string, ConcurrentBag<double>> timings, ConcurrentDictionary<string, int> failures)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = token;
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        timings.GetOrAdd(kind, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            if (failures.AddOrUpdate($"{kind} {(int)response.StatusCode} {Code(text)}", 1, (_, n) => n + 1) == 1)
            {
                Console.Error.WriteLine($"first {kind} failure: {text}");
            }
            return null;
        }

        return JsonNode.Parse(text);
    }

    private static string Code(string body)
    {
        try
        {
            return (string?)JsonNode.Parse(body)?["code"] ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private static async Task Expect(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Employee(int i) => string.Create(CultureInfo.InvariantCulture, $"L{i:D5}");

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    internal static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FormFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository (FormFlow.sln) is not above the benchmark's folder");
    }

    /// <summary>HS256 bearer tokens as the organisation's identity provider issues them (the host is configured with the same key).</summary>
    internal sealed class Tokens(byte[] key, string issuer, string audience)
    {
        public AuthenticationHeaderValue For(string person)
        {
            static string Part(object value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var unsigned = $"{Part(new { alg = "HS256", typ = "JWT" })}.{Part(new { sub = person, iss = issuer, aud = audience, iat = now, nbf = now, exp = now + 3600 })}";
            var signature = Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned)));
            return new AuthenticationHeaderValue("Bearer", $"{unsigned}.{signature}");
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
