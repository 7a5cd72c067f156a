using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 设计, the designers' hub: an HRBP finds the four designers, a department head the process designer only, an employee
/// no 设计 at all. Over SQLite only: the page shows what the person's roles allow, nothing it reads depends on storage.
/// </summary>
public sealed class DesignHubTests
{
    private TestDatabase? database;
    private RunningHost? host;

    private RunningHost Host => host!;

    [OneTimeSetUp]
    public void Start()
    {
        database = TestDatabase.Create("sqlite");
        host = RunningHost.Start(database);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        database?.Dispose();
    }

    [Test]
    public async Task An_HRBP_finds_the_four_designers_under_design()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");

        await MainNavigation.Link(page, "设计").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "设计", Level = 1 })).ToBeVisibleAsync();
        var designers = page.GetByRole(AriaRole.Heading, new() { Level = 2 });
        await Expect(designers).ToHaveTextAsync(["表单设计", "流程设计", "通知与报告模板", "应用导入导出"]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "流程设计" })).ToHaveAttributeAsync("href", "/design/processes");
        await tab.CheckAlsoAtAsync("design-hub", Screen.Phone);
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
