using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>
/// KPI actuals and threshold warnings (docs/kpi-actuals.md) over the demo organisation, on the fake clock (Tuesday
/// 1 December 2026, ISO week 2026-W49): 张伟 (E011) set the quarter's KPIs of 李娜 (E012) and 王强 (E013) through the
/// shipped KPI process; actuals come in typed by hand, from a file and pushed by another system, all through one command.
/// </summary>
public sealed class KpiActualsApiTests(string kind) : ApiTest(kind)
{
    private const string Cycle = "kpi-actuals-2026q4";

    [OneTimeSetUp]
    public async Task SetTheQuarterlyKpisOfTwoReports()
    {
        var starts = Host.Clock.GetUtcNow();
        using (var hrbp = await SignedIn("E004"))
        {
            await Expect(await Send(hrbp, HttpMethod.Post, "/api/cycles", new JsonObject
            {
                ["cycleId"] = Cycle,
                ["name"] = "2026 Q4 KPI",
                ["processKey"] = "kpi-quarterly",
                ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
                ["endsAt"] = starts.AddDays(90).ToString("o", CultureInfo.InvariantCulture),
                ["population"] = new JsonObject { ["personIds"] = new JsonArray("E012", "E013") },
            }), 201, "launch");
        }

        using var manager = await SignedIn("E011");
        var inbox = await GetJson(manager, $"/api/tasks?cycle={Cycle}&status=open");
        foreach (var task in inbox["items"]!.AsArray())
        {
            await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{(string)task!["id"]!}/submit", new JsonObject { ["data"] = Kpis() }), 200, "propose");
        }
    }

    [Test]
    public async Task A_manager_types_an_actual_by_hand_and_a_correction_keeps_the_old_row()
    {
        var manager = await SignedIn("E011");

        await Record(manager, "hand", ("E012", "签约金额", "2026-W40", 90));
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var corrected = await Record(manager, "hand", ("E012", "签约金额", "2026-W40", 95));

        Assert.That((int)corrected["written"]!, Is.EqualTo(1));
        var point = Line(await GetJson(manager, "/api/kpi/people/E012/board"), "签约金额")["points"]!.AsArray().Single(p => (string?)p!["period"] == "2026-W40")!;
        Assert.That(((double)point["value"]!, (int)point["rows"]!, (string?)point["recordedBy"], (string?)point["source"]), Is.EqualTo((95d, 2, "E011", "hand")));
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var rows = await work.Connection.QueryAsync<double>(
            "SELECT value FROM kpi_actuals WHERE person_id = 'E012' AND indicator = '签约金额' AND period = '2026-W40' ORDER BY recorded_at, id", transaction: work.Transaction);
        Assert.That(rows, Is.EqualTo(new[] { 90d, 95d }), "both rows are kept; the newest counts");
    }

    [Test]
    public async Task A_file_with_bad_rows_names_each_row_and_column_and_imports_nothing()
    {
        var hrbp = await SignedIn("E004");
        var before = await RowsAsync();
        var csv = """
            person_id,indicator,period,value
            E012,签约金额,2026-W41,88
            E012,签约金额,2026-41,70
            E012,没有的指标,2026-W41,70
            E013,签约金额,2026-W41,很多
            E099,签约金额,2026-W41,70
            """;

        var problem = await Problem(await Upload(hrbp, csv), 400);

        var problems = problem["problems"]!.AsArray().Select(p => ((int)p!["row"]!, (string?)p["column"], (string?)p["code"])).ToList();
        Assert.That(problems, Is.EqualTo(new[]
        {
            (3, (string?)"period", (string?)"actuals.period"),
            (4, "indicator", "actuals.indicator-unknown"),
            (5, "value", "actuals.value"),
            (6, "person_id", "actuals.person-unknown"),
        }), problem.ToJsonString());
        Assert.That((string?)problem["problems"]![0]!["message"], Does.Contain("2026-W49"), "the message says how a week is written");
        Assert.That(await RowsAsync(), Is.EqualTo(before), "nothing half-imported");

        using var good = await Upload(hrbp, "工号,指标,期间,实际值\nE012,签约金额,2026-W41,88\nE013,回款率,2026-10,91.5\n");
        Assert.That((int)(await Json(good))["written"]!, Is.EqualTo(2));
        Assert.That(await RowsAsync(), Is.EqualTo(before + 2));
    }

