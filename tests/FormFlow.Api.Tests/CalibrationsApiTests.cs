using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// <c>/api/cycles/{cycleId}/calibrations</c>: the annual review of Platform Engineering (D210, head 吴静 E021, in R&amp;D
/// whose HRBP is 赵敏 E004), 蒋涛 (E025) rated 4 by 郑浩 (E022); 赵敏 opens the calibration of D210.
/// </summary>
public sealed class CalibrationsApiTests(string kind) : ApiTest(kind)
{
    private const string Cycle = "c-calibration";
    private const string Rated = "E025";

    private string session = null!;

    [OneTimeSetUp]
    public async Task LaunchRateOneAndOpenTheCalibration()
    {
        var starts = Host.Clock.GetUtcNow();
        using var hrbp = await SignedIn("E004");
        var launch = new JsonObject
        {
            ["cycleId"] = Cycle,
            ["name"] = "2026 年度绩效 · 平台研发部",
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "D210" },
        };
        await Expect(await hrbp.PostAsJsonAsync("/api/cycles", launch), 201, "launch");

        using var employee = await SignedIn(Rated);
        using var manager = await SignedIn("E022");
        await Submit(employee, "self-review", Example("self-review", "valid-annual-rating-5"));
        await Submit(manager, "prepare", Example("interview-preparation-333", "valid-sales-manager-prep"));
        var record = Example("interview-record", "valid-developer-rating-4");
        await Submit(employee, "record", Only(record, "went_well", "to_improve", "plan"));
        var review = await OnlyOpenTaskAsync(manager, Cycle, "record");
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{review}/approve", new JsonObject { ["data"] = Only(record, "feedback", "overall_rating", "manager_summary") }), 200, "approve");

        using var opened = await Send(hrbp, HttpMethod.Post, $"/api/cycles/{Cycle}/calibrations", new JsonObject { ["departmentId"] = "D210" });
        var text = await opened.Content.ReadAsStringAsync();
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        Assert.That(opened.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        var body = JsonNode.Parse(text)!;
        session = (string)body["session"]!["id"]!;
        Assert.That(opened.Headers.Location?.ToString(), Is.EqualTo($"/api/cycles/{Cycle}/calibrations/{session}"));
        Assert.That(((int)body["people"]!, (int)body["rated"]!), Is.EqualTo((8, 1)));
        Assert.That(body["bands"]!.AsArray().Select(b => ((string)b!["label"]!["zh-CN"]!, (int)b["guidelinePercent"]!, (int)b["proposedCount"]!)), Is.EqualTo(new[] { ("卓越", 20, 1), ("达标", 70, 0), ("待改进", 10, 0) }));
    }

