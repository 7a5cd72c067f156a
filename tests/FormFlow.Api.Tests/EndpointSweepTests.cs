using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using FormFlow.Api.Hosting;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>
/// Every <c>/api</c> endpoint the host maps, from an explicit table that must equal the mapped list: without a token
/// 401; for an unrelated employee a refusal (or their own, empty answer) that names nobody; a malformed body 400 with
/// nothing changed; and the read endpoints for each role. The data addressed belongs to 蒋涛 (E025), an employee of
/// Platform Engineering under 郑浩 (E022), in an annual review launched by their HRBP 赵敏 (E004); drafts of each kind
/// of definition are 赵敏's. The unrelated employee is 宋佳 (E033) of Sales. The per-API suites (TaskApiTests,
/// CyclesApiTests, ReportsApiTests, AuthoringTests, OrganisationApiTests) hold the finer tables; this one is for
/// completeness over every endpoint.
/// </summary>
public sealed partial class EndpointSweepTests(string kind) : ApiTest(kind)
{
    private const string Admin = "E002";
    private const string Hrbp = "E004";
    private const string Manager = "E022";
    private const string Subject = "E025";
    private const string Stranger = "E033";

    /// <summary>The callers of a role row, in the order of <see cref="Row.Reads"/>.</summary>
    private static readonly string[] Roles = [Admin, Hrbp, Manager, Subject, Stranger];

    private static readonly Dictionary<string, string> DefinitionKeys = new()
    {
        ["templates"] = "idp",
        ["processes"] = "feedback-log",
        ["notifications"] = "task.assigned",
        ["reports"] = "history",
        ["indicators"] = "contract-value",
    };

    private readonly Dictionary<string, HttpClient> clients = [];
    private readonly Dictionary<string, string> values = [];
    private readonly List<string> secrets = [];

    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?> { ["FormFlow:Limits:MaxRequestBytes"] = "1048576" };

    /// <summary>
    /// One endpoint: its method and route pattern, the address with parameters to fill ({task}, {instance}, {cycle}),
    /// the body a caller who may act would send, what the unrelated employee gets, the expected answers of the read
    /// endpoints for admin, HRBP, manager, subject and unrelated (null for writes), and who sends a malformed body with
    /// what answer (null: the endpoint takes no body).
    /// </summary>
    public sealed record Row(string Method, string Route, string Url, string? Body, int Unrelated, int[]? Reads, string? BadBodyBy, int BadBodyStatus = 400)
    {
        public string Key => $"{Method} {Route}";

        public override string ToString() => Key;
    }

