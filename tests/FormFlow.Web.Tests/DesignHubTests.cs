using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 设计, the designers' hub: an HRBP finds the four designers, a department head the process designer only, an employee
/// no 设计 at all; an HRBP ticks who may start a shipped process at any time. Over SQLite only: the page shows what the
/// person's roles allow, and a draft is saved as any other (the designer's storage is tested over both in
/// ProcessDesignerTests).
/// </summary>
public sealed class DesignHubTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task An_HRBP_finds_the_five_designers_under_design()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");

        await MainNavigation.Link(page, "设计").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "设计", Level = 1 })).ToBeVisibleAsync();
        var designers = page.GetByRole(AriaRole.Heading, new() { Level = 2 });
        await Expect(designers).ToHaveTextAsync(["表单设计", "流程设计", "通知与报告模板", "指标库", "应用导入导出"]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "流程设计" })).ToHaveAttributeAsync("href", "/design/processes");
        await tab.CheckAlsoAtAsync("design-hub", Screen.Phone);
    }

    [Test]
    public async Task An_HRBP_ticks_who_may_start_a_shipped_process_at_any_time_and_finds_it_kept_after_a_reload()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await ProcessDesigner.OpenListAsync(page);
        await page.GetByText("progress-report", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "进展汇报", Level = 1 })).ToBeVisibleAsync();

        // Shipped startable by the person themselves: the 发起 card says so, the panel shows it ticked.
        var start = ProcessDesigner.Card(page, "由考核周期为每位员工发起");
        await Expect(start).ToContainTextAsync("员工本人可随时发起");
        await start.ClickAsync();
        var starters = ProcessDesigner.Panel(page).GetByRole(AriaRole.Group, new() { Name = "可由谁随时发起" });
        await Expect(starters.GetByRole(AriaRole.Checkbox, new() { Name = "员工本人" })).ToBeCheckedAsync();
        await Expect(starters.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" })).Not.ToBeCheckedAsync();

        // Their manager too: ticked, said on the card, saved.
        await starters.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" }).ClickAsync();
        await Expect(start).ToContainTextAsync("员工本人、直属上级可随时发起");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("starters", Screen.Phone);

        await page.ReloadAsync();
        await Expect(start).ToContainTextAsync("员工本人、直属上级可随时发起");
        await start.ClickAsync();
        await Expect(starters.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "草稿未修改" })).ToBeVisibleAsync();

        // Nobody: only a review cycle starts it, and the draft no longer has the member at all.
        await starters.GetByRole(AriaRole.Checkbox, new() { Name = "员工本人" }).ClickAsync();
        await starters.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" }).ClickAsync();
        await Expect(start).Not.ToContainTextAsync("可随时发起");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(start).ToBeVisibleAsync();
        await Expect(start).Not.ToContainTextAsync("可随时发起");
        using (var api = new HostApi(Host.Address))
        {
            var draft = await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Get, "/api/authoring/processes/progress-report/draft", null);
            Assert.That(draft!["document"]!.AsObject().ContainsKey("startableBy"), Is.False);
        }

        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_department_head_finds_the_process_designer_only()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "吴静");

        // On a phone 设计 is a tab of the bottom bar, beside 待办, 团队, 考核周期 and 我的.
        await MainNavigation.Link(page, "设计").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(["流程设计"]);
    }

    [Test]
    public async Task An_employee_has_no_design_place_and_is_told_the_page_is_not_for_them()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "李娜");

        await Expect(MainNavigation.Link(page, "待办")).ToBeVisibleAsync();
        await Expect(MainNavigation.Link(page, "设计")).ToHaveCountAsync(0);
        await page.GotoAsync("/design");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("此页面仅供相应角色使用");
    }
}
