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
/// The lists the database pages, against a running designer-api host over HTTP (lists-benchmark.sh starts it on SQLite
/// and on PostgreSQL): an organisation of <c>people</c> (<see cref="WriteOrganisationAsync"/>: a manager tree ten wide,
/// a hundred departments under one root, an HRBP of the root who also manages a team of <see cref="Team"/>) imported
/// on start; the annual review launched for the HRBP's team and every self-review submitted, so that the HRBP's inbox
/// holds a "prepare" task per report. Then, <c>workers</c> at once, <c>requests</c> of each list: the HRBP's people list
/// at pages spread over the whole organisation, the HRBP's people search, a department head's people list (the
/// overseen set walked in SQL), the HRBP's inbox pages (open, overdue, done), the HRBP's team instances, the cycles
/// list of the HRBP and of the head (a second cycle of a thousand people launched for it), the HRBP's departments
/// list and what the HRBP and the head may start on demand (<c>/api/me/startable</c>), the calibration sessions of the
/// thousand-person cycle and one of them read (a department of a thousand people), and a process linted as its author's
/// page lints it as they edit (the whole organisation's by the HRBP, one of the head's own department by the head). Last, the annual review launched
/// for the whole organisation (a real review covers everyone: the HRBP then oversees ~100,000 instances) and the HRBP's
/// team instances paged again — the first ten pages, pages anywhere down to the last, the first pages of that cycle —
/// and the cycles list of the HRBP and of the head again, the cycle's own page (its progress, and what needs attention)
/// as its HRBP opens it right after the launch (at most 20 requests each), with the open inbox again as the anchor. Prints p50/p99 per list. Usage: lists BASE_URL SIGNING_KEY_BASE64 ISSUER AUDIENCE [people=100000] [requests=300] [workers=4]
/// </summary>
internal static class ListsBenchmark
{
    // The lists measured after the whole organisation's review is launched (and the open inbox again, the anchor).
    private static readonly string[] OrganisationKinds = ["team-instances-org", "team-instances-org-deep", "team-instances-org-cycle", "cycles-hrbp-org", "cycles-head-org", "cycle-page-hrbp-org", "cycle-attention-hrbp-org", SubmittedKind];

    // The deep pages again once LISTS_SUBMITTED self-reviews of the whole organisation's review are submitted: each
    // submit writes its instance's row, which takes the all-visible mark off its page (PostgreSQL) until a vacuum.
    private const string SubmittedKind = "team-instances-org-deep-submitted";

    // The cycle's own page counts all its 100,000 members (about half a second a request): measured with this many
    // requests at most, not the lists' thousand.
    private static readonly string[] WholeCycleKinds = ["cycle-page-hrbp-org", "cycle-attention-hrbp-org"];
    private const int WholeCycleRequests = 20;