    private static IEnumerable<Row> Table()
    {
        yield return new("GET", "/api/me", "/api/me", null, 200, [200, 200, 200, 200, 200], null);

        // One's own preferences: everyone reads and sets theirs, nobody else's.
        yield return new("GET", "/api/me/preferences", "/api/me/preferences", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("PUT", "/api/me/preferences", "/api/me/preferences", "preferences", 200, null, Subject);

        yield return new("GET", "/api/tasks", "/api/tasks", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/tasks/{id}", "/api/tasks/{task}", null, 404, [404, 404, 404, 200, 404], null);
        yield return new("PUT", "/api/tasks/{id}/draft", "/api/tasks/{task}/draft", "task-data", 404, null, Subject);
        yield return new("POST", "/api/tasks/{id}/submit", "/api/tasks/{task}/submit", "task-data", 404, null, Subject);
        yield return new("POST", "/api/tasks/{id}/approve", "/api/tasks/{task}/approve", "{}", 404, null, Subject);
        yield return new("POST", "/api/tasks/{id}/return", "/api/tasks/{task}/return", "return", 404, null, Subject);
        yield return new("POST", "/api/tasks/{id}/confirm", "/api/tasks/{task}/confirm", "{}", 404, null, Subject);

        yield return new("GET", "/api/instances", "/api/instances?subject=" + Subject, null, 200, [200, 200, 200, 200, 200], null);
        // Started on demand: everyone lists what they may start (the unrelated employee only what is theirs); starting
        // a feedback log about someone one does not manage is refused without naming them.
        yield return new("GET", "/api/me/startable", "/api/me/startable", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("POST", "/api/instances", "/api/instances", "{\"process\": \"feedback-log\", \"subject\": \"" + Subject + "\"}", 403, null, Manager);
        yield return new("GET", "/api/instances/{id}", "/api/instances/{instance}", null, 404, [200, 200, 200, 200, 404], null);
        yield return new("GET", "/api/instances/{id}/timeline", "/api/instances/{instance}/timeline", null, 404, [200, 200, 200, 200, 404], null);
        yield return new("GET", "/api/instances/{id}/schedule", "/api/instances/{instance}/schedule", null, 404, [200, 200, 200, 200, 404], null);
        // Meetings: listed for whoever sees the instance (those who do not read the booking form get none); moved or
        // cancelled only by who booked it.
        yield return new("GET", "/api/instances/{id}/meetings", "/api/instances/{instance}/meetings", null, 404, [200, 200, 200, 200, 404], null);
        yield return new("POST", "/api/instances/{id}/meetings/{step}", "/api/instances/{instance}/meetings/prepare", "{\"at\": null}", 404, null, Manager);

        // The outbox is the administrators': anyone else is refused before anything is read.
        yield return new("GET", "/api/outbox", "/api/outbox", null, 403, [200, 403, 403, 403, 403], null);
        yield return new("POST", "/api/outbox/{id}/retry", "/api/outbox/{message}/retry", null, 403, null, null);
        // One's own messages of an event: everyone lists theirs (the unrelated employee gets an empty list).
        yield return new("GET", "/api/me/messages", "/api/me/messages?event=task.assigned", null, 200, [200, 200, 200, 200, 200], null);

        // The import takes a file, not JSON: a JSON body is 415.
        yield return new("POST", "/api/organisation/import", "/api/organisation/import?dryRun=true", "csv", 403, null, Admin, 415);
        // KPI actuals and boards: the person, their managers, heads and HRBPs, administrators; for anyone else the
        // person does not exist (404). A file naming someone one may not record for is refused row by row, writing nothing.
        yield return new("GET", "/api/kpi/people", "/api/kpi/people", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/kpi/team", "/api/kpi/team", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/kpi/people/{id}/board", "/api/kpi/people/" + Subject + "/board", null, 404, [200, 200, 200, 200, 404], null);
        yield return new("POST", "/api/kpi/actuals", "/api/kpi/actuals", "{\"entries\": [{\"personId\": \"" + Subject + "\", \"indicator\": \"x\", \"period\": \"2026-W40\", \"value\": 1}]}", 404, null, Manager);
        yield return new("POST", "/api/kpi/actuals/import", "/api/kpi/actuals/import", "kpi-csv", 400, null, Manager, 415);
        yield return new("GET", "/api/organisation/people", "/api/organisation/people?pageSize=200", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/organisation/departments", "/api/organisation/departments", null, 403, [200, 200, 403, 403, 403], null);
        yield return new("GET", "/api/organisation/people/{id}", "/api/organisation/people/" + Subject, null, 404, [200, 200, 200, 200, 404], null);

        yield return new("POST", "/api/cycles", "/api/cycles", "launch", 403, null, Hrbp);
        yield return new("POST", "/api/cycles/preview", "/api/cycles/preview", "launch", 403, null, Hrbp);
        yield return new("GET", "/api/cycles", "/api/cycles?pageSize=200", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/cycles/{id}", "/api/cycles/{cycle}", null, 404, [200, 200, 403, 403, 404], null);
        yield return new("GET", "/api/cycles/{id}/attention", "/api/cycles/{cycle}/attention", null, 404, [200, 200, 403, 403, 404], null);
        yield return new("POST", "/api/cycles/{id}/extend", "/api/cycles/{cycle}/extend", "extend", 404, null, Hrbp);
        yield return new("POST", "/api/cycles/{id}/close", "/api/cycles/{cycle}/close", null, 404, null, null);
        yield return new("POST", "/api/cycles/{id}/cancel", "/api/cycles/{cycle}/cancel", null, 404, null, null);

        // Calibration: the department's heads and HRBPs and administrators; anyone else finds nothing (the subject's
        // manager too, who heads no department).
        yield return new("POST", "/api/cycles/{cycleId}/calibrations", "/api/cycles/{cycle}/calibrations", "{\"departmentId\": \"D210\"}", 404, null, Hrbp);
        yield return new("GET", "/api/calibrations", "/api/calibrations", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/cycles/{cycleId}/calibrations", "/api/cycles/{cycle}/calibrations", null, 404, [200, 200, 404, 404, 404], null);
        yield return new("GET", "/api/cycles/{cycleId}/calibrations/{id}", "/api/cycles/{cycle}/calibrations/{calibration}", null, 404, [200, 200, 404, 404, 404], null);
        yield return new("PUT", "/api/cycles/{cycleId}/calibrations/{id}/people/{personId}", "/api/cycles/{cycle}/calibrations/{calibration}/people/" + Subject, "{\"rating\": 5, \"reason\": \"跨团队贡献\"}", 404, null, Hrbp);
        yield return new("POST", "/api/cycles/{cycleId}/calibrations/{id}/close", "/api/cycles/{cycle}/calibrations/{calibration}/close", null, 404, null, null);

        yield return new("GET", "/api/reports/cycle-progress/{cycleId}", "/api/reports/cycle-progress/{cycle}", null, 404, [200, 200, 404, 404, 404], null);
        yield return new("GET", "/api/reports/pre-interview/{employeeId}", "/api/reports/pre-interview/" + Subject, null, 404, [200, 200, 200, 404, 404], null);
        yield return new("GET", "/api/reports/follow-up", "/api/reports/follow-up?managerId=" + Manager, null, 404, [200, 200, 200, 404, 404], null);
        yield return new("GET", "/api/reports/history", "/api/reports/history?employeeId=" + Subject, null, 404, [200, 200, 404, 200, 404], null);

        // The indicator library: read by everyone, exported and imported by its authors; proposals only for the
        // assignee of a task whose form holds indicators (the subject's self-review has none: 404 to everyone).
        yield return new("GET", "/api/indicators", "/api/indicators", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("GET", "/api/indicators/export", "/api/indicators/export", null, 403, [200, 200, 403, 403, 403], null);
        yield return new("POST", "/api/indicators/import", "/api/indicators/import", "csv", 403, null, Hrbp, 415);
        yield return new("GET", "/api/tasks/{id}/indicator-proposals", "/api/tasks/{task}/indicator-proposals", null, 404, [404, 404, 404, 404, 404], null);

        // Published definitions are everyone's to read; drafts and every write are their authors'.
        yield return new("GET", "/api/authoring/export", "/api/authoring/export", null, 200, [200, 200, 200, 200, 200], null);
        yield return new("POST", "/api/authoring/import", "/api/authoring/import", "zip", 403, null, Hrbp);
        yield return new("POST", "/api/processes/dry-run", "/api/processes/dry-run", "dry-run", 403, null, Hrbp);
        foreach (var (segment, key) in DefinitionKeys)
        {
            var route = $"/api/authoring/{segment}/{{key}}";
            var url = $"/api/authoring/{segment}/{key}";
            yield return new("GET", $"/api/authoring/{segment}", $"/api/authoring/{segment}", null, 200, [200, 200, 200, 200, 200], null);
            yield return new("GET", $"{route}/draft", $"{url}/draft", null, 403, [200, 200, 403, 403, 403], null);
            yield return new("PUT", $"{route}/draft", $"{url}/draft", "draft:" + key, 403, null, Hrbp);
            yield return new("DELETE", $"{route}/draft", $"{url}/draft", null, 403, null, null);
            yield return new("POST", $"{route}/lint", $"{url}/lint", "draft:" + key, 403, null, Hrbp);
            if (segment is "templates" or "notifications" or "reports")
            {
                yield return new("POST", $"{route}/preview", $"{url}/preview", "{}", 403, null, Hrbp);
            }

            if (segment is "notifications" or "reports")
            {
                // What an author starts from is as public as the published versions: the runtime uses it for everyone.
                yield return new("GET", $"{route}/shipped", $"{url}/shipped", null, 200, [200, 200, 200, 200, 200], null);
            }

            yield return new("POST", $"{route}/publish", $"{url}/publish", null, 403, null, null);
            yield return new("GET", $"{route}/versions", $"{url}/versions", null, 200, [200, 200, 200, 200, 200], null);
            yield return new("GET", $"{route}/versions/{{version}}", $"{url}/versions/1", null, 200, [200, 200, 200, 200, 200], null);
            yield return new("GET", $"{route}/diff", $"{url}/diff?from=1&to=1", null, 200, [200, 200, 200, 200, 200], null);
        }
    }

    private static IEnumerable<TestCaseData> Rows() => Table().Select(r => new TestCaseData(r).SetArgDisplayNames(r.Key));

    private static IEnumerable<TestCaseData> Writes() => Table().Where(r => r.Reads is null).Select(r => new TestCaseData(r).SetArgDisplayNames(r.Key));

    private static IEnumerable<TestCaseData> BadBodies() => Table().Where(r => r.BadBodyBy is not null).Select(r => new TestCaseData(r).SetArgDisplayNames(r.Key));

    private static IEnumerable<TestCaseData> ReadsByRole()
    {
        string[] names = ["admin", "hrbp_of_the_subject", "manager_of_the_subject", "the_subject", "unrelated_employee"];
        foreach (var row in Table().Where(r => r.Reads is not null))
        {
            for (var i = 0; i < Roles.Length; i++)
            {
                yield return new TestCaseData(row, Roles[i], row.Reads![i]).SetArgDisplayNames(row.Key, names[i], row.Reads[i].ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    [OneTimeSetUp]
    public async Task Arrange()
    {
        // The annual review for 蒋涛, launched by the HRBP; his open self-review and its instance.
        var cycle = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        var hrbp = await Client(Hrbp);
        await Expect(await hrbp.PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, "2026 扫描周期 / sweep cycle", Subject))), 201, "launching the cycle");
        var subject = await Client(Subject);
        var item = (await GetJson(subject, $"/api/tasks?cycle={cycle}&status=open"))["items"]![0]!;
        values["{cycle}"] = cycle;
        values["{task}"] = (string)item["id"]!;
        values["{instance}"] = (string)item["instanceId"]!;
        values["{message}"] = await MessageOfAsync(values["{instance}"]);
        using (var opened = await hrbp.PostAsync($"/api/cycles/{cycle}/calibrations", Json("{\"departmentId\": \"D210\"}")))
        {
            Assert.That((int)opened.StatusCode, Is.EqualTo(201), "opening the calibration");
            values["{calibration}"] = (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["session"]!["id"]!;
        }

        // A published version and a draft of the HRBP's of each kind (notification and report templates ship
        // unpublished: their shipped text is published first, from the export).
        var exported = Unzip(await hrbp.GetByteArrayAsync("/api/authoring/export"));
        foreach (var (segment, key) in DefinitionKeys)
        {
            var document = exported[$"{segment}/{key}.json"];
            if ((await GetJson(hrbp, $"/api/authoring/{segment}/{key}/versions")).AsArray().Count == 0)
            {
                await Expect(await hrbp.PutAsync($"/api/authoring/{segment}/{key}/draft", Json(document)), 200, $"drafting {segment}/{key}");
                await Expect(await hrbp.PostAsync($"/api/authoring/{segment}/{key}/publish", null), 200, $"publishing {segment}/{key}");
            }

            await Expect(await hrbp.PutAsync($"/api/authoring/{segment}/{key}/draft", Json(document)), 200, $"drafting {segment}/{key}");
        }

        // What a refusal must not name: the subject and his manager, and the cycle.
        foreach (var id in new[] { Subject, Manager })
        {
            var person = (await FormFlow.Organisation.OrganisationDirectory.FindPersonAsync(Db, id))!;
            secrets.AddRange([person.Name.ZhCn, person.Name.En, person.Email]);
        }

        secrets.Add("扫描周期");

        // The leak check sees what it looks for: the subject's own record names him (escaped in JSON or not).
        var own = await (await Client(Admin)).GetStringAsync("/api/organisation/people/" + Subject);
        Assert.That(Leaks(own), Has.Count.EqualTo(3), $"the check finds the subject's name and email: {own}");
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Test]
    public void The_table_lists_every_api_endpoint_the_host_maps()
    {
        // The anonymous sign-in endpoints (/api/auth/…) take no token: IdentityTests and SignInSupportTests hold them.
        var mapped = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(e => e.Split(' ')[1].StartsWith("/api/", StringComparison.Ordinal) && !e.Split(' ')[1].StartsWith("/api/auth/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var table = Table().Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(table, Is.Unique, "each endpoint once");
            Assert.That(mapped.Except(table), Is.Empty, "mapped endpoints missing from the table: add a row for each");
            Assert.That(table.Except(mapped), Is.Empty, "rows of the table the host does not map");
        });
    }

    [TestCaseSource(nameof(Rows))]
    public async Task Without_a_token_it_is_401(Row row)
    {
        using var client = Anonymous();
        using var response = await client.SendAsync(Request(row, row.Body));
        await Problem(response, 401);
    }

    [TestCaseSource(nameof(Rows))]
    public async Task An_unrelated_employee_is_refused_or_sees_only_their_own_and_nothing_changes(Row row)
    {
        var before = await FingerprintAsync();
        using var response = await (await Client(Stranger)).SendAsync(Request(row, row.Body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(row.Unrelated), $"{row.Key} as {Stranger}: {text}");
        if (row.Unrelated >= 400)
        {
            await Problem(response, row.Unrelated);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(Leaks(text), Is.Empty, $"{row.Key} as {Stranger} leaks: {text}");
            Assert.That(await FingerprintAsync(), Is.EqualTo(before), $"{row.Key} as {Stranger} changed something");
        });
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task A_malformed_body_is_400_naming_the_problem_and_changes_nothing(Row row)
    {
        var before = await FingerprintAsync();
        var request = Request(row, null);
        request.Content = Json("{,\"data\": ");
        if (row.Body == "zip")
        {
            request.Content = new ByteArrayContent("not a zip"u8.ToArray());
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        }

        using var response = await (await Client(row.BadBodyBy!)).SendAsync(request);
        var problem = await Problem(response, row.BadBodyStatus);
        var codes = problem["errors"]?.AsObject().SelectMany(e => e.Value!.AsArray()).Select(e => (string?)e!["code"]).ToList() ?? [];
        Assert.Multiple(async () =>
        {
            if (row.BadBodyStatus == 400)
            {
                Assert.That(codes.Append((string?)problem["code"]), Does.Contain("json.syntax").Or.Contain("import.not-a-zip"), $"{row.Key}: {problem.ToJsonString()}");
            }

            Assert.That(await FingerprintAsync(), Is.EqualTo(before), $"{row.Key}: a malformed body changed something");
        });
    }

    [TestCaseSource(nameof(ReadsByRole))]
    public async Task A_read_answers_each_role_as_the_table_says(Row row, string personId, int expected)
    {
        using var response = await (await Client(personId)).SendAsync(Request(row, null));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(expected), $"{row.Key} as {personId}: {text}");
        if (expected >= 400)
        {
            await Problem(response, expected);
            Assert.That(Leaks(text), Is.Empty, $"{row.Key} as {personId} leaks: {text}");
        }
    }

    /// <summary>
    /// Who sees what, over HTTP: an annual review of 蒋涛 taken to his manager's acceptance, its free texts written with
    /// markers ([[record.plan.3]]), the record returned once with a marked reason and marked comments on the plan (which
    /// 蒋涛 reads) and on the rating (which he does not, until the confirmation). Every read endpoint answers each role
    /// no marker the engine's own reads (TaskDesk, InstanceDesk, the reports built for them) do not give that person: the
    /// host adds nothing. And the rule shows through: 蒋涛's revision carries the reason and the plan's comment but not the
    /// rating's; the HRBP reads only the rating the annual review shows HR; the unrelated employee reads nothing.
    /// </summary>
    [Test]
    public async Task Every_read_endpoint_shows_each_role_no_more_than_the_engine_grants_them()
    {
        var cycle = "marks-" + Guid.NewGuid().ToString("N")[..8];
        var (hrbp, manager, subject) = (await Client(Hrbp), await Client(Manager), await Client(Subject));
        await Expect(await hrbp.PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, "2026 标记周期 / marked cycle", Subject))), 201, "launching");
        var marks = 0;
        string Mark(string what) => $"[[{what}.{++marks}]]";

        var self = Example("self-review", "valid-annual-rating-5");
        foreach (var field in new[] { "highlights", "difficulties", "support_wanted", "development_wishes" })
        {
            self[field] = Mark("self." + field);
        }

        await Expect(await Send(subject, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(subject, cycle, "self-review")}/submit", new JsonObject { ["data"] = self }), 200, "self-review");
        var prep = Example("interview-preparation-333", "valid-sales-manager-prep");
        (prep["agenda"], prep["meeting_place"], prep["strengths"]![0]!["behavior"]) = (Mark("prep.agenda"), Mark("prep.meeting_place"), Mark("prep.strengths"));
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "prepare")}/submit", new JsonObject { ["data"] = prep }), 200, "preparation");
        var record = Only(Example("interview-record", "valid-developer-rating-4"), "went_well", "to_improve", "plan");
        (record["went_well"]![0]!["key_behavior"], record["to_improve"]![0]!["own_shortfall"], record["plan"]![0]!["action_steps"]) = (Mark("record.went_well"), Mark("record.to_improve"), Mark("record.plan"));
        await Expect(await Send(subject, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(subject, cycle, "record")}/submit", new JsonObject { ["data"] = record.DeepClone() }), 200, "record");
        var (reason, onPlan, onRating) = (Mark("reason.record"), Mark("record.plan"), Mark("record.overall_rating"));
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "record")}/return", new JsonObject
        {
            ["reason"] = reason,
            ["comments"] = new JsonArray(new JsonObject { ["field"] = "/plan", ["body"] = onPlan }, new JsonObject { ["field"] = "/overall_rating", ["body"] = onRating }),
        }), 200, "return");
        var revision = await OnlyOpenTaskAsync(subject, cycle, "record");
        var revised = Readable(await subject.GetStringAsync($"/api/tasks/{revision}"));
        await Expect(await Send(subject, HttpMethod.Post, $"/api/tasks/{revision}/submit", new JsonObject { ["data"] = record.DeepClone() }), 200, "revision");
        var accepted = Only(Example("interview-record", "valid-developer-rating-4"), "feedback", "overall_rating", "manager_summary");
        (accepted["feedback"]![0]!["behavior"], accepted["manager_summary"]) = (Mark("record.feedback"), Mark("record.manager_summary"));
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "record")}/approve", new JsonObject { ["data"] = accepted }), 200, "acceptance");

        Assert.That(Markers(revised), Is.SupersetOf(new[] { reason, onPlan }).And.Not.Contains(onRating), "the revision carries the reason and the comment on the plan, not the one on the rating");
        var instance = (string)(await GetJson(subject, $"/api/tasks/{revision}"))["task"]!["instanceId"]!;
        var tasks = new TaskDesk(Db, Host.Clock);
        var instances = new InstanceDesk(Db, Host.Clock);
        var everything = new HashSet<string>();
        Assert.Multiple(async () =>
        {
            foreach (var person in Roles)
            {
                var client = await Client(person);

                // What the engine gives the person.
                var engine = new StringBuilder();
                var inbox = await tasks.InboxAsync(person, new InboxQuery { PageSize = 100 });
                engine.Append(JsonSerializer.Serialize(inbox));
                foreach (var item in inbox.Items)
                {
                    engine.Append(JsonSerializer.Serialize(await tasks.OpenAsync(item.Id, person)));
                }

                engine.Append(JsonSerializer.Serialize(await instances.OfSubjectAsync(Subject, person, 1, 100)));
                engine.Append(JsonSerializer.Serialize(await instances.InstanceAsync(instance, person)));
                engine.Append(JsonSerializer.Serialize(await instances.TimelineAsync(instance, person)));
                engine.Append(JsonSerializer.Serialize(await instances.ScheduleAsync(instance, person)));
                foreach (var (key, about) in new[] { ("history", Subject), ("pre-interview", Subject), ("follow-up", Manager), ("cycle-progress", cycle) })
                {
                    if (await ReportRendering.RenderAsync(Db, Host.Clock, key, about, person, "zh-CN", ReportFormat.Html) is { } report)
                    {
                        engine.Append(Encoding.UTF8.GetString(report.Content));
                    }
                }

                var granted = Markers(Readable(engine.ToString()));

                // What the API answers them.
                var http = new StringBuilder();
                var listed = await client.GetStringAsync("/api/tasks");
                http.Append(listed);
                foreach (var item in JsonNode.Parse(listed)!["items"]!.AsArray())
                {
                    http.Append(await client.GetStringAsync($"/api/tasks/{(string)item!["id"]!}"));
                }

                foreach (var url in new[]
                {
                    $"/api/instances?subject={Subject}", $"/api/instances/{instance}", $"/api/instances/{instance}/timeline", $"/api/instances/{instance}/schedule",
                    $"/api/reports/history?employeeId={Subject}", $"/api/reports/pre-interview/{Subject}", $"/api/reports/follow-up?managerId={Manager}", $"/api/reports/cycle-progress/{cycle}",
                })
                {
                    using var response = await client.GetAsync(url);
                    http.Append(await response.Content.ReadAsStringAsync());
                }

                var answered = Markers(Readable(http.ToString()));
                everything.UnionWith(answered);
                Assert.That(answered.Except(granted), Is.Empty, $"the API answers {person} what the engine does not give them");
                switch (person)
                {
                    case Stranger:
                        Assert.That(answered, Is.Empty, "the unrelated employee reads nothing");
                        break;
                    case Hrbp:
                        Assert.That(answered.Select(m => m.Split('.')[1]).Distinct(), Is.SubsetOf(new[] { "overall_rating", "manager_summary" }), "the HRBP reads the rating");
                        break;
                    case Manager:
                        Assert.That(answered, Does.Contain(onRating).And.Contain(reason), "the manager reads their return");
                        break;
                }
            }
        });
        Assert.That(everything, Has.Count.GreaterThan(10), "the markers were read back");
    }

