using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Cycles;
using FormFlow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>Launching, watching, extending, closing and cancelling cycles over HTTP, with who may do each.</summary>
public sealed class CyclesApiTests(string kind) : ApiTest(kind)
{
    // R&D (D200) and Platform Engineering below it (D210): 11 + 8 people; 赵敏 (E004) is their HRBP.
    private const int RandD = 19;

    [Test]
    public async Task The_departments_hrbp_launches_the_annual_review_and_a_relaunch_doubles_nothing()
    {
        using var hrbp = await SignedIn("E004");
        var id = NewId();
        using var first = await hrbp.PostAsync("/api/cycles", Json(Launch(id, "D200")));
        var launched = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        using var again = await hrbp.PostAsync("/api/cycles", Json(Launch(id, "D200")));
        var relaunched = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), launched.ToJsonString());
            Assert.That(first.Headers.Location?.OriginalString, Is.EqualTo("/api/cycles/" + id));
            Assert.That(first.Headers.ETag?.Tag, Is.EqualTo($"\"{(string?)launched["cycle"]!["version"]}\""));
            Assert.That(((bool)launched["created"]!, (int)launched["started"]!, (int)launched["alreadyInCycle"]!), Is.EqualTo((true, RandD, 0)));
            Assert.That((string?)launched["cycle"]!["processKey"], Is.EqualTo("annual-review"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), relaunched.ToJsonString());
            Assert.That(((bool)relaunched["created"]!, (int)relaunched["started"]!, (int)relaunched["alreadyInCycle"]!), Is.EqualTo((false, 0, RandD)));
            Assert.That(await Count("SELECT COUNT(*) FROM cycle_members WHERE cycle_id = @Id", id), Is.EqualTo(RandD));
            Assert.That(await Count("SELECT COUNT(*) FROM process_instances WHERE cycle_id = @Id", id), Is.EqualTo(RandD));
        });
    }

    [TestCase("E004", "D300", Description = "the HRBP of R&D, for Sales")]
    [TestCase("E011", "D200", Description = "a manager")]
    [TestCase("E012", "D200", Description = "an employee")]
    public async Task A_launch_beyond_ones_departments_is_403_and_launches_nothing(string personId, string department)
    {
        using var client = await SignedIn(personId);
        var id = NewId();
        using var response = await client.PostAsync("/api/cycles", Json(Launch(id, department)));
        await Problem(response, 403);
        Assert.That(await CycleOperations.FindAsync(Db, id), Is.Null);
    }

    [Test]
    public async Task The_hrbp_of_the_root_department_and_the_administrator_may_launch_anywhere()
    {
        using var root = await SignedIn("E005");
        using var admin = await SignedIn("E002");
        using var byRoot = await root.PostAsync("/api/cycles", Json(Launch(NewId(), "D210")));
        using var byAdmin = await admin.PostAsync("/api/cycles", Json(Launch(NewId(), "D210")));
        Assert.That((byRoot.StatusCode, byAdmin.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)));
    }

    private static IEnumerable<TestCaseData> BadLaunches()
    {
        const string start = "2026-12-01T09:00:00+08:00";
        const string end = "2027-01-31T18:00:00+08:00";
        string Body(string startsAt = start, string endsAt = end, string population = "{\"departmentId\": \"D200\"}", string extra = "") =>
            $$"""{"cycleId": "{ID}", "name": "年度绩效 2026", "processKey": "annual-review", "startsAt": "{{startsAt}}", "endsAt": "{{endsAt}}", "population": {{population}}{{extra}}}""";
        yield return new TestCaseData(Body(endsAt: "2026-11-01T09:00:00+08:00"), "/endsAt", "cycle.window-reversed").SetName("An_end_before_the_start_is_400_naming_endsAt");
        yield return new TestCaseData(Body(population: "{\"departmentId\": \"D999\"}"), "/population/departmentId", "cycle.unknown-department").SetName("An_unknown_department_is_400_naming_it");
        yield return new TestCaseData(Body(population: "{\"departmentId\": \"D200\", \"roles\": [\"boss\"]}"), "/population/roles/0", "cycle.unknown-role").SetName("An_unknown_role_is_400_naming_it");
        yield return new TestCaseData(Body().Replace("\"startsAt\": \"" + start + "\"", "\"startsAt\": \"2026-13-45\"", StringComparison.Ordinal), "/startsAt", "json.wrong-type").SetName("An_invalid_date_is_400_naming_it");
        yield return new TestCaseData(Body().Replace("\"name\": \"年度绩效 2026\"", "\"name\": 2026", StringComparison.Ordinal), "/name", "json.wrong-type").SetName("A_wrong_type_is_400_naming_the_field");
        yield return new TestCaseData(Body(extra: ", \"owner\": \"E004\""), "/owner", "json.unknown-member").SetName("An_unknown_member_is_400_naming_it");
        yield return new TestCaseData(Body()[..60], "", "json.syntax").SetName("Malformed_json_is_400");
        yield return new TestCaseData(Body().Replace("\"processKey\": \"annual-review\", ", "", StringComparison.Ordinal), "/processKey", "json.required").SetName("A_missing_member_is_400_naming_it");
    }

    [TestCaseSource(nameof(BadLaunches))]
    public async Task Bad_launches_are_400_naming_the_field_and_launch_nothing(string body, string pointer, string code)
    {
        using var hrbp = await SignedIn("E004");
        var id = NewId();
        using var response = await hrbp.PostAsync("/api/cycles", Json(body.Replace("{ID}", id, StringComparison.Ordinal)));
        var problem = await Problem(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Multiple(async () =>
        {
            Assert.That(errors.Any(e => e.Key.StartsWith(pointer, StringComparison.Ordinal) && e.Value!.AsArray().Any(x => (string?)x!["code"] == code)), Is.True, problem.ToJsonString());
            Assert.That(await CycleOperations.FindAsync(Db, id), Is.Null, "nothing launched");
        });
    }

    [Test]
    public async Task The_progress_of_a_cycle_counts_its_people_and_open_tasks()
    {
        var id = await Launched("D210");
        using var hrbp = await SignedIn("E004");
        using var response = await hrbp.GetAsync("/api/cycles/" + id);
        var progress = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), progress.ToJsonString());
            Assert.That(((int)progress["people"]!, (int)progress["running"]!, (int)progress["completed"]!), Is.EqualTo((8, 8, 0)));
            Assert.That((int)progress["openTasks"]!, Is.EqualTo(8), "a self-review each");
            Assert.That(progress["byDepartment"]!.AsArray().Select(d => (string?)d!["name"]!["en"]), Is.EqualTo(new[] { "Platform Engineering" }));
            Assert.That(((int)progress["departments"]!, (int)progress["managers"]!), Is.EqualTo((1, progress["byManager"]!.AsArray().Count)), "how many rows there are, all listed when few");
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo($"\"{(string?)progress["cycle"]!["version"]}\""));
        });
    }

    [Test]
    public async Task Extending_with_a_stale_if_match_is_409_and_with_the_fresh_one_moves_the_end()
    {
        var id = await Launched("D210");
        using var hrbp = await SignedIn("E004");
        using var read = await hrbp.GetAsync("/api/cycles/" + id);
        var etag = read.Headers.ETag!.Tag;
        var endsAt = ((DateTimeOffset)JsonNode.Parse(await read.Content.ReadAsStringAsync())!["cycle"]!["endsAt"]!).AddDays(7);

        using var stale = await Extend(hrbp, id, endsAt, "\"0123456789abcdef\"");
        await Problem(stale, 409);
        Assert.That((await CycleOperations.FindAsync(Db, id))!.EndsAt, Is.EqualTo(endsAt.AddDays(-7)), "a stale write changes nothing");

        using var fresh = await Extend(hrbp, id, endsAt, etag);
        var moved = JsonNode.Parse(await fresh.Content.ReadAsStringAsync())!;
        using var replayed = await Extend(hrbp, id, endsAt.AddDays(1), etag);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK), moved.ToJsonString());
            Assert.That((DateTimeOffset)moved["cycle"]!["endsAt"]!, Is.EqualTo(endsAt));
            Assert.That((int)moved["tasksMoved"]!, Is.GreaterThanOrEqualTo(8));
            Assert.That(fresh.Headers.ETag?.Tag, Is.Not.EqualTo(etag));
            Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the old version is stale now");
            Assert.That((await CycleOperations.FindAsync(Db, id))!.EndsAt, Is.EqualTo(endsAt));
        });
    }

    [Test]
    public async Task Extending_to_an_earlier_end_is_400_naming_endsAt()
    {
        var id = await Launched("D210");
        using var hrbp = await SignedIn("E004");
        using var response = await Extend(hrbp, id, Host.Clock.GetUtcNow(), null);
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]!["/endsAt"], Is.Not.Null, problem.ToJsonString());
    }

    [Test]
    public async Task Closing_stops_new_launches_and_cancelling_cancels_every_instance()
    {
        var id = await Launched("D210");
        using var hrbp = await SignedIn("E004");
        using var closed = await hrbp.PostAsync($"/api/cycles/{id}/close", null);
        var closedBody = JsonNode.Parse(await closed.Content.ReadAsStringAsync())!;
        using var relaunch = await hrbp.PostAsync("/api/cycles", Json(Launch(id, "D210")));
        var relaunchProblem = await Problem(relaunch, 400);
        using var cancelled = await hrbp.PostAsync($"/api/cycles/{id}/cancel", null);
        var cancelledBody = JsonNode.Parse(await cancelled.Content.ReadAsStringAsync())!;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((closed.StatusCode, (string?)closedBody["cycle"]!["status"]), Is.EqualTo((HttpStatusCode.OK, "closed")), closedBody.ToJsonString());
            Assert.That(relaunchProblem["errors"]!["/cycleId"], Is.Not.Null, relaunchProblem.ToJsonString());
            Assert.That((cancelled.StatusCode, (string?)cancelledBody["cycle"]!["status"]), Is.EqualTo((HttpStatusCode.OK, "cancelled")));
            Assert.That((int)cancelledBody["instancesCancelled"]!, Is.EqualTo(8));
            Assert.That(await Count("SELECT COUNT(*) FROM process_instances WHERE cycle_id = @Id AND status = 'running'", id), Is.Zero);
        });
    }

    [TestCase("E010", HttpStatusCode.OK, HttpStatusCode.Forbidden, Description = "the head of R&D watches but does not manage")]
    [TestCase("E005", HttpStatusCode.OK, HttpStatusCode.OK, Description = "the HRBP of the root department")]
    [TestCase("E002", HttpStatusCode.OK, HttpStatusCode.OK, Description = "the administrator")]
    [TestCase("E021", HttpStatusCode.OK, HttpStatusCode.Forbidden, Description = "the head of Platform Engineering, the whole cycle")]
    [TestCase("E022", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, Description = "a manager of people in it")]
    [TestCase("E025", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, Description = "an employee in it")]
    [TestCase("E012", HttpStatusCode.NotFound, HttpStatusCode.NotFound, Description = "an employee of another department")]
    [TestCase("E030", HttpStatusCode.NotFound, HttpStatusCode.NotFound, Description = "the head of another department")]
    public async Task Who_may_watch_and_manage_a_cycle(string personId, HttpStatusCode watch, HttpStatusCode manage)
    {
        var id = await Launched("D210");
        using var client = await SignedIn(personId);
        using var read = await client.GetAsync("/api/cycles/" + id);
        using var close = await client.PostAsync($"/api/cycles/{id}/close", null);
        Assert.That((read.StatusCode, close.StatusCode), Is.EqualTo((watch, manage)), await close.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_unknown_cycle_is_404_to_everyone()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.GetAsync("/api/cycles/no-such-cycle");
        await Problem(response, 404);
        using var extend = await Extend(admin, "no-such-cycle", Host.Clock.GetUtcNow().AddDays(90), null);
        await Problem(extend, 404);
    }

    [Test]
    public async Task The_list_holds_the_cycles_the_caller_may_watch()
    {
        var id = await Launched("D210");
        async Task<List<string>> Listed(string personId)
        {
            using var client = await SignedIn(personId);
            var page = await client.GetFromJsonAsync<JsonObject>("/api/cycles?pageSize=200");
            return [.. page!["items"]!.AsArray().Select(c => (string)c!["id"]!)];
        }

        var (hrbp, head, other, employee) = (await Listed("E004"), await Listed("E021"), await Listed("E030"), await Listed("E025"));
        Assert.Multiple(() =>
        {
            Assert.That(hrbp, Does.Contain(id));
            Assert.That(head, Does.Contain(id));
            Assert.That(other, Does.Not.Contain(id));
            Assert.That(employee, Is.Empty);
        });
    }

    [Test]
    public async Task Reminders_by_the_clock_show_as_overdue_tasks_in_the_progress_report()
    {
        var id = NewId();
        using (var hrbp = await SignedIn("E004"))
        {
            using var launched = await hrbp.PostAsync("/api/cycles", Json(Launch(id, "D210", people: ["E025"])));
            Assert.That(launched.StatusCode, Is.EqualTo(HttpStatusCode.Created), await launched.Content.ReadAsStringAsync());
        }

        // The self-review is due 14 days after the start, with a reminder 2 days before.
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        Host.Clock.Advance(TimeSpan.FromDays(15));
        await sweeper.SweepAsync(CancellationToken.None);

        using var client = await SignedIn("E004");
        var progress = await client.GetFromJsonAsync<JsonObject>("/api/cycles/" + id);
        using var report = await client.GetAsync($"/api/reports/cycle-progress/{id}?format=csv&table=overdue");
        var csv = await report.Content.ReadAsStringAsync();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((int)progress!["overdueTasks"]!, Is.GreaterThanOrEqualTo(1));
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.OK), csv);
            Assert.That(csv, Does.Contain("蒋涛"), "the overdue self-review of 蒋涛 (E025) is listed");
            Assert.That(await Count("SELECT COUNT(*) FROM outbox WHERE recipient = @Id", "E025"), Is.GreaterThanOrEqualTo(2), "the launch notice and the reminder");
        });
    }

    [Test]
    public async Task Previewing_a_launch_counts_the_people_and_names_those_without_a_skip_level_manager_and_writes_nothing()
    {
        using var hrbp = await SignedIn("E004");
        hrbp.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var id = NewId();
        var before = await Written();
        using var response = await hrbp.PostAsync("/api/cycles/preview", Json(Launch(id, "D200")));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var findings = preview["findings"]!.AsArray();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
            Assert.That(((int)preview["toStart"]!, (int)preview["alreadyInCycle"]!, preview["notStarted"]!.AsArray().Count), Is.EqualTo((RandD, 0, 0)));
            // 刘洋 (E010) heads R&D; his manager, the CEO, has no manager: the skip-level approval has nobody for him.
            var skipLevel = findings.Where(f => (string?)f!["assignee"] == "skip-level").ToList();
            Assert.That(skipLevel.Select(f => ((string?)f!["code"], (int)f["count"]!, f["personIds"]!.AsArray().Select(p => (string?)p).Single())), Is.EqualTo(new[] { ("cycle.unresolved-assignee", 1, (string?)"E010") }));
            Assert.That((string?)skipLevel[0]!["message"], Does.StartWith("No skip-level manager for 1 person (Yang Liu)"));
            Assert.That(await CycleOperations.FindAsync(Db, id), Is.Null, "no cycle");
            Assert.That(await Written(), Is.EqualTo(before), "no instance, task, notice or audit entry");
        });
    }

    [Test]
    public async Task A_preview_speaks_the_callers_language_and_counts_who_is_in_the_cycle_already()
    {
        var id = await Launched("D210");
        using var hrbp = await SignedIn("E004");
        hrbp.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await hrbp.PostAsync("/api/cycles/preview", Json(Launch(id, "D200")));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
            Assert.That(((int)preview["toStart"]!, (int)preview["alreadyInCycle"]!), Is.EqualTo((RandD - 8, 8)));
            Assert.That(preview["findings"]!.AsArray().Select(f => (string?)f!["message"]), Has.Some.StartsWith("1 人没有隔级上级（刘洋）"));
        });
    }

    [Test]
    public async Task A_preview_of_a_list_of_people_names_the_unknown_ones()
    {
        using var hrbp = await SignedIn("E004");
        using var response = await hrbp.PostAsync("/api/cycles/preview", Json(Launch(NewId(), "D210", people: ["E025", "E999"])));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
            Assert.That((int)preview["toStart"]!, Is.EqualTo(1));
            Assert.That(preview["notStarted"]!.AsArray().Select(n => ((string?)n!["personId"], (string?)n["code"])), Is.EqualTo(new[] { ((string?)"E999", (string?)"cycle.unknown-person") }));
        });
    }

    [TestCase("E004", "D300", 403, Description = "the HRBP of R&D, for Sales")]
    [TestCase("E012", "D200", 403, Description = "an employee")]
    public async Task A_preview_beyond_ones_departments_is_refused_like_the_launch(string personId, string department, int status)
    {
        using var client = await SignedIn(personId);
        using var response = await client.PostAsync("/api/cycles/preview", Json(Launch(NewId(), department)));
        await Problem(response, status);
    }

    [Test]
    public async Task A_bad_preview_is_400_naming_the_field()
    {
        using var hrbp = await SignedIn("E004");
        var body = JsonNode.Parse(Launch(NewId(), "D999"))!;
        using var response = await hrbp.PostAsync("/api/cycles/preview", Json(body.ToJsonString()));
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/population/departmentId" }), problem.ToJsonString());
    }

    // What a launch writes, counted: cycles, their members, instances, tasks, timers, the outbox and the audit log.
    private async Task<(int, int, int, int, int, int, int)> Written() => (
        await Count("SELECT COUNT(*) FROM cycles WHERE id <> @Id", ""),
        await Count("SELECT COUNT(*) FROM cycle_members WHERE cycle_id <> @Id", ""),
        await Count("SELECT COUNT(*) FROM process_instances WHERE id <> @Id", ""),
        await Count("SELECT COUNT(*) FROM tasks WHERE id <> @Id", ""),
        await Count("SELECT COUNT(*) FROM timers WHERE id <> @Id", ""),
        await Count("SELECT COUNT(*) FROM outbox WHERE id <> @Id", ""),
        await Count("SELECT COUNT(*) FROM audit_log WHERE actor <> @Id", ""));

    private static string NewId() => "c-" + Guid.NewGuid().ToString("N")[..12];

    private string Launch(string id, string department, string[]? people = null)
    {
        var starts = Host.Clock.GetUtcNow();
        return new JsonObject
        {
            ["cycleId"] = id,
            ["name"] = "2026 年度绩效 / Annual review 2026 " + id,
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = people is null ? new JsonObject { ["departmentId"] = department } : new JsonObject { ["personIds"] = new JsonArray([.. people.Select(p => (JsonNode?)p)]) },
        }.ToJsonString();
    }

    private async Task<string> Launched(string department)
    {
        var id = NewId();
        using var hrbp = await SignedIn("E004");
        using var response = await hrbp.PostAsync("/api/cycles", Json(Launch(id, department)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return id;
    }

    [Test]
    public async Task A_bad_page_of_cycles_is_400_naming_the_query_parameters_by_their_plain_names()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.GetAsync("/api/cycles?page=0&pageSize=201");
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "page", "pageSize" }));
    }

    private static async Task<HttpResponseMessage> Extend(HttpClient client, string id, DateTimeOffset endsAt, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cycles/{id}/extend")
        {
            Content = Json(new JsonObject { ["endsAt"] = endsAt.ToString("o", CultureInfo.InvariantCulture) }.ToJsonString()),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    private async Task<int> Count(string sql, string id)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.ExecuteScalarAsync<int>(sql, new { Id = id }, work.Transaction);
    }
}
