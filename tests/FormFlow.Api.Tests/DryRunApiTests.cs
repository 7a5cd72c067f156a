using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// <c>POST /api/processes/dry-run</c> over the demo organisation: R&amp;D (D200) and Platform Engineering below it
/// (D210) are 赵敏's (E004); 李娜 (E012) reports to 张伟 (E011), who reports to 刘洋 (E010); the CEO 陈志远 (E001)
/// has no manager, and 孙悦 (E005) is the HRBP of his department.
/// </summary>
public sealed class DryRunApiTests(string kind) : ApiTest(kind)
{
    // A draft travels whole in the body: the shipped annual review is larger than the fixtures' 4 KB limit.
    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?> { ["FormFlow:Limits:MaxRequestBytes"] = "1048576" };

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private static readonly string[] Tables = ["cycles", "cycle_members", "process_instances", "instance_order", "tasks", "timers", "outbox", "audit_log", "task_revisions"];

    [Test]
    public async Task The_hrbp_sees_each_persons_tasks_reminders_and_escalations_with_their_dates_in_their_language()
    {
        using var hrbp = await SignedIn("E004");
        hrbp.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var (status, body) = await DryRun(hrbp, Request(new JsonObject { ["departmentId"] = "D210" }));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(((string?)body["process"]!["id"], (int?)body["version"]), Is.EqualTo(("annual-review", (int?)1)));
        Assert.That(body["people"]!.AsArray(), Has.Count.EqualTo(8), "everyone of Platform Engineering");
        var (status2, one) = await DryRun(hrbp, Request(new JsonObject { ["personIds"] = new JsonArray("E012") }));
        Assert.That(status2, Is.EqualTo(HttpStatusCode.OK), one.ToJsonString());
        var naLi = one["people"]![0]!;
        var events = naLi["events"]!.AsArray();
        var first = events[0]!;
        var reminder = events.First(e => (string?)e!["kind"] == "reminder")!;
        var escalation = events.First(e => (string?)e!["kind"] == "escalation")!;
        var prepare = events.First(e => (string?)e!["kind"] == "task-opened" && (string?)e["step"]!["id"] == "prepare")!;
        Assert.Multiple(() =>
        {
            Assert.That(((string?)naLi["person"]!["id"], (string?)naLi["outcome"]), Is.EqualTo(("E012", "completed")));
            Assert.That(((string?)first["kind"], (string?)first["step"]!["id"], (string?)first["to"]!["id"]), Is.EqualTo(("task-opened", "self-review", "E012")));
            Assert.That(At(first["at"]), Is.EqualTo(Start));
            Assert.That(At(first["dueAt"]), Is.EqualTo(Start.AddDays(14)), "due 14 days after the start");
            Assert.That((string?)first["text"], Is.EqualTo("Na Li gets the task \"Self-review\", due 2026-12-15 01:00 UTC"));
            Assert.That(((string?)reminder["to"]!["id"], At(reminder["at"])), Is.EqualTo(("E012", Start.AddDays(12))), "two days before the due date");
            Assert.That(((string?)escalation["action"], (string?)escalation["copies"]![0]!["id"]), Is.EqualTo(("copy-superior", "E011")), "her manager is copied");
            Assert.That((string?)escalation["text"], Is.EqualTo("If \"Self-review\" is still open then: Na Li is told it is overdue, with a copy to the superior Wei Zhang"));
            Assert.That(((string?)prepare["to"]!["id"], At(prepare["at"]), At(prepare["dueAt"])), Is.EqualTo(("E011", Start.AddDays(14), Start.AddDays(21))), "her manager prepares once she is done");
            Assert.That(one["assumptions"]!.AsArray().Select(a => (string?)a), Has.Some.StartsWith("Each task is done on its due date"));
        });
    }

    [Test]
    public async Task A_person_without_a_manager_is_reported_stuck_at_the_managers_step_by_name()
    {
        using var admin = await SignedIn("E002");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var (status, body) = await DryRun(admin, Request(new JsonObject { ["personIds"] = new JsonArray("E001") }));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var stuck = body["people"]![0]!["stuck"]!.AsArray().First(s => (string?)s!["step"]!["id"] == "prepare")!;
        Assert.That(((string?)stuck["code"], (string?)stuck["wanted"], (string?)stuck["instead"]!["id"]), Is.EqualTo(("no-assignee", "manager", "E005")));
        Assert.That((string?)stuck["message"], Is.EqualTo("陈志远 没有直属上级：步骤「面谈准备（三三原则）」的任务将交给 HRBP 孙悦"));
    }

