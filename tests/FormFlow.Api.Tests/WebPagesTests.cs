using System.IO.Compression;
using System.Net;
using System.Text;

namespace FormFlow.Api.Tests;

/// <summary>
/// How the host serves the web pages, from a built folder of its own here (an index.html and two hashed assets, one
/// compressed as the build compresses them): every page address answers the page, with a Content-Security-Policy and
/// no caching; hashed assets are cached for good and sent compressed to a browser that takes it; the API, its
/// description, health, the API reference and missing files keep their own answers.
/// </summary>
public sealed class WebPagesTests
{
    private const string Script = "console.log('page');";
    private const string Style = "body { margin: 0 }";
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
        File.WriteAllText(Path.Combine(root, "assets", "index-abc123.js"), Script);
        File.WriteAllBytes(Path.Combine(root, "assets", "index-abc123.js.br"), Compressed(Script, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
        File.WriteAllBytes(Path.Combine(root, "assets", "index-abc123.js.gz"), Compressed(Script, s => new GZipStream(s, CompressionLevel.SmallestSize)));
        File.WriteAllText(Path.Combine(root, "assets", "index-abc123.css"), Style);
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

    [TestCase("br", "br")]
    [TestCase("gzip", "gzip")]
    [TestCase("gzip, deflate, br, zstd", "br")]
    [TestCase("gzip, deflate", "gzip")]
    [TestCase("br;q=0.5, gzip", "gzip")]
    [TestCase("BR", "br")]
    [TestCase("*", "br")]
    [TestCase("*;q=0.5, br;q=0", "gzip")]
    [TestCase("", null)]
    [TestCase("identity", null)]
    [TestCase("deflate", null)]
    [TestCase("br;q=0, gzip;q=0", null)]
    [TestCase("identity, br;q=0.8", null)]
    public async Task A_hashed_asset_goes_compressed_as_the_build_wrote_it_to_a_browser_that_takes_that_coding(string acceptEncoding, string? sent)
    {
        using var response = await GetAsync("/assets/index-abc123.js", acceptEncoding);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentEncoding, sent is null ? Is.Empty : Is.EqualTo(new[] { sent }));
            Assert.That(Decoded(body, sent), Is.EqualTo(Script));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(body.Length));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(response.Headers.Vary, Does.Contain("Accept-Encoding"), "a cache keeps each coding apart");
            Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        });
    }

    [Test]
    public async Task An_asset_the_build_left_uncompressed_goes_as_it_is_to_a_browser_that_takes_brotli()
    {
        using var response = await GetAsync("/assets/index-abc123.css", "gzip, deflate, br");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Style));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        });
    }

    [Test]
    public async Task A_missing_asset_is_missing_whatever_the_browser_takes()
    {
        using var response = await GetAsync("/assets/index-gone.js", "br, gzip");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
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
    [TestCase("/assets/index-abc123.js.br", Description = "a compressed file is sent for its asset, never by its own name")]
    [TestCase("/assets/index-abc123.js.gz")]
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

    private async Task<HttpResponseMessage> GetAsync(string path, string acceptEncoding)
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return await client.SendAsync(request);
    }

    private static byte[] Compressed(string text, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var compressing = compressor(buffer))
        {
            compressing.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Decoded(byte[] body, string? coding)
    {
        using var input = new MemoryStream(body);
        using Stream decoding = coding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => input,
        };
        using var reader = new StreamReader(decoding, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
