using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>
/// Text no browser or database can hold — a lone UTF-16 surrogate, a number beyond a double — is refused when a
/// submission or a definition is read, as one problem naming the value, never as a crash.
/// </summary>
public class PortableInputTests
{
    private static FormTemplate MiniReview() =>
        FormTemplate.Load(new TemplateBuilder().Build()).Template ?? throw new InvalidOperationException("the test template does not load");

    private static (string Pointer, string Code)[] Problems(SubmissionResult result) =>
        [.. result.Problems.Select(p => (p.Pointer, p.Code))];

    [Test]
    public void A_lone_surrogate_in_a_submitted_string_is_one_problem_naming_its_field()
    {
        // What a browser sends after "好的👍".slice(0, 3).
        var result = MiniReview().Validate("""{ "rating": 3, "comment": "好的\ud83d" }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/comment", PortableJson.UnpairedSurrogate) }));
        Assert.That(result.Problems[0].Message.ZhCn, Does.Contain("/comment"));
        Assert.That(result.Problems[0].Message.En, Does.Contain("/comment").And.Contain("surrogate"));
    }

    [Test]
    public void A_lone_low_surrogate_deep_in_a_list_is_named_by_its_pointer()
    {
        var result = MiniReview().Validate("""{ "rating": 3, "actions": [ { "what": "ok", "due": "2026-01-01" }, { "what": "\udc4d!", "due": "2026-01-01" } ] }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/actions/1/what", PortableJson.UnpairedSurrogate) }));
    }

    [Test]
    public void A_whole_surrogate_pair_written_as_escapes_is_an_ordinary_character()
    {
        var result = MiniReview().Validate("""{ "rating": 3, "comment": "好的\ud83d\udc4d" }""");

        Assert.That(result.Problems, Is.Empty);
    }

    [Test]
    public void A_lone_surrogate_in_a_member_name_is_refused_with_the_name_shown_repaired()
    {
        var result = MiniReview().Validate("""{ "rating": 3, "x\ud83d": 1 }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/x\uFFFD", PortableJson.UnpairedSurrogate) }));
    }

    [Test]
    public void A_number_beyond_a_double_is_one_problem_naming_its_field()
    {
        var result = MiniReview().Validate("""{ "rating": 1e400 }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/rating", PortableJson.NumberOutOfRange) }));
    }

    [Test]
    public void A_parsed_element_with_a_lone_surrogate_is_refused_too()
    {
        using var document = JsonDocument.Parse("""{ "rating": 3, "comment": "\ud83d" }""");

        var result = MiniReview().Validate(document.RootElement);

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/comment", PortableJson.UnpairedSurrogate) }));
    }

    [Test]
    public void A_template_with_a_lone_surrogate_in_a_text_fails_lint_naming_where()
    {
        var text = new TemplateBuilder().Build().Replace("\"Mini review\"", "\"Mini \\ud83d review\"", StringComparison.Ordinal);

        var loaded = FormTemplate.Load(text);

        var finding = loaded.Findings.Single();
        Assert.That((finding.Code, finding.Path), Is.EqualTo((PortableJson.UnpairedSurrogate, "$.title.en")));
        Assert.That(finding.Line, Is.GreaterThan(1));
    }

    [Test]
    public void A_string_holding_a_lone_surrogate_character_is_found_like_an_escaped_one()
    {
        var problems = PortableJson.Check("{\"a\": [\"ok\", \"\ud83d\"]}");

        Assert.That(problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/a/1", PortableJson.UnpairedSurrogate) }));
    }

    [Test]
    public void Text_that_is_not_json_is_left_to_the_reader_that_reports_its_syntax()
    {
        Assert.That(MiniReview().Validate("""{ "comment": "\ud83d", }""").Problems.Single().Code, Is.EqualTo("json.syntax"));
    }

    [Test]
    public void An_escaped_backslash_before_u_is_no_escape()
    {
        Assert.That(PortableJson.Check("""{ "a": "\\ud83d" }"""), Is.Empty);
    }

    [Test]
    public void Tiny_numbers_read_as_zero_as_in_the_browser()
    {
        var schema = new TemplateBuilder().With("schema/properties/comment", JsonNode.Parse("""{ "type": "number", "exclusiveMinimum": 0 }""")).Build();
        var template = FormTemplate.Load(schema).Template!;

        Assert.That(Problems(template.Validate("""{ "rating": 3, "comment": 1e-400 }""")), Is.EqualTo(new[] { ("/comment", "exclusiveMinimum") }));
    }
}