    [Test]
    public async Task A_draft_definition_in_the_body_is_dry_run_and_nothing_is_written()
    {
        using var hrbp = await SignedIn("E004");
        var draft = JsonNode.Parse(File.ReadAllText(RepositoryFile("samples", "processes", "annual-review.json")))!.AsObject();
        draft["key"] = "annual-review-draft";
        draft["steps"]!["self-review"]!["due"]!["after"] = "P10D";
        var request = Request(new JsonObject { ["departmentId"] = "D200" });
        request.Remove("processKey");
        request["definition"] = draft;
        var before = await Written();

        var (status, body) = await DryRun(hrbp, request);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(((string?)body["process"]!["id"], body["version"]), Is.EqualTo(("annual-review-draft", (JsonNode?)null)));
        Assert.That(At(body["people"]![0]!["events"]![0]!["dueAt"]), Is.EqualTo(Start.AddDays(10)), "the draft's own deadline");
        Assert.That(await Written(), Is.EqualTo(before), "no cycle, instance, task, timer, notice or audit entry");
    }

    [Test]
    public async Task A_draft_with_errors_is_422_with_its_findings()
    {
        using var hrbp = await SignedIn("E004");
        var request = Request(new JsonObject { ["departmentId"] = "D200" });
        request.Remove("processKey");
        request["definition"] = new JsonObject { ["key"] = "broken", ["start"] = "nowhere", ["steps"] = new JsonObject() };

        using var response = await hrbp.PostAsync("/api/processes/dry-run", Json(request.ToJsonString()));

        var problem = await Problem(response, 422);
        Assert.That(problem["findings"]!.AsArray(), Is.Not.Empty);
    }

    [TestCase("E012", "D200", Description = "an employee")]
    [TestCase("E011", "D200", Description = "a manager")]
    [TestCase("E004", "D300", Description = "the HRBP of R&D, for Sales")]
    public async Task Whoever_may_not_launch_for_the_population_is_403(string personId, string department)
    {
        using var client = await SignedIn(personId);
        using var response = await client.PostAsync("/api/processes/dry-run", Json(Request(new JsonObject { ["departmentId"] = department }).ToJsonString()));
        await Problem(response, 403);
    }

    [Test]
    public async Task A_process_that_is_not_published_is_404()
    {
        using var admin = await SignedIn("E002");
        var request = Request(new JsonObject { ["departmentId"] = "D200" });
        request["processKey"] = "no-such-process";
        using var response = await admin.PostAsync("/api/processes/dry-run", Json(request.ToJsonString()));
        var problem = await Problem(response, 404);
        Assert.That((string?)problem["code"], Is.EqualTo("dry-run.unknown-process"));
    }

    [TestCase("horizon", "\"forever\"", "/horizon")]
    [TestCase("definition", "{\"key\": \"x\"}", "/definition")]
    [TestCase("endsAt", "\"2026-11-01T00:00:00Z\"", "/endsAt")]
    [TestCase("version", "0", "/version")]
    public async Task A_bad_request_is_400_naming_the_field(string member, string value, string pointer)
    {
        using var admin = await SignedIn("E002");
        var request = Request(new JsonObject { ["departmentId"] = "D200" });
        request[member] = JsonNode.Parse(value);
        using var response = await admin.PostAsync("/api/processes/dry-run", Json(request.ToJsonString()));
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { pointer }), problem.ToJsonString());
    }

    private static JsonObject Request(JsonObject population) => new()
    {
        ["processKey"] = "annual-review",
        ["population"] = population,
        ["startsAt"] = "2026-12-01T01:00:00Z",
    };

    private static async Task<(HttpStatusCode Status, JsonNode Body)> DryRun(HttpClient client, JsonObject request)
    {
        using var response = await client.PostAsync("/api/processes/dry-run", Json(request.ToJsonString()));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static DateTimeOffset At(JsonNode? node) => DateTimeOffset.Parse((string)node!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<long>> Written()
    {
        var counts = new List<long>();
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        foreach (var table in Tables)
        {
            counts.Add(await work.Connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: work.Transaction));
        }

        return counts;
    }
}
