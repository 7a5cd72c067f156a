using System.Net;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// What the sign-in page reads before anyone is signed in: which ways in exist (<c>/api/auth/config</c>), and with the
/// development sign-in on, whom one may pick (<c>/api/auth/dev-people</c>).
/// </summary>
public sealed class SignInSupportTests(string kind) : ApiTest(kind)
{
    [Test]
    public async Task The_sign_in_config_says_the_development_sign_in_is_on_and_names_no_provider_when_none_is_configured()
    {
        using var client = Anonymous();
        var config = await GetJson(client, "/api/auth/config");
        Assert.Multiple(() =>
        {
            Assert.That((bool?)config["devSignIn"], Is.True);
            Assert.That(config.AsObject().ContainsKey("oidc"), Is.False, config.ToJsonString());
        });
    }

    [Test]
    public async Task The_sign_in_config_gives_the_provider_client_and_scopes_for_openid_connect()
    {
        using var host = new ApiHost(Database, new Dictionary<string, string?>
        {
            ["FormFlow:Identity:DevSignIn:Enabled"] = "false",
            ["FormFlow:Identity:Authority"] = "https://login.example.com/realms/staff",
            ["FormFlow:Identity:Web:ClientId"] = "formflow-web",
            ["FormFlow:Identity:Web:Scope"] = "openid profile offline_access formflow",
        });
        using var client = host.CreateClient();
        var config = await GetJson(client, "/api/auth/config");
        Assert.Multiple(() =>
        {
            Assert.That((bool?)config["devSignIn"], Is.False);
            Assert.That((string?)config["oidc"]!["authority"], Is.EqualTo("https://login.example.com/realms/staff"));
            Assert.That((string?)config["oidc"]!["clientId"], Is.EqualTo("formflow-web"));
            Assert.That((string?)config["oidc"]!["scope"], Is.EqualTo("openid profile offline_access formflow"));
        });
    }

    [Test]
    public async Task The_demo_people_list_the_admin_and_the_demo_team_first_with_names_roles_and_departments()
    {
        using var client = Anonymous();
        var people = (await GetJson(client, "/api/auth/dev-people")).AsArray();
        var suggested = people.Where(p => (bool)p!["suggested"]!).Select(p => (string?)p!["id"]).ToList();
        var first = people[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(suggested, Is.EqualTo(new[] { "E002", "E004", "E011", "E012", "E013" }));
            Assert.That(people.Take(5).Select(p => (string?)p!["id"]), Is.EqualTo(suggested), "the suggested come first");
            Assert.That(people, Has.Count.EqualTo(40), "everybody of the demo organisation");
            Assert.That((string?)first["name"]!["zh-CN"], Is.EqualTo("林晓"));
            Assert.That((string?)first["name"]!["en"], Is.EqualTo("Xiao Lin"));
            Assert.That(first["roles"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "admin" }));
            Assert.That((string?)people[1]!["department"]!["name"]!["en"], Is.EqualTo("Human Resources"));
            Assert.That(people.Skip(5).Select(p => (string?)p!["id"]), Is.Ordered.Using((IComparer<string?>)StringComparer.Ordinal));
        });
    }

    [Test]
    public async Task The_demo_people_are_not_found_unless_the_development_sign_in_is_on()
    {
        using var host = new ApiHost(Database, new Dictionary<string, string?> { ["FormFlow:Identity:DevSignIn:Enabled"] = "false", ["FormFlow:Identity:SigningKeys:0"] = ApiHost.DevKey });
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/api/auth/dev-people");
        await Problem(response, 404);
    }
}
