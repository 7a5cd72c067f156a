using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// Processes started on demand (<c>GET /api/me/startable</c>, <c>POST /api/instances</c>) over the demo organisation:
/// 张伟 (E011) manages 李娜 (E012), 王强 (E013), 杨帆 (E014), 李安娜 (E015) and 高翔 (E016); the shipped feedback log is
/// started by managers, 360 feedback by the employee (or their manager), a progress report by the employee.
/// </summary>
public sealed class OnDemandStartApiTests(string kind) : ApiTest(kind)
{
    private static List<(string Key, string For)> Startable(JsonNode answer) =>
        [.. answer["items"]!.AsArray().Select(p => ((string)p!["key"]!, string.Join(" ", p["for"]!.AsArray().Select(f => (string)f!["id"]!))))];

    [Test]
    public async Task A_manager_may_start_a_feedback_log_for_each_report_and_360_feedback_for_themselves_and_them()
    {
        var answer = await GetJson(await SignedIn("E011"), "/api/me/startable");

        Assert.That(Startable(answer), Is.EqualTo(new[]
        {
            ("feedback-360", "E011 E012 E013 E014 E015 E016"),
            ("feedback-log", "E012 E013 E014 E015 E016"),
            ("progress-report", "E011"),
        }), answer.ToJsonString());
        var log = answer["items"]![1]!;
        Assert.That(((string?)log["title"]!["zh-CN"], (string?)log["title"]!["en"]), Is.EqualTo(("持续反馈记录", "Continuous feedback log")));
        Assert.That(((string?)log["for"]![0]!["name"]!["zh-CN"], (string?)log["for"]![0]!["name"]!["en"]), Is.EqualTo(("李娜", "Na Li")));
    }

    [Test]
    public async Task An_employee_may_request_360_feedback_and_send_a_progress_report_for_herself()
    {
        var answer = await GetJson(await SignedIn("E012"), "/api/me/startable");

        Assert.That(Startable(answer), Is.EqualTo(new[] { ("feedback-360", "E012"), ("progress-report", "E012") }), answer.ToJsonString());
    }

    [Test]
    public async Task Starting_a_feedback_log_gives_the_manager_the_entry_to_log_at_once()
    {
        var manager = await SignedIn("E011");

        using var response = await Send(manager, HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "feedback-log", ["subject"] = "E013" });