    [Test]
    public async Task A_guideline_whose_percents_do_not_add_up_is_refused_naming_the_field()
    {
        using var hrbp = await SignedIn("E004");
        var guideline = JsonNode.Parse("""
            [{ "label": { "zh-CN": "卓越", "en": "Exceeds" }, "ratings": [4, 5], "percent": 30 },
             { "label": { "zh-CN": "其他", "en": "Others" }, "ratings": [1, 2, 3, 4], "percent": 60 }]
            """)!;

        using var response = await Send(hrbp, HttpMethod.Post, $"/api/cycles/{Cycle}/calibrations", new JsonObject { ["departmentId"] = "D200", ["guideline"] = guideline });

        var problem = await Problem(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "/guideline", "/guideline/1/ratings/3" }));
        Assert.That((string?)errors["/guideline"]![0]!["code"], Is.EqualTo("guideline.percent-sum"));
    }

    [TestCase("E025", Description = "the employee")]
    [TestCase("E022", Description = "a manager inside the department who is neither its head nor its HRBP")]
    [TestCase("E030", Description = "the head of another department")]
    public async Task Anyone_but_the_heads_HRBPs_and_administrators_finds_no_calibration(string personId)
    {
        using var client = await SignedIn(personId);

        Assert.That((await Problem(await client.GetAsync($"/api/cycles/{Cycle}/calibrations/{session}"), 404))["code"]!.GetValue<string>(), Is.EqualTo("calibration.not-found"));
        await Problem(await client.GetAsync($"/api/cycles/{Cycle}/calibrations"), 404);
        await Problem(await Send(client, HttpMethod.Put, $"/api/cycles/{Cycle}/calibrations/{session}/people/{Rated}", new JsonObject { ["rating"] = 5, ["reason"] = "想要" }), 404);
        await Problem(await Send(client, HttpMethod.Post, $"/api/cycles/{Cycle}/calibrations/{session}/close", []), 404);
        await Problem(await Send(client, HttpMethod.Post, $"/api/cycles/{Cycle}/calibrations", new JsonObject { ["departmentId"] = "D210" }), 404);
    }

    [Test]
    public async Task The_head_reads_the_calibration_but_does_not_open_one()
    {
        using var head = await SignedIn("E021");

        var list = await GetJson(head, $"/api/cycles/{Cycle}/calibrations");
        using var opening = await Send(head, HttpMethod.Post, $"/api/cycles/{Cycle}/calibrations", new JsonObject { ["departmentId"] = "D210" });

        Assert.That(list.AsArray().Select(s => (string)s!["id"]!), Is.EqualTo(new[] { session }));
        Assert.That((string?)(await Problem(opening, 403))["code"], Is.EqualTo("calibration.forbidden"));
    }

    [Test]
    public async Task An_adjustment_needs_a_reason_and_the_version_read_and_closing_releases_the_final_rating_to_the_employee()
    {
        using var head = await SignedIn("E021");
        using var employee = await SignedIn(Rated);
        var url = $"/api/cycles/{Cycle}/calibrations/{session}";
        var person = (await GetJson(head, url))["persons"]!.AsArray().Single(p => (string)p!["person"]!["id"]! == Rated)!;
        var instance = (string)person["instanceId"]!;
        Assert.That(((int?)person["proposed"], (string?)person["version"]), Is.EqualTo(((int?)4, "1")));
        Assert.That(person["evidence"]!.AsArray().Select(e => (string)e!["field"]!), Does.Contain("manager_summary"));

        var noReason = await Problem(await Send(head, HttpMethod.Put, $"{url}/people/{Rated}", new JsonObject { ["rating"] = 5 }, "\"1\""), 400);
        Assert.That(noReason["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/reason" }));
        await Problem(await Send(head, HttpMethod.Put, $"{url}/people/{Rated}", new JsonObject { ["rating"] = 5, ["reason"] = "理由" }, "abc"), 400);

        using (var adjusted = await Send(head, HttpMethod.Put, $"{url}/people/{Rated}", new JsonObject { ["rating"] = 5, ["reason"] = "跨团队贡献突出" }, "\"1\""))
        {
            var body = JsonNode.Parse(await adjusted.Content.ReadAsStringAsync())!;
            Assert.That(adjusted.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
            Assert.That(adjusted.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
            Assert.That(((int?)body["final"], (string?)body["reason"]), Is.EqualTo(((int?)5, "跨团队贡献突出")));
        }

        var stale = await Problem(await Send(head, HttpMethod.Put, $"{url}/people/{Rated}", new JsonObject { ["rating"] = 3, ["reason"] = "再议" }, "\"1\""), 409);
        Assert.That((string?)stale["code"], Is.EqualTo("calibration.conflict"));
        Assert.That((await GetJson(employee, $"/api/instances/{instance}"))["forms"]!["record"]!.AsObject().ContainsKey("overall_rating"), Is.False, "held back while the calibration is open");
        Assert.That(await RatingInHistory(employee), Is.Empty, "nor in the history report");

        await Problem(await Send(head, HttpMethod.Post, $"{url}/close", [], "\"7\""), 409);
        using (var closed = await Send(head, HttpMethod.Post, $"{url}/close", [], "\"1\""))
        {
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await closed.Content.ReadAsStringAsync());
            Assert.That(closed.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
        }

        Assert.That((int)(await GetJson(employee, $"/api/instances/{instance}"))["forms"]!["record"]!["overall_rating"]!, Is.EqualTo(5));
        Assert.That(await RatingInHistory(employee), Is.EqualTo("5"), "the history report reads the final rating");
        var timeline = await GetJson(await SignedIn("E022"), $"/api/instances/{instance}/timeline");
        var change = timeline["items"]!.AsArray().Single(e => (string)e!["action"]! == "rating.calibrated")!;
        Assert.That(((int?)change["rating"]!["previous"], (int)change["rating"]!["rating"]!, (string?)change["rating"]!["reason"]), Is.EqualTo(((int?)4, 5, "跨团队贡献突出")), "the manager reads the change and why");
    }

    // The rating of the one annual review in the employee's history report (its CSV's last column).
    private static async Task<string> RatingInHistory(HttpClient employee)
    {
        var rows = (await employee.GetStringAsync("/api/reports/history?format=csv&table=ratings&lang=en")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows, Has.Length.EqualTo(2), string.Join("\n", rows));
        return rows[1].Trim().Split(',')[^1];
    }

    private static async Task Submit(HttpClient client, string step, JsonObject data)
    {
        var task = await OnlyOpenTaskAsync(client, Cycle, step);
        await Expect(await Send(client, HttpMethod.Post, $"/api/tasks/{task}/submit", new JsonObject { ["data"] = data }), 200, step);
    }
}
