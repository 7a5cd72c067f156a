using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Api.Hosting;

namespace FormFlow.Api.Tests;

/// <summary>
/// The OpenAPI document describes what the server sends: a review cycle run over HTTP — sign-in, launch, inbox, tasks
/// with their schema and data, every task command, instances, timeline, schedule, cycles, people, authoring, reports,
/// the outbox, the organisation import, and problems of every kind — and each answer checked against the document the
/// host serves: its operation, status and media type are documented, and its body fits the schema.
/// People: 林晓 (E002) the administrator; 赵敏 (E004) the HRBP of Platform Engineering (D210); 蒋涛 (E025), an employee
/// there, under 郑浩 (E022); 宋佳 (E033) of Sales, unrelated.
/// </summary>
public sealed class OpenApiAnswersTests(string kind) : ApiTest(kind)
{
    private const string Admin = "E002";
    private const string Hrbp = "E004";
    private const string Manager = "E022";
    private const string Subject = "E025";
    private const string Stranger = "E033";

    private readonly List<Exchange> exchanges = [];

    // Templates are larger than the suite's 4 KB request limit.
    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?> { ["FormFlow:Limits:MaxRequestBytes"] = "1048576" };

    [Test]
    public async Task Every_answer_of_a_review_cycle_is_documented_and_fits_its_schema()
    {
        // Anonymous: the document itself, health, the sign-in and what it refuses.
        using var anonymous = Client(null);
        var document = Encoding.UTF8.GetString((await CallAsync(anonymous, HttpMethod.Get, "/openapi/v1.json")).Body);
        await CallAsync(anonymous, HttpMethod.Get, "/health/live");
        await CallAsync(anonymous, HttpMethod.Get, "/health/ready");
        await CallAsync(anonymous, HttpMethod.Post, "/api/auth/dev-sign-in", """{"personId": "E999"}""", 400);
        await CallAsync(anonymous, HttpMethod.Post, "/api/auth/dev-sign-in", """{"personId": "E025", "password": "x"}""", 400);
        await CallAsync(anonymous, HttpMethod.Post, "/api/auth/dev-sign-in", "{\"personId\": \"" + new string('x', 1_100_000) + "\"}", 413);
        await CallAsync(anonymous, HttpMethod.Get, "/api/me", expect: 401);

        using var admin = await ClientOfAsync(Admin);
        using var hrbp = await ClientOfAsync(Hrbp);
        using var manager = await ClientOfAsync(Manager);
        using var subject = await ClientOfAsync(Subject);
        using var stranger = await ClientOfAsync(Stranger);
        await CallAsync(subject, HttpMethod.Get, "/api/me");
        await CallAsync(subject, HttpMethod.Get, "/api/me/preferences");
        await CallAsync(subject, HttpMethod.Put, "/api/me/preferences", """{"digest": "daily", "digestTimeUtc": "01:00"}""");
        await CallAsync(subject, HttpMethod.Put, "/api/me/preferences", """{"digest": "daily", "digestTimeUtc": "25:00"}""", 400);
        await CallAsync(subject, HttpMethod.Put, "/api/me/preferences", """{"language": "zh-CN"}""");

        // The HRBP launches an annual review for the subject; launching it again starts nobody new.
        var cycleId = "openapi-" + Guid.NewGuid().ToString("N")[..8];
        var starts = Host.Clock.GetUtcNow();
        var launch = new JsonObject
        {
            ["cycleId"] = cycleId,
            ["name"] = "2026 年度考核 / Annual review",
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray(Subject) },
        }.ToJsonString();
        await CallAsync(hrbp, HttpMethod.Post, "/api/cycles", launch, 201);
        await CallAsync(hrbp, HttpMethod.Post, "/api/cycles", launch);
        await CallAsync(hrbp, HttpMethod.Post, "/api/cycles", """{"cycleId": "x"}""", 400);
        await CallAsync(stranger, HttpMethod.Post, "/api/cycles", launch, 403);
        await CallAsync(hrbp, HttpMethod.Get, "/api/cycles?page=1&pageSize=10");
        var cycle = await CallAsync(hrbp, HttpMethod.Get, $"/api/cycles/{cycleId}");
        await CallAsync(manager, HttpMethod.Get, $"/api/cycles/{cycleId}", expect: 403);
        await CallAsync(hrbp, HttpMethod.Get, "/api/cycles/no-such-cycle", expect: 404);
        await CallAsync(hrbp, HttpMethod.Get, $"/api/cycles/{cycleId}/attention");
        await CallAsync(manager, HttpMethod.Get, $"/api/cycles/{cycleId}/attention", expect: 403);
        var endsLater = new JsonObject { ["endsAt"] = starts.AddDays(90).ToString("o", CultureInfo.InvariantCulture) }.ToJsonString();
        await CallAsync(hrbp, HttpMethod.Post, $"/api/cycles/{cycleId}/extend", endsLater, 409, "\"stale\"");
        await CallAsync(hrbp, HttpMethod.Post, $"/api/cycles/{cycleId}/extend", endsLater, 200, cycle.ETag);

