using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>The HRBP's launch wizard (考核周期 → 发起考核周期), in Chinese: each step's controls; the checks are the caller's.</summary>
internal static class LaunchWizard
{
    /// <summary>From any page of a signed-in HRBP: the cycles page, then the wizard's first step.</summary>
    public static async Task OpenAsync(IPage page)
    {
        await MainNavigation.Link(page, "考核周期").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "考核周期", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发起考核周期" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "发起考核周期", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>1 流程: the published process by its title, and the cycle's name typed over the one proposed.</summary>
    public static async Task ChooseProcessAsync(IPage page, string processTitle, string? name = null)
    {
        await Controls.ChooseAsync(page, "流程", processTitle);
        await Expect(page.GetByLabel("周期名称")).ToHaveValueAsync(new Regex("^" + Regex.Escape(processTitle) + " \\d{4}$"));
        if (name is not null)
        {
            await page.GetByLabel("周期名称").FillAsync(name);
        }
    }

    /// <summary>2 人员范围: the department (with the ones below it), and only these roles when any are named.</summary>
    public static async Task ChooseDepartmentAsync(IPage page, string department, params string[] roles)
    {
        await Controls.ChooseAsync(page, "部门", department);
        foreach (var role in roles)
        {
            await page.GetByRole(AriaRole.Checkbox, new() { Name = role }).CheckAsync();
        }
    }

    /// <summary>The live count of the people the launch will open tasks for.</summary>
    public static ILocator LiveCount(IPage page) => page.Locator(".live-count-number");

    /// <summary>The findings of the launch's dry run, beside the count.</summary>
    public static ILocator Findings(IPage page) => page.Locator(".live-count-block .ant-alert");

    public static Task NextAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

    /// <summary>4 确认: launches for <paramref name="people"/>; on the new cycle's dashboard, says so. Returns the cycle's id.</summary>
    public static async Task<string> LaunchAsync(IPage page, int people)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"为 {people} 人发起" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"考核周期已发起，已为 {people} 人创建任务。" })).ToBeVisibleAsync();
        return Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath["/cycles/".Length..]);
    }
}

/// <summary>A cycle's progress dashboard.</summary>
internal static class Dashboard
{
    /// <summary>One of the key figures (完成率, 人数, 逾期任务, 待处理任务) by its title.</summary>
    public static ILocator Figure(IPage page, string title) =>
        page.Locator(".cycle-figures .ant-card").Filter(new() { Has = page.Locator(".ant-statistic-title", new() { HasText = title }) });

    /// <summary>One of the cards below the figures (按部门, 综合评分分布, …) by its heading.</summary>
    public static ILocator Card(IPage page, string title) =>
        page.Locator(".cycle-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 2 }) });
}