        var started = await Created(response);
        var taskId = (string)started["taskId"]!;
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/api/instances/" + (string)started["instanceId"]!));
        var task = await GetJson(manager, "/api/tasks/" + taskId);
        Assert.That(((string?)task["task"]!["step"]!["id"], (string?)task["task"]!["instanceId"]), Is.EqualTo(("log", (string?)started["instanceId"])), task.ToJsonString());
        var instance = await GetJson(manager, "/api/instances/" + (string)started["instanceId"]!);
        Assert.That(((string?)instance["subject"]!["id"], instance["cycleId"]), Is.EqualTo(("E013", (JsonNode?)null)));
    }

    [Test]
    public async Task Requesting_360_feedback_gives_the_employee_the_nomination()
    {
        var employee = await SignedIn("E014");

        using var response = await Send(employee, HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "feedback-360", ["subject"] = "E014" });

        var task = await GetJson(employee, "/api/tasks/" + (string)(await Created(response))["taskId"]!);
        Assert.That(((string?)task["task"]!["step"]!["id"], (string?)task["task"]!["subject"]!["id"]), Is.EqualTo(("nominate", "E014")), task.ToJsonString());
    }

    [Test]
    public async Task A_manager_requesting_360_feedback_for_a_report_holds_no_task_the_report_nominates()
    {
        using var response = await Send(await SignedIn("E011"), HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "feedback-360", ["subject"] = "E015" });

        var started = await Created(response);
        Assert.That(started["taskId"], Is.Null, started.ToJsonString());
        var inbox = await GetJson(await SignedIn("E015"), "/api/tasks?status=open");
        Assert.That(inbox["items"]!.AsArray().Select(t => (string?)t!["step"]!["id"]), Does.Contain("nominate"), inbox.ToJsonString());
    }

    [Test]
    public async Task A_retried_start_with_the_same_idempotency_key_starts_one_instance_and_answers_alike()
    {
        var manager = await SignedIn("E011");
        var key = "start-" + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["process"] = "feedback-log", ["subject"] = "E016" };
        var before = await CountAsync();

        using var first = await Send(manager, HttpMethod.Post, "/api/instances", body, key: key);
        using var retry = await Send(manager, HttpMethod.Post, "/api/instances", body, key: key);

        var (once, again) = (await Created(first), await Created(retry));
        Assert.That(again.ToJsonString(), Is.EqualTo(once.ToJsonString()));
        Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That(retry.Headers.Location?.ToString(), Is.EqualTo("/api/instances/" + (string)once["instanceId"]!), "the replay's Location is the first answer's");
        Assert.That(await CountAsync(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task A_start_whose_node_stopped_after_it_committed_is_answered_on_retry_with_the_instance_it_started_and_starts_no_second()
    {
        var manager = await SignedIn("E011");
        var key = "start-" + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["process"] = "feedback-log", ["subject"] = "E015" };
        var before = await CountAsync();
        using var first = await Send(manager, HttpMethod.Post, "/api/instances", body, key: key);
        var once = await Created(first);

        // What a node killed between the start's commit and keeping its answer leaves: the key marked, no answer.
        await using (var work = await Storage.UnitOfWork.BeginAsync(Db))
        {
            await Dapper.SqlMapper.ExecuteAsync(work.Connection, "UPDATE idempotency_keys SET response = NULL WHERE idem_key = @Key", new { Key = key }, work.Transaction);
            await work.CommitAsync();
        }

        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        using var retry = await Send(manager, HttpMethod.Post, "/api/instances", body, key: key);
        var again = await Created(retry);

        Assert.That(again.ToJsonString(), Is.EqualTo(once.ToJsonString()), "the instance and the starter's task of the first start");
        Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That(retry.Headers.Location?.ToString(), Is.EqualTo("/api/instances/" + (string)once["instanceId"]!));
        Assert.That(await CountAsync(), Is.EqualTo(before + 1), "no second instance");
    }

    [Test]
    public async Task An_employee_may_not_start_a_feedback_log_about_a_colleague_and_the_refusal_names_nobody()
    {
        var before = await CountAsync();

        var problem = await Problem(await Send(await SignedIn("E012"), HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "feedback-log", ["subject"] = "E013" }), 403);

        Assert.That((string?)problem["code"], Is.EqualTo("start.forbidden"));
        Assert.That(problem.ToJsonString(), Does.Not.Contain("E013").And.Not.Contain("王强").And.Not.Contain("Qiang"));
        Assert.That(await CountAsync(), Is.EqualTo(before), "nothing started");
    }

    [Test]
    public async Task Someone_the_organisation_does_not_have_is_refused_as_a_colleague_is()
    {
        var problem = await Problem(await Send(await SignedIn("E011"), HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "feedback-log", ["subject"] = "E999" }), 403);

        Assert.That((string?)problem["code"], Is.EqualTo("start.forbidden"));
    }

    [Test]
    public async Task An_unknown_process_is_404()
    {
        var problem = await Problem(await Send(await SignedIn("E011"), HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "no-such-process", ["subject"] = "E012" }), 404);

        Assert.That((string?)problem["code"], Is.EqualTo("start.unknown-process"));
    }

    [TestCase("""{"process": "feedback-log"}""", "/subject", "start.subject")]
    [TestCase("""{"subject": "E012"}""", "/process", "start.process")]
    [TestCase("""{"process": "", "subject": "E012"}""", "/process", "start.process")]
    [TestCase("""{"process": "feedback-log", "subject": "E012", "cycle": "x"}""", "/cycle", "json.unknown-member")]
    public async Task A_bad_body_is_400_naming_the_member(string body, string member, string code)
    {
        var client = await SignedIn("E011");

        var problem = await Problem(await client.PostAsync("/api/instances", Json(body)), 400);

        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.ContainsKey(member), Is.True, problem.ToJsonString());
        Assert.That(errors[member]!.AsArray().Select(e => (string?)e!["code"]), Does.Contain(code));
    }

    private static async Task<JsonNode> Created(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), text);
        return JsonNode.Parse(text)!;
    }

    private async Task<int> CountAsync()
    {
        await using var work = await FormFlow.Storage.UnitOfWork.BeginReadAsync(Db);
        return await Dapper.SqlMapper.QuerySingleAsync<int>(work.Connection, "SELECT COUNT(*) FROM process_instances", transaction: work.Transaction);
    }
}
