using System.Net;
using System.Text.Json.Nodes;
using FormFlow.Cycles;
using FormFlow.Workflows;

namespace FormFlow.Api.Tests;

/// <summary>
/// A task's form is render-ready: the reduced schema carries each field's label as <c>title</c>, its help as
/// <c>ui:help</c>, its placeholder as <c>ui:placeholder</c> and its option labels as <c>ui:enumNames</c>, in the
/// request's language (zh-CN unless Accept-Language asks for English) — as the authoring preview renders templates,
/// fields reached through <c>$ref</c> included. People: 李娜 (E012), an employee of R&amp;D; the admin 林晓 (E002).
/// </summary>
public sealed class TaskFormTests(string kind) : ApiTest(kind)
{
    private const string Employee = "E012";

    [Test]
    public async Task A_task_form_carries_the_labels_help_and_option_texts_in_chinese_by_default()
    {
        var (form, response) = await OpenSelfReviewAsync(language: null);
        var properties = form["schema"]!["properties"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)form["language"], Is.EqualTo("zh-CN"));
            Assert.That(response.ContentLanguage, Is.EqualTo(new[] { "zh-CN" }));
            Assert.That(response.Vary, Does.Contain("Accept-Language"));
            Assert.That((string?)form["schema"]!["title"], Is.EqualTo("自评"));
            Assert.That((string?)properties["cycle"]!["title"], Is.EqualTo("自评周期"));
            Assert.That(form["uiSchema"]!["cycle"]!["ui:enumNames"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "年度", "季度" }));
            Assert.That((string?)form["uiSchema"]!["period"]!["ui:help"], Is.EqualTo("年度写 2025，季度写 2026-Q1"));
            Assert.That((string?)properties["goal_results"]!["items"]!["properties"]!["goal"]!["title"], Is.EqualTo("目标"));
            Assert.That((string?)form["uiSchema"]!["goal_results"]!["items"]!["result"]!["ui:placeholder"], Does.StartWith("如："));
            Assert.That((string?)form["uiSchema"]!["goal_results"]!["items"]!["result"]!["ui:widget"], Is.EqualTo("textarea"), "the template's own uiSchema stays");
        });
    }

    [Test]
    public async Task A_task_form_asked_for_in_english_is_in_english()
    {
        var (form, response) = await OpenSelfReviewAsync(language: "en-GB,en;q=0.9");
        Assert.Multiple(() =>
        {
            Assert.That((string?)form["language"], Is.EqualTo("en"));
            Assert.That(response.ContentLanguage, Is.EqualTo(new[] { "en" }));
            Assert.That((string?)form["schema"]!["properties"]!["cycle"]!["title"], Is.EqualTo("Review cycle"));
            Assert.That(form["uiSchema"]!["cycle"]!["ui:enumNames"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "Annual", "Quarterly" }));
            Assert.That((string?)form["uiSchema"]!["overall_rating"]!["ui:help"], Does.StartWith("1 below expectations"));
        });
    }

    [Test]
    public async Task Every_field_of_a_task_form_has_a_title()
    {
        var (form, _) = await OpenSelfReviewAsync(language: null);
        var untitled = new List<string>();
        Walk(form["schema"]!.AsObject(), "", untitled);
        Assert.That(untitled, Is.Empty);
    }

    [Test]
    public async Task Fields_reached_through_a_reference_are_labelled_each_with_its_own_label()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.PostAsync("/api/authoring/templates/feedback-request-360/preview", Json("{}"));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
        var ratings = preview["forms"]!["zh-CN"]!["schema"]!["properties"]!["ratings"]!["properties"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)ratings["communication"]!["title"], Is.EqualTo("沟通表达"));
            Assert.That((string?)ratings["collaboration"]!["title"], Is.EqualTo("团队协作"), "a definition shared by several fields takes each one's label");
            Assert.That((int?)ratings["ownership"]!["maximum"], Is.EqualTo(5), "the referenced schema is kept");
            Assert.That((string?)preview["forms"]!["en"]!["schema"]!["properties"]!["ratings"]!["properties"]!["expertise"]!["title"], Is.EqualTo("Expertise"));
        });
    }

    [Test]
    public async Task Fields_nested_in_references_within_references_are_labelled()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.PostAsync("/api/authoring/templates/idp/preview", Json("{}"));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), preview.ToJsonString());
        var goal = preview["forms"]!["en"]!["schema"]!["properties"]!["development_goals"]!["items"]!;
        var action = goal["properties"]!["actions"]!["items"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)goal["properties"]!["competency"]!["title"], Is.Not.Null.And.Not.Empty);
            Assert.That((string?)action["properties"]!["deadline"]!["title"], Is.Not.Null.And.Not.Empty);
            Assert.That(preview["forms"]!["en"]!["uiSchema"]!["development_goals"]!["items"]!["actions"]!["items"]!["type"]!["ui:enumNames"]!.AsArray(), Has.Count.EqualTo(5));
        });
    }

    private async Task<(JsonNode Form, Answer Response)> OpenSelfReviewAsync(string? language)
    {
        var cycle = "form-" + Guid.NewGuid().ToString("N")[..8];
        var start = Host.Clock.GetUtcNow();
        await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest(cycle, cycle, "annual-review", start, start.AddDays(60), Population.People([Employee]), "E002"));
        using var employee = await SignedIn(Employee);
        var task = await OnlyOpenTaskAsync(employee, cycle, "self-review");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tasks/{task}");
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await employee.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return (JsonNode.Parse(text)!, new Answer([.. response.Content.Headers.ContentLanguage], [.. response.Headers.Vary]));
    }

    /// <summary>The headers of a task's answer that say its language.</summary>
    public sealed record Answer(IReadOnlyList<string> ContentLanguage, IReadOnlyList<string> Vary);

    // Every property at any depth (through items) without a title, by path.
    private static void Walk(JsonObject schema, string path, List<string> untitled)
    {
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            var at = path.Length == 0 ? name : $"{path}.{name}";
            if (property is not JsonObject field)
            {
                continue;
            }

            if (string.IsNullOrEmpty((string?)field["title"]))
            {
                untitled.Add(at);
            }

            Walk(field, at, untitled);
            if (field["items"] is JsonObject items)
            {
                Walk(items, at + "[]", untitled);
            }
        }
    }
}
