using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>
/// The whole story over HTTP only: an HRBP authors a changed self-review and a process of their own, launches it for a
/// department, the people find and do their tasks, the clock runs past a reminder and a due date, and the reports
/// show it. The only non-HTTP moves are the fake clock and single passes of the workers (as WorkerTests do).
/// People: 赵敏 (E004) the HRBP of R&amp;D and Platform Engineering (D210); the employees of D210 are E023, E024 (under
/// 吴静 E021, the head) and E025 蒋涛, E026 韩梅, E027, E028 (under 郑浩 E022); 宋佳 (E033) of Sales is unrelated.
/// </summary>
public sealed class EndToEndTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";
    private const string Subject = "E025";
    private const string Manager = "E022";
    private const string Stranger = "E033";
    private const string Process = "quick-review";
    private const string NewField = "proud_of";
    private static readonly string[] Population = ["E023", "E024", "E025", "E026", "E027", "E028"];

    // Templates are larger than the suite's 4 KB request limit.
    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?> { ["FormFlow:Limits:MaxRequestBytes"] = "1048576" };

    [Test]
    public async Task An_hrbp_authors_a_process_launches_it_and_people_complete_it_through_the_api()
    {
        using var hrbp = await SignedIn(Hrbp);

        // 1. Authoring: the self-review gets an optional field, published as the next version.
        var versions = (await GetJson(hrbp, "/api/authoring/templates/self-review/versions")).AsArray();
        var latest = versions.Count;
        var template = (await GetJson(hrbp, $"/api/authoring/templates/self-review/versions/{latest}"))["document"]!.AsObject();
        template["schema"]!["properties"]![NewField] = new JsonObject { ["type"] = "string", ["maxLength"] = 500 };
        template["fields"]![NewField] = new JsonObject { ["label"] = new JsonObject { ["zh-CN"] = "最自豪的事", ["en"] = "What I am proud of" } };
        template["sections"]!.AsArray().First(s => (string?)s!["key"] == "reflection")!["fields"]!.AsArray().Add(NewField);
        template["uiSchema"]!["ui:order"]!.AsArray().Add(NewField);
        await Expect(await hrbp.PutAsync("/api/authoring/templates/self-review/draft", Json(template.ToJsonString())), 200, "1. saving the template draft");
        var templateLint = await PostJson(hrbp, "/api/authoring/templates/self-review/lint", null, "1. linting the template draft");
        Assert.That((bool)templateLint["ok"]!, Is.True, $"1. the changed template lints clean: {templateLint.ToJsonString()}");
        var preview = await PostJson(hrbp, "/api/authoring/templates/self-review/preview", $"{{\"data\": {{\"{NewField}\": 5}}}}", "1. previewing the template");
        Assert.Multiple(() =>
        {
            Assert.That((string?)preview["forms"]!["en"]!["schema"]!["properties"]![NewField]!["title"], Is.EqualTo("What I am proud of"), "1. the preview shows the new field");
            Assert.That(preview["dataProblems"]!.AsArray().Select(p => (string?)p!["pointer"]), Does.Contain("/" + NewField), "1. the preview validates the data");
        });
        var publishedTemplate = await PostJson(hrbp, "/api/authoring/templates/self-review/publish", null, "1. publishing the template");
        Assert.That((int)publishedTemplate["version"]!, Is.EqualTo(latest + 1), "1. the template is published as the next version");

        // 2. Authoring: a process of its own, a self-review the manager reviews, pinned to the new template.
        await Expect(await hrbp.PutAsync($"/api/authoring/processes/{Process}/draft", Json(QuickReview.Definition(Process, reminder: true, escalation: true).ToJsonString())), 200, "2. saving the process draft");
        var processLint = await PostJson(hrbp, $"/api/authoring/processes/{Process}/lint", null, "2. linting the process draft");
        Assert.That((bool)processLint["ok"]!, Is.True, $"2. the process lints clean: {processLint.ToJsonString()}");
        var publishedProcess = await PostJson(hrbp, $"/api/authoring/processes/{Process}/publish", null, "2. publishing the process");
        var pinned = await GetJson(hrbp, $"/api/authoring/processes/{Process}/versions/{(int)publishedProcess["version"]!}");
        Assert.Multiple(() =>
        {
            Assert.That((int)publishedProcess["version"]!, Is.EqualTo(1), "2. the process's first version");
            Assert.That((string?)pinned["document"]!["forms"]!["self"], Is.EqualTo($"self-review@{latest + 1}"), "2. the process is pinned to the new template");
        });

        // 3. The HRBP launches it for the employees of Platform Engineering.
        var cycleId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        const string cycleName = "2026 平台研发自评 / Platform self-review";
        var starts = Host.Clock.GetUtcNow();
        using var launch = await hrbp.PostAsync("/api/cycles", Json(new JsonObject
        {
            ["cycleId"] = cycleId,
            ["name"] = cycleName,
            ["processKey"] = Process,
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "D210", ["roles"] = new JsonArray("employee") },
        }.ToJsonString()));
        var launched = JsonNode.Parse(await launch.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(launch.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"3. launching the cycle: {launched.ToJsonString()}");
            Assert.That((int?)launched["started"], Is.EqualTo(Population.Length), "3. every employee of D210 is started");
            Assert.That((int?)launched["cycle"]?["processVersion"], Is.EqualTo(1), "3. the cycle runs the published process");
        });

        // 4. Every person of the population finds exactly their own task; the others see nothing of it.
        var tasks = new Dictionary<string, (string Task, string Instance)>();
        foreach (var person in Population)
        {
            using var client = await SignedIn(person);
            var inbox = await GetJson(client, $"/api/tasks?cycle={cycleId}");
            var items = inbox["items"]!.AsArray();
            Assert.Multiple(() =>
            {
                Assert.That(items, Has.Count.EqualTo(1), $"4. {person} has exactly one task: {inbox.ToJsonString()}");
                Assert.That((string?)items[0]?["subject"]?["id"], Is.EqualTo(person), $"4. {person}'s task is about themself");
                Assert.That((string?)items[0]?["step"]?["id"], Is.EqualTo("self"), $"4. {person}'s task is the self-review");
                Assert.That((int)inbox["counts"]!["open"]!, Is.EqualTo(1), $"4. {person} has one open task");
            });
            tasks[person] = ((string)items[0]!["id"]!, (string)items[0]!["instanceId"]!);
        }

        var (selfTask, instance) = tasks[Subject];
        foreach (var other in new[] { Manager, "E021", Stranger })
        {
            using var client = await SignedIn(other);
            var inbox = await GetJson(client, $"/api/tasks?cycle={cycleId}");
            Assert.That((int)inbox["total"]!, Is.Zero, $"4. {other} has no task in the cycle before anything is submitted");
        }

        foreach (var other in new[] { "E026", Manager, Hrbp, Stranger })
        {
            using var client = await SignedIn(other);
            using var response = await client.GetAsync($"/api/tasks/{selfTask}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"4. {other} may not open {Subject}'s task");
                Assert.That(text, Does.Not.Contain("蒋涛").And.Not.Contain("Tao Jiang"), $"4. {other}'s refusal names nobody");
            });
        }

        using (var stranger = await SignedIn(Stranger))
        {
            using var response = await stranger.GetAsync($"/api/instances/{instance}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"4. {Stranger} may not see {Subject}'s instance");
        }

        // 5. The employee opens the form (with the new field), saves a draft and submits with an Idempotency-Key.
        using var employee = await SignedIn(Subject);
        var form = await GetJson(employee, $"/api/tasks/{selfTask}");
        Assert.Multiple(() =>
        {
            Assert.That(form["schema"]!["properties"]!.AsObject().ContainsKey(NewField), Is.True, "5. the form has the new field");
            Assert.That(form["writable"]!.AsArray().Select(f => (string?)f), Does.Contain(NewField), "5. the employee writes the new field");
            Assert.That(form["actions"]!.AsArray().Select(a => (string?)a), Is.EquivalentTo(new[] { "draft", "submit" }), "5. the employee may draft and submit");
        });
        var data = Example("self-review", "valid-annual-rating-5");
        data["highlights"] = "E2E-HIGHLIGHT 平台迁移按期完成";
        data[NewField] = "带新人";
        var draftBody = new JsonObject { ["data"] = Only(data, "cycle", "period", "highlights") };
        await Expect(await Send(employee, HttpMethod.Put, $"/api/tasks/{selfTask}/draft", draftBody, ifMatch: $"\"{(int)form["task"]!["version"]!}\""), 200, "5. saving a draft");
        var drafted = await GetJson(employee, $"/api/tasks/{selfTask}");
        Assert.That((string?)drafted["data"]!["highlights"], Is.EqualTo("E2E-HIGHLIGHT 平台迁移按期完成"), "5. the draft is kept");

        var submit = new JsonObject { ["data"] = data.DeepClone() };
        using var first = await Send(employee, HttpMethod.Post, $"/api/tasks/{selfTask}/submit", submit, key: "e2e-submit-1");
        var firstText = await first.Content.ReadAsStringAsync();
        using var retry = await Send(employee, HttpMethod.Post, $"/api/tasks/{selfTask}/submit", submit, key: "e2e-submit-1");
        var retryText = await retry.Content.ReadAsStringAsync();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"5. submitting: {firstText}");
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"5. the retried submit: {retryText}");
            Assert.That(retryText, Is.EqualTo(firstText), "5. the retry answers the first answer");
            Assert.That(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed : [], Does.Contain("true"), "5. the retry says it is a replay");
            Assert.That(await ScalarAsync("SELECT COUNT(*) FROM task_revisions WHERE task_id = @Id", selfTask), Is.EqualTo(1), "5. the submit wrote once");
        });

        // 6. The manager reviews and returns it with a comment on the new field.
        using var manager = await SignedIn(Manager);
        var review = await OnlyOpenTaskAsync(manager, cycleId, "self");
        var reviewForm = await GetJson(manager, $"/api/tasks/{review}");
        Assert.Multiple(() =>
        {
            Assert.That((string?)reviewForm["kind"], Is.EqualTo("review"), "6. the manager's task is a review");
            Assert.That((string?)reviewForm["data"]![NewField], Is.EqualTo("带新人"), "6. the manager reads what was submitted");
            Assert.That((string?)reviewForm["task"]!["subject"]!["id"], Is.EqualTo(Subject), "6. the review is about the employee");
        });
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{review}/return", new JsonObject
        {
            ["reason"] = "请补充细节",
            ["comments"] = new JsonArray(new JsonObject { ["field"] = "/" + NewField, ["body"] = "带了几位新人？效果如何？" }),
        }), 200, "6. returning with a field comment");

        // 7. The employee sees the comment on the field and resubmits.
        var revision = await OnlyOpenTaskAsync(employee, cycleId, "self");
        var revisionForm = await GetJson(employee, $"/api/tasks/{revision}");
        var comment = revisionForm["comments"]!.AsArray().FirstOrDefault();
        Assert.Multiple(() =>
        {
            Assert.That(revision, Is.Not.EqualTo(selfTask), "7. the return is a new task");
            Assert.That((string?)comment?["field"], Is.EqualTo("/" + NewField), $"7. the comment is on the new field: {revisionForm["comments"]?.ToJsonString()}");
            Assert.That((string?)comment?["body"], Is.EqualTo("带了几位新人？效果如何？"), "7. the comment's text");
            Assert.That((string?)comment?["author"]?["id"], Is.EqualTo(Manager), "7. the comment's author");
        });
        data[NewField] = "带了两位新人，均已独立负责模块";
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{revision}/submit", new JsonObject { ["data"] = data.DeepClone() }, key: "e2e-submit-2"), 200, "7. resubmitting");

        // 8. The manager approves: the instance is completed.
        var second = await OnlyOpenTaskAsync(manager, cycleId, "self");
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{second}/approve", new JsonObject(), key: "e2e-approve-1"), 200, "8. approving");
        var done = await GetJson(employee, $"/api/instances/{instance}");
        var inboxAfter = await GetJson(employee, $"/api/tasks?cycle={cycleId}");
        Assert.Multiple(() =>
        {
            Assert.That((string?)done["status"], Is.EqualTo("completed"), $"8. the instance is completed: {done.ToJsonString()}");
            Assert.That((string?)done["forms"]?["self"]?[NewField], Is.EqualTo("带了两位新人，均已独立负责模块"), "8. the employee reads the final form");
            Assert.That((int)inboxAfter["counts"]!["open"]!, Is.Zero, "8. the employee has nothing open");
            Assert.That((int)inboxAfter["counts"]!["total"]!, Is.EqualTo(2), "8. the employee's two submits are in their done tasks");
        });

        // 9. The clock runs past the reminder (2 days before) and the due date (14 days after the start); the sweep runs.
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        Host.Clock.Advance(TimeSpan.FromDays(12) + TimeSpan.FromHours(1));
        Assert.That(await sweeper.SweepAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(5), "9. the reminders of the five open tasks fired");
        Host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.That(await sweeper.SweepAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(5), "9. the escalations of the five overdue tasks fired");
        await Host.Services.GetRequiredService<OutboxWorker>().DeliverAsync(CancellationToken.None);

        // Tokens of two weeks ago have expired: sign in again.
        using var hrbpNow = await SignedIn(Hrbp);
        using var employeeNow = await SignedIn(Subject);

        using (var late = await SignedIn("E026"))
        {
            var inbox = await GetJson(late, $"/api/tasks?cycle={cycleId}");
            var overdueOnly = await GetJson(late, $"/api/tasks?cycle={cycleId}&overdue=true");
            Assert.Multiple(() =>
            {
                Assert.That((int)inbox["counts"]!["overdue"]!, Is.EqualTo(1), $"9. 韩梅's inbox counts the overdue task: {inbox.ToJsonString()}");
                Assert.That((bool?)inbox["items"]![0]!["overdue"], Is.True, "9. the task is marked overdue");
                Assert.That((int)overdueOnly["total"]!, Is.EqualTo(1), "9. the overdue filter finds it");
            });
        }

        var employeeCounts = (await GetJson(employeeNow, $"/api/tasks?cycle={cycleId}"))["counts"]!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((int)employeeCounts["overdue"]!, Is.Zero, "9. the employee who finished has nothing overdue");
            Assert.That(await NoticesAsync("E026", "task.reminder"), Is.EqualTo(1), "9. the outbox holds 韩梅's reminder");
            Assert.That(await NoticesAsync(Subject, "task.reminder"), Is.Zero, "9. no reminder for the finished task");
            Assert.That(await NoticesAsync("E026", "task.overdue"), Is.EqualTo(1), "9. the outbox holds 韩梅's overdue notice");
            Assert.That(await OverdueCopiesAsync(Manager), Is.EquivalentTo(new[] { "E026", "E027", "E028" }), "9. the overdue notices copy the superior 郑浩");
            Assert.That(await OverdueCopiesAsync("E021"), Is.EquivalentTo(new[] { "E023", "E024" }), "9. and 吴静 for hers");
        });

        // 10. The cycle's progress: one completed, five overdue — as JSON, HTML and CSV.
        var progress = await GetJson(hrbpNow, $"/api/cycles/{cycleId}");
        Assert.Multiple(() =>
        {
            Assert.That(((int)progress["people"]!, (int)progress["completed"]!, (int)progress["running"]!), Is.EqualTo((6, 1, 5)), $"10. the progress counts: {progress.ToJsonString()}");
            Assert.That(((int)progress["openTasks"]!, (int)progress["overdueTasks"]!), Is.EqualTo((5, 5)), "10. five open tasks, all overdue");
        });
        hrbpNow.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using (var html = await hrbpNow.GetAsync($"/api/reports/cycle-progress/{cycleId}"))
        {
            var text = await html.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(html.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"10. the progress report as HTML: {text}");
                Assert.That(html.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), "10. HTML");
                Assert.That(text, Does.Contain(cycleName).And.Contain("Platform Engineering"), "10. the HTML names the cycle and the department");
                Assert.That(text, Does.Contain("Mei Han").Or.Contain("韩梅"), "10. the HTML lists the overdue task of 韩梅");
            });
        }

        var departments = await Csv(hrbpNow, $"/api/reports/cycle-progress/{cycleId}?format=csv&table=departments", "10. the departments table");
        var overdue = await Csv(hrbpNow, $"/api/reports/cycle-progress/{cycleId}?format=csv&table=overdue", "10. the overdue table");
        Assert.Multiple(() =>
        {
            Assert.That(departments.Split("\r\n")[1], Does.StartWith("Platform Engineering,6,1,5,0,"), $"10. one of six completed: {departments}");
            Assert.That(overdue, Does.Contain("Mei Han").Or.Contain("韩梅"), $"10. the overdue CSV lists 韩梅: {overdue}");
            Assert.That(overdue, Does.Not.Contain("Tao Jiang").And.Not.Contain("蒋涛"), "10. the completed employee is not overdue");
        });

        // 11. The employee's history shows their own review, and nobody else's.
        using var history = await employeeNow.GetAsync("/api/reports/history");
        var historyHtml = await history.Content.ReadAsStringAsync();
        var ratings = await Csv(employeeNow, "/api/reports/history?format=csv", "11. the history's ratings");
        Assert.Multiple(() =>
        {
            Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"11. the history report: {historyHtml}");
            Assert.That(historyHtml, Does.Contain("蒋涛"), "11. the history names the employee");
            Assert.That(historyHtml, Does.Contain("E2E-HIGHLIGHT"), "11. the history shows the employee's own self-review");
            Assert.That(historyHtml, Does.Not.Contain("韩梅").And.Not.Contain("Mei Han"), "11. the history names no colleague");
            Assert.That(ratings, Does.Contain(cycleName), $"11. the ratings table lists the cycle: {ratings}");
        });
        using var others = await employeeNow.GetAsync("/api/reports/history?employeeId=E026");
        Assert.That(others.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "11. another employee's history is 404");
    }


    private static async Task<JsonNode> PostJson(HttpClient client, string url, string? body, string step)
    {
        using var response = await client.PostAsync(url, body is null ? null : Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{step}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<string> Csv(HttpClient client, string url, string step)
    {
        using var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{step}: {text}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"), $"{step} is CSV");
        });
        return text;
    }

    // The recipients of the overdue notices that copy the superior.
    private async Task<List<string>> OverdueCopiesAsync(string superior)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var rows = await work.Connection.QueryAsync<(string Recipient, string Payload)>("SELECT recipient, payload FROM outbox", transaction: work.Transaction);
        return [.. rows.Where(r => JsonNode.Parse(r.Payload) is { } p && (string?)p["event"] == "task.overdue"
            && p["cc"]!.AsArray().Any(c => (string?)c == superior)).Select(r => r.Recipient)];
    }

    private async Task<int> ScalarAsync(string sql, string id)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.ExecuteScalarAsync<int>(sql, new { Id = id }, work.Transaction);
    }
}
