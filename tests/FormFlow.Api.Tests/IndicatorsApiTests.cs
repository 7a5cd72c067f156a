using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Cycles;

namespace FormFlow.Api.Tests;

/// <summary>
/// The indicator library over the API with the demo organisation: HRBPs (赵敏 E004) and administrators author indicators
/// as the fifth kind of definition, employees may not; the library is exported to .xlsx and imported back all or
/// nothing; and the manager of a KPI setting task — and nobody else — is proposed the library's indicators for its subject.
/// </summary>
public sealed class IndicatorsApiTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";
    private const string Admin = "E002";
    private const string Employee = "E007";
    private const string Api = "/api/authoring/indicators";

    private static JsonObject Indicator(string key) => new()
    {
        ["formflow"] = "indicator/1",
        ["key"] = key,
        ["name"] = new JsonObject { ["zh-CN"] = "代码评审及时率", ["en"] = "Timely code reviews" },
        ["definition"] = new JsonObject { ["zh-CN"] = "24 小时内完成的评审 ÷ 全部评审 × 100%", ["en"] = "Reviews done within 24 hours ÷ all reviews × 100%" },
        ["unit"] = "%",
        ["direction"] = "higher-better",
        ["dataSource"] = "代码托管平台",
        ["frequency"] = "weekly",
        ["target"] = 90,
        ["threshold"] = 75,
        ["appliesTo"] = new JsonObject { ["departments"] = new JsonArray("D200"), ["roleFamilies"] = new JsonArray("engineer") },
    };

    [Test]
    public async Task An_hrbp_drafts_lints_and_publishes_an_indicator_and_the_library_lists_it()
    {
        using var hrbp = await SignedIn(Hrbp);
        var document = Indicator("timely-reviews");
        document["threshold"] = 95;
        await Expect(await hrbp.PutAsync($"{Api}/timely-reviews/draft", Json(document.ToJsonString())), 200, "saving a draft with a mistake");

        var refused = await Problem(await hrbp.PostAsync($"{Api}/timely-reviews/publish", null), 422);
        var finding = refused["findings"]!.AsArray().Single()!;
        Assert.That(((string?)finding["code"], (string?)finding["path"]), Is.EqualTo(("indicator.threshold-side", "$.threshold")));

        var draft = await hrbp.GetAsync($"{Api}/timely-reviews/draft");
        var tag = draft.Headers.ETag!;
        document["threshold"] = 75;
        using var save = new HttpRequestMessage(HttpMethod.Put, $"{Api}/timely-reviews/draft") { Content = Json(document.ToJsonString()) };
        save.Headers.IfMatch.Add(tag);
        await Expect(await hrbp.SendAsync(save), 200, "saving over the draft read");
        await Expect(await hrbp.PostAsync($"{Api}/timely-reviews/publish", null), 200, "publishing");

        var library = (await GetJson(hrbp, "/api/indicators")).AsArray();
        var published = library.Single(i => (string?)i!["key"] == "timely-reviews")!;
        Assert.That(((int)published["version"]!, (double)published["target"]!, (string?)published["appliesTo"]!["departments"]![0]), Is.EqualTo((1, 90d, "D200")));
        Assert.That(library.Select(i => (string?)i!["key"]), Does.Contain("contract-value"), "the shipped library is published at start-up");
        Assert.That((await GetJson(hrbp, $"{Api}/timely-reviews/versions")).AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_employee_cannot_author_indicators_and_an_administrator_can()
    {
        using var employee = await SignedIn(Employee);
        var forbidden = await Problem(await employee.PutAsync($"{Api}/not-mine/draft", Json(Indicator("not-mine").ToJsonString())), 403);
        Assert.That((string?)forbidden["code"], Is.EqualTo("authoring.forbidden"));
        await Problem(await employee.PostAsync($"{Api}/contract-value/publish", null), 403);
        await Problem(await employee.GetAsync("/api/indicators/export"), 403);
        await Problem(await employee.GetAsync($"{Api}/no-such-indicator/versions"), 404);

        using var admin = await SignedIn(Admin);
        await Expect(await admin.PutAsync($"{Api}/admins-one/draft", Json(Indicator("admins-one").ToJsonString())), 200, "an administrator drafts");
        await Expect(await admin.PostAsync($"{Api}/admins-one/publish", null), 200, "and publishes");
    }

    [Test]
    public async Task The_library_exported_to_xlsx_imports_back_unchanged_and_a_bad_file_is_refused_row_by_row()
    {
        using var hrbp = await SignedIn(Hrbp);
        hrbp.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        using var exported = await hrbp.GetAsync("/api/indicators/export");
        Assert.That(exported.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var workbook = await exported.Content.ReadAsByteArrayAsync();

        using var upload = new ByteArrayContent(workbook);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var preview = await GetJsonFrom(await hrbp.PostAsync("/api/indicators/import?apply=false", upload));
        Assert.That((bool)preview["applied"]!, Is.False);
        Assert.That(preview["rows"]!.AsArray().Select(r => (string?)r!["change"]), Is.Not.Empty.And.All.EqualTo("unchanged"));

        var csv = "Key,Name (Chinese),Name (English),Definition (Chinese),Definition (English),Unit,Direction,Data source,Update frequency,Default target\r\n"
            + "good-one,好指标,A good one,定义,Definition,%,Higher is better,CRM,Weekly,90\r\n"
            + "bad-one,坏指标,A bad one,定义,Definition,%,Sideways,CRM,Weekly,ninety\r\n";
        using var bad = new StringContent(csv, Encoding.UTF8, "text/csv");
        var problem = await Problem(await hrbp.PostAsync("/api/indicators/import?apply=true", bad), 400);
        var problems = problem["problems"]!.AsArray();
        Assert.That(problems.Select(p => ((int)p!["row"]!, (string?)p["column"])), Is.EquivalentTo(new[] { (3, (string?)"direction"), (3, "target") }));
        Assert.That((string?)problems[0]!["message"], Does.StartWith("Row 3, column"));
        var library = (await GetJson(hrbp, "/api/indicators")).AsArray();
        Assert.That(library.Select(i => (string?)i!["key"]), Does.Not.Contain("good-one"), "nothing half-imported");
    }

    [Test]
    public async Task The_manager_of_a_kpi_setting_task_and_only_they_are_proposed_the_library_indicators_for_its_subject()
    {
        var start = Host.Clock.GetUtcNow();
        var cycle = "kpi-" + Kind;
        await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest(cycle, cycle, "kpi-quarterly", start, start.AddDays(90), Population.People(["E012"]), Admin));
        using var manager = await SignedIn("E011");
        var task = await OnlyOpenTaskAsync(manager, cycle, "propose");

        var proposals = await GetJson(manager, $"/api/tasks/{task}/indicator-proposals");

        Assert.That(((string?)proposals["field"], (int?)proposals["minItems"], (int?)proposals["maxItems"]), Is.EqualTo(("kpis", (int?)3, (int?)5)));
        Assert.That(((string?)proposals["subject"]!["id"], (string?)proposals["subject"]!["roleFamily"], (string?)proposals["subject"]!["level"]), Is.EqualTo(("E012", "product-manager", "P5")));
        Assert.That(proposals["proposals"]!.AsArray().Select(p => (string?)p!["key"]), Is.EquivalentTo(new[] { "on-time-delivery", "feature-usage", "feedback-adopted" }));
        var asService = await GetJson(manager, $"/api/tasks/{task}/indicator-proposals?roleFamily=customer-service");
        Assert.That(asService["proposals"]!.AsArray().Select(p => (string?)p!["key"]), Is.EquivalentTo(new[] { "response-time", "resolution-rate", "nps" }), "the role family the form chose");
        Assert.That((double)asService["proposals"]!.AsArray().Single(p => (string?)p!["key"] == "resolution-rate")!["target"]!, Is.EqualTo(95), "the P5 grade's target");

        using var subject = await SignedIn("E012");
        await Problem(await subject.GetAsync($"/api/tasks/{task}/indicator-proposals"), 404);
        using var otherManager = await SignedIn("E017");
        await Problem(await otherManager.GetAsync($"/api/tasks/{task}/indicator-proposals"), 404);
        using var hrbp = await SignedIn(Hrbp);
        await Problem(await hrbp.GetAsync($"/api/tasks/{task}/indicator-proposals"), 404);
    }

    private static async Task<JsonNode> GetJsonFrom(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
            return JsonNode.Parse(text)!;
        }
    }
}
