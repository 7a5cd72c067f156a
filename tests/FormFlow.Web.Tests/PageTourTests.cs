using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// Every page at a phone's width (390 px, and the narrowest the pages serve, 360 px) and a desktop's, as the manager 张伟 (E011) sees them two days after his own
/// self-review was due: a screenshot of each (test-results/web) and axe-core's check, with nothing refused by the
/// Content-Security-Policy.
/// </summary>
public sealed class PageTourTests() : PagesFixture("sqlite")
{
    private string taskId = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await Host.LaunchAnnualReviewAsync("web-tour", "E011");
        var task = (await Host.OpenTasksAsync("E011")).Single();
        taskId = task.Id;
        Host.Clock.SetUtcNow(task.DueAt!.Value.AddDays(2));
    }

    private static IEnumerable<Screen> Screens() => [Screen.Phone, Screen.NarrowPhone, Screen.Desktop];

    [TestCaseSource(nameof(Screens))]
    public async Task Every_page_reads_right_and_passes_axe(Screen screen)
    {
        await using var tab = await Tab.OpenAsync(Host.Address, screen);
        var page = tab.Page;
        await page.Clock.SetFixedTimeAsync(Host.Clock.GetUtcNow().UtcDateTime);

        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "张伟");

        // 我的待办: his overdue self-review, in red, with how long overdue.
        var row = page.GetByRole(AriaRole.Link).Filter(new() { HasText = "员工自评" });
        await Expect(row.Locator(".ant-tag-red")).ToHaveTextAsync("逾期 2 天");
        await tab.CheckAsync("inbox");

        await row.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "员工自评", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".task-due .ant-tag-red")).ToHaveTextAsync("逾期 2 天");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(screen.Width), "nothing wider than the screen");
        await tab.CheckAsync("task");

        // The navigation: 我的团队 (he manages a team), 发起, 我的.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回待办" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "我的团队" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的团队" })).ToBeVisibleAsync();
        await tab.CheckAsync("team");

        // 发起: what he may start on demand, for himself and his team.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "发起" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "发起", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "持续反馈记录" }).CheckAsync();
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(screen.Width), "nothing wider than the screen");
        await tab.CheckAsync("start");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "张伟" })).ToBeVisibleAsync();
        await tab.CheckAsync("me");

        // The language switch turns every text, the form's too.
        await page.GetByText("English", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Wei Zhang" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Profile" })).ToBeVisibleAsync();
        await tab.CheckAsync("me-en");

        // 我的团队's texts, loaded in English with the page after the switch.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "My team" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My team", Level = 1 })).ToBeVisibleAsync();
        await tab.CheckAsync("team-en");
        await page.GotoAsync($"/tasks/{taskId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Self-review", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Goal results", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".task-due .ant-tag-red")).ToHaveTextAsync("2 days overdue");
        await tab.CheckAsync("task-en");

        // The choice is kept for him on the server: back to Chinese (kept too) for the next screen's tour.
        var kept = await page.RunAndWaitForResponseAsync(
            () => page.GetByText("中文", new() { Exact = true }).First.ClickAsync(),
            r => r.Url.EndsWith("/api/me/preferences", StringComparison.Ordinal) && r.Request.Method == "PUT");
        Assert.That(kept.Status, Is.EqualTo(200));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "员工自评", Level = 1 })).ToBeVisibleAsync();

        // The API reference, from the host itself.
        await page.GotoAsync("/api-reference/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FormFlow.Api | v1" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByText("/api/auth/config").First).ToBeAttachedAsync();
        await tab.ScreenshotAsync("api-reference");

        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task The_sign_in_page_lists_the_demo_people_by_name_role_and_department()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/signin");
        var first = SignIn.Person(page, "林晓");
        await Expect(first).ToContainTextAsync("管理员");
        await Expect(first).ToContainTextAsync("总裁办");
        await Expect(first).Not.ToContainTextAsync("E002");
        await page.GetByRole(AriaRole.Searchbox).FillAsync("销售");
        await Expect(SignIn.Person(page, "林晓")).ToHaveCountAsync(0);
        Assert.That(tab.Problems, Is.Empty);
    }
}
