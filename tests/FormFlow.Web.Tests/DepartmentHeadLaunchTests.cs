using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A department head launches over SQLite and the real PostgreSQL: 吴静 (E021), head of Platform Engineering (平台研发部,
/// D210, 8 people), launches the annual review for her department with the wizard, which offers her no other
/// department; a launch for Sales (市场销售部, D300) is refused by the API and the refusal shows in the wizard.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class DepartmentHeadLaunchTests(string kind) : PagesFixture(kind)
{
    [Test]
    public async Task The_head_of_a_department_launches_the_annual_review_for_it_and_is_shown_the_refusal_for_another()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "吴静");

        // 考核周期 offers her 发起考核周期.
        await MainNavigation.Link(page, "考核周期").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "考核周期", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "发起考核周期" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("cycles", Screen.Phone);
        await LaunchWizard.OpenAsync(page);

        var name = $"平台研发部 年度绩效 ({Kind})";
        await LaunchWizard.ChooseProcessAsync(page, "年度绩效评估", name);
        await LaunchWizard.NextAsync(page);

        // 人员范围: her department and none above or beside it, and why.
        await page.GetByLabel("部门", new() { Exact = true }).ClickAsync();
        var options = page.Locator(".ant-select-item-option");
        await Expect(options.Filter(new() { HasText = "平台研发部" })).ToHaveCountAsync(1);
        await Expect(options).ToHaveCountAsync(1);
        await Expect(options.Filter(new() { HasText = "市场销售部" })).ToHaveCountAsync(0);
        await Expect(options.Filter(new() { HasText = "研发中心" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("只列出你可以发起周期的部门")).ToBeVisibleAsync();
        await LaunchWizard.ChooseDepartmentAsync(page, "平台研发部");
        await Expect(LaunchWizard.LiveCount(page)).ToHaveTextAsync("8");
        await tab.CheckAlsoAtAsync("wizard-population", Screen.Phone);
        await LaunchWizard.NextAsync(page);
        await LaunchWizard.NextAsync(page);
        await Expect(page.Locator(".launch-summary")).ToContainTextAsync("平台研发部");

        // The same launch sent for Sales (as if the choice had been tampered with): the API refuses it, naming the
        // department, and the wizard says so, keeping her choices.
        await page.RouteAsync("**/api/cycles", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var body = JsonNode.Parse(route.Request.PostData!)!;
            body["population"]!["departmentId"] = "D300";
            await route.ContinueAsync(new() { PostData = Encoding.UTF8.GetBytes(body.ToJsonString()) });
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "为 8 人发起" }).ClickAsync();
        var refusal = page.Locator(".launch-card").GetByRole(AriaRole.Alert);
        await Expect(refusal).ToContainTextAsync("市场销售部（D300）");
        await Expect(refusal).ToContainTextAsync("不在您担任 HRBP 或负责的部门之内");
        await Expect(page.Locator(".launch-summary")).ToContainTextAsync(name);
        await tab.CheckAlsoAtAsync("refused", Screen.Phone);
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });

        // For her department: launched, on the new cycle's dashboard.
        await LaunchWizard.LaunchAsync(page, 8);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("8");
        await tab.CheckAlsoAtAsync("dashboard", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }
}
