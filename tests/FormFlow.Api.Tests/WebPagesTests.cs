using System.Net;

namespace FormFlow.Api.Tests;

/// <summary>
/// How the host serves the web pages, from a built folder of its own here (an index.html and one hashed asset):
/// every page address answers the page, with a Content-Security-Policy and no caching; hashed assets are cached for
/// good; the API, its description, health, the API reference and missing files keep their own answers.
/// </summary>
public sealed class WebPagesTests
{
    private const string Index = "<!doctype html><html><head><script type=\"module\" src=\"/assets/index-abc123.js\"></script></head><body><div id=\"root\"></div></body></html>";
    private TestDatabase? database;
    private ApiHost? host;
    private string root = "";

    private ApiHost Host => host!;

    [OneTimeSetUp]
    public void Start()
    {
        root = Directory.CreateTempSubdirectory("formflow-web-").FullName;
        File.WriteAllText(Path.Combine(root, "index.html"), Index);
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        File.WriteAllText(Path.Combine(root, "assets", "index-abc123.js"), "console.log('page');");
        File.WriteAllText(Path.Combine(root, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        database = TestDatabase.Create("sqlite");
        host = new ApiHost(database, new Dictionary<string, string?>
        {
            ["FormFlow:Web:Root"] = root,
            ["FormFlow:Identity:Authority"] = "https://login.example.com/realms/staff",
            ["FormFlow:Identity:Web:ClientId"] = "formflow-web",
            ["FormFlow:Identity:RequireHttpsMetadata"] = "true",
        });
        _ = host.Server;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        host?.Dispose();
        database?.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [TestCase("/")]
    [TestCase("/tasks")]
    [TestCase("/tasks/0193a8f2c1d47e0b9c1f2a3b4c5d6e7f")]
    [TestCase("/signin/callback?code=x&state=y")]
    [TestCase("/me")]
    [TestCase("/design/texts/notifications/task.assigned")]
    public async Task A_page_address_answers_the_page_uncached_with_its_content_security_policy(string path)
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(body, Is.EqualTo(Index));
            Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(policy, Does.Contain("script-src 'self';"), "no inline script, nothing evaluated");
            Assert.That(policy, Does.Not.Contain("unsafe-eval"));
            Assert.That(policy, Does.Contain("connect-src 'self' https://login.example.com;"), "the browser talks to the identity provider");
            Assert.That(policy, Does.Contain("frame-ancestors 'none'"));
        });
    }

    [Test]
    public async Task A_hashed_asset_is_cached_for_good()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/assets/index-abc123.js");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        });
    }

    [Test]
    public async Task A_file_at_the_root_is_served_but_not_cached_for_good()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/favicon.svg");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
        });
    }

    [TestCase("/assets/index-gone.js")]
    [TestCase("/robots.txt")]
    [TestCase("/assets/fonts/gone.woff2")]
    [TestCase("/api/nothing-here")]
    [TestCase("/api/tasks/x/nothing")]
    [TestCase("/openapi")]
    [TestCase("/health/nothing")]
    public async Task A_missing_file_or_an_unknown_api_address_is_a_404_problem_not_the_page(string path)
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task The_api_keeps_its_own_answers_beside_the_pages()
    {
        using var client = Host.CreateClient();
        using var me = await client.GetAsync("/api/me");
        using var document = await client.GetAsync("/openapi/v1.json");
        using var live = await client.GetAsync("/health/live");
        using var wrongMethod = await client.DeleteAsync("/api/me");
        using var unknownPost = await client.PostAsync("/api/nothing-here", null);
        using var pagePost = await client.PostAsync("/tasks/x", null);
        Assert.Multiple(() =>
        {
            Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(document.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
            Assert.That(unknownPost.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(pagePost.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "only GET and HEAD are answered with the page");
        });
    }

    [Test]
    public async Task The_api_reference_is_served_from_the_host_with_a_nonce_for_its_scripts_and_no_cdn()
    {
        using var client = Host.CreateClient();
        using var response = await client.GetAsync("/api-reference/");
        var page = await response.Content.ReadAsStringAsync();
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        using var script = await client.GetAsync("/api-reference/scalar.js");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(nonce, Is.Not.Empty, policy);
            Assert.That(page, Does.Contain($"nonce=\"{nonce}\""));
            Assert.That(page, Does.Not.Contain("https://"), "everything from this host");
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
