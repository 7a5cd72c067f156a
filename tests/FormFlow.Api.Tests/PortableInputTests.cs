using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Templates;

namespace FormFlow.Api.Tests;

/// <summary>
/// A broken character (a lone UTF-16 surrogate, what a browser sends after <c>"好的👍".slice(0, 3)</c>) or a number
/// beyond a double in any request body is 400 naming the value by its JSON Pointer — never a 500 — and nothing of it
/// reaches the database (PostgreSQL refuses such text outright).
/// </summary>
public sealed class PortableInputTests(string kind) : ApiTest(kind)
{
    private const string Employee = "E014";
    private const string Hrbp = "E004";
    private const string Admin = "E002";

    // Definitions and app archives are larger than the default test limit.
    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["FormFlow:Limits:MaxRequestBytes"] = "1048576",
        ["FormFlow:Authoring:MaxImportEntries"] = "100",
        ["FormFlow:Authoring:MaxImportBytes"] = "3000000",
        ["FormFlow:Authoring:MaxImportEntryBytes"] = "1000000",
    };

    private static IEnumerable<TestCaseData> TaskBodies()
    {
        yield return new TestCaseData("PUT", "draft", """{"data": {"cycle": "annual", "period": "好的\ud83d"}}""", "/data/period").SetName("A_draft_with_a_lone_surrogate_is_400_naming_the_field");
        yield return new TestCaseData("POST", "submit", """{"data": {"cycle": "annual", "period": "2026", "highlights": "\udc4d好"}}""", "/data/highlights").SetName("A_submit_with_a_lone_surrogate_is_400_naming_the_field");
        yield return new TestCaseData("POST", "approve", """{"data": {"manager_summary": "ok\ud83d"}}""", "/data/manager_summary").SetName("An_approval_with_a_lone_surrogate_is_400_naming_the_field");
        yield return new TestCaseData("POST", "confirm", """{"data": {"went_well": [{"project": "\ud83d"}]}}""", "/data/went_well/0/project").SetName("A_confirmation_with_a_lone_surrogate_is_400_naming_the_field");
        yield return new TestCaseData("POST", "return", """{"reason": "redo \ud83d", "comments": []}""", "/reason").SetName("A_return_with_a_lone_surrogate_is_400_naming_the_field");
        yield return new TestCaseData("POST", "submit", """{"data": {"cycle": "annual", "period": "2026", "overall_rating": 1e400}}""", "/data/overall_rating").SetName("A_submit_with_a_number_beyond_a_double_is_400_naming_the_field");
    }

    [TestCaseSource(nameof(TaskBodies))]
    public async Task Task_commands_refuse_unportable_text_and_save_nothing(string method, string action, string body, string pointer)
    {
        var taskId = await SelfReviewAsync();
        using var client = await SignedIn(Employee);
        var before = await GetJson(client, $"/api/tasks/{taskId}");
        var revisions = await RevisionsAsync(taskId);

        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/tasks/{taskId}/{action}") { Content = Json(body) };
        using var response = await client.SendAsync(request);
        var problem = await Problem(response, 400);

        var after = await GetJson(client, $"/api/tasks/{taskId}");
        var expected = pointer.EndsWith("overall_rating", StringComparison.Ordinal) ? PortableJson.NumberOutOfRange : PortableJson.UnpairedSurrogate;
        Assert.Multiple(async () =>
        {
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { pointer }), problem.ToJsonString());
            Assert.That((string?)problem["errors"]![pointer]![0]!["code"], Is.EqualTo(expected));
            Assert.That((int)after["task"]!["version"]!, Is.EqualTo((int)before["task"]!["version"]!));
            Assert.That(await RevisionsAsync(taskId), Is.EqualTo(revisions));
        });
    }

    [Test]
    public async Task The_problem_names_the_field_in_the_callers_language()
    {
        var taskId = await SelfReviewAsync();
        using var client = await SignedIn(Employee);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/tasks/{taskId}/draft") { Content = Json("""{"data": {"period": "\ud83d"}}""") };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        using var response = await client.SendAsync(request);

        var problem = await Problem(response, 400);

        Assert.That((string?)problem["errors"]!["/data/period"]![0]!["message"], Does.Contain("/data/period").And.Contain("broken character"));
    }

    [Test]
    public async Task A_template_draft_with_a_lone_surrogate_is_400_and_no_draft_is_saved()
    {
        using var hrbp = await SignedIn(Hrbp);
        var document = JsonNode.Parse(await hrbp.GetStringAsync("/api/authoring/templates/idp/versions/1"))!["document"]!.AsObject();
        document["title"]!["en"] = "@broken@";
        var broken = document.ToJsonString().Replace("@broken@", "IDP \\ud83d", StringComparison.Ordinal);

        using var saved = await hrbp.PutAsync("/api/authoring/templates/idp/draft", Json(broken));
        var problem = await Problem(saved, 400);
        using var draft = await hrbp.GetAsync("/api/authoring/templates/idp/draft");

        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/title/en" }), problem.ToJsonString());
            Assert.That((int)draft.StatusCode, Is.EqualTo(404), "no draft was saved");
        });
    }

    [Test]
    public async Task A_template_preview_with_a_lone_surrogate_in_its_data_is_400_naming_the_field()
    {
        using var hrbp = await SignedIn(Hrbp);
        using var response = await hrbp.PostAsync("/api/authoring/templates/self-review/preview", Json("""{"data": {"cycle": "annual", "period": "\ud83d"}}"""));

        var problem = await Problem(response, 400);

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/data/period" }), problem.ToJsonString());
    }

    [Test]
    public async Task An_imported_app_with_a_lone_surrogate_in_a_process_or_template_names_the_files_and_publishes_nothing()
    {
        using var admin = await SignedIn(Admin);
        var files = Unzip(await admin.GetByteArrayAsync("/api/authoring/export"));
        files["processes/feedback-log.json"] = files["processes/feedback-log.json"].Replace("\"zh-CN\": \"", "\"zh-CN\": \"\\ud83d", StringComparison.Ordinal);
        files["templates/idp.json"] = files["templates/idp.json"].Replace("\"zh-CN\": \"", "\"zh-CN\": \"\\udc4d", StringComparison.Ordinal);
        Assert.That(files["processes/feedback-log.json"], Does.Contain("\\ud83d"), "the test edits the process");
        Assert.That(files["templates/idp.json"], Does.Contain("\\udc4d"), "the test edits the template");

        var content = new ByteArrayContent(Zip(files));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await admin.PostAsync("/api/authoring/import?publish=true", content);
        var problem = await Problem(response, 422);

        var broken = problem["findings"]!.AsArray().Where(f => (string?)f!["code"] == PortableJson.UnpairedSurrogate).Select(f => (string?)f!["file"]).Distinct().ToList();
        Assert.That(broken, Is.EquivalentTo(new[] { "processes/feedback-log.json", "templates/idp.json" }), problem.ToJsonString());
    }

    private async Task<string> SelfReviewAsync()
    {
        var start = Host.Clock.GetUtcNow();
        await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest("c-portable", "c-portable", "annual-review", start, start.AddDays(60), Population.People(Employee), Admin));
        using var client = await SignedIn(Employee);
        return await OnlyOpenTaskAsync(client, "c-portable", "self-review");
    }

    private async Task<int> RevisionsAsync(string taskId)
    {
        await using var work = await Storage.UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM task_revisions WHERE task_id = @Id", new { Id = taskId }, work.Transaction);
    }
}
