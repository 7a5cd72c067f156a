using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>
/// The runtime API over the demo organisation and the shipped annual review: inboxes, tasks as their assignees see
/// them, drafts, submits, returns, approvals, instance views — and who may see what.
/// People: E014/E012/E013/E016 employees of R&amp;D under the manager E011; E004 the HRBP of R&amp;D; E002 the admin;
/// E033 an employee of Sales (unrelated); E031 a Sales manager; E005 the HRBP of Sales.
/// </summary>
public sealed class TaskApiTests(string kind) : ApiTest(kind)
{
    private const string Manager = "E011";
    private const string Hrbp = "E004";
    private const string Admin = "E002";
    private const string Stranger = "E033";

    [Test]
    public async Task The_annual_review_runs_through_the_api_from_inbox_to_approval()
    {
        await LaunchAsync("c-flow", "E012");
        using var employee = await SignedIn("E012");
        using var manager = await SignedIn(Manager);

        // The inbox: one open self-review about the employee.
        var inbox = await GetJson(employee, "/api/tasks?cycle=c-flow");
        var item = inbox["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That((int)inbox["total"]!, Is.EqualTo(1));
            Assert.That((int)inbox["counts"]!["open"]!, Is.EqualTo(1));
            Assert.That((string?)item["step"]!["id"], Is.EqualTo("self-review"));
            Assert.That((string?)item["step"]!["title"]!["en"], Is.EqualTo("Self-review"));
            Assert.That((string?)item["subject"]!["name"]!["zh-CN"], Is.EqualTo("李娜"));
            Assert.That((string?)item["process"]!["id"], Is.EqualTo("annual-review"));
        });
        Assert.That((int)(await GetJson(manager, "/api/tasks?cycle=c-flow"))["total"]!, Is.Zero, "the manager has nothing to do yet");
        var selfTask = (string)item["id"]!;

        // Opening it gives the form, its version as ETag.
        using (var opened = await employee.GetAsync($"/api/tasks/{selfTask}"))
        {
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(opened.Headers.ETag?.Tag, Is.EqualTo($"\"{(int)item["version"]!}\""));
        }

        // A draft on a stale version is 409; on the current one it is kept.
        var selfData = Example("self-review", "valid-annual-rating-5");
        using (var stale = await Send(employee, HttpMethod.Put, $"/api/tasks/{selfTask}/draft", new JsonObject { ["data"] = selfData.DeepClone() }, ifMatch: "\"77\""))
        {
            Assert.That((string?)(await Problem(stale, 409))["code"], Is.EqualTo("task.stale"));
        }

