using FormFlow.Api.Tests;
using FormFlow.Delivery;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 我的 and 我的团队 in the browser, at a phone's width and a desktop's: the annual
/// review of 李娜 (E012) and 王强 (E013), launched a day more than their self-review's two weeks ago, so both are
/// overdue; their manager 张伟 (E011) follows them; 宋佳 (E033) of Sales is nobody to them.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class PeoplePagesTests() : PagesFixture("sqlite")
{
    private string instanceOfLiNa = "";

    private static IEnumerable<Screen> Screens() => [Screen.Phone, Screen.Desktop];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await Host.LaunchAnnualReviewAsync("people-" + Kind, "E012", "E013");
        instanceOfLiNa = (await Host.OpenTasksAsync("E012")).Single().InstanceId;
        Host.Clock.Advance(TimeSpan.FromDays(15));
    }

    [TestCaseSource(nameof(Screens))]
    public async Task An_employee_chooses_a_daily_digest_and_finds_it_kept_after_reloading(Screen screen)
    {
        await using var tab = await OpenAsync(screen, "李娜");
        var page = tab.Page;

        await Places(page).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "李娜", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "每日汇总一封" }).CheckAsync();
        await page.GetByLabel("每日汇总时间").FillAsync("08:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        await tab.CheckAsync("preferences");

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "每日汇总一封" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("每日汇总时间")).ToHaveValueAsync("08:30");
        var stored = await MailPreferences.OfAsync(Host.Db, "E012");
        Assert.That((stored.Digest, stored.DigestMinute), Is.EqualTo(("daily", 30)), "08:30 in Shanghai is 00:30 UTC");
        Assert.That(tab.Problems, Is.Empty);
    }

    [TestCaseSource(nameof(Screens))]
    public async Task An_employee_reads_her_history_report_and_downloads_it(Screen screen)
    {
        await using var tab = await OpenAsync(screen, "李娜");
        var page = tab.Page;

        await Places(page).GetByRole(AriaRole.Link, new() { Name = "我的", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "我的历史报告" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的历史报告", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.FrameLocator(".report-frame").Locator("h1")).ToHaveTextAsync("李娜 · 我的绩效记录");
        Assert.That(await page.Locator(".report-frame").GetAttributeAsync("sandbox"), Is.EqualTo(""), "the report runs nothing");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载 CSV" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Does.EndWith(".csv"));
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(screen.Width), "nothing wider than the screen");
        await tab.CheckAsync("history", intoFrames: false);

        await page.GotoAsync("/me/feedback");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的 360 反馈", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("还没有 360 反馈请求。", new() { Exact = false })).ToBeVisibleAsync();
        await tab.CheckAsync("feedback");
        Assert.That(tab.Problems, Is.Empty);
    }

    [TestCaseSource(nameof(Screens))]
    public async Task A_manager_sees_his_team_with_steps_and_due_dates_then_an_instance_and_a_pre_interview_report(Screen screen)
    {
        await using var tab = await OpenAsync(screen, "张伟");
        var page = tab.Page;

        await Places(page).GetByRole(AriaRole.Link, new() { Name = "我的团队" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的团队", Level = 1 })).ToBeVisibleAsync();
        var team = page.GetByRole(AriaRole.List, new() { Name = "团队成员" });
        var li = team.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "李娜" });
        await Expect(team.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(li).ToContainTextAsync("员工自评");
        await Expect(li).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"截止 \d{4}年\d{1,2}月\d{1,2}日"));
        await Expect(li.Locator(".ant-tag-red")).ToHaveTextAsync("逾期 1 天");
        await Expect(page.Locator(".team-figures .overdue dd")).ToHaveTextAsync("2");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(screen.Width), "nothing wider than the screen");
        await tab.CheckAsync("team");

        await li.GetByRole(AriaRole.Link, new() { Name = "查看流程（李娜）" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "年度绩效评估 · 李娜", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".instance-card").Filter(new() { HasText = "时间线" })).ToContainTextAsync("流程开始");
        var schedule = page.Locator(".instance-card").Filter(new() { HasText = "提醒与通知" });
        await Expect(schedule.GetByRole(AriaRole.Heading, new() { Name = "待触发" })).ToBeVisibleAsync();
        await Expect(schedule.GetByRole(AriaRole.Heading, new() { Name = "发给我的通知" })).ToBeVisibleAsync();
        await tab.CheckAsync("instance");

        await page.GotoAsync("/team");
        await page.GetByRole(AriaRole.Link, new() { Name = "面谈前分析（李娜）" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "面谈前分析：李娜", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.FrameLocator(".report-frame").Locator("h1")).ToHaveTextAsync("李娜 · 面谈前分析报告");
        await tab.CheckAsync("pre-interview", intoFrames: false);

        await page.GotoAsync("/team?view=follow-up");
        await Expect(page.FrameLocator(".report-frame").Locator("h1")).ToHaveTextAsync("张伟 · 跟进报告");
        await tab.CheckAsync("follow-up", intoFrames: false);
        Assert.That(tab.Problems, Is.Empty);
    }

    [TestCaseSource(nameof(Screens))]
    public async Task An_employee_cannot_open_another_persons_instance_and_sees_a_plain_not_found(Screen screen)
    {
        await using var tab = await OpenAsync(screen, "宋佳");
        var page = tab.Page;

        await page.GotoAsync($"/instances/{instanceOfLiNa}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("没有这个流程，或你无权查看。");
        await Expect(page.GetByText("李娜")).ToHaveCountAsync(0);
        await Expect(page.GetByText("员工自评")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "时间线" })).ToHaveCountAsync(0);
        await tab.CheckAsync("not-found");
    }

    private async Task<Tab> OpenAsync(Screen screen, string person)
    {
        var tab = await Tab.OpenAsync(Host.Address, screen);
        await tab.Page.Clock.SetFixedTimeAsync(Host.Clock.GetUtcNow().UtcDateTime);
        await tab.Page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(tab.Page, person);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "我的待办" })).ToBeVisibleAsync();
        return tab;
    }

    private static ILocator Places(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });
}
