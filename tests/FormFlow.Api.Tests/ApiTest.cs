using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// The base of the API suite: each fixture runs once per database (a fresh SQLite file, a fresh PostgreSQL database),
/// with one host started over it for all its tests.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public abstract class ApiTest(string kind)
{
    private TestDatabase? database;
    private ApiHost? host;

    protected string Kind => kind;

    private protected ApiHost Host => host ?? throw new InvalidOperationException("the host starts in OneTimeSetUp");

    private protected TestDatabase Database => database ?? throw new InvalidOperationException("the database is made in OneTimeSetUp");

    private protected Database Db { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        database = TestDatabase.Create(kind);
        host = new ApiHost(database, HostSettings);
        _ = host.Server;
        Db = new Database(database.Dialect, database.ConnectionString);
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        Db?.Dispose();
        host?.Dispose();
        database?.Dispose();
    }

    /// <summary>Settings this fixture's host runs with beyond <see cref="ApiHost"/>'s (null: none).</summary>
    private protected virtual IReadOnlyDictionary<string, string?>? HostSettings => null;

    /// <summary>A client with no token.</summary>
    private protected HttpClient Anonymous() => Host.CreateClient();

    /// <summary>A client signed in as <paramref name="personId"/> through the development sign-in.</summary>
    private protected async Task<HttpClient> SignedIn(string personId)
    {
        var client = Host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId });
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The Problem Details body of a response, after checking that it is one.</summary>
    private protected static async Task<JsonObject> Problem(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        });
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That((int)problem["status"]!, Is.EqualTo(status));
            Assert.That((string?)problem["title"], Is.Not.Empty);
            Assert.That((string?)problem["code"], Is.Not.Empty);
            Assert.That((string?)problem["traceId"], Is.Not.Empty);
        });
        return problem;
    }

    private protected static HttpContent Json(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");

    private protected static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