        // The subject's self-review: the inbox, the task with its schema and data, drafts, refusals and the submit.
        await CallAsync(subject, HttpMethod.Get, "/api/tasks?page=0&pageSize=1000", expect: 400);
        var self = await OpenTaskAsync(subject, cycleId, "self-review");
        await CallAsync(subject, HttpMethod.Get, "/api/tasks/no-such-task", expect: 404);
        var selfData = Example("self-review", "valid-annual-rating-5");
        var draft = new JsonObject { ["data"] = Only(selfData, "cycle", "period", "highlights") }.ToJsonString();
        await CallAsync(subject, HttpMethod.Put, $"/api/tasks/{self.Id}/draft", draft, 409, "\"77\"");
        await CallAsync(subject, HttpMethod.Put, $"/api/tasks/{self.Id}/draft", draft, 400, "not-a-version");
        await CallAsync(subject, HttpMethod.Put, $"/api/tasks/{self.Id}/draft", draft, 200, self.ETag);
        var invalid = selfData.DeepClone().AsObject();
        invalid.Remove("overall_rating");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{self.Id}/submit", new JsonObject { ["data"] = invalid }.ToJsonString(), 400);
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{self.Id}/submit", """{"data": {}, "extra": true}""", 400);
        var submit = new JsonObject { ["data"] = selfData.DeepClone() }.ToJsonString();
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{self.Id}/submit", submit, key: "openapi-submit");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{self.Id}/submit", submit, key: "openapi-submit");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{self.Id}/submit", draft, 422, key: "openapi-submit");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{self.Id}/submit", submit, 409);

        // The manager prepares the interview.
        var prepare = await OpenTaskAsync(manager, cycleId, "prepare");
        await CallAsync(manager, HttpMethod.Post, $"/api/tasks/{prepare.Id}/submit", Data(Example("interview-preparation-333", "valid-sales-manager-prep"), prepare.Writable));

        // The interview record: the subject writes it, the manager returns it with a comment, then approves it.
        var record = Example("interview-record", "valid-developer-rating-4");
        var written = await OpenTaskAsync(subject, cycleId, "record");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{written.Id}/submit", Data(record, written.Writable));
        var review = await OpenTaskAsync(manager, cycleId, "record");
        await CallAsync(manager, HttpMethod.Post, $"/api/tasks/{review.Id}/return", """{"reason": "请补充计划 / Add to the plan", "comments": [{"field": "/plan", "body": "写得具体些 / Be specific"}]}""");
        var rewritten = await OpenTaskAsync(subject, cycleId, "record");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{rewritten.Id}/submit", Data(record, rewritten.Writable));
        var approval = await OpenTaskAsync(manager, cycleId, "record");
        await CallAsync(manager, HttpMethod.Post, $"/api/tasks/{approval.Id}/approve", Data(record, approval.Writable));

        // Both confirm the record.
        var confirmation = await OpenTaskAsync(subject, cycleId, "confirm");
        await CallAsync(subject, HttpMethod.Post, $"/api/tasks/{confirmation.Id}/confirm", Data(record, confirmation.Writable));
        var counterpart = await OpenTaskAsync(manager, cycleId, "confirm");
        await CallAsync(manager, HttpMethod.Post, $"/api/tasks/{counterpart.Id}/confirm", "{}");

        // The instance, its timeline and schedule, as the people who may read them see them.
        await CallAsync(subject, HttpMethod.Get, "/api/tasks?status=done");
        await CallAsync(manager, HttpMethod.Get, $"/api/instances?subject={Subject}");
        await CallAsync(manager, HttpMethod.Get, "/api/instances?pageSize=x", expect: 400);
        await CallAsync(manager, HttpMethod.Get, $"/api/instances?team=true&cycle={cycleId}");
        await CallAsync(manager, HttpMethod.Get, "/api/instances?cycle=x", expect: 400);
        foreach (var reader in new[] { subject, manager, hrbp })
        {
            await CallAsync(reader, HttpMethod.Get, $"/api/instances/{self.InstanceId}");
            await CallAsync(reader, HttpMethod.Get, $"/api/instances/{self.InstanceId}/timeline");
            await CallAsync(reader, HttpMethod.Get, $"/api/instances/{self.InstanceId}/schedule");
        }

        await CallAsync(stranger, HttpMethod.Get, $"/api/instances/{self.InstanceId}", expect: 404);
        await CallAsync(stranger, HttpMethod.Get, $"/api/instances/{self.InstanceId}/schedule", expect: 404);

        // The cycle's progress and the reports.
        await CallAsync(hrbp, HttpMethod.Get, $"/api/cycles/{cycleId}");
        await CallAsync(hrbp, HttpMethod.Get, $"/api/reports/cycle-progress/{cycleId}");
        await CallAsync(hrbp, HttpMethod.Get, $"/api/reports/cycle-progress/{cycleId}?format=csv&table=departments");
        await CallAsync(hrbp, HttpMethod.Get, $"/api/reports/cycle-progress/{cycleId}?format=xlsx");
        await CallAsync(hrbp, HttpMethod.Get, $"/api/reports/cycle-progress/{cycleId}?format=pdf", expect: 400);
        await CallAsync(stranger, HttpMethod.Get, $"/api/reports/cycle-progress/{cycleId}", expect: 404);
        await CallAsync(subject, HttpMethod.Get, "/api/reports/history");
        await CallAsync(manager, HttpMethod.Get, $"/api/reports/pre-interview/{Subject}");
        await CallAsync(manager, HttpMethod.Get, "/api/reports/follow-up?format=csv");

        // People.
        await CallAsync(hrbp, HttpMethod.Get, "/api/organisation/people?q=E02&pageSize=5");
        await CallAsync(manager, HttpMethod.Get, $"/api/organisation/people/{Subject}");
        await CallAsync(stranger, HttpMethod.Get, $"/api/organisation/people/{Subject}", expect: 404);
        await CallAsync(hrbp, HttpMethod.Get, "/api/organisation/people?pageSize=0", expect: 400);
        await CallAsync(hrbp, HttpMethod.Get, "/api/organisation/departments");
        await CallAsync(manager, HttpMethod.Get, "/api/organisation/departments", expect: 403);

        // The organisation import: a dry run, a file with errors, a body that is not a file, a caller who may not.
        var demo = File.ReadAllText(new ShippedFiles().DemoOrganisation);
        await CallAsync(admin, HttpMethod.Post, "/api/organisation/import?dryRun=true", Csv(demo));
        await CallAsync(admin, HttpMethod.Post, "/api/organisation/import?dryRun=true", Csv(demo.TrimEnd() + "\nE044,,,not-an-email,zh-CN,D999,,,,E999,employee,P3,,\n"), 400);
        await CallAsync(admin, HttpMethod.Post, "/api/organisation/import", "{}", 415);
        await CallAsync(subject, HttpMethod.Post, "/api/organisation/import?dryRun=true", Csv(demo), 403);

        // The outbox: what the cycle queued, for the administrator only.
        await CallAsync(admin, HttpMethod.Get, "/api/outbox?pageSize=50");
        await CallAsync(admin, HttpMethod.Get, "/api/outbox?status=lost", expect: 400);
        await CallAsync(admin, HttpMethod.Post, "/api/outbox/no-such-message/retry", expect: 404);
        await CallAsync(subject, HttpMethod.Get, "/api/outbox", expect: 403);

        // Authoring: lists, versions and diffs, a draft's life (saved, stale, linted, previewed, refused, deleted).
        foreach (var segment in new[] { "templates", "processes", "notifications", "reports" })
        {
            await CallAsync(subject, HttpMethod.Get, $"/api/authoring/{segment}?pageSize=100");
        }

        await CallAsync(hrbp, HttpMethod.Get, "/api/authoring/templates?page=abc", expect: 400);
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/templates/idp/versions");
        var idp = await CallAsync(subject, HttpMethod.Get, "/api/authoring/templates/idp/versions/1");
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/templates/idp/versions/99", expect: 404);
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/templates/idp/diff?from=1&to=1");
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/templates/idp/diff?to=1", expect: 400);
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/templates/idp/draft", expect: 403);
        await CallAsync(hrbp, HttpMethod.Get, "/api/authoring/templates/idp/draft", expect: 404);
        var template = idp.Json!["document"]!.AsObject();
        var saved = await CallAsync(hrbp, HttpMethod.Put, "/api/authoring/templates/idp/draft", template.ToJsonString());
        await CallAsync(hrbp, HttpMethod.Get, "/api/authoring/templates/idp/draft");
        await CallAsync(hrbp, HttpMethod.Put, "/api/authoring/templates/idp/draft", template.ToJsonString(), 409, "\"stale\"");
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/templates/idp/lint");
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/templates/idp/lint", new StringContent("{}", Encoding.UTF8, "text/plain"), 415);
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/templates/idp/lint", "{\"key\": ", 400);
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/templates/idp/preview", """{"data": {"aspiration": 5}}""");
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/templates/no-such-template/preview", "{}", 404);
        var broken = template.DeepClone().AsObject();
        broken["schema"]!["type"] = "strin";
        await CallAsync(hrbp, HttpMethod.Put, "/api/authoring/templates/idp/draft", broken.ToJsonString(), 200, saved.ETag);
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/templates/idp/publish", expect: 422);
        await CallAsync(hrbp, HttpMethod.Delete, "/api/authoring/templates/idp/draft", expect: 204);
        await CallAsync(hrbp, HttpMethod.Delete, "/api/authoring/templates/idp/draft", expect: 404);
        var process = (await CallAsync(subject, HttpMethod.Get, "/api/authoring/processes/annual-review/versions/1")).Json!["document"]!;
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/processes/annual-review/lint", process.ToJsonString());
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/notifications/task.assigned/preview", "{}");
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/reports/history/preview", "{}");
        await CallAsync(hrbp, HttpMethod.Post, "/api/authoring/notifications/task.assigned/preview", $"{{\"subject\": \"{Subject}\"}}", 400);
        var app = await CallAsync(admin, HttpMethod.Get, "/api/authoring/export");
        await CallAsync(admin, HttpMethod.Post, "/api/authoring/import?dryRun=true&publish=true", Zip(app.Body));
        await CallAsync(admin, HttpMethod.Post, "/api/authoring/import", Zip(app.Body));
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/reports/history/shipped");
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/notifications/no-such-notice/shipped", expect: 404);
        await CallAsync(subject, HttpMethod.Get, "/api/authoring/export?drafts=true", expect: 403);

        var contract = OpenApiContract.Parse(document);
        var failures = exchanges.SelectMany(contract.Check).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, () => string.Join("\n\n", failures));
            Assert.That(
                exchanges.Select(e => e.Status).Distinct().Order(),
                Is.SupersetOf(new[] { 200, 201, 204, 400, 401, 403, 404, 409, 413, 415, 422 }),
                "the scenario meets every kind of answer it means to check");
        });
    }

    private HttpClient Client(string? token)
    {
        var client = Host.CreateDefaultClient(new ExchangeRecorder(exchanges));
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task<HttpClient> ClientOfAsync(string personId)
    {
        using var anonymous = Client(null);
        var signedIn = await CallAsync(anonymous, HttpMethod.Post, "/api/auth/dev-sign-in", $"{{\"personId\": \"{personId}\"}}");
        return Client((string)signedIn.Json!["accessToken"]!);
    }

    /// <summary>The caller's one open task at <paramref name="step"/> in the cycle, opened (so that its answer is checked too).</summary>
    private static async Task<OpenTask> OpenTaskAsync(HttpClient client, string cycleId, string step)
    {
        var inbox = (await CallAsync(client, HttpMethod.Get, $"/api/tasks?cycle={cycleId}&status=open")).Json!;
        var id = inbox["items"]!.AsArray().Where(i => (string?)i!["step"]!["id"] == step).Select(i => (string)i!["id"]!).Single();
        var task = await CallAsync(client, HttpMethod.Get, $"/api/tasks/{id}");
        return new OpenTask(id, (string)task.Json!["task"]!["instanceId"]!, task.ETag, [.. task.Json["writable"]!.AsArray().Select(f => (string)f!)]);
    }

    private static string Data(JsonObject example, IReadOnlyList<string> writable) => new JsonObject { ["data"] = Only(example, [.. writable]) }.ToJsonString();

    private static ByteArrayContent Csv(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static ByteArrayContent Zip(byte[] zip)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    private static Task<Answer> CallAsync(HttpClient client, HttpMethod method, string url, string? json = null, int expect = 200, string? ifMatch = null, string? key = null) =>
        CallAsync(client, method, url, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), expect, ifMatch, key);

    /// <summary>Sends a request, checks the status it answers and returns the answer (its JSON, when it is JSON).</summary>
    private static async Task<Answer> CallAsync(HttpClient client, HttpMethod method, string url, HttpContent? content, int expect = 200, string? ifMatch = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var isJson = mediaType is "application/json" or "application/problem+json";
        Assert.That((int)response.StatusCode, Is.EqualTo(expect), () => $"{method} {url}: {(isJson ? Encoding.UTF8.GetString(body) : mediaType)}");
        return new Answer(body, isJson && body.Length > 0 ? JsonNode.Parse(body) : null, response.Headers.ETag?.Tag);
    }

    private sealed record Answer(byte[] Body, JsonNode? Json, string? ETag);

    private sealed record OpenTask(string Id, string InstanceId, string? ETag, IReadOnlyList<string> Writable);
}
