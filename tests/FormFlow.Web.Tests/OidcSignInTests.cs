using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// Signing in with the company's identity provider: a real OpenID Connect provider (<see cref="TestIdentityProvider"/>)
/// and the host configured with its Authority and the web client, the development sign-in off. 李娜 (E012) opens
/// FormFlow, signs in at the provider, lands on her tasks, stays signed in while her access token is renewed with the
/// refresh token, and signs out.
/// </summary>
public sealed class OidcSignInTests
{
    private TestIdentityProvider? provider;
    private TestDatabase? database;
    private RunningHost? host;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        provider = await TestIdentityProvider.StartAsync();
        database = TestDatabase.Create("sqlite");
        host = RunningHost.Start(database, new Dictionary<string, string?>
        {
            ["FormFlow:Identity:DevSignIn:Enabled"] = "false",
            ["FormFlow:Identity:Authority"] = provider.Authority,
            ["FormFlow:Identity:RequireHttpsMetadata"] = "false",
            ["FormFlow:Identity:Issuer"] = provider.Authority,
            ["FormFlow:Identity:Audience"] = TestIdentityProvider.Audience,
            ["FormFlow:Identity:Web:ClientId"] = TestIdentityProvider.ClientId,
            ["FormFlow:Identity:Web:Scope"] = $"openid profile offline_access {TestIdentityProvider.ApiScope}",
        }, systemClock: true);
        await provider.RegisterClientAsync(host.Address);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        database?.Dispose();
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }

    [Test]
    public async Task A_person_signs_in_at_the_identity_provider_stays_signed_in_as_the_token_is_renewed_and_signs_out()
    {
        await host!.LaunchAnnualReviewAsync("web-oidc", "E012");
        await using var tab = await Tab.OpenAsync(host.Address, Screen.Phone);
        var page = tab.Page;

        // Straight to the provider: it is the only way in.
        await page.GotoAsync("/tasks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Company sign-in (test provider)" })).ToBeVisibleAsync();
        Assert.That(page.Url, Does.StartWith(provider!.Authority + "login"));
        await page.GetByLabel("Employee id").FillAsync("E012");
        await page.GetByLabel("Password").FillAsync(TestIdentityProvider.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back on FormFlow, as 李娜, on the page she asked for.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的待办" })).ToBeVisibleAsync();
        Assert.That(page.Url, Is.EqualTo(host.Address + "/tasks"));
        await Expect(page.GetByRole(AriaRole.Link).Filter(new() { HasText = "员工自评" })).ToBeVisibleAsync();
        await Expect(page.Locator(".app-person")).ToHaveTextAsync("李娜");
        await tab.CheckAsync("inbox");

        // Before the access token runs out, the page renews it with the refresh token; the renewed token is accepted.
        for (var waited = 0; provider.RefreshGrants == 0 && waited < 60; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.That(provider.RefreshGrants, Is.GreaterThanOrEqualTo(1), "the page renewed its token");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link).Filter(new() { HasText = "员工自评" })).ToBeVisibleAsync();

        // Signing out ends the session at the provider too, and comes back to the sign-in page without going round again.
        await page.GotoAsync("/me");
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "使用企业账号登录" })).ToBeVisibleAsync();
        Assert.That(page.Url, Does.StartWith(host.Address + "/signin"));
        Assert.That(provider.SignOuts, Is.EqualTo(1));
        await tab.CheckAsync("signed-out");

        // Signed out for real: the tasks ask for the provider's login again.
        await page.GotoAsync("/tasks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Company sign-in (test provider)" })).ToBeVisibleAsync();
        Assert.That(tab.Problems, Is.Empty);
    }
}
