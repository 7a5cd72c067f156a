using Microsoft.Playwright;

namespace FormFlow.Web.Tests;

/// <summary>The 发起 page, as a person uses it to start something for themselves.</summary>
internal static class Starting
{
    /// <summary>From anywhere: 发起 in the main navigation, the process by its title, and the 发起 button (for oneself, the default).</summary>
    public static async Task ForSelfAsync(IPage page, string process)
    {
        await MainNavigation.Link(page, "发起").ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = process }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发起", Exact = true }).ClickAsync();
    }
}
