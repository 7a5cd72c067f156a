using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>Signing in through the pages as a person would.</summary>
internal static class SignIn
{
    /// <summary>On the sign-in page (development sign-in): picks the person by the name shown first on their button, as 李娜 or Na Li.</summary>
    public static async Task AsDemoPersonAsync(IPage page, string shownName)
    {
        var button = Person(page, shownName);
        await Expect(button).ToBeVisibleAsync();
        // Signed in once the pages keep the new session (src/signin/session.tsx): a test that navigates on at once would
        // otherwise leave while the sign-in is still on its way, and land on the sign-in page again (seen on a busy
        // machine, where the page had already hidden its list of people).
        var before = await page.EvaluateAsync<string>("() => localStorage.getItem('formflow.devSession') ?? ''");
        await button.ClickAsync();
        await page.WaitForFunctionAsync("before => (localStorage.getItem('formflow.devSession') ?? '') !== before", before);
    }

    /// <summary>The sign-in page's button for a person: their name, then their roles and department.</summary>
    public static ILocator Person(IPage page, string shownName) =>
        page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(shownName) + "( |$)") });

    /// <summary>The Ant Design form item whose label reads <paramref name="label"/> (the innermost: an array's item holds its fields' items).</summary>
    public static ILocator Field(IPage page, string label) =>
        page.Locator(".ant-form-item").Filter(new() { Has = page.Locator(".ant-form-item-label label", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(label)}\\s*\\*?$") }) }).Last;
}

/// <summary>The main navigation (主导航) of a signed-in person.</summary>
internal static class MainNavigation
{
    public static ILocator Link(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = name });
}
