using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The language switch follows the person: chosen signed in on one device (a browser context of its own), it is
/// kept on the server and greets them on another; chosen on the sign-in page, signed out, it holds there and is kept
/// for them once they sign in. Both people are Chinese in the organisation file, on browsers that prefer Chinese.
/// </summary>
public sealed class LanguageChoiceTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task English_chosen_on_one_device_greets_the_person_in_English_when_they_sign_in_on_another()
    {
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        await desktop.Page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(desktop.Page, "张伟");
        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Name = "我的待办" })).ToBeVisibleAsync();
        var kept = await desktop.Page.RunAndWaitForResponseAsync(
            () => desktop.Page.GetByText("English", new() { Exact = true }).First.ClickAsync(),
            r => r.Url.EndsWith("/api/me/preferences", StringComparison.Ordinal) && r.Request.Method == "PUT");
        Assert.That(kept.Status, Is.EqualTo(200), await kept.TextAsync());
        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Name = "My tasks" })).ToBeVisibleAsync();

        // Another device: nothing chosen there; the sign-in page speaks the browser's Chinese, the person's pages English.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        await phone.Page.GotoAsync("/");
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "登录 FormFlow" })).ToBeVisibleAsync();
        await SignIn.AsDemoPersonAsync(phone.Page, "张伟");
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "My tasks" })).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await phone.CheckAsync("other-device");
        Assert.That(desktop.Problems, Is.Empty);
        Assert.That(phone.Problems, Is.Empty);
    }

    [Test]
    public async Task English_chosen_on_the_sign_in_page_holds_there_and_is_kept_for_the_person_who_signs_in()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/signin");
        await page.GetByText("English", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to FormFlow" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to FormFlow" })).ToBeVisibleAsync();
        await tab.CheckAsync("signed-out");

        var kept = await page.RunAndWaitForResponseAsync(
            () => SignIn.AsDemoPersonAsync(page, "Na Li"),
            r => r.Url.EndsWith("/api/me/preferences", StringComparison.Ordinal) && r.Request.Method == "PUT");
        Assert.That(kept.Status, Is.EqualTo(200), await kept.TextAsync());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tasks" })).ToBeVisibleAsync();

        using var api = new HostApi(Host.Address);
        var preferences = await api.SendAsync(await api.TokenAsync("E012"), HttpMethod.Get, "/api/me/preferences", null);
        Assert.That(((string?)preferences!["language"], (string?)preferences["locale"]), Is.EqualTo(("en", "en")), preferences.ToJsonString());
        Assert.That(tab.Problems, Is.Empty);
    }
}