    private const string Admin = "A00001";
    private const string Hrbp = "H00001";
    private const int Team = 300;
    private const int Departments = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: lists BASE_URL SIGNING_KEY_BASE64 ISSUER AUDIENCE [people=100000] [requests=300] [workers=4]");
            return 2;
        }

        var tokens = new LoadBenchmark.Tokens(Convert.FromBase64String(args[2]), args[3], args[4]);
        var people = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 100_000;
        var requests = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 300;
        var workers = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 4;
        // LISTS_ONLY (kinds separated by commas) measures only those lists, to profile one alone; LISTS_WARMUP sets the
        // unmeasured requests before each list. Checked before anything is measured.
        var only = Environment.GetEnvironmentVariable("LISTS_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!int.TryParse(Environment.GetEnvironmentVariable("LISTS_WARMUP") ?? "5", NumberStyles.None, CultureInfo.InvariantCulture, out var warmup))
        {
            Console.Error.WriteLine($"LISTS_WARMUP: \"{Environment.GetEnvironmentVariable("LISTS_WARMUP")}\" is not a number of requests (0 or more)");
            return 2;
        }

        // LISTS_SUBMITTED (none by default): after the lists of the whole organisation's review, that many of its
        // self-reviews submitted over the API, and the deep pages asked again — a review under way.
        if (!int.TryParse(Environment.GetEnvironmentVariable("LISTS_SUBMITTED") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var submitted) || submitted > people - Team - 2)
        {
            Console.Error.WriteLine($"LISTS_SUBMITTED: \"{Environment.GetEnvironmentVariable("LISTS_SUBMITTED")}\" is not a number of self-reviews (0 to {people - Team - 2})");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = new Uri(args[1]), Timeout = TimeSpan.FromSeconds(120) };

        var department = await ArrangeAsync(http, tokens);
        var hrbp = tokens.For(Hrbp);
        var head = tokens.For(Person(2));
        var pages = people / 50;

        // What an author's page and a calibration meeting ask as they go: a process linted (the whole organisation's by
        // the HRBP, one of the head's own department by the head) and a department's calibration session read.
        var process = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(LoadBenchmark.Repository(), "samples", "processes", "annual-review.json")))!.AsObject();
        var wholeOrganisations = process.ToJsonString();
        process["key"] = "d000-review";
        process["ownerDepartment"] = "D000";
        var headsOwn = process.ToJsonString();
        var opened = await SendAsync(http, hrbp, HttpMethod.Post, $"/api/cycles/{department}/calibrations", new JsonObject { ["departmentId"] = "D001" });
        var calibration = (string)opened["session"]!["id"]!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"opened a calibration of D001 for {(int)opened["people"]!} people"));
        var lists = new (string Kind, AuthenticationHeaderValue Token, Func<int, string> Path)[]
        {
            ("people-hrbp", hrbp, n => $"/api/organisation/people?page={1 + (n * 7919 % pages)}&pageSize=50"),
            ("people-hrbp-search", hrbp, n => $"/api/organisation/people?q={Person(2 + (n * 104729 % people))[..5]}&pageSize=50"),
            ("people-head", head, n => $"/api/organisation/people?page={1 + (n % 20)}&pageSize=50"),
            ("inbox-open", hrbp, n => $"/api/tasks?status=open&page={1 + (n % (Team / 20))}&pageSize=20"),
            ("inbox-overdue", hrbp, _ => "/api/tasks?overdue=true"),
            ("inbox-done", hrbp, _ => "/api/tasks?status=done"),
            ("team-instances", hrbp, n => $"/api/instances?team=true&page={1 + (n % 50)}&pageSize=20"),
            ("cycles-hrbp", hrbp, _ => "/api/cycles?page=1&pageSize=20"),
            ("cycles-head", head, _ => "/api/cycles?page=1&pageSize=20"),
            ("departments-hrbp", hrbp, n => $"/api/organisation/departments?page={1 + (n % 3)}&pageSize=50"),
            ("startable-hrbp", hrbp, _ => "/api/me/startable"),
            ("startable-head", head, _ => "/api/me/startable"),
            ("calibrations-hrbp", hrbp, _ => $"/api/cycles/{department}/calibrations"),
            ("calibration-hrbp", hrbp, _ => $"/api/cycles/{department}/calibrations/{calibration}"),
            ("lint-process-hrbp", hrbp, _ => "POST /api/authoring/processes/annual-review/lint " + wholeOrganisations),
            ("lint-process-head", head, _ => "POST /api/authoring/processes/d000-review/lint " + headsOwn),
        };

        string[] kinds = [.. lists.Select(l => l.Kind), .. OrganisationKinds];
        if (only?.Except(kinds).ToArray() is { Length: > 0 } unknown)
        {
            Console.Error.WriteLine($"LISTS_ONLY: no list {string.Join(", ", unknown)}; the lists are {string.Join(", ", kinds)}");
            return 2;
        }

        var failed = 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lists people={people} requests={requests} workers={workers}"));
        bool Measured(string kind) => only is null || only.Contains(kind);
        foreach (var (kind, token, path) in lists.Where(l => Measured(l.Kind)))
        {
            // A few unmeasured requests first (MeasureAsync): the host's first call of a list compiles and plans what it runs.
            failed += await MeasureAsync(http, kind, token, path, requests, workers, warmup);
        }

        // Last, a review of the whole organisation, as a real annual review is: the HRBP of the root then oversees
        // ~100,000 instances, and pages them from the first pages and from anywhere down to the last (OFFSET ~100,000);
        // the cycles list then holds a cycle of 100,000 members.
        if (!OrganisationKinds.Any(Measured))
        {
            return failed == 0 ? 0 : 1;
        }

        var organisation = await LaunchOrganisationAsync(http, tokens);
        var orgPages = (people - 2) / 20;
        var orgLists = new (string Kind, AuthenticationHeaderValue Token, Func<int, string> Path)[]
        {
            ("team-instances-org", hrbp, n => $"/api/instances?team=true&page={1 + (n % 10)}&pageSize=20"),
            ("team-instances-org-deep", hrbp, n => $"/api/instances?team=true&page={1 + (n * 7919 % orgPages)}&pageSize=20"),
            ("team-instances-org-cycle", hrbp, n => $"/api/instances?team=true&cycle={organisation}&page={1 + (n % 10)}&pageSize=20"),
            ("cycles-hrbp-org", hrbp, _ => "/api/cycles?page=1&pageSize=20"),
            ("cycles-head-org", head, _ => "/api/cycles?page=1&pageSize=20"),
            ("cycle-page-hrbp-org", hrbp, _ => $"/api/cycles/{organisation}"),
            ("cycle-attention-hrbp-org", hrbp, _ => $"/api/cycles/{organisation}/attention"),
            ("inbox-open", hrbp, n => $"/api/tasks?status=open&page={1 + (n % (Team / 20))}&pageSize=20"),
        };
        foreach (var (kind, token, path) in orgLists.Where(l => Measured(l.Kind)))
        {
            var count = WholeCycleKinds.Contains(kind) ? Math.Min(requests, WholeCycleRequests) : requests;
            failed += await MeasureAsync(http, kind, token, path, count, workers, warmup);
        }

        if (submitted > 0 && Measured(SubmittedKind))
        {
            var clock = Stopwatch.StartNew();
            // People of the departments (not the HRBP's team), spread over the organisation: 7919 is a prime.
            await SubmitSelfReviewsAsync(http, tokens, [.. Enumerable.Range(0, submitted).Select(k => Person(2 + (int)((long)k * 7919 % (people - Team - 2))))]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"submitted {submitted} self-reviews of the whole organisation's review in {clock.Elapsed.TotalSeconds:F1} s"));
            var deep = orgLists.Single(l => l.Kind == "team-instances-org-deep");
            failed += await MeasureAsync(http, SubmittedKind, deep.Token, deep.Path, requests, workers, warmup);
        }

        return failed == 0 ? 0 : 1;
    }

    // REQUESTS requests of one list by WORKERS clients at once, after WARMUP unmeasured ones; prints p50/p99, returns the failures.
    private static async Task<int> MeasureAsync(HttpClient http, string kind, AuthenticationHeaderValue token, Func<int, string> path, int requests, int workers, int warmup)
    {
        // WARMUP unmeasured requests (LISTS_WARMUP, 5 by default) by the same workers: more lets the runtime finish
        // compiling the list's code at its second tier before the measured ones, as on a host that has served a while.
        var warmed = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(workers, warmup)).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref warmed)) < warmup)
            {
                await TimedAsync(http, token, path(n));
            }
        })));
        var timings = new ConcurrentBag<(double Ms, int N, DateTime At)>();
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                var (ms, ok) = await TimedAsync(http, token, path(n));
                timings.Add((ms, n, DateTime.UtcNow));
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var sorted = timings.Select(t => t.Ms).Order().ToArray();
        // The slowest three with their place in the run and the moment they ended: a tail of the first requests is a
        // cold start, a tail at one moment across lists is the server's own work (a checkpoint, autovacuum).
        var slowest = string.Join(", ", timings.OrderByDescending(t => t.Ms).Take(3).Select(t => string.Create(CultureInfo.InvariantCulture, $"#{t.N} {t.Ms:F0} ms at {t.At:HH:mm:ss.f}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-24} n={sorted.Length,5} p50={LoadBenchmark.Percentile(sorted, 0.50),7:F1} ms p99={LoadBenchmark.Percentile(sorted, 0.99),7:F1} ms failures={failures} slowest: {slowest}"));
        return failures;
    }

    // The annual review launched for the root department, everyone; returns the cycle's id.
    private static async Task<string> LaunchOrganisationAsync(HttpClient http, LoadBenchmark.Tokens tokens)
    {
        var now = DateTimeOffset.UtcNow;
        var id = $"lists-all-{now.ToUnixTimeSeconds()}";
        var clock = Stopwatch.StartNew();
        await SendAsync(http, tokens.For(Admin), HttpMethod.Post, "/api/cycles", new JsonObject
        {
            ["cycleId"] = id,
            ["name"] = "列表压测全员 / Lists benchmark, everyone",
            ["processKey"] = "annual-review",
            ["startsAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = now.AddDays(60).ToString("O", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "R0" },
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"launched the annual review for the whole organisation in {clock.Elapsed.TotalSeconds:F1} s"));
        return id;
    }

    /// <summary>
    /// The organisation file of the run: a root department (the administrator, and the HRBP of it, who manages
    /// <see cref="Team"/> people in a department of their own) and <see cref="Departments"/> departments below it, each
    /// headed by its first person; everyone else reports up a tree ten wide. Usage: lists-organisation PATH [people=100000]
    /// </summary>
    public static async Task<int> WriteOrganisationAsync(string[] args)
    {
        var people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var csv = new StringBuilder("id,name_zh,name_en,email,locale,department_id,department_name_zh,department_name_en,parent_department_id,manager_id,roles,is_department_head,is_hrbp_of\n");
        csv.Append(CultureInfo.InvariantCulture, $"{Admin},管理员,Admin,admin@example.com,zh-CN,R0,压测公司,Load Co,,,admin,true,\n");
        csv.Append(CultureInfo.InvariantCulture, $"{Hrbp},人事伙伴,HR Partner,hrbp@example.com,zh-CN,RH,人事部,HR,R0,{Admin},hrbp manager,true,R0\n");
        for (var i = 0; i < Team; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"T{i:D5},团队{i},Team {i},t{i}@example.com,zh-CN,RH,人事部,HR,R0,{Hrbp},employee,,\n");
        }

        for (var i = 2; i < people - Team; i++)
        {
            var head = i < 2 + Departments;
            var department = head ? i - 2 : i % Departments;
            var manager = head ? Admin : Person(2 + ((i - 2) / 10));
            csv.Append(CultureInfo.InvariantCulture, $"{Person(i)},员工{i},Employee {i},p{i}@example.com,zh-CN,D{department:D3},部门{department},Department {department},R0,{manager},{(head ? "manager" : "employee")},{(head ? "true" : "")},\n");
        }

        await File.WriteAllTextAsync(args[1], csv.ToString());
        return 0;
    }

    // The annual review for the HRBP's team, launched by the HRBP, and every self-review submitted: the HRBP's inbox
    // then holds a "prepare" task per report.
    // Returns the second cycle's id (a department of a thousand people).
    private static async Task<string> ArrangeAsync(HttpClient http, LoadBenchmark.Tokens tokens)
    {
        var now = DateTimeOffset.UtcNow;
        var launch = new JsonObject
        {
            ["cycleId"] = $"lists-{now.ToUnixTimeSeconds()}",
            ["name"] = "列表压测 / Lists benchmark",
            ["processKey"] = "annual-review",
            ["startsAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = now.AddDays(60).ToString("O", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "RH" },
        };
        var clock = Stopwatch.StartNew();
        await SendAsync(http, tokens.For(Admin), HttpMethod.Post, "/api/cycles", launch);

        // A second cycle, for a department of a thousand people: the HRBP's cycles list proves every member theirs.
        launch["cycleId"] = $"lists-d001-{now.ToUnixTimeSeconds()}";
        launch["population"] = new JsonObject { ["departmentId"] = "D001" };
        await SendAsync(http, tokens.For(Admin), HttpMethod.Post, "/api/cycles", launch);
        await SubmitSelfReviewsAsync(http, tokens, [.. Enumerable.Range(0, Team).Select(i => string.Create(CultureInfo.InvariantCulture, $"T{i:D5}"))]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"launched the annual review for a department and for the HRBP's {Team} reports and submitted their self-reviews in {clock.Elapsed.TotalSeconds:F1} s"));
        return (string)launch["cycleId"]!;
    }

    // Each person's self-review submitted as they would submit it, 8 people at a time: their inbox, the task, the
    // submit of the shipped example's fields their part writes.
    private static async Task SubmitSelfReviewsAsync(HttpClient http, LoadBenchmark.Tokens tokens, IReadOnlyList<string> people)
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(LoadBenchmark.Repository(), "templates", "examples", "self-review", "valid-annual-rating-5.json")))!["data"]!.AsObject();
        var queue = new ConcurrentQueue<string>(people);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var person))
            {
                var token = tokens.For(person);
                var inbox = await SendAsync(http, token, HttpMethod.Get, "/api/tasks?status=open", null);
                var taskId = (string)inbox["items"]!.AsArray().First(t => (string?)t!["step"]!["id"] == "self-review")!["id"]!;
                var task = await SendAsync(http, token, HttpMethod.Get, $"/api/tasks/{taskId}", null);
                var writable = task["sections"]!.AsArray().Where(x => (bool?)x?["writable"] == true).SelectMany(x => x!["fields"]!.AsArray().Select(f => (string?)f)).ToHashSet();
                await SendAsync(http, token, HttpMethod.Post, $"/api/tasks/{taskId}/submit", new JsonObject
                {
                    ["data"] = new JsonObject(example.Where(p => writable.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))),
                });
            }
        })));
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, AuthenticationHeaderValue token, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = token;
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }

    // A path is a GET, or "POST <path> <JSON body>".
    private static async Task<(double Ms, bool Ok)> TimedAsync(HttpClient http, AuthenticationHeaderValue token, string path)
    {
        var post = path.StartsWith("POST ", StringComparison.Ordinal) ? path[5..].Split(' ', 2) : null;
        using var request = new HttpRequestMessage(post is null ? HttpMethod.Get : HttpMethod.Post, post?[0] ?? path);
        request.Headers.Authorization = token;
        if (post is not null)
        {
            request.Content = new StringContent(post[1], Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Console.Error.WriteLine($"{post?[0] ?? path}: {(int)response.StatusCode} {text}");
            return (ms, false);
        }

        return (ms, true);
    }

    private static string Person(int i) => string.Create(CultureInfo.InvariantCulture, $"P{i:D6}");
}
