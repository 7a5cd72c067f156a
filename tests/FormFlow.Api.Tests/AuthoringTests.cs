using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Rendering;
using FormFlow.Reports;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// The authoring API with the demo organisation: HRBPs (E004) draft, lint, preview and publish templates, processes,
/// notification and report templates; versions and diffs; export and import of the whole app; who may write.
/// </summary>
public sealed class AuthoringTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";
    private const string Admin = "E002";
    private const string Employee = "E007";
    private const string DepartmentHead = "E010";
    private const string Api = "/api/authoring";

    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["FormFlow:Limits:MaxRequestBytes"] = "1048576",
        ["FormFlow:Authoring:MaxImportEntries"] = "100",
        ["FormFlow:Authoring:MaxImportBytes"] = "3000000",
        ["FormFlow:Authoring:MaxImportEntryBytes"] = "1000000",
    };

    [Test]
    public async Task An_hrbp_drafts_lints_and_publishes_a_template_with_a_new_field_and_the_diff_shows_it()
    {
        using var hrbp = await SignedIn(Hrbp);
        var versions = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/idp/versions"))!.AsArray();
        var latest = versions.Count;
        Assert.That(latest, Is.GreaterThanOrEqualTo(1));
        var document = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/idp/versions/{latest}"))!["document"]!.AsObject();
        document["schema"]!["properties"]!["mentor_note"] = new JsonObject { ["type"] = "string", ["maxLength"] = 200 };
        document["fields"]!["mentor_note"] = new JsonObject { ["label"] = new JsonObject { ["zh-CN"] = "导师备注", ["en"] = "Mentor's note" } };
        document["sections"]![0]!["fields"]!.AsArray().Add("mentor_note");
        if (document["uiSchema"]?["ui:order"] is JsonArray order)
        {
            order.Add("mentor_note");
        }

        using (var saved = await hrbp.PutAsync($"{Api}/templates/idp/draft", Json(document.ToJsonString())))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
            Assert.That(saved.Headers.ETag, Is.Not.Null);
        }

        var lint = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/templates/idp/lint", null)).Content.ReadAsStringAsync())!;
        Assert.That((bool)lint["ok"]!, Is.True, lint.ToJsonString());

        // A broken copy, linted as a body (the draft stays as it is): the finding has its path and line.
        var broken = document.DeepClone().AsObject();
        broken["schema"]!["properties"]!["mentor_note"]!["type"] = "strnig";
        var text = broken.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var brokenLint = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/templates/idp/lint", Json(text))).Content.ReadAsStringAsync())!;
        var finding = brokenLint["findings"]!.AsArray().First(f => (string)f!["severity"]! == "error")!;
        Assert.Multiple(() =>
        {
            Assert.That((bool)brokenLint["ok"]!, Is.False);
            Assert.That((string?)finding["path"], Does.Contain("mentor_note"));
            Assert.That((int?)finding["line"], Is.GreaterThan(1));
            Assert.That((string?)finding["message"]!["en"], Is.Not.Empty);
            Assert.That((string?)finding["message"]!["zh-CN"], Is.Not.Empty);
        });

        using var published = await hrbp.PostAsync($"{Api}/templates/idp/publish", null);
        var answer = JsonNode.Parse(await published.Content.ReadAsStringAsync())!;
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer.ToJsonString());
        Assert.That((int)answer["version"]!, Is.EqualTo(latest + 1));

        var after = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/idp/versions"))!.AsArray();
        var diff = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/idp/diff?from={latest}&to={latest + 1}"))!;
        using var draftGone = await hrbp.GetAsync($"{Api}/templates/idp/draft");
        Assert.Multiple(() =>
        {
            Assert.That(after.Select(v => (int)v!["version"]!), Is.EqualTo(Enumerable.Range(1, latest + 1)));
            Assert.That((string?)after[^1]!["publishedBy"], Is.EqualTo(Hrbp));
            Assert.That(diff["changes"]!.AsArray().Select(c => $"{c!["op"]} {c["path"]}"), Does.Contain("add /schema/properties/mentor_note").And.Contain("add /fields/mentor_note"));
            Assert.That(draftGone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "publishing consumes the draft");
        });
    }

    [Test]
    public async Task A_process_naming_an_unknown_template_has_a_finding_and_publishing_it_is_422_with_nothing_published()
    {
        using var hrbp = await SignedIn(Hrbp);
        var before = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/processes/feedback-360/versions"))!.AsArray().Count;
        var document = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/processes/feedback-360/versions/{before}"))!["document"]!.AsObject();
        document["forms"]!["request"] = "no-such-template";
        using (var saved = await hrbp.PutAsync($"{Api}/processes/feedback-360/draft", Json(document.ToJsonString())))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        }

        var lint = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/processes/feedback-360/lint", null)).Content.ReadAsStringAsync())!;
        using var publish = await hrbp.PostAsync($"{Api}/processes/feedback-360/publish", null);
        var problem = await Problem(publish, 422);
        var after = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/processes/feedback-360/versions"))!.AsArray().Count;
        using var draft = await hrbp.GetAsync($"{Api}/processes/feedback-360/draft");
        Assert.Multiple(() =>
        {
            Assert.That((bool)lint["ok"]!, Is.False);
            Assert.That(lint["findings"]!.AsArray().Any(f => ((string?)f!["path"])?.StartsWith("$.forms", StringComparison.Ordinal) == true), lint.ToJsonString());
            Assert.That((string?)problem["code"], Is.EqualTo("definition.has-errors"));
            Assert.That(problem["findings"]!.AsArray(), Is.Not.Empty);
            Assert.That(after, Is.EqualTo(before), "nothing was published");
            Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the draft stays for the author to correct");
        });
        using var _ = await hrbp.DeleteAsync($"{Api}/processes/feedback-360/draft");
    }

    [Test]
    public async Task A_notification_template_with_a_syntax_error_names_the_language_part_line_and_column()
    {
        using var hrbp = await SignedIn(Hrbp);
        var document = new JsonObject
        {
            ["key"] = "gentle-nudge",
            ["event"] = "task.reminder",
            ["subject"] = new JsonObject { ["zh-CN"] = "提醒：{{ task.title }}", ["en"] = "Reminder: {{ task.title }}" },
            ["body"] = new JsonObject { ["zh-CN"] = "{{ recipient.name }}，您好。", ["en"] = "Hello {{ recipient.name }},\nplease {{ if }} finish." },
        };
        using (var saved = await hrbp.PutAsync($"{Api}/notifications/gentle-nudge/draft", Json(document.ToJsonString())))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        }

        var lint = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/notifications/gentle-nudge/lint", null)).Content.ReadAsStringAsync())!;
        var finding = lint["findings"]!.AsArray().FirstOrDefault();
        using var publish = await hrbp.PostAsync($"{Api}/notifications/gentle-nudge/publish", null);
        await Problem(publish, 422);
        Assert.Multiple(() =>
        {
            Assert.That(finding, Is.Not.Null, lint.ToJsonString());
            Assert.That((string?)finding!["language"], Is.EqualTo("en"));
            Assert.That((string?)finding["part"], Is.EqualTo("body"));
            Assert.That((string?)finding["path"], Is.EqualTo("$.body['en']"));
            Assert.That((int?)finding["line"], Is.EqualTo(2));
            Assert.That((int?)finding["column"], Is.GreaterThan(0));
        });

        // Corrected, it previews in both languages and publishes as version 1.
        document["body"]!["en"] = "Hello {{ recipient.name }},\nplease finish.";
        using (var saved = await hrbp.PutAsync($"{Api}/notifications/gentle-nudge/draft", Json(document.ToJsonString())))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var preview = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/notifications/gentle-nudge/preview", Json("{}"))).Content.ReadAsStringAsync())!;
        using var fixedPublish = await hrbp.PostAsync($"{Api}/notifications/gentle-nudge/publish", null);
        Assert.Multiple(() =>
        {
            Assert.That(preview["texts"]!.AsArray().Select(t => $"{t!["language"]} {t["part"]}"), Is.EquivalentTo(new[] { "zh-CN subject", "zh-CN body", "en subject", "en body" }), preview.ToJsonString());
            Assert.That(fixedPublish.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_published_report_template_is_the_one_the_reports_render()
    {
        using var hrbp = await SignedIn(Hrbp);
        var list = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/reports"))!;
        Assert.That(list["items"]!.AsArray().Select(i => (string?)i!["key"]), Does.Contain("history"));
        var document = new JsonObject
        {
            ["key"] = "history",
            ["text"] = new JsonObject { ["zh-CN"] = "<p>历史 {{ 1 + 1 }}</p>", ["en"] = "<p>AUTHORED-HISTORY {{ 1 + 1 }}</p>" },
        };
        using (var saved = await hrbp.PutAsync($"{Api}/reports/history/draft", Json(document.ToJsonString())))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        }

        var preview = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/reports/history/preview", Json("{}"))).Content.ReadAsStringAsync())!;
        Assert.That(preview["texts"]!.AsArray().Select(t => (string?)t!["text"]), Does.Contain("<p>AUTHORED-HISTORY 2</p>"), preview.ToJsonString());
        using var publish = await hrbp.PostAsync($"{Api}/reports/history/publish", null);
        Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK), await publish.Content.ReadAsStringAsync());

        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var current = await ReportCatalog.CurrentAsync(work, "history");
        var rendered = current.Text("en").Render(ReportSamples.Model("history", "en"), RenderLimits.Report);
        Assert.That(rendered.Text, Is.EqualTo("<p>AUTHORED-HISTORY 2</p>"));
    }

    [Test]
    public async Task A_stale_if_match_is_409_and_changes_nothing()
    {
        using var hrbp = await SignedIn(Hrbp);
        var document = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/self-review/versions/1"))!["document"]!.AsObject();
        using var first = await hrbp.PutAsync($"{Api}/templates/self-review/draft", Json(document.ToJsonString()));
        var firstTag = first.Headers.ETag!.ToString();

        document["title"]!["en"] = "Self-review (edited)";
        using var second = await Send(hrbp, HttpMethod.Put, $"{Api}/templates/self-review/draft", document.ToJsonString(), firstTag);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), await second.Content.ReadAsStringAsync());
        var secondTag = second.Headers.ETag!.ToString();

        document["title"]!["en"] = "Self-review (lost update)";
        using var stale = await Send(hrbp, HttpMethod.Put, $"{Api}/templates/self-review/draft", document.ToJsonString(), firstTag);
        var problem = await Problem(stale, 409);
        using var staleDelete = await Send(hrbp, HttpMethod.Delete, $"{Api}/templates/self-review/draft", null, firstTag);
        await Problem(staleDelete, 409);

        using var draft = await hrbp.GetAsync($"{Api}/templates/self-review/draft");
        var kept = JsonNode.Parse(await draft.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("definition.stale"));
            Assert.That(secondTag, Is.Not.EqualTo(firstTag));
            Assert.That((string?)kept["document"]!["title"]!["en"], Is.EqualTo("Self-review (edited)"));
            Assert.That(draft.Headers.ETag!.ToString(), Is.EqualTo(secondTag));
        });
        using var delete = await Send(hrbp, HttpMethod.Delete, $"{Api}/templates/self-review/draft", null, secondTag);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [TestCase("PUT", "templates/idp/draft")]
    [TestCase("POST", "templates/idp/lint")]
    [TestCase("POST", "templates/idp/preview")]
    [TestCase("POST", "reports/history/preview")]
    public async Task An_authoring_body_that_is_not_sent_as_JSON_is_415(string method, string path)
    {
        using var hrbp = await SignedIn(Hrbp);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Api}/{path}")
        {
            Content = new StringContent("{\"key\": \"idp\"}", System.Text.Encoding.UTF8, "text/plain"),
        };
        using var response = await hrbp.SendAsync(request);
        var problem = await Problem(response, 415);
        Assert.That((string?)problem["code"], Is.EqualTo("request.media-type"));
    }

    [Test]
    public async Task An_authoring_body_of_a_json_suffixed_media_type_is_accepted()
    {
        using var hrbp = await SignedIn(Hrbp);
        var document = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/kpi-setting/versions/1"))!["document"]!.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Api}/templates/kpi-setting/lint")
        {
            Content = new StringContent(document, System.Text.Encoding.UTF8, "application/vnd.formflow.template+json"),
        };
        using var response = await hrbp.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase("weak")]
    [TestCase("bare")]
    [TestCase("listed")]
    public async Task A_draft_takes_its_ETag_weak_bare_or_in_a_list_as_If_Match(string form)
    {
        using var hrbp = await SignedIn(Hrbp);
        var document = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/improvement-plan/versions/1"))!["document"]!.AsObject();
        using var first = await hrbp.PutAsync($"{Api}/templates/improvement-plan/draft", Json(document.ToJsonString()));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        var tag = first.Headers.ETag!.Tag;
        var ifMatch = form switch { "weak" => "W/" + tag, "bare" => tag.Trim('"'), _ => "\"other\", " + tag };
        using var second = await Send(hrbp, HttpMethod.Put, $"{Api}/templates/improvement-plan/draft", document.ToJsonString(), ifMatch);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), await second.Content.ReadAsStringAsync());
        using var delete = await Send(hrbp, HttpMethod.Delete, $"{Api}/templates/improvement-plan/draft", null, second.Headers.ETag!.Tag);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    private static IEnumerable<TestCaseData> Writes()
    {
        foreach (var segment in new[] { "templates", "processes", "notifications", "reports" })
        {
            var key = segment switch { "templates" => "idp", "processes" => "annual-review", "notifications" => "task.assigned", _ => "history" };
            yield return new TestCaseData("PUT", $"{Api}/{segment}/{key}/draft", $"{{\"key\":\"{key}\"}}").SetName($"An_employee_may_not_save_a_{segment}_draft");
            yield return new TestCaseData("DELETE", $"{Api}/{segment}/{key}/draft", null).SetName($"An_employee_may_not_delete_a_{segment}_draft");
            yield return new TestCaseData("GET", $"{Api}/{segment}/{key}/draft", null).SetName($"An_employee_may_not_read_a_{segment}_draft");
            yield return new TestCaseData("POST", $"{Api}/{segment}/{key}/lint", null).SetName($"An_employee_may_not_lint_{segment}");
            yield return new TestCaseData("POST", $"{Api}/{segment}/{key}/publish", null).SetName($"An_employee_may_not_publish_{segment}");
            if (segment != "processes")
            {
                yield return new TestCaseData("POST", $"{Api}/{segment}/{key}/preview", "{}").SetName($"An_employee_may_not_preview_{segment}");
            }
        }

        yield return new TestCaseData("GET", $"{Api}/export?drafts=true", null).SetName("An_employee_may_not_export_drafts");
        yield return new TestCaseData("POST", $"{Api}/import?publish=true", "zip").SetName("An_employee_may_not_import");
        yield return new TestCaseData("POST", $"{Api}/import?dryRun=true", "zip").SetName("An_employee_may_not_dry_run_an_import");
    }

    [TestCaseSource(nameof(Writes))]
    public async Task Authoring_writes_are_403_for_an_employee(string method, string path, string? body)
    {
        using var employee = await SignedIn(Employee);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body == "zip")
        {
            request.Content = new ByteArrayContent(Zip(new Dictionary<string, string> { ["templates/x.json"] = "{}" }));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        }
        else if (body is not null)
        {
            request.Content = Json(body);
        }

        using var response = await employee.SendAsync(request);
        var problem = await Problem(response, 403);
        Assert.That((string?)problem["code"], Is.EqualTo("authoring.forbidden"));
    }

    [Test]
    public async Task A_definition_list_names_a_bad_page_and_never_wraps_around_to_the_first_page()
    {
        using var employee = await SignedIn(Employee);
        using var letters = await employee.GetAsync($"{Api}/templates?page=abc&pageSize=0");
        var problem = await Problem(letters, 400);
        using var huge = await employee.GetAsync($"{Api}/templates?page=2147483647");
        var hugeProblem = await Problem(huge, 400);
        var far = JsonNode.Parse(await employee.GetStringAsync($"{Api}/templates?page=1000000&pageSize=200"))!;
        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "page", "pageSize" }));
            Assert.That(hugeProblem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "page" }));
            Assert.That(far["items"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task Everyone_signed_in_reads_the_published_definitions_and_a_department_head_authors_neither_templates_nor_processes_of_the_whole_organisation()
    {
        using var employee = await SignedIn(Employee);
        using var head = await SignedIn(DepartmentHead);
        var templates = JsonNode.Parse(await employee.GetStringAsync($"{Api}/templates?pageSize=2"))!;
        var notifications = JsonNode.Parse(await employee.GetStringAsync($"{Api}/notifications?pageSize=200"))!;
        var document = JsonNode.Parse(await head.GetStringAsync($"{Api}/processes/feedback-log/versions/1"))!["document"]!.AsObject();
        using var draft = await head.PutAsync($"{Api}/processes/feedback-log/draft", Json(document.ToJsonString()));
        using var publish = await head.PostAsync($"{Api}/processes/feedback-log/publish", null);
        using var template = await head.PutAsync($"{Api}/templates/idp/draft", Json("{\"key\":\"idp\"}"));
        Assert.Multiple(() =>
        {
            Assert.That(templates["items"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That((int)templates["total"]!, Is.GreaterThanOrEqualTo(9));
            var assigned = notifications["items"]!.AsArray().First(i => (string?)i!["key"] == "task.assigned")!;
            Assert.That((bool)assigned["shippedOnly"]!, Is.True);
            Assert.That(assigned["latestVersion"], Is.Null);
            Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "feedback-log belongs to the whole organisation (ProcessOwnershipTests: the processes of their departments)");
            Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(template.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Everyone_signed_in_reads_a_shipped_notification_or_report_template_to_start_from_and_an_unknown_key_is_404()
    {
        using var employee = await SignedIn(Employee);
        var assigned = JsonNode.Parse(await employee.GetStringAsync($"{Api}/notifications/task.assigned/shipped"))!;
        var history = JsonNode.Parse(await employee.GetStringAsync($"{Api}/reports/history/shipped"))!;
        using var unknown = await employee.GetAsync($"{Api}/notifications/no-such-notice/shipped");
        Assert.Multiple(async () =>
        {
            Assert.That((string?)assigned["key"], Is.EqualTo("task.assigned"));
            Assert.That((string?)assigned["document"]!["event"], Is.EqualTo("task.assigned"));
            Assert.That((string?)assigned["document"]!["body"]!["zh-CN"], Does.Contain("{{ recipient.name }}"));
            Assert.That((string?)history["document"]!["text"]!["en"], Does.StartWith("<!DOCTYPE html>"));
            Assert.That((string?)(await Problem(unknown, 404))["code"], Is.EqualTo("definition.not-found"));
        });
    }

    [Test]
    public async Task The_export_holds_the_shipped_definitions_and_importing_it_unchanged_publishes_nothing()
    {
        using var admin = await SignedIn(Admin);
        var zip = await admin.GetByteArrayAsync($"{Api}/export");
        var files = Unzip(zip);
        Assert.That(files.Keys, Does.Contain("templates/idp.json").And.Contain("templates/kpi-setting.json")
            .And.Contain("processes/annual-review.json").And.Contain("notifications/task.assigned.json").And.Contain("reports/pre-interview.json"));

        var before = await LatestVersionsAsync(admin);
        using var import = await PostZip(admin, $"{Api}/import?publish=true", zip);
        var answer = JsonNode.Parse(await import.Content.ReadAsStringAsync())!;
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer.ToJsonString());
        Assert.Multiple(async () =>
        {
            Assert.That(answer["definitions"]!.AsArray().Select(d => (string?)d!["action"]).Distinct(), Is.EqualTo(new[] { "unchanged" }), answer.ToJsonString());
            Assert.That(answer["definitions"]!.AsArray(), Has.Count.EqualTo(files.Count));
            Assert.That(await LatestVersionsAsync(admin), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task An_import_with_one_broken_file_publishes_nothing_and_names_the_file()
    {
        using var admin = await SignedIn(Admin);
        var files = Unzip(await admin.GetByteArrayAsync($"{Api}/export"));
        var idp = JsonNode.Parse(files["templates/idp.json"])!.AsObject();
        idp["title"]!["en"] = "Individual development plan (imported)";
        files["templates/idp.json"] = idp.ToJsonString();
        var kpi = JsonNode.Parse(files["templates/kpi-setting.json"])!.AsObject();
        kpi["schema"]!["properties"]!["period"]!["type"] = "text";
        files["templates/kpi-setting.json"] = kpi.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var before = await LatestVersionsAsync(admin);
        using var import = await PostZip(admin, $"{Api}/import?publish=true", Zip(files));
        var problem = await Problem(import, 422);
        var findings = problem["findings"]!.AsArray();
        Assert.Multiple(async () =>
        {
            Assert.That(findings.Where(f => (string?)f!["severity"] == "error").Select(f => (string?)f!["file"]).Distinct(), Is.EqualTo(new[] { "templates/kpi-setting.json" }), problem.ToJsonString());
            Assert.That(findings.Any(f => ((string?)f!["path"])?.Contains("period", StringComparison.Ordinal) == true && (int?)f["line"] > 1), Is.True, problem.ToJsonString());
            Assert.That(await LatestVersionsAsync(admin), Is.EqualTo(before), "not even the good file was published");
        });
    }

    [Test]
    public async Task An_import_of_a_changed_template_without_publish_saves_a_draft_only()
    {
        using var admin = await SignedIn(Admin);
        var files = Unzip(await admin.GetByteArrayAsync($"{Api}/export"));
        var checkIn = JsonNode.Parse(files["templates/monthly-check-in.json"])!.AsObject();
        checkIn["title"]!["en"] = "Monthly check-in (draft by import)";
        var before = await LatestVersionsAsync(admin);
        using var import = await PostZip(admin, $"{Api}/import", Zip(new Dictionary<string, string> { ["templates/monthly-check-in.json"] = checkIn.ToJsonString() }));
        var answer = JsonNode.Parse(await import.Content.ReadAsStringAsync())!;
        var draft = JsonNode.Parse(await admin.GetStringAsync($"{Api}/templates/monthly-check-in/draft"))!;
        Assert.Multiple(async () =>
        {
            Assert.That((string?)answer["definitions"]![0]!["action"], Is.EqualTo("draft-saved"), answer.ToJsonString());
            Assert.That((string?)draft["document"]!["title"]!["en"], Is.EqualTo("Monthly check-in (draft by import)"));
            Assert.That(await LatestVersionsAsync(admin), Is.EqualTo(before));
        });
        using var _ = await admin.DeleteAsync($"{Api}/templates/monthly-check-in/draft");
    }

    [Test]
    public async Task A_dry_run_of_an_import_says_per_file_what_it_would_publish_writes_nothing_and_the_import_then_does_exactly_that()
    {
        using var admin = await SignedIn(Admin);
        var files = Unzip(await admin.GetByteArrayAsync($"{Api}/export"));
        var idp = JsonNode.Parse(files["templates/idp.json"])!.AsObject();
        idp["title"]!["en"] = "Individual development plan (checked first)";
        files["templates/idp.json"] = idp.ToJsonString();
        var brief = JsonNode.Parse(files["notifications/task.assigned.json"])!.AsObject();
        brief["key"] = "task.assigned-brief";
        brief["subject"]!["en"] = "New: {{ task.title }}";
        files["notifications/task.assigned-brief.json"] = brief.ToJsonString();
        var zip = Zip(files);
        var before = await LatestVersionsAsync(admin);

        using var dryRun = await PostZip(admin, $"{Api}/import?publish=true&dryRun=true", zip);
        var checkedAnswer = JsonNode.Parse(await dryRun.Content.ReadAsStringAsync())!;
        Assert.That(dryRun.StatusCode, Is.EqualTo(HttpStatusCode.OK), checkedAnswer.ToJsonString());
        var wouldDo = checkedAnswer["definitions"]!.AsArray().ToDictionary(d => (string)d!["file"]!, d => ((string?)d!["action"], (int?)d["version"]));
        Assert.Multiple(async () =>
        {
            Assert.That((bool)checkedAnswer["dryRun"]!, Is.True);
            Assert.That((bool)checkedAnswer["published"]!, Is.True);
            Assert.That(wouldDo, Has.Count.EqualTo(files.Count));
            Assert.That(wouldDo["templates/idp.json"], Is.EqualTo(("published", before["templates/idp"] + 1)));
            Assert.That(wouldDo["notifications/task.assigned-brief.json"], Is.EqualTo(("published", (int?)1)));
            Assert.That(wouldDo["processes/annual-review.json"], Is.EqualTo(("published", before["processes/annual-review"] + 1)), "annual-review uses idp: it would be published again, pinned to the new idp");
            Assert.That(wouldDo.Where(d => d.Value.Item1 != "unchanged").Select(d => d.Key), Is.EquivalentTo(new[] { "templates/idp.json", "notifications/task.assigned-brief.json", "processes/annual-review.json", "processes/next-period-goals.json" }));
            Assert.That(await LatestVersionsAsync(admin), Is.EqualTo(before), "a dry run publishes nothing");
        });

        using var import = await PostZip(admin, $"{Api}/import?publish=true", zip);
        var answer = JsonNode.Parse(await import.Content.ReadAsStringAsync())!;
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That((bool)answer["dryRun"]!, Is.False);
            Assert.That(answer["definitions"]!.ToJsonString(), Is.EqualTo(checkedAnswer["definitions"]!.ToJsonString()), "the import did what its dry run said");
        });
    }

    [Test]
    public async Task A_dry_run_of_an_import_as_drafts_says_which_drafts_it_would_save_and_saves_none()
    {
        using var admin = await SignedIn(Admin);
        var files = Unzip(await admin.GetByteArrayAsync($"{Api}/export"));
        var checkIn = JsonNode.Parse(files["templates/monthly-check-in.json"])!.AsObject();
        checkIn["title"]!["en"] = "Monthly check-in (a draft not saved)";
        var only = Zip(new Dictionary<string, string>
        {
            ["templates/monthly-check-in.json"] = checkIn.ToJsonString(),
            ["reports/history.json"] = files["reports/history.json"],
        });

        using var dryRun = await PostZip(admin, $"{Api}/import?dryRun=true", only);
        var answer = JsonNode.Parse(await dryRun.Content.ReadAsStringAsync())!;
        using var draft = await admin.GetAsync($"{Api}/templates/monthly-check-in/draft");
        Assert.Multiple(async () =>
        {
            Assert.That(dryRun.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer.ToJsonString());
            Assert.That((bool)answer["published"]!, Is.False);
            Assert.That(answer["definitions"]!.AsArray().Select(d => ((string?)d!["file"], (string?)d["kind"], (string?)d["key"], (string?)d["action"])), Is.EquivalentTo(new[]
            {
                ("templates/monthly-check-in.json", "template", "monthly-check-in", "draft-saved"),
                ("reports/history.json", "report", "history", "unchanged"),
            }));
            Assert.That((string?)(await Problem(draft, 404))["code"], Is.EqualTo("definition.no-draft"), "no draft was saved");
        });
    }

    [Test]
    public async Task A_dry_run_of_an_import_with_a_broken_file_is_refused_as_the_import_would_be_naming_the_file_line_and_column()
    {
        using var admin = await SignedIn(Admin);
        var files = Unzip(await admin.GetByteArrayAsync($"{Api}/export"));
        var assigned = JsonNode.Parse(files["notifications/task.assigned.json"])!.AsObject();
        assigned["body"]!["zh-CN"] = "{{ recipient.name }}，您好：\n{{ if task.due }}\n截止时间：{{ task.due }}\n";
        var zip = Zip(new Dictionary<string, string> { ["notifications/task.assigned.json"] = assigned.ToJsonString(), ["templates/idp.json"] = files["templates/idp.json"] });

        using var dryRun = await PostZip(admin, $"{Api}/import?publish=true&dryRun=true", zip);
        var checkedProblem = await Problem(dryRun, 422);
        using var import = await PostZip(admin, $"{Api}/import?publish=true", zip);
        var problem = await Problem(import, 422);
        var finding = checkedProblem["findings"]!.AsArray().First(f => (string?)f!["severity"] == "error")!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)checkedProblem["code"], Is.EqualTo("definition.has-errors"));
            Assert.That(((string?)finding["file"], (string?)finding["language"], (string?)finding["part"]), Is.EqualTo(("notifications/task.assigned.json", "zh-CN", "body")), finding.ToJsonString());
            Assert.That((int?)finding["line"], Is.GreaterThanOrEqualTo(1));
            Assert.That((int?)finding["column"], Is.GreaterThanOrEqualTo(1));
            Assert.That(checkedProblem["findings"]!.ToJsonString(), Is.EqualTo(problem["findings"]!.ToJsonString()), "the dry run refuses as the import does");
        });
    }

    [Test]
    public async Task A_zip_bomb_is_413_and_too_many_entries_is_400()
    {
        using var admin = await SignedIn(Admin);
        var bomb = Zip(new Dictionary<string, string> { ["templates/bomb.json"] = "{\"key\":\"bomb\"," + new string(' ', 5_000_000) + "}" });
        Assert.That(bomb.Length, Is.LessThan(100_000), "small on the wire");
        using var bombed = await PostZip(admin, $"{Api}/import?publish=true", bomb);
        var tooLarge = await Problem(bombed, 413);

        var many = Zip(Enumerable.Range(0, 101).ToDictionary(i => $"templates/t{i}.json", i => $"{{\"key\":\"t{i}\"}}"));
        using var crowded = await PostZip(admin, $"{Api}/import?publish=true", many);
        var tooMany = await Problem(crowded, 400);

        using var notZip = await PostZip(admin, $"{Api}/import", Encoding.UTF8.GetBytes("not a zip"));
        var bad = await Problem(notZip, 400);
        Assert.Multiple(() =>
        {
            Assert.That((string?)tooLarge["code"], Is.EqualTo("import.too-large"));
            Assert.That((string?)tooMany["code"], Is.EqualTo("import.too-many-entries"));
            Assert.That((string?)bad["code"], Is.EqualTo("import.not-a-zip"));
        });
    }

    private static IEnumerable<TestCaseData> DocumentsTheReaderRefuses()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70));
        yield return new TestCaseData("templates/idp/draft", "{\n  \"key\": \"idp\", // a note\n  \"title\": {}\n}", "json.syntax").SetName("A_draft_with_a_comment_is_refused_as_formflow_lint_refuses_it");
        yield return new TestCaseData("processes/annual-review/lint", "{\n  \"key\": \"annual-review\",\n  \"steps\": {},\n}", "json.syntax").SetName("A_process_with_a_trailing_comma_is_refused_as_formflow_lint_refuses_it");
        yield return new TestCaseData("templates/idp/draft", "{ \"key\": \"idp\", \"key\": \"idp\" }", "json.duplicate-key").SetName("A_draft_with_a_key_twice_is_refused_as_formflow_lint_refuses_it");
        yield return new TestCaseData("notifications/task.assigned/draft", "{ \"key\": \"task.assigned\", \"body\": " + deep + " }", "json.too-deep").SetName("A_draft_nested_too_deep_is_refused_as_formflow_lint_refuses_it");
    }

    [TestCaseSource(nameof(DocumentsTheReaderRefuses))]
    public async Task A_document_is_read_by_the_engines_reader_with_its_code_line_and_column(string path, string text, string code)
    {
        var expected = FormFlow.Documents.DocumentReader.Check(text)!;
        using var hrbp = await SignedIn(Hrbp);
        hrbp.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var request = new HttpRequestMessage(path.EndsWith("/draft", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, $"{Api}/{path}") { Content = Json(text) };

        using var response = await hrbp.SendAsync(request);

        var error = (await Problem(response, 400))["errors"]![""]![0]!;
        Assert.That(((string?)error["code"], (string?)error["message"]), Is.EqualTo((code, expected.Message.En)));
        Assert.That(expected.Message.En, Does.StartWith("Line "));
    }

    [Test]
    public async Task A_15_MB_draft_is_413_as_formflow_lint_refuses_it()
    {
        using var hrbp = await SignedIn(Hrbp);
        hrbp.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var text = "{ \"key\": \"idp\", \"description\": \"" + new string('x', 15 * 1024 * 1024) + "\" }";

        using var response = await hrbp.PutAsync($"{Api}/templates/idp/draft", Json(text));

        var problem = await Problem(response, 413);
        Assert.That(((string?)problem["code"], (string?)problem["detail"]), Is.EqualTo(("json.too-large", FormFlow.Documents.DocumentReader.TooLarge.Message.En)));
        Assert.That(FormFlow.Documents.DocumentReader.Check(text), Is.EqualTo(FormFlow.Documents.DocumentReader.TooLarge));
    }

    private static IEnumerable<TestCaseData> BadBodies()
    {
        yield return new TestCaseData("PUT", "templates/idp/draft", "{\"key\": ", null, "json.syntax").SetName("A_malformed_draft_is_400");
        yield return new TestCaseData("PUT", "templates/idp/draft", "{\"key\": 42}", "/key", "json.wrong-type").SetName("A_draft_key_of_the_wrong_type_is_400_naming_key");
        yield return new TestCaseData("PUT", "templates/idp/draft", "{\"key\": \"kpi-setting\"}", "/key", "definition.key-mismatch").SetName("A_draft_whose_key_is_not_the_address_key_is_400_naming_key");
        yield return new TestCaseData("PUT", "templates/idp/draft", "[1, 2]", "", "json.wrong-type").SetName("A_draft_that_is_not_an_object_is_400");
        yield return new TestCaseData("POST", "templates/idp/preview", "{\"documnet\": {}}", "/documnet", "json.unknown-member").SetName("An_unknown_member_of_a_preview_is_400_naming_it");
        yield return new TestCaseData("POST", "templates/idp/preview", "{\"data\": 5}", "/data", "json.wrong-type").SetName("A_preview_data_of_the_wrong_type_is_400_naming_it");
        yield return new TestCaseData("POST", "templates/idp/lint", "{\"key\": \"idp\",,}", null, "json.syntax").SetName("A_malformed_lint_body_is_400");
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Bad_bodies_are_400_naming_the_field_and_save_nothing(string method, string path, string body, string? pointer, string code)
    {
        using var hrbp = await SignedIn(Hrbp);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Api}/{path}") { Content = Json(body) };
        using var response = await hrbp.SendAsync(request);
        var problem = await Problem(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Multiple(() =>
        {
            if (pointer is not null)
            {
                Assert.That(errors.ContainsKey(pointer), Is.True, problem.ToJsonString());
            }

            Assert.That(errors.SelectMany(e => e.Value!.AsArray()).Select(e => (string?)e!["code"]), Does.Contain(code), problem.ToJsonString());
        });
        using var draft = await hrbp.GetAsync($"{Api}/templates/idp/draft");
        Assert.That(draft.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing saved");
    }

    [Test]
    public async Task A_template_preview_is_the_form_in_both_languages_with_the_data_validated()
    {
        using var hrbp = await SignedIn(Hrbp);
        using var response = await hrbp.PostAsync($"{Api}/templates/idp/preview", Json("{\"data\": {\"career_aspiration\": 5}}"));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That((string?)preview["forms"]!["zh-CN"]!["schema"]!["properties"]!["career_aspiration"]!["title"], Does.Match(@"\p{IsCJKUnifiedIdeographs}"));
            Assert.That((string?)preview["forms"]!["en"]!["schema"]!["properties"]!["career_aspiration"]!["title"], Does.Not.Match(@"\p{IsCJKUnifiedIdeographs}").And.Not.Empty);
            Assert.That(preview["dataProblems"]!.AsArray().Select(p => (string?)p!["pointer"]), Does.Contain("/career_aspiration"));
        });
    }

    private const string ScoreTemplate = """
        {
          "formflow": "template/1", "key": "goal-score", "title": { "zh-CN": "目标评分", "en": "Goal score" },
          "schema": { "type": "object", "additionalProperties": false, "required": ["score"],
            "properties": { "score": { "type": "integer", "minimum": 1, "maximum": 5 }, "note": { "type": "string", "maxLength": 200 } } },
          "fields": { "score": { "label": { "zh-CN": "评分", "en": "Score" } }, "note": { "label": { "zh-CN": "备注", "en": "Note" } } },
          "sections": [{ "key": "scoring", "title": { "zh-CN": "评分", "en": "Scoring" }, "fields": ["score", "note"] }]
        }
        """;

    private const string ScoreProcess = """
        {
          "key": "goal-scoring", "title": { "zh-CN": "目标评分", "en": "Goal scoring" }, "forms": { "goal": "goal-score" }, "start": "score",
          "steps": {
            "score": { "kind": "form", "form": "goal", "assignee": "manager", "write": ["scoring"], "next": "check" },
            "check": { "kind": "decision", "branches": [{ "when": "forms.goal.score >= 7", "next": "done" }], "otherwise": "done" },
            "done": { "kind": "end" }
          }
        }
        """;

    [Test]
    public async Task Linting_a_process_owned_by_a_department_names_its_people_a_relation_finds_nobody_for_on_the_step()
    {
        using var hrbp = await SignedIn(Hrbp);
        var process = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/processes/annual-review/versions/1"))!["document"]!.AsObject();
        process["ownerDepartment"] = "D200";

        var lint = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/processes/annual-review/lint", Json(process.ToJsonString()))).Content.ReadAsStringAsync())!;

        // 刘洋 heads 研发中心 and reports to the CEO, who reports to nobody: he has no skip-level manager.
        var finding = lint["findings"]!.AsArray().Single(f => (string?)f!["code"] == "process.relation-finds-nobody")!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)finding["severity"], Is.EqualTo("warning"));
            Assert.That((string?)finding["path"], Is.EqualTo("$.steps['skip-level-approval'].approvers[0]"));
            Assert.That((int?)finding["line"], Is.Not.Null);
            Assert.That((string?)finding["message"]!["zh-CN"], Is.EqualTo("步骤「跨级领导审批极端评级」：研发中心（D200）有 1 人没有隔级上级：刘洋；他们的任务将交给 HRBP 或管理员"));
            Assert.That((string?)finding["message"]!["en"], Does.StartWith("The step \"").And.Contain("1 person in R&D Center (D200) has no skip-level manager: Yang Liu;"));
            Assert.That((bool)lint["ok"]!, Is.True, "a warning does not stop publishing");
        });
    }

    [Test]
    public async Task A_process_naming_a_template_that_is_only_a_draft_is_linted_against_the_draft_and_says_so()
    {
        using var hrbp = await SignedIn(Hrbp);
        await Expect(await hrbp.PutAsync($"{Api}/templates/goal-score/draft", Json(ScoreTemplate)), 200, "the template's draft");

        var lint = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/processes/goal-scoring/lint", Json(ScoreProcess))).Content.ReadAsStringAsync())!;

        var codes = lint["findings"]!.AsArray().Select(f => (string?)f!["code"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(codes, Does.Contain("process.impossible-comparison").And.Not.Contain("process.unknown-template"), lint.ToJsonString());
            Assert.That(lint["templatesUsed"]!.ToJsonString(), Is.EqualTo("""[{"form":"goal","key":"goal-score","draft":true}]"""));
        });
        await Expect(await hrbp.DeleteAsync($"{Api}/templates/goal-score/draft"), 204);
    }

    [Test]
    public async Task A_process_is_linted_against_its_templates_newer_draft_and_against_the_published_version_once_the_draft_is_gone()
    {
        using var hrbp = await SignedIn(Hrbp);
        var published = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/feedback-log/versions"))!.AsArray().Count;
        var template = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/templates/feedback-log/versions/{published}"))!["document"]!.AsObject();
        var process = JsonNode.Parse(await hrbp.GetStringAsync($"{Api}/processes/feedback-log/versions/1"))!["document"]!.AsObject();
        process["forms"]!["entry"] = "feedback-log";
        // The draft makes the visibility a choice of two words: the process's "== true" can then never hold.
        template["schema"]!["properties"]!["visible_to_employee"] = JsonNode.Parse("""{ "type": "string", "enum": ["yes", "no"] }""");
        template["fields"]!["visible_to_employee"]!["options"] = JsonNode.Parse("""{ "yes": { "zh-CN": "可见", "en": "Visible" }, "no": { "zh-CN": "不可见", "en": "Hidden" } }""");
        template["fields"]!["visible_to_employee"]!.AsObject().Remove("placeholder");
        await Expect(await hrbp.PutAsync($"{Api}/templates/feedback-log/draft", Json(template.ToJsonString())), 200, "the template's draft");

        var againstDraft = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/processes/feedback-log/lint", Json(process.ToJsonString()))).Content.ReadAsStringAsync())!;
        await Expect(await hrbp.DeleteAsync($"{Api}/templates/feedback-log/draft"), 204);
        var againstPublished = JsonNode.Parse(await (await hrbp.PostAsync($"{Api}/processes/feedback-log/lint", Json(process.ToJsonString()))).Content.ReadAsStringAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That(againstDraft["findings"]!.AsArray().Select(f => (string?)f!["code"]), Does.Contain("process.impossible-comparison"), againstDraft.ToJsonString());
            Assert.That(againstDraft["templatesUsed"]!.ToJsonString(), Is.EqualTo("""[{"form":"entry","key":"feedback-log","draft":true}]"""));
            Assert.That(againstPublished["findings"]!.AsArray().Where(f => (string?)f!["severity"] == "error"), Is.Empty, againstPublished.ToJsonString());
            Assert.That(againstPublished["templatesUsed"]!.ToJsonString(), Is.EqualTo($$"""[{"form":"entry","key":"feedback-log","version":{{published}},"draft":false}]"""));
        });
    }

    [Test]
    public async Task A_template_preview_answers_computed_fields_exactly_as_a_submission_stores_them()
    {
        const string Template = """
            {
              "formflow": "template/1", "key": "score-average", "title": { "zh-CN": "平均分", "en": "Average score" },
              "schema": { "type": "object", "additionalProperties": false, "required": ["a", "b", "c"],
                "properties": { "a": { "type": "integer", "minimum": 1, "maximum": 5 }, "b": { "type": "integer", "minimum": 1, "maximum": 5 },
                  "c": { "type": "integer", "minimum": 1, "maximum": 5 }, "average": { "type": "number" } } },
              "fields": { "a": { "label": { "zh-CN": "甲", "en": "A" } }, "b": { "label": { "zh-CN": "乙", "en": "B" } },
                "c": { "label": { "zh-CN": "丙", "en": "C" } }, "average": { "label": { "zh-CN": "平均", "en": "Average" } } },
              "sections": [{ "key": "scores", "title": { "zh-CN": "评分", "en": "Scores" }, "fields": ["a", "b", "c", "average"] }],
              "computed": [{ "field": "average", "expression": "(form.a + form.b + form.c) / 3" }]
            }
            """;
        const string Process = """
            {
              "key": "score-average", "title": { "zh-CN": "平均分", "en": "Average score" }, "forms": { "scores": "score-average" }, "start": "rate",
              "steps": { "rate": { "kind": "form", "form": "scores", "assignee": "subject", "write": ["scores"], "next": "done" }, "done": { "kind": "end" } }
            }
            """;
        using var hrbp = await SignedIn(Hrbp);
        await Expect(await hrbp.PutAsync($"{Api}/templates/score-average/draft", Json(Template)), 200, "template draft");
        await Expect(await hrbp.PostAsync($"{Api}/templates/score-average/publish", null), 200, "template publish");
        await Expect(await hrbp.PutAsync($"{Api}/processes/score-average/draft", Json(Process)), 200, "process draft");
        await Expect(await hrbp.PostAsync($"{Api}/processes/score-average/publish", null), 200, "process publish");
        var starts = Host.Clock.GetUtcNow();
        await FormFlow.Cycles.CycleLauncher.LaunchAsync(Db, Host.Clock, new FormFlow.Cycles.CycleRequest(
            "average-" + Kind, "平均分 / Average", "score-average", starts, starts.AddDays(30), FormFlow.Cycles.Population.People("E025"), Admin));
        using var employee = await SignedIn("E025");
        var task = await OnlyOpenTaskAsync(employee, "average-" + Kind, "rate");
        var data = new JsonObject { ["a"] = 4, ["b"] = 5, ["c"] = 4 };

        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{task}/submit", new JsonObject { ["data"] = data.DeepClone() }), 200, "submit");
        var stored = (await GetJson(employee, $"/api/tasks/{task}"))["data"]!["average"];
        using var response = await hrbp.PostAsync($"{Api}/templates/score-average/preview", Json(new JsonObject { ["data"] = data.DeepClone() }.ToJsonString()));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(stored, Is.Not.Null, "the submission stored the computed average");
        Assert.That(preview["data"]?["average"]?.ToJsonString(), Is.EqualTo(stored!.ToJsonString()), preview.ToJsonString());
    }

    [Test]
    public async Task A_report_template_previews_against_a_real_person_the_author_may_read_and_no_one_else()
    {
        using var hrbp = await SignedIn(Hrbp);
        const string Document = """{ "key": "history", "text": { "zh-CN": "<p>{{ employee.name }}·{{ employee.department }}</p>", "en": "<p>{{ employee.name }} / {{ employee.department }}</p>" } }""";

        using var own = await hrbp.PostAsync($"{Api}/reports/history/preview", Json($$"""{ "document": {{Document}}, "subject": "E025" }"""));
        using var outside = await hrbp.PostAsync($"{Api}/reports/history/preview", Json($$"""{ "document": {{Document}}, "subject": "E031" }"""));
        using var mismatch = await hrbp.PostAsync($"{Api}/reports/pre-interview/preview", Json($$"""{ "document": {{Document}}, "subject": "E025" }"""));
        using var notice = await hrbp.PostAsync($"{Api}/notifications/task.assigned/preview", Json("""{ "subject": "E025" }"""));

        var preview = JsonNode.Parse(await own.Content.ReadAsStringAsync())!;
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
        Assert.That(preview["texts"]!.AsArray().Select(t => (string?)t!["text"]), Is.EqualTo(new[] { "<p>蒋涛·平台研发部</p>", "<p>Tao Jiang / Platform Engineering</p>" }));
        var refused = await Problem(outside, 404);
        Assert.That(refused.ToJsonString(), Does.Not.Contain("马丽").And.Not.Contain("Li Ma"), "E031 is in Sales, which E004 is not the HRBP of");
        Assert.That((await Problem(mismatch, 400))["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/document/key" }));
        Assert.That((await Problem(notice, 400))["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/subject" }));
    }

    [Test]
    public async Task A_notification_template_previews_over_a_real_message_for_an_administrator_and_no_other_author()
    {
        var starts = Host.Clock.GetUtcNow();
        await FormFlow.Cycles.CycleLauncher.LaunchAsync(Db, Host.Clock, new FormFlow.Cycles.CycleRequest(
            "preview-" + Kind, "预览周期 / Preview cycle", "annual-review", starts, starts.AddDays(60), FormFlow.Cycles.Population.People("E025"), Admin));
        string messageId;
        await using (var work = await FormFlow.Storage.UnitOfWork.BeginReadAsync(Db))
        {
            messageId = await Dapper.SqlMapper.QuerySingleAsync<string>(work.Connection, "SELECT id FROM outbox WHERE recipient = 'E025'", transaction: work.Transaction);
        }

        const string Document = """{ "key": "cycle.launched", "event": "cycle.launched", "subject": { "zh-CN": "{{ cycle.name }}", "en": "{{ cycle.name }}" }, "body": { "zh-CN": "{{ recipient.name }}：{{ task.title }}", "en": "{{ recipient.name }}: {{ task.title }}" } }""";
        using var admin = await SignedIn(Admin);
        using var hrbp = await SignedIn(Hrbp);
        using var asAdmin = await admin.PostAsync($"{Api}/notifications/cycle.launched/preview", Json($$"""{ "document": {{Document}}, "messageId": "{{messageId}}" }"""));
        using var asHrbp = await hrbp.PostAsync($"{Api}/notifications/cycle.launched/preview", Json($$"""{ "document": {{Document}}, "messageId": "{{messageId}}" }"""));
        using var onReport = await admin.PostAsync($"{Api}/reports/history/preview", Json($$"""{ "messageId": "{{messageId}}" }"""));

        var preview = JsonNode.Parse(await asAdmin.Content.ReadAsStringAsync())!;
        Assert.That(asAdmin.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
        Assert.That(preview["texts"]!.AsArray().Where(t => (string?)t!["part"] == "body").Select(t => (string?)t!["text"]), Is.EqualTo(new[] { "蒋涛：员工自评\n", "Tao Jiang: Self-review\n" }), "the recipient's message in both languages");
        Assert.That((await Problem(asHrbp, 404)).ToJsonString(), Does.Not.Contain("蒋涛").And.Not.Contain("Tao Jiang"), "neither the recipient nor copied nor an administrator");
        Assert.That((await Problem(onReport, 400))["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/messageId" }));
    }

    [Test]
    public async Task An_hrbp_previews_a_notification_template_over_a_message_sent_to_her_chosen_from_her_own_messages()
    {
        // The HRBP is the subject of a review too: its first notice is sent to her, another one to 蒋涛 (other tests of
        // the fixture may have sent both of them messages before: the new ones are told apart from those).
        async Task<List<(string Id, string Recipient, string Payload)>> MessagesAsync()
        {
            await using var work = await FormFlow.Storage.UnitOfWork.BeginReadAsync(Db);
            return [.. await Dapper.SqlMapper.QueryAsync<(string, string, string)>(work.Connection, $"SELECT id, recipient, payload FROM outbox WHERE recipient IN ('{Hrbp}', 'E025')", transaction: work.Transaction)];
        }

        var before = (await MessagesAsync()).Select(m => m.Id).ToHashSet();
        var starts = Host.Clock.GetUtcNow();
        await FormFlow.Cycles.CycleLauncher.LaunchAsync(Db, Host.Clock, new FormFlow.Cycles.CycleRequest(
            "mine-" + Kind, "我的通知 / My notices", "annual-review", starts, starts.AddDays(60), FormFlow.Cycles.Population.People(Hrbp, "E025"), Admin));
        var sent = (await MessagesAsync()).Where(m => !before.Contains(m.Id)).ToList();
        var (hers, _, payload) = sent.Single(m => m.Recipient == Hrbp);
        var his = sent.Single(m => m.Recipient == "E025").Id;
        var eventName = (string)JsonNode.Parse(payload)!["event"]!;

        using var hrbp = await SignedIn(Hrbp);
        using var mine = await hrbp.GetAsync($"/api/me/messages?event={eventName}");
        using var otherEvent = await hrbp.GetAsync("/api/me/messages?event=task.overdue");
        using var noEvent = await hrbp.GetAsync("/api/me/messages");
        var listed = JsonNode.Parse(await mine.Content.ReadAsStringAsync())!.AsArray();
        Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK), listed.ToJsonString());
        Assert.That((string?)listed[0]!["id"], Is.EqualTo(hers), "the newest first");
        Assert.That(listed.Select(m => (string?)m!["id"]), Does.Not.Contain(his), "hers, not 蒋涛's");
        Assert.That(listed.Select(m => (string?)m!["event"]), Is.All.EqualTo(eventName));
        Assert.That(JsonNode.Parse(await otherEvent.Content.ReadAsStringAsync())!.AsArray().Select(m => (string?)m!["event"]), Is.All.EqualTo("task.overdue"));
        Assert.That((await Problem(noEvent, 400))["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "event" }));

        var document = """{ "key": "EVENT", "event": "EVENT", "subject": { "zh-CN": "{{ recipient.name }}", "en": "{{ recipient.name }}" }, "body": { "zh-CN": "给{{ recipient.name }}", "en": "For {{ recipient.name }}" } }""".Replace("EVENT", eventName, StringComparison.Ordinal);
        using var preview = await hrbp.PostAsync($"{Api}/notifications/{eventName}/preview", Json($$"""{ "document": {{document}}, "messageId": "{{hers}}" }"""));
        var rendered = JsonNode.Parse(await preview.Content.ReadAsStringAsync())!;
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), rendered.ToJsonString());
        Assert.That(rendered["texts"]!.AsArray().Where(t => (string?)t!["part"] == "body").Select(t => (string?)t!["text"]), Is.EqualTo(new[] { "给赵敏\n", "For Min Zhao\n" }));
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? body, string ifMatch)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json(body);
        }

        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostZip(HttpClient client, string path, byte[] zip)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await client.PostAsync(path, content);
    }

    private static async Task<Dictionary<string, int?>> LatestVersionsAsync(HttpClient client)
    {
        var latest = new Dictionary<string, int?>();
        foreach (var segment in new[] { "templates", "processes", "notifications", "reports" })
        {
            var page = JsonNode.Parse(await client.GetStringAsync($"{Api}/{segment}?pageSize=200"))!;
            foreach (var item in page["items"]!.AsArray())
            {
                latest[$"{segment}/{item!["key"]}"] = (int?)item["latestVersion"];
            }
        }

        return latest;
    }
}
