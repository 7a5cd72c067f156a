using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// Recognition with consent, over SQLite and the real PostgreSQL: 蒋涛 (E025, 平台研发部 D210) is rated 5 by 郑浩 (E022);
/// confirming the record on his phone he ticks 同意在团队群中公开表彰我的评级结果 (unticked until he does). Once 吴静 (E021)
/// approves the extreme rating, the host posts it to 平台研发部's WeCom robot — a local receiver here — and 郑浩 reads
/// on the instance's timeline that it was announced. The way to the confirmation is taken through the API.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class RecognitionConsentTests(string kind) : PagesFixture(kind)
{
    private const string Employee = "E025";
    private const string Manager = "E022";
    private const string SkipLevel = "E021";
    private const string Consent = "同意在团队群中公开表彰我的评级结果";

    private readonly Robot robot = new();
    private HostApi? api;

    private protected override RunningHost StartHost(TestDatabase over) => RunningHost.Start(over, new Dictionary<string, string?>
    {
        ["FormFlow:Delivery:Webhooks:0:Kind"] = "WeCom",
        ["FormFlow:Delivery:Webhooks:0:Url"] = robot.Url + "team?key=platform",
        ["FormFlow:Delivery:Webhooks:0:Departments:0"] = "D210",
        ["FormFlow:Delivery:Webhooks:0:Events:0"] = "recognition.announced",
    });

    [OneTimeSetUp]
    public async Task ToTheConfirmationAsync()
    {
        api = new HostApi(Host.Address);
        await Host.LaunchAnnualReviewAsync("recognition-" + Kind, Employee);
        var employee = await api.TokenAsync(Employee);
        var manager = await api.TokenAsync(Manager);

        await api.SubmitAsync(Employee, await api.OnlyOpenTaskAsync(employee), TemplateExamples.Data("self-review", "valid-annual-rating-5"));
        await api.SubmitAsync(Manager, await api.OnlyOpenTaskAsync(manager), TemplateExamples.Data("interview-preparation-333", "valid-sales-manager-prep"));
        var record = TemplateExamples.Data("interview-record", "valid-developer-rating-4");
        await api.SubmitAsync(Employee, await api.OnlyOpenTaskAsync(employee), TemplateExamples.Only(record, "went_well", "to_improve", "plan"));
        var rating = TemplateExamples.Only(record, "feedback", "manager_summary");
        rating["overall_rating"] = 5;
        await api.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(manager)}/approve", new JsonObject { ["data"] = rating });
    }

    [OneTimeTearDown]
    public void StopApiAndRobot()
    {
        api?.Dispose();
        robot.Dispose();
    }

    [Test]
    public async Task An_employee_agrees_on_a_phone_and_the_top_rating_is_announced_to_the_teams_robot_only()
    {
        // 蒋涛, on his phone: the consent is his to give, unticked until he ticks it.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = phone.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "蒋涛");
        await Reviewing.TaskLink(page, AnnualReview.ConfirmationZh).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = AnnualReview.ConfirmationZh, Level = 1 })).ToBeVisibleAsync();
        var consent = page.GetByRole(AriaRole.Checkbox, new() { Name = Consent });
        await Expect(consent).Not.ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我已阅读并确认本次面谈记录" }).CheckAsync();
        await consent.CheckAsync();
        await Expect(consent).ToBeCheckedAsync();
        await consent.ScrollIntoViewIfNeededAsync();
        await phone.CheckAlsoAtAsync("1-consent-ticked", Screen.Desktop);
        await page.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已确认" })).ToBeVisibleAsync();

        // 郑浩 confirms, 吴静 approves the 5; the host delivers what is queued.
        var manager = await api!.TokenAsync(Manager);
        var instanceId = (await Host.OpenTasksAsync(Manager)).Single(t => t.Step == "confirm").InstanceId;
        await api.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(manager)}/confirm", new JsonObject());
        var approval = (await Host.OpenTasksAsync(SkipLevel)).Single(t => t.Step == "skip-level-approval");
        await api.SendAsync(await api.TokenAsync(SkipLevel), HttpMethod.Post, $"/api/tasks/{approval.Id}/approve", new JsonObject { ["data"] = new JsonObject() });
        await Host.DeliverMailAsync();

        var post = robot.Posts.Single();
        var content = (string)JsonNode.Parse(post)!["markdown"]!["content"]!;
        Assert.That(content, Does.StartWith("**【团队表彰】恭喜 蒋涛 获评「远超预期」**").And.Contain("综合评分：远超预期").And.Contain("recognition-" + Kind));

        // 郑浩, on his laptop: the instance's timeline says it was announced to the team.
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var lead = desktop.Page;
        await lead.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(lead, "郑浩");
        await lead.GotoAsync($"/instances/{instanceId}");
        var timeline = lead.Locator(".instance-card").Filter(new() { HasText = "时间线" });
        await Expect(timeline).ToContainTextAsync("已在团队群表彰");
        await timeline.GetByText("已在团队群表彰").ScrollIntoViewIfNeededAsync();
        await desktop.CheckAlsoAtAsync("2-timeline-announced", Screen.Phone);
        Assert.That(phone.Problems.Concat(desktop.Problems), Is.Empty);
    }

    /// <summary>A team's WeCom robot: takes every post and answers as WeCom does.</summary>
    private sealed class Robot : IDisposable
    {
        private readonly HttpListener listener = new();

        public Robot()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<string> Posts { get; } = new();

        public void Dispose() => listener.Close();

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    Posts.Enqueue(await reader.ReadToEndAsync());
                }

                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync("""{"errcode":0,"errmsg":"ok"}"""u8.ToArray());
                context.Response.Close();
            }
        }
    }
}
