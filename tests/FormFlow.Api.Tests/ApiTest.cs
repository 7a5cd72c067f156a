using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
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
    /// <summary>The body of a launch of the shipped annual review for <paramref name="people"/>, from now for 60 days.</summary>
    private protected string AnnualReviewLaunch(string id, string name, params string[] people)
    {
        var starts = Host.Clock.GetUtcNow();
        return new JsonObject
        {
            ["cycleId"] = id,
            ["name"] = name,
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray([.. people.Select(p => (JsonNode?)p)]) },
        }.ToJsonString();
    }

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

    /// <summary>GETs <paramref name="url"/>, checks that it answers 200 and returns the JSON body.</summary>
    // Every page of a list from the first until one comes back empty: the ids (of the subjects when subject), each
    // page's total, and the empty page.
    private protected static async Task<(List<string> Ids, List<int> Totals, JsonNode Past)> ReadAllAsync(HttpClient client, string list, int pageSize, bool subject = false)
    {
        var ids = new List<string>();
        var totals = new List<int>();
        for (var page = 1; ; page++)
        {
            var body = await GetJson(client, $"{list}page={page}&pageSize={pageSize}");
            var items = body["items"]!.AsArray();
            if (items.Count == 0)
            {
                return (ids, totals, body);
            }

            Assert.That(items, Has.Count.LessThanOrEqualTo(pageSize));
            totals.Add((int)body["total"]!);
            ids.AddRange(items.Select(i => (string)(subject ? i!["subject"]!["id"] : i!["id"])!));
        }
    }

    private protected static async Task<JsonNode> GetJson(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), $"{url}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Sends a JSON body, optionally with <c>If-Match</c> and an <c>Idempotency-Key</c>.</summary>
    private protected static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, JsonObject body, string? ifMatch = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    /// <summary>
    /// What a node killed between a command's commit and keeping its answer leaves of the request under
    /// <paramref name="key"/>: the key marked committed by the command's own transaction, no answer.
    /// </summary>
    private protected static async Task LoseTheStoredAnswerAsync(Database db, string personId, string key)
    {
        await using var work = await UnitOfWork.BeginAsync(db);
        var lost = await work.Connection.ExecuteAsync(
            "UPDATE idempotency_keys SET response = NULL WHERE person_id = @Person AND idem_key = @Key", new { Person = personId, Key = key }, work.Transaction);
        Assert.That(lost, Is.EqualTo(1), "the first request kept its answer under the key");
        await work.CommitAsync();
    }

    /// <summary>Checks a response's status (the body in the message when it is not) and disposes of it.</summary>
    private protected static async Task Expect(HttpResponseMessage response, int status, string? step = null)
    {
        using (response)
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), $"{step}{(step is null ? "" : ": ")}{await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The id of the caller's only open task at <paramref name="step"/> in the cycle.</summary>
    private protected static async Task<string> OnlyOpenTaskAsync(HttpClient client, string cycleId, string step)
    {
        var inbox = await GetJson(client, $"/api/tasks?cycle={cycleId}&status=open");
        var items = inbox["items"]!.AsArray().Where(i => (string?)i!["step"]!["id"] == step).ToList();
        Assert.That(items, Has.Count.EqualTo(1), inbox.ToJsonString());
        return (string)items[0]!["id"]!;
    }

    /// <summary>The data of an example submission of a shipped template (templates/examples/{template}/{name}.json).</summary>
    private protected static JsonObject Example(string template, string name) =>
        JsonNode.Parse(File.ReadAllText(RepositoryFile("templates", "examples", template, name + ".json")))!["data"]!.DeepClone().AsObject();

    /// <summary>The path of a file of the repository (samples/processes/annual-review.json as "samples", "processes", ...).</summary>
    private protected static string RepositoryFile(params string[] parts)
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine([folder!.FullName, .. parts]);
    }

    /// <summary>How many outbox messages of <paramref name="event"/> wait for <paramref name="recipient"/>.</summary>
    private protected async Task<int> NoticesAsync(string recipient, string @event)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var payloads = await work.Connection.QueryAsync<string>("SELECT payload FROM outbox WHERE recipient = @Recipient", new { Recipient = recipient }, work.Transaction);
        return payloads.Count(p => (string?)JsonNode.Parse(p)!["event"] == @event);
    }

    /// <summary>A copy of <paramref name="data"/> with only the <paramref name="fields"/> it has.</summary>
    private protected static JsonObject Only(JsonObject data, params string[] fields)
    {
        var kept = new JsonObject();
        foreach (var field in fields)
        {
            if (data[field] is { } value)
            {
                kept[field] = value.DeepClone();
            }
        }

        return kept;
    }

    /// <summary>The files of a zip by name.</summary>
    private protected static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    /// <summary>A zip of the files given by name.</summary>
    private protected static byte[] Zip(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    private protected static HttpContent Json(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");

    private protected static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