    private static HashSet<string> Markers(string text) => [.. MarkerPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\[\[[a-z_.\-]+\.[0-9]+\]\]")]
    private static partial Regex MarkerPattern();

    // ---- arrangement ----

    private async Task<HttpClient> Client(string personId)
    {
        if (!clients.TryGetValue(personId, out var client))
        {
            client = await SignedIn(personId);
            clients[personId] = client;
        }

        return client;
    }

    private HttpRequestMessage Request(Row row, string? body)
    {
        var url = values.Aggregate(row.Url, (u, v) => u.Replace(v.Key, v.Value, StringComparison.Ordinal));
        var request = new HttpRequestMessage(new HttpMethod(row.Method), url);
        switch (body)
        {
            case null:
                break;
            case "task-data":
                request.Content = Json("""{"data": {"period": "2026"}}""");
                break;
            case "return":
                request.Content = Json("""{"reason": "请补充", "comments": [{"field": "/period", "body": "?"}]}""");
                break;
            case "launch":
                request.Content = Json(AnnualReviewLaunch("sweep-" + Guid.NewGuid().ToString("N")[..8], "扫描 / sweep", Subject));
                break;
            case "dry-run":
                request.Content = Json(new JsonObject
                {
                    ["processKey"] = "annual-review",
                    ["startsAt"] = Host.Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
                    ["population"] = new JsonObject { ["personIds"] = new JsonArray(Subject) },
                }.ToJsonString());
                break;
            case "preferences":
                request.Content = Json("""{"digest": "daily", "digestTimeUtc": "01:00"}""");
                break;
            case "extend":
                request.Content = Json(new JsonObject { ["endsAt"] = Host.Clock.GetUtcNow().AddDays(400).ToString("o", CultureInfo.InvariantCulture) }.ToJsonString());
                break;
            case "csv":
                request.Content = new ByteArrayContent(File.ReadAllBytes(new ShippedFiles().DemoOrganisation));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                break;
            case "kpi-csv":
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"person_id,indicator,period,value\n{Subject},签约金额,2026-W40,1\n"));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                break;
            case "zip":
                request.Content = new ByteArrayContent(Zip(new Dictionary<string, string> { ["templates/idp.json"] = "{\"key\": \"idp\"}" }));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                break;
            case var draft when draft.StartsWith("draft:", StringComparison.Ordinal):
                request.Content = Json($"{{\"key\": \"{draft["draft:".Length..]}\"}}");
                break;
            default:
                request.Content = Json(body);
                break;
        }

