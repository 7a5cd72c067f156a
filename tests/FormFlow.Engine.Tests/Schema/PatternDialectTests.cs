using System.Text.Json;
using FormFlow.Schema;
using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Tests.Schema;

/// <summary>
/// Patterns mean what they mean in the browser (ECMAScript with the u flag, as AJV compiles them), and lint refuses
/// what the server could not give that meaning.
/// </summary>
public class PatternDialectTests
{
    private static bool Matches(string pattern, string value)
    {
        var schema = new JObject { ["type"] = "string", ["pattern"] = pattern };
        var compiled = CompiledSchema.Compile(schema);
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));
        var problems = new List<ValidationProblem>();
        compiled.Validate(document.RootElement, problems);
        return problems.Count == 0;
    }

    private static LintFinding[] Findings(string pattern) =>
        [.. SchemaProfile.Check(new JObject { ["pattern"] = pattern }, "$.schema")];

    [TestCase(@"^\d{4}$", "２０２６", false, TestName = "Backslash_d_does_not_match_full_width_digits")]
    [TestCase(@"^\d{4}$", "٢٠٢٦", false, TestName = "Backslash_d_does_not_match_Arabic_Indic_digits")]
    [TestCase(@"^\d{4}$", "2026\n", false, TestName = "Dollar_does_not_match_before_a_final_newline")]
    [TestCase(@"^\d{4}$", "2026", true, TestName = "Backslash_d_matches_ASCII_digits")]
    [TestCase(@"^\w+$", "café", false, TestName = "Backslash_w_is_ASCII")]
    [TestCase(@"^\s$", "\u00A0", true, TestName = "Backslash_s_matches_no_break_space")]
    [TestCase(@"^\s$", "\uFEFF", true, TestName = "Backslash_s_matches_the_byte_order_mark_as_ECMAScript_does")]
    [TestCase(@"^\s$", "\u0085", false, TestName = "Backslash_s_does_not_match_next_line_which_ECMAScript_does_not_count")]
    [TestCase(@"^.$", "👍", true, TestName = "Dot_matches_an_emoji_as_one_character")]
    [TestCase(@"^.{3}$", "a👍", false, TestName = "Dot_never_splits_a_surrogate_pair")]
    [TestCase(@"^[^a]$", "👍", true, TestName = "A_negated_class_matches_an_emoji_as_one_character")]
    [TestCase(@"^👍+$", "👍👍", true, TestName = "A_quantifier_repeats_a_whole_emoji")]
    [TestCase(@"^\D$", "👍", true, TestName = "Backslash_D_matches_an_emoji_as_one_character")]
    [TestCase(@"^[\u4e00-\u9fa5]{2,4}$", "张伟", true, TestName = "A_range_of_Chinese_characters_works")]
    [TestCase(@"\bcat\b", "a cat!", true, TestName = "Word_boundaries_are_ASCII_word_boundaries")]
    [TestCase(@"\bcat", "écat", true, TestName = "A_non_ASCII_letter_is_no_word_character_for_word_boundaries")]
    [TestCase(@"^\cC$", "\u0003", true, TestName = "Control_escapes_work")]
    [TestCase(@"^[]$", "", false, TestName = "An_empty_class_matches_nothing")]
    [TestCase(@"^a\/b$", "a/b", true, TestName = "An_escaped_slash_is_a_slash")]
    [TestCase(@"^[a\-z]$", "-", true, TestName = "An_escaped_hyphen_in_brackets_is_a_hyphen")]
    [TestCase(@"^[a\-z]$", "b", false, TestName = "An_escaped_hyphen_in_brackets_makes_no_range")]
    public void Patterns_mean_what_they_mean_in_the_browser(string pattern, string value, bool matches)
    {
        Assert.That(Findings(pattern), Is.Empty);
        Assert.That(Matches(pattern, value), Is.EqualTo(matches));
    }

    [TestCase(@"\p{L}+", TestName = "Unicode_properties_are_outside_the_dialect")]
    [TestCase(@"(a)\1", TestName = "Back_references_are_outside_the_dialect")]
    [TestCase(@"(?<year>\d{4})", TestName = "Named_groups_are_outside_the_dialect")]
    [TestCase(@"(?i)abc", TestName = "Inline_options_are_outside_the_dialect")]
    [TestCase(@"\Aabc\z", TestName = "Dotnet_anchors_are_outside_the_dialect")]
    [TestCase(@"a\-b", TestName = "An_escaped_hyphen_outside_brackets_is_outside_the_dialect")]
    [TestCase(@"[a-z-[aeiou]]", TestName = "Class_subtraction_is_outside_the_dialect")]
    [TestCase(@"[👍]", TestName = "An_emoji_inside_brackets_is_outside_the_dialect")]
    [TestCase(@"[\D]", TestName = "A_negated_class_escape_inside_brackets_is_outside_the_dialect")]
    [TestCase("a{1,200000}", TestName = "Counts_above_one_hundred_thousand_are_outside_the_dialect")]
    public void Lint_refuses_what_the_server_cannot_mean_as_the_browser_does(string pattern)
    {
        var finding = Findings(pattern).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo((SchemaProfile.PatternDialect, "$.schema.pattern")));
        Assert.That(finding.Message.En, Does.Contain("ECMAScript"));
        Assert.That(finding.Message.ZhCn, Does.Contain("ECMAScript"));
    }

    [TestCase("(", TestName = "An_unclosed_group_is_no_pattern")]
    [TestCase("a{", TestName = "A_lone_brace_is_no_pattern_in_ECMAScript")]
    [TestCase("*a", TestName = "Nothing_to_repeat_is_no_pattern")]
    [TestCase("[z-a]", TestName = "A_backwards_range_is_no_pattern")]
    [TestCase("^*", TestName = "A_repeated_anchor_is_no_pattern")]
    public void A_pattern_that_is_no_regular_expression_is_an_invalid_value(string pattern)
    {
        Assert.That(Findings(pattern).Single().Code, Is.EqualTo(SchemaProfile.InvalidKeywordValue));
    }

    [Test]
    public void A_pattern_problem_quotes_the_pattern_as_written()
    {
        var template = FormTemplate.Load(new TemplateBuilder()
            .With("schema/properties/comment/pattern", System.Text.Json.Nodes.JsonValue.Create(@"^\d+$")).Build()).Template!;

        var problem = template.Validate("""{ "rating": 3, "comment": "１" }""").Problems.Single();

        Assert.That(problem.Message.En, Does.Contain(@"^\d+$"));
    }

    [Test]
    public void Validation_keywords_beside_a_ref_are_refused_because_the_browser_would_apply_them()
    {
        var schema = JObject.Parse("""{ "definitions": { "score": { "type": "integer" } }, "properties": { "a": { "$ref": "#/definitions/score", "maximum": 3, "title": "A" } } }""");

        var finding = SchemaProfile.Check(schema, "$.schema").Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo((SchemaProfile.RefSiblings, "$.schema.properties.a.maximum")));
    }
}
