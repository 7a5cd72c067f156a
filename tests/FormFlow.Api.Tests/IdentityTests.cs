using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FormFlow.Api.Tests;

/// <summary>Who may call the API: tokens from the configured issuer for people of the organisation, and the development sign-in.</summary>
public sealed class IdentityTests(string kind) : ApiTest(kind)
{
    [Test]
    public async Task Dev_sign_in_gives_a_token_that_me_answers_with_the_person_and_roles()
    {
        using var client = await SignedIn("E004");
        var me = JsonNode.Parse(await client.GetStringAsync("/api/me"))!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)me["id"], Is.EqualTo("E004"));
            Assert.That((string?)me["name"]!["zh-CN"], Is.EqualTo("赵敏"));
            Assert.That((string?)me["name"]!["en"], Is.EqualTo("Min Zhao"));
            Assert.That((string?)me["department"]!["id"], Is.EqualTo("D100"));
            Assert.That((string?)me["department"]!["name"]!["en"], Is.EqualTo("Human Resources"));
            Assert.That(me["roles"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "hrbp" }));
            Assert.That(me["hrbpOf"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "D200", "D210" }));
        });
    }

    [Test]
    public async Task Me_answers_the_admin_as_admin_and_a_department_head_with_the_department()
    {
        using var admin = await SignedIn("E002");
        using var head = await SignedIn("E010");
        var adminMe = JsonNode.Parse(await admin.GetStringAsync("/api/me"))!;
        var headMe = JsonNode.Parse(await head.GetStringAsync("/api/me"))!;
        Assert.Multiple(() =>
        {
            Assert.That(adminMe["roles"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "admin" }));
            Assert.That(headMe["roles"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "manager" }));
            Assert.That(headMe["headOf"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "D200" }));
        });
    }

    [Test]
    public void A_production_host_refuses_to_start_with_the_development_sign_in_on()
    {
        using var production = new ApiHost(Database).WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.Catch(() => _ = production.Server);

        Assert.That(error!.ToString(), Does.Contain("DevSignIn:Enabled must not be true in the Production environment"));
    }

    [Test]
    public void A_host_without_an_identity_provider_warns_at_start_that_every_api_request_will_be_refused()
    {
        // appsettings.json names the Authority as an empty string: that is no provider either.
        using var bare = new ApiHost(Database, new Dictionary<string, string?> { ["FormFlow:Identity:DevSignIn:Enabled"] = "false" });
        _ = bare.Server;

        Assert.That(bare.Log.GetSnapshot().Select(r => r.Message), Has.Some.StartsWith("No identity provider is configured"));
    }

    [Test]
    public async Task Me_without_a_token_is_401_problem_details()
    {
        using var client = Anonymous();
        using var response = await client.GetAsync("/api/me");
        var problem = await Problem(response, 401);
        Assert.That((string?)problem["code"], Is.EqualTo("auth.required"));
    }

    private static IEnumerable<TestCaseData> BadTokens()
    {
        yield return new TestCaseData("wrong-issuer", ApiHost.Issuer + "-other", ApiHost.Audience, ApiHost.DevKey, 0).SetName("A_token_from_another_issuer_is_401");
        yield return new TestCaseData("wrong-audience", ApiHost.Issuer, "someone-else", ApiHost.DevKey, 0).SetName("A_token_for_another_audience_is_401");
        yield return new TestCaseData("bad-signature", ApiHost.Issuer, ApiHost.Audience, Convert.ToBase64String(new byte[48]), 0).SetName("A_token_with_a_bad_signature_is_401");
        yield return new TestCaseData("expired", ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, -120).SetName("An_expired_token_is_401");
    }

    [TestCaseSource(nameof(BadTokens))]
    public async Task Bad_tokens_are_refused(string what, string issuer, string audience, string key, int minutesFromNow)
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("E004", issuer, audience, key, minutesFromNow));
        using var response = await client.GetAsync("/api/me");
        var problem = await Problem(response, 401);
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("auth.invalid-token"), what);
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        });
    }

    [Test]
    public async Task A_valid_token_made_by_hand_is_accepted()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("E012", ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, 0));
        var me = JsonNode.Parse(await client.GetStringAsync("/api/me"))!;
        Assert.That((string?)me["id"], Is.EqualTo("E012"));
    }

    [Test]
    public async Task A_valid_token_for_nobody_in_the_organisation_is_403()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("X999", ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, 0));
        using var response = await client.GetAsync("/api/me");
        var problem = await Problem(response, 403);
        Assert.That((string?)problem["code"], Is.EqualTo("auth.unknown-person"));
    }

    [Test]
    public async Task Dev_sign_in_for_an_unknown_person_is_400_naming_the_field()
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId = "X999" });
        var problem = await Problem(response, 400);
        Assert.That((string?)problem["errors"]!["/personId"]![0]!["code"], Is.EqualTo("identity.unknown-person"));
    }

    [Test]
    public async Task Dev_sign_in_is_not_found_unless_enabled()
    {
        using var disabled = new ApiHost(Database, new Dictionary<string, string?> { ["FormFlow:Identity:DevSignIn:Enabled"] = "false", ["FormFlow:Demo:Enabled"] = "false" });
        using var client = disabled.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId = "E004" });
        var problem = await Problem(response, 404);

        // A development token is not accepted either once the development sign-in is off.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("E004", ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, 0));
        using var me = await client.GetAsync("/api/me");
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("not-found"));
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task A_dev_token_expires_on_the_host_clock()
    {
        using var client = await SignedIn("E012");
        using (var fresh = await client.GetAsync("/api/me"))
        {
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Host.Clock.Advance(TimeSpan.FromMinutes(62));
        using var expired = await client.GetAsync("/api/me");
        await Problem(expired, 401);
    }

    [Test]
    public void A_production_host_refuses_to_start_with_the_repositorys_public_development_key_among_its_signing_keys()
    {
        using var production = new ApiHost(Database, new Dictionary<string, string?>
        {
            ["FormFlow:Identity:DevSignIn:Enabled"] = "false",
            ["FormFlow:Identity:SigningKeys:0"] = ApiHost.DevKey,
            ["FormFlow:Identity:SigningKeys:1"] = RepositoryDevelopmentKey(),
        }).WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.Catch(() => _ = production.Server);

        Assert.That(error!.ToString(), Does.Contain("must not hold the development key of the repository"));
    }

    [Test]
    public async Task A_token_made_to_last_a_hundred_years_is_401_saying_it_is_valid_for_too_long()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("E004", ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, 0, lifetime: TimeSpan.FromDays(36_500)));

        using var response = await client.GetAsync("/api/me");

        var problem = await Problem(response, 401);
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("auth.invalid-token"));
            Assert.That((string?)problem["detail"], Does.Contain("longer than 24 hours").Or.Contain("超过 24 小时"));
        });
    }

    [Test]
    public async Task A_token_valid_for_a_day_is_still_accepted()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token("E004", ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, 0, lifetime: TimeSpan.FromHours(24)));

        using var response = await client.GetAsync("/api/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_signed_token_that_names_no_person_is_401_not_403()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(null, ApiHost.Issuer, ApiHost.Audience, ApiHost.DevKey, 0));

        using var response = await client.GetAsync("/api/me");

        var problem = await Problem(response, 401);
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("auth.invalid-token"));
            Assert.That((string?)problem["detail"], Does.Contain("sub"));
        });
    }

    // The key appsettings.Development.json ships, as a production operator might copy it.
    private static string RepositoryDevelopmentKey()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(folder!.FullName, "designer-api", "FormFlow.Api", "appsettings.Development.json")))!;
        return (string)settings["FormFlow"]!["Identity"]!["DevSignIn"]!["SigningKey"]!;
    }

    /// <summary>
    /// A token as an identity provider would make it, valid from <paramref name="minutesFromNow"/> on the host's clock
    /// for <paramref name="lifetime"/> (an hour unless said), naming <paramref name="personId"/> (nobody when null).
    /// </summary>
    private string Token(string? personId, string issuer, string audience, string key, int minutesFromNow, TimeSpan? lifetime = null)
    {
        var start = Host.Clock.GetUtcNow().AddMinutes(minutesFromNow);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(personId is null ? [new Claim("name", "nobody")] : [new Claim("sub", personId)]),
            IssuedAt = start.UtcDateTime,
            NotBefore = start.UtcDateTime,
            Expires = start.Add(lifetime ?? TimeSpan.FromMinutes(60)).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