        return request;
    }

    private async Task<string> MessageOfAsync(string instanceId)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.QueryFirstAsync<string>("SELECT id FROM outbox WHERE instance_id = @Id", new { Id = instanceId }, work.Transaction);
    }

    // A body as a person reads it: JSON with its \u escapes undone, and without a problem's "instance" — the address
    // the caller sent, which says nothing they did not know.
    private static string Readable(string text)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }

        if (json is JsonObject problem && problem.ContainsKey("status") && problem.ContainsKey("instance"))
        {
            problem.Remove("instance");
        }

        return json?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? text;
    }

    private List<string> Leaks(string text) => [.. secrets.Where(s => Readable(text).Contains(s, StringComparison.OrdinalIgnoreCase))];

    /// <summary>What a refused or malformed request must leave as it was: the rows of every table and what changes in place.</summary>
    private async Task<string> FingerprintAsync()
    {
        string[] queries =
        [
            "SELECT COUNT(*) FROM audit_log", "SELECT COUNT(*) FROM cycle_members", "SELECT COUNT(*) FROM cycles",
            "SELECT COUNT(DISTINCT ends_at) FROM cycles", "SELECT COUNT(*) FROM cycles WHERE status = 'open'",
            "SELECT COUNT(*) FROM definitions", "SELECT COALESCE(SUM(LENGTH(body)), 0) FROM definitions", "SELECT COUNT(DISTINCT saved_at) FROM definitions",
            "SELECT COUNT(*) FROM field_comments", "SELECT COUNT(*) FROM idempotency_keys", "SELECT COUNT(*) FROM outbox",
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
            "SELECT COUNT(*) FROM people", "SELECT COUNT(*) FROM departments", "SELECT COUNT(*) FROM process_instances",
            "SELECT COUNT(*) FROM task_revisions", "SELECT COUNT(*) FROM tasks", "SELECT COALESCE(SUM(version), 0) FROM tasks",
            "SELECT COUNT(*) FROM timers", "SELECT COUNT(*) FROM kpi_actuals", "SELECT COUNT(*) FROM kpi_warnings",
        ];
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var figures = new List<string>();
        foreach (var query in queries)
        {
            figures.Add($"{query} = {await work.Connection.ExecuteScalarAsync<long>(query, transaction: work.Transaction)}");
        }

        return string.Join("\n", figures);
    }
}
