using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A department head's dashboard: the HRBP 赵敏 (E004) launched the annual review
/// for Platform Engineering (D210, 8 people); 蒋涛 (E025) has been through his interview, rated 4 by 郑浩 (E022);
/// fifteen days on, the other seven self-reviews are overdue. 吴静 (E021), the department's head, follows it.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class DepartmentHeadDashboardTests() : PagesFixture("sqlite")
{
    private const string Cycle = "platform-2026";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var api = new HostApi(Host.Address);
        var start = Host.Clock.GetUtcNow();
        await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Post, "/api/cycles", new JsonObject
        {
            ["cycleId"] = Cycle,
            ["name"] = "2026 年度绩效 · 平台研发部",
            ["processKey"] = "annual-review",
            ["startsAt"] = start.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = start.AddDays(60).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "D210" },
        });

        var employee = await api.TokenAsync("E025");
        var manager = await api.TokenAsync("E022");
        async Task SubmitAsync(string token, string step, JsonObject data)
        {
            var task = (await Host.OpenTasksAsync(token == employee ? "E025" : "E022")).Single(t => t.Step == step && t.CycleId == Cycle);
            await api.SendAsync(token, HttpMethod.Post, $"/api/tasks/{task.Id}/{(step == "record" && token == manager ? "approve" : "submit")}", new JsonObject { ["data"] = data });
        }

        var record = TemplateExamples.Data("interview-record", "valid-developer-rating-4");
        await SubmitAsync(employee, "self-review", TemplateExamples.Data("self-review", "valid-annual-rating-5"));
        await SubmitAsync(manager, "prepare", TemplateExamples.Data("interview-preparation-333", "valid-sales-manager-prep"));
        await SubmitAsync(employee, "record", TemplateExamples.Only(record, "went_well", "to_improve", "plan"));
        await SubmitAsync(manager, "record", TemplateExamples.Only(record, "feedback", "overall_rating", "manager_summary"));

        // The self-reviews were due 14 days after the start.
        Host.Clock.Advance(TimeSpan.FromDays(15));
    }

    private static IEnumerable<Screen> Screens() => [Screen.Desktop, Screen.Phone];

    [TestCaseSource(nameof(Screens))]
    public async Task The_department_head_opens_the_dashboard_and_sees_the_overdue_people_and_ratings_of_the_department(Screen screen)
    {
        await using var tab = await Tab.OpenAsync(Host.Address, screen);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "吴静");

        // 考核周期: the cycles of her department, to watch (launching for it is hers too: DepartmentHeadLaunchTests).
        await MainNavigation.Link(page, "考核周期").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "考核周期", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "2026 年度绩效 · 平台研发部" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2026 年度绩效 · 平台研发部", Level = 1 })).ToBeVisibleAsync();
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("8");

        // The seven people overdue, each with the step, who holds it and by how many days; 蒋涛 is done with his.
        var overdue = page.Locator(".overdue-list");
        foreach (var name in new[] { "吴静", "郑浩", "冯凯", "陈思远", "韩梅", "曹阳", "邓超" })
        {
            await Expect(overdue.Locator(".overdue-who").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        }

        await Expect(overdue).ToContainTextAsync("年度绩效评估 ·「员工自评」· 处理人 冯凯");
        await Expect(overdue).ToContainTextAsync("逾期 1 天");

        // The ratings she reads (she is up 蒋涛's chain): one record, rated 4.
        await Expect(page.GetByText("已有 1 份面谈记录给出评分（1–5 分）")).ToBeVisibleAsync();
        await Expect(page.Locator(".chart canvas")).ToHaveCountAsync(3);

        // Watching is all: no reports to download, no commands.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "延长" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "查看进度报表" })).ToHaveCountAsync(0);
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(screen.Width), "nothing wider than the screen");
        await tab.CheckAsync("dashboard");
        Assert.That(tab.Problems, Is.Empty);
    }
}