    [Test]
    public async Task A_repeated_push_with_the_same_key_writes_once_and_the_key_on_another_body_is_refused()
    {
        var system = await SignedIn("E002");
        var key = "crm-" + Guid.NewGuid().ToString("N");
        var body = Entries("api", ("E013", "签约金额", "2026-W42", 77));
        var before = await RowsAsync();

        using var first = await Send(system, HttpMethod.Post, "/api/kpi/actuals", body, key: key);
        using var retry = await Send(system, HttpMethod.Post, "/api/kpi/actuals", body, key: key);

        Assert.That((await Json(retry)).ToJsonString(), Is.EqualTo((await Json(first)).ToJsonString()));
        Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That(await RowsAsync(), Is.EqualTo(before + 1), "written once");

        var reused = await Problem(await Send(system, HttpMethod.Post, "/api/kpi/actuals", Entries("api", ("E013", "签约金额", "2026-W42", 78)), key: key), 422);
        Assert.That((string?)reused["code"], Is.EqualTo("idempotency.key-reused"));
        Assert.That(await RowsAsync(), Is.EqualTo(before + 1));
    }

    [Test]
    public async Task A_push_whose_node_stopped_after_it_committed_is_answered_on_retry_with_what_it_recorded_and_writes_nothing_again()
    {
        var system = await SignedIn("E002");
        var key = "crm-" + Guid.NewGuid().ToString("N");
        // Two bad weeks in a row: the push writes two rows and opens one warning.
        var body = Entries("api", ("E013", "新增客户数", "2026-W10", 2), ("E013", "新增客户数", "2026-W11", 1));
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await RowsAsync();
        using var first = await Send(system, HttpMethod.Post, "/api/kpi/actuals", body, key: key);
        var once = await Json(first);
        var notices = await WarningNoticesAsync("E013", "E013");

        await LoseTheStoredAnswerAsync(Db, "E002", key);
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        using var retry = await Send(system, HttpMethod.Post, "/api/kpi/actuals", body, key: key);
        var retryText = await retry.Content.ReadAsStringAsync();
        using var again = await Send(system, HttpMethod.Post, "/api/kpi/actuals", body, key: key);
        var againText = await again.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(((int)once["written"]!, (int)once["warningsOpened"]!), Is.EqualTo((2, 1)));
            Assert.That((int)retry.StatusCode, Is.EqualTo(200), "the system learns its push worked, not 409: " + retryText);
            Assert.That(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed : [], Does.Contain("true"));
            Assert.That(retryText, Is.EqualTo(once.ToJsonString()), "the answer the push would have had");
            Assert.That((int)again.StatusCode, Is.EqualTo(200), againText);
            Assert.That(againText, Is.EqualTo(retryText), "the rebuilt answer is kept for later retries");
        });
        Assert.That(await RowsAsync(), Is.EqualTo(before + 2), "nothing written again");
        Assert.That(await WarningNoticesAsync("E013", "E013"), Is.EqualTo(notices), "no second warning sent");
    }

    [Test]
    public async Task Two_bad_weeks_warn_the_employee_and_the_manager_once_per_breach_and_recovery_clears_it()
    {
        var manager = await SignedIn("E011");
        const string visits = "有效客户拜访量";

        await Record(manager, "hand", ("E012", visits, "2026-W30", 5));
        Assert.That(await Warnings(), Is.EqualTo((0, 0)), "one bad week: no warning");

        var second = await Record(manager, "hand", ("E012", visits, "2026-W31", 4));
        Assert.That((int)second["warningsOpened"]!, Is.EqualTo(1));
        Assert.That(await Warnings(), Is.EqualTo((1, 1)), "two bad weeks: the employee and the manager");
        var warning = Line(await GetJson(manager, "/api/kpi/people/E012/board"), visits)["warning"]!;
        Assert.That(((string?)warning["firstPeriod"], (string?)warning["lastPeriod"], warning["values"]!.AsArray().Select(v => (double)v!["value"]!)),
            Is.EqualTo(("2026-W30", "2026-W31", new[] { 5d, 4d })));

        await Record(manager, "hand", ("E012", visits, "2026-W32", 3));
        await Host.Services.GetRequiredService<ThresholdSweeper>().SweepAsync(CancellationToken.None);
        Assert.That(await Warnings(), Is.EqualTo((1, 1)), "the same breach, a third week and the timer's sweep: no second notice");

        await Record(manager, "hand", ("E012", visits, "2026-W33", 10));
        var board = await GetJson(manager, "/api/kpi/people/E012/board");
        Assert.That(Line(board, visits)["warning"], Is.Null, "recovered: cleared");
        Assert.That(board["warnings"]!.AsArray().Where(w => (string?)w!["indicator"] == visits).Select(w => (string?)w!["clearedPeriod"]), Is.EqualTo(new[] { "2026-W33" }));

        await Record(manager, "hand", ("E012", visits, "2026-W34", 2), ("E012", visits, "2026-W35", 1));
        Assert.That(await Warnings(), Is.EqualTo((2, 2)), "a new breach after recovery warns again");

        async Task<(int Employee, int Manager)> Warnings() => (await WarningNoticesAsync("E012", "E012"), await WarningNoticesAsync("E011", "E012"));
    }

    [Test]
    public async Task Lower_is_better_warns_above_the_threshold_and_weeks_with_a_gap_are_not_consecutive()
    {
        var manager = await SignedIn("E011");

        var gap = await Record(manager, "api", ("E013", "客户投诉数", "2026-W20", 5), ("E013", "客户投诉数", "2026-W22", 6));
        var next = await Record(manager, "api", ("E013", "客户投诉数", "2026-W23", 4));

        Assert.That(((int)gap["warningsOpened"]!, (int)next["warningsOpened"]!), Is.EqualTo((0, 1)), "W20 and W22 are not consecutive; W22 and W23 are");
    }

    [TestCase("E013", Description = "another employee")]
    [TestCase("E022", Description = "a manager of another team")]
    public async Task Someone_who_does_not_oversee_the_person_can_neither_read_nor_write_her_actuals(string personId)
    {
        var other = await SignedIn(personId);
        var before = await RowsAsync();

        var read = await Problem(await other.GetAsync("/api/kpi/people/E012/board"), 404);
        var write = await Problem(await Send(other, HttpMethod.Post, "/api/kpi/actuals", Entries("hand", ("E012", "签约金额", "2026-W43", 1))), 404);

        Assert.That(((string?)read["code"], (string?)write["code"]), Is.EqualTo(("kpi.person-not-found", "kpi.person-not-found")));
        Assert.That(await RowsAsync(), Is.EqualTo(before));
        var team = await GetJson(other, "/api/kpi/team");
        Assert.That(team["people"]!.AsArray().Select(p => (string?)p!["person"]!["id"]), Does.Not.Contain("E012"));
    }

    [Test]
    public async Task The_employee_and_her_manager_see_the_indicators_with_the_period_to_record()
    {
        var board = await GetJson(await SignedIn("E012"), "/api/kpi/people/E012/board");

        var line = Line(board, "签约金额");
        Assert.That(((string?)line["lastPeriod"], (double?)line["threshold"], (string?)line["frequency"], (string?)line["unit"]), Is.EqualTo(("2026-W48", 80d, "weekly", "万元")));
        Assert.That((string?)Line(board, "回款率")["lastPeriod"], Is.EqualTo("2026-11"));
        var people = await GetJson(await SignedIn("E011"), "/api/kpi/people");
        Assert.That(people["items"]!.AsArray().Select(p => (string?)p!["id"]).Take(3), Is.EqualTo(new[] { "E011", "E012", "E013" }));
    }

    private static JsonObject Kpis() => new()
    {
        ["period"] = "2026-Q4",
        ["role_family"] = "sales-rep",
        ["kpis"] = new JsonArray(
            Kpi("签约金额", "万元", "higher-better", 100, 80, "weekly", 30),
            Kpi("回款率", "%", "higher-better", 92, 85, "monthly", 20),
            Kpi("有效客户拜访量", "次", "higher-better", 12, 8, "weekly", 20),
            Kpi("客户投诉数", "个", "lower-better", 1, 3, "weekly", 20),
            Kpi("新增客户数", "个", "higher-better", 8, 5, "weekly", 10)),
    };

    private static JsonObject Kpi(string name, string unit, string direction, double target, double threshold, string frequency, int weight) => new()
    {
        ["name"] = name,
        ["definition"] = name + "（CRM 统计）",
        ["direction"] = direction,
        ["target"] = target,
        ["threshold"] = threshold,
        ["unit"] = unit,
        ["weight"] = weight,
        ["data_source"] = "CRM 系统",
        ["frequency"] = frequency,
    };

    private static JsonObject Entries(string source, params (string Person, string Indicator, string Period, double Value)[] entries) => new()
    {
        ["source"] = source,
        ["entries"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject { ["personId"] = e.Person, ["indicator"] = e.Indicator, ["period"] = e.Period, ["value"] = e.Value })]),
    };

    private static async Task<JsonNode> Record(HttpClient client, string source, params (string Person, string Indicator, string Period, double Value)[] entries)
    {
        using var response = await Send(client, HttpMethod.Post, "/api/kpi/actuals", Entries(source, entries));
        return await Json(response);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonNode.Parse(text)!;
    }

    private static JsonNode Line(JsonNode board, string name) =>
        board["indicators"]!.AsArray().Single(i => (string?)i!["name"] == name)!;

    private static Task<HttpResponseMessage> Upload(HttpClient client, string csv)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ReplaceLineEndings("\n")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "actuals.csv");
        return client.PostAsync("/api/kpi/actuals/import", form);
    }

    // The threshold warnings about the subject queued for the recipient.
    private async Task<int> WarningNoticesAsync(string recipient, string subject)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var payloads = await work.Connection.QueryAsync<string>("SELECT payload FROM outbox WHERE recipient = @Recipient", new { Recipient = recipient }, work.Transaction);
        return payloads.Select(p => JsonNode.Parse(p)!).Count(p => (string?)p["event"] == "kpi.threshold-warning" && (string?)p["subjectId"] == subject);
    }

    private async Task<int> RowsAsync()
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM kpi_actuals", transaction: work.Transaction);
    }
}
