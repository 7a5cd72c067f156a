using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace FormFlow.Benchmarks;

/// <summary>
/// An employee's first visit to a task page on a phone (the link in every notification), as page-load-benchmark.sh
/// runs it against the host with its pages, the demo organisation and the development sign-in: Debian's Chromium
/// (<c>/usr/bin/chromium</c>) at 390×844 with an empty cache, the network held to a phone's by Chromium's own
/// emulation, from the address typed to the task's heading shown. Each run is taken twice, alternately: as the
/// browser asks (it takes Brotli and gzip: the assets arrive compressed) and asking for the files as they are
/// (<c>Accept-Encoding: identity</c>: what every browser got before the host sent them compressed). Prints the
/// milliseconds and the bytes received of every run and the medians; with <c>waterfall</c>, also every request of the
/// last compressed visit on each network, when it started and ended. Usage: page-load BASE_URL [runs=5] [waterfall]
/// </summary>
internal static class PageLoadBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Hrbp = "E005";
    private const string Employee = "E027";

    // Chromium's network emulation: latency is the round trip added to each request, throughputs in bytes per second.
    private static readonly (string Name, double LatencyMs, double DownBytes, double UpBytes)[] Networks =
    [
        ("phone on 4G (9 Mbit/s down, 1.5 Mbit/s up, 60 ms)", 60, 9_000_000 / 8.0, 1_500_000 / 8.0),
        ("phone on a weak signal (1.6 Mbit/s down, 750 kbit/s up, 150 ms)", 150, 1_600_000 / 8.0, 750_000 / 8.0),
        ("no emulation (loopback)", 0, -1, -1),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: page-load BASE_URL [runs=5]");
            return 2;
        }

        if (!File.Exists(Chromium))
        {
            Console.Error.WriteLine($"{Chromium} is missing: apt-get install chromium fonts-noto-cjk (page-load-benchmark.sh does)");
            return 2;
        }

        var baseUrl = args[1].TrimEnd('/');
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var waterfall = args.Length > 3 && args[3] == "waterfall";
        var (session, taskId, heading) = await ArrangeAsync(baseUrl);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });

        Console.WriteLine($"page-load {baseUrl}/tasks/{taskId} (heading \"{heading}\"), {runs} runs each, alternating");
        foreach (var network in Networks)
        {
            // One unmeasured visit first: the host's first answers compile what they run.
            await VisitAsync(browser, baseUrl, session, taskId, heading, network, identity: false);
            var compressed = new List<(double Ms, long Bytes)>();
            var asTheyAre = new List<(double Ms, long Bytes)>();
            var requests = new List<string>();
            for (var run = 0; run < runs; run++)
            {
                requests.Clear();
                compressed.Add(await VisitAsync(browser, baseUrl, session, taskId, heading, network, identity: false, requests));
                asTheyAre.Add(await VisitAsync(browser, baseUrl, session, taskId, heading, network, identity: true));
            }

            Console.WriteLine($"  {network.Name}");
            Print("compressed", compressed);
            Print("as they are", asTheyAre);
            if (waterfall)
            {
                Console.WriteLine("    the last compressed visit's requests (ms from the address typed: start–end, KB received, path):");
                requests.ForEach(r => Console.WriteLine("      " + r));
            }
        }

        return 0;
    }

    private static void Print(string kind, List<(double Ms, long Bytes)> visits)
    {
        var ms = visits.Select(v => v.Ms).Order().ToArray();
        var bytes = visits.Select(v => (double)v.Bytes).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {kind,-12} median {LoadBenchmark.Percentile(ms, 0.5),6:F0} ms, {LoadBenchmark.Percentile(bytes, 0.5) / 1024,7:F1} KB received; runs {string.Join(", ", visits.Select(v => v.Ms.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
    }

    // A visit with an empty cache and the person signed in (the session the pages keep in localStorage): from the
    // address to the task's heading; the bytes are every answer's body as it came over the network.
    private static async Task<(double Ms, long Bytes)> VisitAsync(IBrowser browser, string baseUrl, string session, string taskId, string heading, (string Name, double LatencyMs, double DownBytes, double UpBytes) network, bool identity, List<string>? requests = null)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            ExtraHTTPHeaders = identity ? new Dictionary<string, string> { ["Accept-Encoding"] = "identity" } : null,
        });
        await context.AddInitScriptAsync($"localStorage.setItem('formflow.devSession', {System.Text.Json.JsonSerializer.Serialize(session)});");
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = network.LatencyMs,
            ["downloadThroughput"] = network.DownBytes,
            ["uploadThroughput"] = network.UpBytes,
        });
        var responses = new List<IResponse>();
        var started = Stopwatch.GetTimestamp();
        var asked = new Dictionary<IRequest, double>();
        var answered = new Dictionary<IRequest, double>();
        page.Request += (_, request) =>
        {
            lock (asked)
            {
                asked[request] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        };
        page.RequestFinished += (_, request) =>
        {
            lock (asked)
            {
                answered[request] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        };
        page.Response += (_, response) =>
        {
            lock (responses)
            {
                responses.Add(response);
            }
        };
        await page.GotoAsync($"/tasks/{taskId}");
        await page.Locator("h1", new() { HasText = heading }).WaitForAsync(new() { Timeout = 120_000 });
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        long bytes = 0;
        var timeline = new List<(double Start, string Line)>();
        foreach (var response in responses.ToList())
        {
            var received = (await response.Request.SizesAsync()).ResponseBodySize;
            bytes += received;
            lock (asked)
            {
                var start = asked.GetValueOrDefault(response.Request);
                var end = answered.TryGetValue(response.Request, out var at) ? at.ToString("F0", CultureInfo.InvariantCulture) : "…";
                timeline.Add((start, string.Create(CultureInfo.InvariantCulture, $"{start,6:F0}–{end,6} {received / 1024.0,7:F1}  {new Uri(response.Url).PathAndQuery}")));
            }
        }

        requests?.AddRange(timeline.OrderBy(t => t.Start).Select(t => t.Line));
        return (ms, bytes);
    }

    // The HRBP launches the annual review for one employee; the employee's self-review is the task visited.
    private static async Task<(string Session, string TaskId, string Heading)> ArrangeAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var hrbp = await SignInAsync(http, Hrbp);
        var now = DateTimeOffset.UtcNow;
        var cycleId = string.Create(CultureInfo.InvariantCulture, $"page-load-{now.ToUnixTimeSeconds()}");
        using (var launch = new HttpRequestMessage(HttpMethod.Post, "/api/cycles"))
        {
            launch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)hrbp["accessToken"]!);
            launch.Content = JsonContent.Create(new JsonObject
            {
                ["cycleId"] = cycleId,
                ["name"] = "页面加载 / Page load",
                ["processKey"] = "annual-review",
                ["startsAt"] = now.ToString("o", CultureInfo.InvariantCulture),
                ["endsAt"] = now.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
                ["population"] = new JsonObject { ["personIds"] = new JsonArray(Employee) },
            });
            using var launched = await http.SendAsync(launch);
            if (!launched.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/cycles: {(int)launched.StatusCode} {await launched.Content.ReadAsStringAsync()}");
            }
        }

        var employee = await SignInAsync(http, Employee);
        using var inbox = new HttpRequestMessage(HttpMethod.Get, "/api/tasks?status=open&pageSize=100");
        inbox.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)employee["accessToken"]!);
        using var answer = await http.SendAsync(inbox);
        var task = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["items"]!.AsArray().First(t => (string?)t!["cycleId"] == cycleId)!;
        var session = new JsonObject
        {
            ["kind"] = "dev",
            ["personId"] = Employee,
            ["accessToken"] = employee["accessToken"]!.DeepClone(),
            ["expiresAt"] = employee["expiresAt"]!.DeepClone(),
        };
        return (session.ToJsonString(), (string)task["id"]!, (string)task["step"]!["title"]!["zh-CN"]!);
    }

    private static async Task<JsonNode> SignInAsync(HttpClient http, string personId)
    {
        using var answer = await http.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId });
        var text = await answer.Content.ReadAsStringAsync();
        return answer.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"dev sign-in of {personId}: {(int)answer.StatusCode} {text}");
    }
}