        var version = (int)item["version"]!;
        using (var draft = await Send(employee, HttpMethod.Put, $"/api/tasks/{selfTask}/draft", new JsonObject { ["data"] = selfData.DeepClone() }, ifMatch: $"\"{version}\""))
        {
            Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.OK), await draft.Content.ReadAsStringAsync());
            Assert.That(draft.Headers.ETag?.Tag, Is.EqualTo($"\"{version + 1}\""));
        }

        // Invalid data: 400 naming the field, nothing submitted.
        var invalid = selfData.DeepClone().AsObject();
        invalid.Remove("overall_rating");
        using (var refused = await Send(employee, HttpMethod.Post, $"/api/tasks/{selfTask}/submit", new JsonObject { ["data"] = invalid }))
        {
            var problem = await Problem(refused, 400);
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("/overall_rating"));
        }

        // A submit retried with the same key answers the same and writes once; the key on another body is refused.
        var body = new JsonObject { ["data"] = selfData.DeepClone() };
        using var first = await Send(employee, HttpMethod.Post, $"/api/tasks/{selfTask}/submit", body, key: "submit-1");
        var firstText = await first.Content.ReadAsStringAsync();
        using var retry = await Send(employee, HttpMethod.Post, $"/api/tasks/{selfTask}/submit", body, key: "submit-1");
        var retryText = await retry.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), firstText);
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), retryText);
            Assert.That(retryText, Is.EqualTo(firstText));
            Assert.That(await RevisionsAsync(selfTask), Is.EqualTo(1));
        });
        var other = selfData.DeepClone().AsObject();
        other["period"] = "2024";
        using (var reused = await Send(employee, HttpMethod.Post, $"/api/tasks/{selfTask}/submit", new JsonObject { ["data"] = other }, key: "submit-1"))
        {
            Assert.That((string?)(await Problem(reused, 422))["code"], Is.EqualTo("idempotency.key-reused"));
        }

        // The manager prepares the interview.
        var prepare = await OnlyOpenTaskAsync(manager, "c-flow", "prepare");
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{prepare}/submit", new JsonObject { ["data"] = Example("interview-preparation-333", "valid-sales-manager-prep") }), 200);

        // The employee writes the record: the rating section is not theirs to read, so it is absent.
        var record = await OnlyOpenTaskAsync(employee, "c-flow", "record");
        var recordForm = await GetJson(employee, $"/api/tasks/{record}");
        var properties = recordForm["schema"]!["properties"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(properties.ContainsKey("went_well"), Is.True);
            Assert.That(properties.ContainsKey("overall_rating"), Is.False, "a field of a section the step cannot read is absent");
            Assert.That(recordForm["uiSchema"]!.AsObject().ContainsKey("overall_rating"), Is.False);
            Assert.That(recordForm["writable"]!.AsArray().Select(f => (string?)f), Does.Not.Contain("overall_rating"));
        });

        // Writing a field the step does not allow: 403 naming it, nothing saved.
        var full = Example("interview-record", "valid-developer-rating-4");
        var authorData = Only(full, "went_well", "to_improve", "plan");
        var withRating = authorData.DeepClone().AsObject();
        withRating["overall_rating"] = 5;
        using (var forbidden = await Send(employee, HttpMethod.Put, $"/api/tasks/{record}/draft", new JsonObject { ["data"] = withRating }))
        {
            var problem = await Problem(forbidden, 403);
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/overall_rating" }));
        }

        var unchanged = await GetJson(employee, $"/api/tasks/{record}");
        Assert.That((int)unchanged["task"]!["version"]!, Is.EqualTo((int)recordForm["task"]!["version"]!), "nothing was saved");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{record}/submit", new JsonObject { ["data"] = authorData.DeepClone() }), 200);

        // The manager reviews: the author's fields are read-only to them, the rating theirs.
        var review = await OnlyOpenTaskAsync(manager, "c-flow", "record");
        var reviewForm = await GetJson(manager, $"/api/tasks/{review}");
        Assert.Multiple(() =>
        {
            Assert.That((string?)reviewForm["kind"], Is.EqualTo("review"));
            Assert.That((bool?)reviewForm["schema"]!["properties"]!["went_well"]!["readOnly"], Is.True);
            Assert.That((bool?)reviewForm["uiSchema"]!["went_well"]!["ui:readonly"], Is.True);
            Assert.That(reviewForm["schema"]!["properties"]!["overall_rating"]!["readOnly"], Is.Null);
        });

        // It goes back with a comment on the plan, which the employee then sees.
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{review}/return", new JsonObject
        {
            ["reason"] = "计划需要更具体",
            ["comments"] = new JsonArray(new JsonObject { ["field"] = "/plan", ["body"] = "请给每个目标写上时间节点" }),
        }), 200);
        var revision = await OnlyOpenTaskAsync(employee, "c-flow", "record");
        var revisionForm = await GetJson(employee, $"/api/tasks/{revision}");
        var comment = revisionForm["comments"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)comment["field"], Is.EqualTo("/plan"));
            Assert.That((string?)comment["body"], Is.EqualTo("请给每个目标写上时间节点"));
            Assert.That((string?)comment["author"]!["id"], Is.EqualTo(Manager));
        });
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{revision}/submit", new JsonObject { ["data"] = authorData.DeepClone() }), 200);

        // Two approvals at once: one moves the process, the other is 409.
        var second = await OnlyOpenTaskAsync(manager, "c-flow", "record");
        var rating = new JsonObject { ["data"] = Only(full, "feedback", "overall_rating", "manager_summary") };
        using var manager2 = await SignedIn(Manager);
        var answers = await Task.WhenAll(
            Send(manager, HttpMethod.Post, $"/api/tasks/{second}/approve", rating),
            Send(manager2, HttpMethod.Post, $"/api/tasks/{second}/approve", rating));
        var statuses = answers.Select(a => (int)a.StatusCode).Order().ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        Assert.That(statuses, Is.EqualTo(new[] { 200, 409 }));
        Assert.That(await ApprovedJournalEntriesAsync(second), Is.EqualTo(1), "one transition");

        // The instance: the subject, the manager, the HRBP and the admin see it; an unrelated employee does not.
        var instanceId = (string)item["instanceId"]!;
        foreach (var viewer in new[] { "E012", Manager, Hrbp, Admin })
        {
            using var client = await SignedIn(viewer);
            using var seen = await client.GetAsync($"/api/instances/{instanceId}");
            Assert.That(seen.StatusCode, Is.EqualTo(HttpStatusCode.OK), viewer);
            using var timeline = await client.GetAsync($"/api/instances/{instanceId}/timeline");
            Assert.That(timeline.StatusCode, Is.EqualTo(HttpStatusCode.OK), viewer);
        }

        using (var stranger = await SignedIn(Stranger))
        {
            await Problem(await stranger.GetAsync($"/api/instances/{instanceId}"), 404);
            await Problem(await stranger.GetAsync($"/api/instances/{instanceId}/timeline"), 404);
        }

        // The HRBP sees the progress and, of the forms' content, only the rating the annual review shows HR; the
        // manager the record.
        using (var hrbp = await SignedIn(Hrbp))
        {
            var seen = await GetJson(hrbp, $"/api/instances/{instanceId}");
            Assert.That(seen["forms"]!.AsObject().Select(f => (f.Key, string.Join(",", f.Value!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)))), Is.EqualTo(new[] { ("record", "manager_summary,overall_rating") }));
            Assert.That(seen["relations"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "hrbp" }));
        }

        var managerView = await GetJson(manager, $"/api/instances/{instanceId}");
        Assert.That((int?)managerView["forms"]!["record"]!["overall_rating"], Is.EqualTo((int)full["overall_rating"]!));

        // Someone else's task is 404 for everyone but its assignee, admins included.
        var confirm = await OnlyOpenTaskAsync(employee, "c-flow", "confirm");
        foreach (var viewer in new[] { "E013", Manager, Hrbp, Admin })
        {
            using var client = await SignedIn(viewer);
            await Problem(await client.GetAsync($"/api/tasks/{confirm}"), 404);
        }
    }

    [TestCase("zh-CN", "「综合评分」")]
    [TestCase("en", "\"Overall rating\"")]
    public async Task Accepting_a_record_without_the_rating_the_manager_writes_is_400_naming_it_like_an_invalid_submit(string language, string label)
    {
        // 朱琳 (E018) and 徐斌 (E019), each in a cycle of their own; their manager is 黄磊 (E017).
        var cycle = "c-no-rating-" + language;
        var employeeId = language == "en" ? "E019" : "E018";
        await LaunchAsync(cycle, employeeId);
        using var employee = await SignedIn(employeeId);
        using var manager = await SignedIn("E017");
        manager.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, cycle, "self-review")}/submit", new JsonObject { ["data"] = Example("self-review", "valid-annual-rating-5") }), 200);
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "prepare")}/submit", new JsonObject { ["data"] = Example("interview-preparation-333", "valid-sales-manager-prep") }), 200);
        var full = Example("interview-record", "valid-developer-rating-4");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, cycle, "record")}/submit", new JsonObject { ["data"] = Only(full, "went_well", "to_improve", "plan") }), 200);
        var review = await OnlyOpenTaskAsync(manager, cycle, "record");
        var before = await GetJson(manager, $"/api/tasks/{review}");

        using var approved = await Send(manager, HttpMethod.Post, $"/api/tasks/{review}/approve", new JsonObject());

        var problem = await Problem(approved, 400);
        var error = problem["errors"]!["/overall_rating"]![0]!;
        Assert.Multiple(async () =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("request.invalid"));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/overall_rating" }));
            Assert.That((string?)error["code"], Is.EqualTo("required"));
            Assert.That((string?)error["message"], Does.Contain(label));
            Assert.That((int)(await GetJson(manager, $"/api/tasks/{review}"))["task"]!["version"]!, Is.EqualTo((int)before["task"]!["version"]!), "nothing was approved");
        });
    }

    [Test]
    public async Task A_replayed_idempotent_command_carries_the_same_ETag_as_the_first_answer()
    {
        var (taskId, _) = await SubjectTaskAsync("c-replay", "E036");
        using var employee = await SignedIn("E036");
        var body = new JsonObject { ["data"] = Example("self-review", "valid-annual-rating-5") };
        using var first = await Send(employee, HttpMethod.Post, $"/api/tasks/{taskId}/submit", body, key: "replay-etag");
        var firstText = await first.Content.ReadAsStringAsync();
        using var retry = await Send(employee, HttpMethod.Post, $"/api/tasks/{taskId}/submit", body, key: "replay-etag");
        var retryText = await retry.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), firstText);
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), retryText);
            Assert.That(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed : [], Does.Contain("true"));
            Assert.That(first.Headers.ETag?.Tag, Is.EqualTo($"\"{(int)JsonNode.Parse(firstText)!["version"]!}\""));
            Assert.That(retry.Headers.ETag?.Tag, Is.EqualTo(first.Headers.ETag?.Tag), "the retry sees the first answer's ETag");
        });
    }

    [Test]
    public async Task A_submit_whose_node_stopped_after_it_committed_is_answered_on_retry_with_the_task_as_submitted()
    {
        var (taskId, _) = await SubjectTaskAsync("c-lost-answer", "E042");
        using var employee = await SignedIn("E042");
        var body = new JsonObject { ["data"] = Example("self-review", "valid-annual-rating-5") };
        using var first = await Send(employee, HttpMethod.Post, $"/api/tasks/{taskId}/submit", body, key: "lost-answer");
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), firstText);

        // What a node killed between the command's commit and keeping its answer leaves: the key marked committed by
        // the command's own transaction, no answer.
        await using (var work = await UnitOfWork.BeginAsync(Db))
        {
            await work.Connection.ExecuteAsync("UPDATE idempotency_keys SET response = NULL WHERE person_id = 'E042' AND idem_key = 'lost-answer'", transaction: work.Transaction);
            await work.CommitAsync();
        }

        using var retry = await Send(employee, HttpMethod.Post, $"/api/tasks/{taskId}/submit", body, key: "lost-answer");
        var retryText = await retry.Content.ReadAsStringAsync();
        using var again = await Send(employee, HttpMethod.Post, $"/api/tasks/{taskId}/submit", body, key: "lost-answer");
        var againText = await again.Content.ReadAsStringAsync();
        var firstTask = JsonNode.Parse(firstText)!;
        Assert.Multiple(() =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the client learns its submit worked, not 409: " + retryText);
            Assert.That(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed : [], Does.Contain("true"));
            var retried = JsonNode.Parse(retryText)!;
            Assert.That(((string?)retried["status"], (int?)retried["version"]), Is.EqualTo(((string?)firstTask["status"], (int?)firstTask["version"])), "the task as the submit left it");
            Assert.That(retry.Headers.ETag?.Tag, Is.EqualTo(first.Headers.ETag?.Tag));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), againText);
            Assert.That(againText, Is.EqualTo(retryText), "the rebuilt answer is kept for later retries");
        });
    }

    [Test]
    public async Task Every_command_answers_with_the_task_exactly_as_the_inbox_then_lists_it()
    {
        await LaunchAsync("c-answers", "E016");
        using var employee = await SignedIn("E016");
        using var manager = await SignedIn(Manager);
        var full = Example("interview-record", "valid-developer-rating-4");

        var self = await OnlyOpenTaskAsync(employee, "c-answers", "self-review");
        var selfData = Example("self-review", "valid-annual-rating-5");
        await AnswersAsListedAsync(employee, "c-answers", "draft", await Send(employee, HttpMethod.Put, $"/api/tasks/{self}/draft", new JsonObject { ["data"] = selfData.DeepClone() }));
        await AnswersAsListedAsync(employee, "c-answers", "submit", await Send(employee, HttpMethod.Post, $"/api/tasks/{self}/submit", new JsonObject { ["data"] = selfData.DeepClone() }, key: "answers-self"));
        var prepare = await OnlyOpenTaskAsync(manager, "c-answers", "prepare");
        await AnswersAsListedAsync(manager, "c-answers", "submit of another's step", await Send(manager, HttpMethod.Post, $"/api/tasks/{prepare}/submit", new JsonObject { ["data"] = Example("interview-preparation-333", "valid-sales-manager-prep") }));
        var record = await OnlyOpenTaskAsync(employee, "c-answers", "record");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{record}/submit", new JsonObject { ["data"] = Only(full, "went_well", "to_improve", "plan") }), 200);
        var review = await OnlyOpenTaskAsync(manager, "c-answers", "record");
        await AnswersAsListedAsync(manager, "c-answers", "return", await Send(manager, HttpMethod.Post, $"/api/tasks/{review}/return", new JsonObject { ["reason"] = "计划需要更具体" }));
        var revision = await OnlyOpenTaskAsync(employee, "c-answers", "record");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{revision}/submit", new JsonObject { ["data"] = Only(full, "went_well", "to_improve", "plan") }), 200);
        var approval = await OnlyOpenTaskAsync(manager, "c-answers", "record");
        await AnswersAsListedAsync(manager, "c-answers", "approve", await Send(manager, HttpMethod.Post, $"/api/tasks/{approval}/approve", new JsonObject { ["data"] = Only(full, "feedback", "overall_rating", "manager_summary") }, key: "answers-approve"));
        var confirmation = await OnlyOpenTaskAsync(employee, "c-answers", "confirm");
        var writable = (await GetJson(employee, $"/api/tasks/{confirmation}"))["writable"]!.AsArray().Select(f => (string)f!).ToArray();
        await AnswersAsListedAsync(employee, "c-answers", "confirm", await Send(employee, HttpMethod.Post, $"/api/tasks/{confirmation}/confirm", new JsonObject { ["data"] = Only(full, writable) }));
        var counterpart = await OnlyOpenTaskAsync(manager, "c-answers", "confirm");
        await AnswersAsListedAsync(manager, "c-answers", "the last confirmation, which ends the instance", await Send(manager, HttpMethod.Post, $"/api/tasks/{counterpart}/confirm", new JsonObject()));
    }

    // The command's answer (status 200, ETag) is, field for field, the item the caller's inbox lists for that task afterwards.
    private static async Task AnswersAsListedAsync(HttpClient client, string cycleId, string command, HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{command}: {text}");
            var answered = JsonNode.Parse(text)!;
            var status = (string?)answered["status"] == "open" ? "open" : "done";
            var listed = (await GetJson(client, $"/api/tasks?cycle={cycleId}&status={status}"))["items"]!.AsArray()
                .Single(i => (string?)i!["id"] == (string?)answered["id"])!;
            Assert.Multiple(() =>
            {
                Assert.That(JsonNode.DeepEquals(answered, listed), Is.True, $"{command}: answered {answered.ToJsonString()}, listed {listed.ToJsonString()}");
                Assert.That(response.Headers.ETag?.Tag, Is.EqualTo($"\"{(int)listed["version"]!}\""), command);
            });
        }
    }

    [TestCase("\"1\"")]
    [TestCase("W/\"1\"")]
    [TestCase("1")]
    [TestCase("*")]
    public async Task A_command_takes_its_version_quoted_weak_bare_or_star_in_If_Match(string ifMatch)
    {
        // A person and a cycle of their own per case.
        var (name, person) = ifMatch switch { "*" => ("star", "E041"), ['W', ..] => ("weak", "E039"), ['"', ..] => ("quoted", "E037"), _ => ("bare", "E040") };
        var (taskId, _) = await SubjectTaskAsync("c-tags-" + name, person);
        using var employee = await SignedIn(person);
        var version = (int)(await GetJson(employee, $"/api/tasks/{taskId}"))["task"]!["version"]!;
        Assert.That(version, Is.EqualTo(1), "a new task is at version 1");
        using var draft = await Send(employee, HttpMethod.Put, $"/api/tasks/{taskId}/draft", new JsonObject { ["data"] = new JsonObject() }, ifMatch: ifMatch);
        Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.OK), await draft.Content.ReadAsStringAsync());
        Assert.That(draft.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
    }

    [Test]
    public async Task A_task_shows_the_subjects_previous_run_as_its_history_in_the_documented_shape()
    {
        var (previousTask, previousInstance) = await SubjectTaskAsync("c-history-1", "E020");
        using var employee = await SignedIn("E020");
        var selfData = Example("self-review", "valid-annual-rating-5");
        using (var submitted = await Send(employee, HttpMethod.Post, $"/api/tasks/{previousTask}/submit", new JsonObject { ["data"] = selfData.DeepClone() }))
        {
            await Expect(submitted, 200, "the first self-review");
        }

        var first = (await GetJson(employee, $"/api/tasks/{previousTask}")).AsObject();
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (task, _) = await SubjectTaskAsync("c-history-2", "E020");

        var history = (await GetJson(employee, $"/api/tasks/{task}"))["history"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(first.ContainsKey("history") && first["history"] is null, Is.True, "no previous run: history is null");
            Assert.That(history.Select(m => m.Key), Is.EqualTo(new[] { "instanceId", "cycleId", "startedAt", "forms" }));
            Assert.That(((string?)history["instanceId"], (string?)history["cycleId"]), Is.EqualTo((previousInstance, "c-history-1")));
            Assert.That(history["forms"]!.AsObject().Select(f => f.Key), Is.EqualTo(new[] { "self" }));
            Assert.That(JsonNode.DeepEquals(history["forms"]!["self"], new JsonObject { ["goal_results"] = selfData["goal_results"]!.DeepClone() }), Is.True, history.ToJsonString());
        });
    }

    [TestCase("/api/tasks")]
    [TestCase("/api/instances")]
    [TestCase("/api/cycles")]
    [TestCase("/api/organisation/people")]
    [TestCase("/api/authoring/templates")]
    [TestCase("/api/outbox")]
    public async Task Every_list_answers_items_total_page_and_pageSize(string list)
    {
        using var admin = await SignedIn(Admin);

        var answer = (await GetJson(admin, list + "?page=1&pageSize=2")).AsObject();

        Assert.That(answer.Select(m => m.Key).Where(k => k != "counts"), Is.EquivalentTo(new[] { "items", "total", "page", "pageSize" }));
        Assert.That(((int)answer["page"]!, (int)answer["pageSize"]!), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task An_unreadable_If_Match_on_a_task_command_is_400_naming_the_header()
    {
        var (taskId, _) = await SubjectTaskAsync("c-tags-bad", "E038");
        using var employee = await SignedIn("E038");
        using var response = await Send(employee, HttpMethod.Put, $"/api/tasks/{taskId}/draft", new JsonObject { ["data"] = new JsonObject() }, ifMatch: "\"not-a-version\"");
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "If-Match" }));
    }

    [Test]
    public async Task Due_dates_and_reminders_show_in_the_inbox_counts_as_the_clock_moves()
    {
        await LaunchAsync("c-clock", "E013");
        async Task<JsonNode> Inbox(string query = "")
        {
            using var client = await SignedIn("E013");
            return await GetJson(client, "/api/tasks?cycle=c-clock" + query);
        }

        var start = await Inbox();
        Assert.Multiple(() =>
        {
            Assert.That((int)start["counts"]!["open"]!, Is.EqualTo(1));
            Assert.That((int)start["counts"]!["overdue"]!, Is.Zero);
            Assert.That((int)start["counts"]!["dueSoon"]!, Is.Zero);
        });

        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        Host.Clock.Advance(TimeSpan.FromDays(12) + TimeSpan.FromHours(1));
        var reminded = await sweeper.SweepAsync(CancellationToken.None);
        var soon = await Inbox();
        Host.Clock.Advance(TimeSpan.FromDays(3));
        await sweeper.SweepAsync(CancellationToken.None);
        var late = await Inbox();
        var overdueOnly = await Inbox("&overdue=true");
        Assert.Multiple(() =>
        {
            Assert.That(reminded, Is.GreaterThan(0), "the reminder two days before fired");
            Assert.That((int)soon["counts"]!["dueSoon"]!, Is.EqualTo(1));
            Assert.That((int)soon["counts"]!["overdue"]!, Is.Zero);
            Assert.That((int)late["counts"]!["overdue"]!, Is.EqualTo(1));
            Assert.That((bool)late["items"]![0]!["overdue"]!, Is.True);
            Assert.That((int)overdueOnly["total"]!, Is.EqualTo(1));
        });
    }

    private static IEnumerable<TestCaseData> Table()
    {
        // who, whose self-review (subject, their English name) — expected for GET task and PUT draft, GET instance and timeline
        yield return new TestCaseData("E014", "E014", "Fan Yang", 200, 200).SetName("Authorisation_employee_own");
        yield return new TestCaseData("E015", "E014", "Fan Yang", 404, 404).SetName("Authorisation_employee_other");
        yield return new TestCaseData(Manager, "E014", "Fan Yang", 404, 200).SetName("Authorisation_manager_of_the_subject");
        yield return new TestCaseData("E031", "E014", "Fan Yang", 404, 404).SetName("Authorisation_manager_not_of_the_subject");
        yield return new TestCaseData(Hrbp, "E014", "Fan Yang", 404, 200).SetName("Authorisation_hrbp_of_the_department");
        yield return new TestCaseData(Hrbp, "E034", "Fei Xie", 404, 404).SetName("Authorisation_hrbp_not_of_the_department");
        yield return new TestCaseData(Admin, "E014", "Fan Yang", 404, 200).SetName("Authorisation_admin");
    }

    [TestCaseSource(nameof(Table))]
    public async Task The_authorisation_table_holds_and_refusals_leak_no_names(string who, string subject, string subjectName, int task, int instance)
    {
        var (taskId, instanceId) = await SubjectTaskAsync("c-table", subject);
        using var client = await SignedIn(who);
        var calls = new (string What, Func<Task<HttpResponseMessage>> Call, int Expected)[]
        {
            ("GET task", () => client.GetAsync($"/api/tasks/{taskId}"), task),
            ("PUT draft", () => client.PutAsync($"/api/tasks/{taskId}/draft", Json("""{"data":{"period":"2026"}}""")), task),
            ("POST submit", () => client.PostAsync($"/api/tasks/{taskId}/submit", Json("""{"data":{"period":"2026"}}""")), task == 200 ? 400 : 404),
            ("POST approve", () => client.PostAsync($"/api/tasks/{taskId}/approve", Json("{}")), task == 200 ? 409 : 404),
            ("POST return", () => client.PostAsync($"/api/tasks/{taskId}/return", Json("""{"reason":"x"}""")), task == 200 ? 409 : 404),
            ("POST confirm", () => client.PostAsync($"/api/tasks/{taskId}/confirm", Json("{}")), task == 200 ? 409 : 404),
            ("GET instance", () => client.GetAsync($"/api/instances/{instanceId}"), instance),
            ("GET timeline", () => client.GetAsync($"/api/instances/{instanceId}/timeline"), instance),
        };
        foreach (var (what, call, expected) in calls)
        {
            using var response = await call();
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(expected), $"{who}: {what}: {text}");
            if (expected >= 400 && who != subject)
            {
                Assert.That(text, Does.Not.Contain(subjectName), $"{who}: {what} leaks the subject's name");
            }
        }

        // The list of the subject's instances holds the instance for those who see it, nothing for the others.
        var list = await GetJson(client, $"/api/instances?subject={subject}");
        Assert.That((int)list["total"]!, Is.EqualTo(instance == 200 ? 1 : 0), who);
        if (instance != 200)
        {
            Assert.That(list.ToJsonString(), Does.Not.Contain(subjectName));
        }
    }

    [Test]
    public async Task Writing_a_field_no_step_section_holds_is_403_naming_it_and_saves_nothing()
    {
        var (taskId, _) = await SubjectTaskAsync("c-table", "E014");
        using var client = await SignedIn("E014");
        var before = await GetJson(client, $"/api/tasks/{taskId}");
        using var response = await client.PutAsync($"/api/tasks/{taskId}/draft", Json("""{"data":{"period":"2026","salary_wish":100000}}"""));
        var problem = await Problem(response, 403);
        var after = await GetJson(client, $"/api/tasks/{taskId}");
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("task.field-not-writable"));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/salary_wish" }));
            Assert.That((int)after["task"]!["version"]!, Is.EqualTo((int)before["task"]!["version"]!));
        });
    }

    [Test]
    public async Task A_field_the_step_cannot_read_is_refused_even_when_its_value_is_guessed_right()
    {
        // E016's record goes back to them from the skip-level approval of an extreme rating: the form now holds the
        // manager's rating, which the record's author may not read.
        await LaunchAsync("c-guess", "E016");
        using var employee = await SignedIn("E016");
        using var manager = await SignedIn(Manager);
        using var skipLevel = await SignedIn("E010");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, "c-guess", "self-review")}/submit", new JsonObject { ["data"] = Example("self-review", "valid-annual-rating-5") }), 200);
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, "c-guess", "prepare")}/submit", new JsonObject { ["data"] = Example("interview-preparation-333", "valid-sales-manager-prep") }), 200);
        var full = Example("interview-record", "valid-developer-rating-4");
        var authorData = Only(full, "went_well", "to_improve", "plan");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, "c-guess", "record")}/submit", new JsonObject { ["data"] = authorData.DeepClone() }), 200);
        var rating = Only(full, "feedback", "overall_rating", "manager_summary");
        rating["overall_rating"] = 5;
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, "c-guess", "record")}/approve", new JsonObject { ["data"] = rating }), 200);
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, "c-guess", "confirm")}/confirm", []), 200);
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, "c-guess", "confirm")}/confirm", []), 200);
        await Expect(await Send(skipLevel, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(skipLevel, "c-guess", "skip-level-approval")}/return", new JsonObject { ["reason"] = "请补充依据" }), 200);

        var revision = await OnlyOpenTaskAsync(employee, "c-guess", "record");
        var before = await GetJson(employee, $"/api/tasks/{revision}");
        Assert.That(before["data"]!.AsObject().ContainsKey("overall_rating"), Is.False, "the author does not read the rating");
        var answers = new List<(int Status, string Body)>();
        foreach (var guess in new[] { 4, 5 })
        {
            var data = authorData.DeepClone().AsObject();
            data["overall_rating"] = guess;
            using var response = await Send(employee, HttpMethod.Put, $"/api/tasks/{revision}/draft", new JsonObject { ["data"] = data });
            var problem = await Problem(response, 403);
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/overall_rating" }), $"guess {guess}");
            answers.Add(((int)response.StatusCode, (string)problem["detail"]!));
        }

        var after = await GetJson(employee, $"/api/tasks/{revision}");
        Assert.Multiple(() =>
        {
            Assert.That(answers.Distinct().Count(), Is.EqualTo(1), "a right guess and a wrong one answer alike");
            Assert.That((int)after["task"]!["version"]!, Is.EqualTo((int)before["task"]!["version"]!), "nothing was saved");
        });
    }

    [Test]
    public async Task A_page_past_any_end_is_empty_and_a_page_number_that_would_overflow_is_400()
    {
        await SubjectTaskAsync("c-table", "E014");
        using var client = await SignedIn("E014");
        var far = await GetJson(client, "/api/tasks?page=1000000&pageSize=100");
        using var huge = await client.GetAsync("/api/tasks?page=2147483647");
        var problem = await Problem(huge, 400);
        using var instances = await client.GetAsync("/api/instances?page=2147483647");
        var instancesProblem = await Problem(instances, 400);
        Assert.Multiple(() =>
        {
            Assert.That(far["items"]!.AsArray(), Is.Empty, "not the first page again");
            Assert.That((int)far["total"]!, Is.GreaterThan(0));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "page" }));
            Assert.That(instancesProblem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "page" }));
        });
    }

    private static IEnumerable<TestCaseData> BadRequests()
    {
        yield return new TestCaseData("PUT", "draft", """{"data": {"period": """, "", "json.syntax").SetName("Malformed_json_is_400");
        yield return new TestCaseData("PUT", "draft", """{"data": "2026"}""", "/data", "json.wrong-type").SetName("A_wrong_type_is_400_naming_the_field");
        yield return new TestCaseData("PUT", "draft", """{"data": {}, "extra": 1}""", "/extra", "json.unknown-member").SetName("An_unknown_member_is_400_naming_it");
        yield return new TestCaseData("POST", "submit", """{}""", "/data", "json.required").SetName("A_missing_member_is_400_naming_it");
        yield return new TestCaseData("POST", "return", """{"reason": 5}""", "/reason", "json.wrong-type").SetName("A_wrong_type_in_a_return_is_400_naming_the_field");
    }

    [TestCaseSource(nameof(BadRequests))]
    public async Task Bad_bodies_are_400_naming_the_field_and_save_nothing(string method, string action, string body, string pointer, string code)
    {
        var (taskId, _) = await SubjectTaskAsync("c-table", "E014");
        using var client = await SignedIn("E014");
        var before = await GetJson(client, $"/api/tasks/{taskId}");
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/tasks/{taskId}/{action}") { Content = Json(body) };
        using var response = await client.SendAsync(request);
        var problem = await Problem(response, 400);
        var after = await GetJson(client, $"/api/tasks/{taskId}");
        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!.AsObject().Where(e => pointer.Length == 0 || e.Key == pointer).SelectMany(e => e.Value!.AsArray()).Select(e => (string?)e!["code"]), Does.Contain(code), problem.ToJsonString());
            Assert.That((int)after["task"]!["version"]!, Is.EqualTo((int)before["task"]!["version"]!));
        });
    }

    [Test]
    public async Task Inbox_query_errors_name_the_parameter()
    {
        using var client = await SignedIn("E016");
        using var response = await client.GetAsync("/api/tasks?page=abc&pageSize=500&status=later");
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "page", "pageSize", "status" }));
    }

    // ---- arrangement ----

    [Test]
    public async Task A_private_feedback_entry_is_neither_listed_nor_shown_to_the_employee_it_is_about()
    {
        // 李娜 (E012) reports to 张伟 (E011), who logs a private entry about her.
        using var manager = await SignedIn(Manager);
        using var employee = await SignedIn("E012");
        var before = (int)(await GetJson(employee, "/api/instances?subject=E012"))["total"]!;
        var managerBefore = (int)(await GetJson(manager, "/api/instances?subject=E012"))["total"]!;
        var start = Host.Clock.GetUtcNow();
        await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest("c-log", "c-log", "feedback-log", start, start.AddDays(60), Population.People("E012"), Admin));
        var log = await OnlyOpenTaskAsync(manager, "c-log", "log");
        var instance = (string)(await GetJson(manager, $"/api/tasks/{log}"))["task"]!["instanceId"]!;
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{log}/submit", new JsonObject { ["data"] = Example("feedback-log", "valid-improvement-private") }), 200, "logging");

        var listed = await GetJson(employee, "/api/instances?subject=E012");

        Assert.That((int)listed["total"]!, Is.EqualTo(before), "not counted");
        Assert.That(listed["items"]!.AsArray().Select(i => (string?)i!["id"]), Does.Not.Contain(instance), "not listed");
        await Problem(await employee.GetAsync($"/api/instances/{instance}"), 404);
        await Problem(await employee.GetAsync($"/api/instances/{instance}/timeline"), 404);
        Assert.That((int)(await GetJson(manager, "/api/instances?subject=E012"))["total"]!, Is.EqualTo(managerBefore + 1), "the manager lists it");
    }

    private async Task LaunchAsync(string cycleId, params string[] people)
    {
        var start = Host.Clock.GetUtcNow();
        await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest(
            cycleId, cycleId, "annual-review", start, start.AddDays(60), Population.People(people), Admin));
    }

    // The subject's open self-review in the cycle (launched once; later launches of the same cycle start nobody again).
    private async Task<(string Task, string Instance)> SubjectTaskAsync(string cycleId, string subject)
    {
        await LaunchAsync(cycleId, subject);
        using var client = await SignedIn(subject);
        var item = (await GetJson(client, $"/api/tasks?cycle={cycleId}&status=open"))["items"]![0]!;
        return ((string)item["id"]!, (string)item["instanceId"]!);
    }

    private async Task<int> RevisionsAsync(string taskId)
    {
        await using var work = await Storage.UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM task_revisions WHERE task_id = @Id", new { Id = taskId }, work.Transaction);
    }

    private async Task<int> ApprovedJournalEntriesAsync(string taskId)
    {
        await using var work = await Storage.UnitOfWork.BeginReadAsync(Db);
        var entries = await work.Connection.QueryAsync<string>("SELECT after_json FROM audit_log WHERE action = 'task.approved'", transaction: work.Transaction);
        return entries.Count(e => e.Contains(taskId, StringComparison.Ordinal));
    }
}
