using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 发起 / Start, on a phone: 张伟 (E011) logs feedback about his report 李娜 (E012) the moment something happens, and
/// 李娜 requests 360 feedback for herself — each lands straight on their own first task. Over SQLite only, as the pages
/// run by default (docs/decisions/0003): who may start what for whom is the engine's and the API's, tested over both
/// databases there (OnDemandStartTests, OnDemandStartApiTests).
/// </summary>
public sealed class StartPageTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task A_manager_on_a_phone_starts_a_feedback_log_about_his_report_and_logs_the_entry_at_once()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "张伟");

        // 发起: what he may start, each a card; nothing chosen yet, so no button.
        await MainNavigation.Link(page, "发起").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "发起", Level = 1 })).ToBeVisibleAsync();
        var feedbackLog = page.GetByRole(AriaRole.Radio, new() { Name = "持续反馈记录" });
        await Expect(feedbackLog).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "360 度反馈" })).ToBeVisibleAsync();
        await Expect(page.Locator(".start-card").Filter(new() { HasText = "持续反馈记录" })).ToContainTextAsync("可为 5 人发起");
        await tab.CheckAlsoAtAsync("start-manager", Screen.Desktop);

        // The feedback log, for 李娜: one of his five reports, so he chooses.
        await feedbackLog.CheckAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "发起", Exact = true })).ToBeDisabledAsync();
        await Controls.ChooseAsync(page, "为谁发起", "李娜");
        await tab.CheckAlsoAtAsync("start-manager-chosen", Screen.Desktop);
        await page.GetByRole(AriaRole.Button, new() { Name = "发起", Exact = true }).ClickAsync();

        // Straight on his task: the BEST entry, due within 24 hours.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tasks/[^/]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "主管记录反馈（24 小时内）", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("李娜").First).ToBeVisibleAsync();
        await page.GetByLabel("事件发生时间").FillAsync("2026-12-01T10:30");
        await page.GetByRole(AriaRole.Radio, new() { Name = "表扬" }).CheckAsync();
        await page.GetByLabel("行为（B）").FillAsync("客户投诉升级时，李娜当天组织排查并给出临时方案");
        await page.GetByLabel("影响（E）").FillAsync("客户当晚恢复使用，没有升级为事故");
        await tab.CheckAsync("start-manager-task");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task An_employee_requests_360_feedback_for_herself_and_lands_on_the_nomination()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "李娜");

        await MainNavigation.Link(page, "发起").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "发起", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".start-card")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "进展汇报" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "360 度反馈" }).CheckAsync();

        // For herself, chosen already: the only one she may request it for.
        await Expect(page.Locator(".start-select")).ToContainTextAsync("我自己（李娜）");
        await tab.CheckAlsoAtAsync("start-employee", Screen.Desktop);
        await page.GetByRole(AriaRole.Button, new() { Name = "发起", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tasks/[^/]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "员工提名反馈人", Level = 1 })).ToBeVisibleAsync();
        await tab.CheckAsync("start-employee-task");

        // In English: the same choices, in her language.
        await page.GotoAsync("/start");
        await page.GetByText("English", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Start", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Progress report" }).CheckAsync();
        await Expect(page.Locator(".start-select")).ToContainTextAsync("Myself (Na Li)");
        await tab.CheckAlsoAtAsync("start-employee-en", Screen.Desktop);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_manager_requesting_360_feedback_for_a_report_is_told_it_started_since_the_report_nominates_first()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "张伟");
        await MainNavigation.Link(page, "我的团队").ClickAsync();
        var forTeam = page.GetByRole(AriaRole.Link, new() { Name = "为团队成员发起" });
        await Expect(forTeam).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("team-start-link", Screen.Desktop);
        await forTeam.ClickAsync();

        await page.GetByRole(AriaRole.Radio, new() { Name = "360 度反馈" }).CheckAsync();
        await Expect(page.Locator(".start-select")).ToContainTextAsync("我自己（张伟）");
        await Controls.ChooseAsync(page, "为谁发起", "王强");
        await page.GetByRole(AriaRole.Button, new() { Name = "发起", Exact = true }).ClickAsync();

        var started = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已为王强发起「360 度反馈」" });
        await Expect(started).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/start$"));
        await tab.CheckAlsoAtAsync("start-for-someone-else", Screen.Desktop);
        Assert.That(tab.Problems, Is.Empty);
    }
}
