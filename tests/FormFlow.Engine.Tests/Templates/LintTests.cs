using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

public class LintTests
{
    private static IReadOnlyList<LintFinding> Lint(string json) => FormTemplate.Load(json).Findings;

    private static IReadOnlyList<LintFinding> Errors(TemplateBuilder template) =>
        [.. Lint(template.Build()).Where(f => f.Severity == LintSeverity.Error)];

    [Test]
    public void The_builder_template_is_clean()
    {
        var result = FormTemplate.Load(new TemplateBuilder().Build());

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Template, Is.Not.Null);
    }

    [Test]
    public void A_length_limit_beyond_any_text_is_accepted()
    {
        var template = new TemplateBuilder().With("schema/properties/comment/maxLength", 1e20);

        var result = FormTemplate.Load(template.Build());

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Template, Is.Not.Null);
    }

    [TestCase("#%2Fdefinitions%2Fshort_text")]
    [TestCase("#/definitions/short%5Ftext")]
    public void A_ref_with_a_percent_encoded_pointer_resolves_and_its_target_is_enforced(string reference)
    {
        var template = new TemplateBuilder()
            .With("schema/definitions", new JsonObject { ["short_text"] = new JsonObject { ["type"] = "string", ["maxLength"] = 5 } })
            .With("schema/properties/comment", new JsonObject { ["$ref"] = reference });

        var loaded = FormTemplate.Load(template.Build());
        var result = loaded.Template!.Validate("""{ "rating": 3, "comment": "far too long" }""");

        Assert.That(loaded.Findings, Is.Empty);
        Assert.That(result.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/comment", "maxLength") }));
    }

    [Test]
    public void A_number_too_large_to_hold_is_reported_at_its_keyword()
    {
        string text = new TemplateBuilder().Build().Replace("\"maximum\": 5", "\"maximum\": 1e400", StringComparison.Ordinal);

        var finding = Lint(text).Single();

        // The reader refuses it before the profile check would (a number beyond a double, anywhere in a document).
        Assert.That((finding.Code, finding.Path), Is.EqualTo(("json.number-out-of-range", "$.schema.properties.rating.maximum")));
        Assert.That(finding.Line, Is.Not.Null);
    }

    [Test]
    public void A_rule_reading_a_missing_field_is_reported_at_the_expression()
    {
        var template = new TemplateBuilder().With("rules/0/assert", "form.action_cout >= 1");

        var finding = Errors(template).Single();

        Assert.That(finding.Code, Is.EqualTo("expression.unknown-field"));
        Assert.That(finding.Path, Is.EqualTo("$.rules[0].assert"));
        Assert.That(finding.Message.En, Does.Contain("form.action_cout"));
        Assert.That(finding.Message.ZhCn, Does.Contain("form.action_cout"));
    }

    [Test]
    public void A_nested_field_reference_is_checked_through_array_items()
    {
        var template = new TemplateBuilder().With("rules/0/assert", "form.actions[0].wat != null");

        var finding = Errors(template).Single();

        Assert.That(finding.Code, Is.EqualTo("expression.unknown-field"));
        Assert.That(finding.Message.En, Does.Contain("form.actions[].wat"));
    }

    [Test]
    public void A_section_naming_a_missing_field_is_reported_at_the_entry()
    {
        var template = new TemplateBuilder().With("sections/1/fields", new JsonArray("actions", "action_count", "support"));

        var finding = Errors(template).Single();

        Assert.That(finding.Code, Is.EqualTo("section.unknown-field"));
        Assert.That(finding.Path, Is.EqualTo("$.sections[1].fields[2]"));
        Assert.That(finding.Line, Is.Not.Null);
    }

    [Test]
    public void A_label_without_english_is_reported_where_the_english_belongs()
    {
        var template = new TemplateBuilder().Without("fields/actions[].due/label/en");

        var finding = Errors(template).Single();

        Assert.That(finding.Code, Is.EqualTo("text.missing-language"));
        Assert.That(finding.Path, Is.EqualTo("$.fields['actions[].due'].label.en"));
    }

    [Test]
    public void A_field_without_a_label_is_reported()
    {
        var template = new TemplateBuilder().Without("fields/actions[].what");

        var finding = Errors(template).Single();

        Assert.That(finding.Code, Is.EqualTo("field.missing-label"));
        Assert.That(finding.Message.En, Does.Contain("actions[].what"));
    }

    [Test]
    public void An_unsupported_keyword_is_rejected_with_its_path_and_the_alternative()
    {
        var template = new TemplateBuilder().With(
            "schema/properties/comment/oneOf",
            new JsonArray(new JsonObject { ["maxLength"] = 10 }, new JsonObject { ["minLength"] = 100 }));

        var finding = Errors(template).Single(f => f.Code == "schema.unsupported-keyword");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.comment.oneOf"));
        Assert.That(finding.Message.En, Does.Contain("enum").Or.Contain("rule"));
        Assert.That(finding.Line, Is.Not.Null);
    }

    [Test]
    public void Malformed_json_is_reported_with_line_and_column()
    {
        const string text = "{\n  \"formflow\": \"template/1\",\n  \"key\": \"x\"\n  \"title\": {}\n}";

        var finding = Lint(text).Single();

        Assert.That(finding.Code, Is.EqualTo("json.syntax"));
        Assert.That((finding.Line, finding.Column), Is.EqualTo((4, 3)));
    }

    [Test]
    public void A_duplicate_key_in_the_document_is_reported_with_its_position()
    {
        const string text = "{\n  \"formflow\": \"template/1\",\n  \"key\": \"a\",\n  \"key\": \"b\"\n}";

        var finding = Lint(text).Single();

        Assert.That(finding.Code, Is.EqualTo("json.duplicate-key"));
        Assert.That(finding.Line, Is.EqualTo(4));
        Assert.That(finding.Message.En, Does.Contain("\"key\""));
    }

    [Test]
    public void Duplicate_section_and_rule_keys_are_reported()
    {
        var template = new TemplateBuilder()
            .With("sections/1/key", "rating")
            .With("rules/1", JsonNode.Parse("""{ "key": "action-when-low-rating", "assert": "true", "message": { "zh-CN": "甲", "en": "A" } }"""));

        var codes = Errors(template).Select(f => f.Code);

        Assert.That(codes, Is.EquivalentTo(new[] { "section.duplicate-key", "rule.duplicate-key" }));
    }

    [Test]
    public void An_expression_that_does_not_parse_gives_its_own_line_and_column()
    {
        var template = new TemplateBuilder().With("rules/0/assert", "form.action_count >=");

        var finding = Errors(template).Single();

        Assert.That(finding.Code, Is.EqualTo("expression.syntax"));
        Assert.That(finding.Path, Is.EqualTo("$.rules[0].assert"));
        Assert.That(finding.Message.En, Does.Contain("line 1, column 21"));
    }

    [Test]
    public void A_computed_field_must_exist_and_may_not_be_required()
    {
        var unknown = new TemplateBuilder().With("computed/0/field", "total");
        var required = new TemplateBuilder().With("schema/required", new JsonArray("rating", "action_count"));

        Assert.That(Errors(unknown).Select(f => f.Code), Is.EqualTo(new[] { "computed.unknown-field" }));
        Assert.That(Errors(required).Select(f => f.Code), Is.EqualTo(new[] { "computed.required" }));
    }

    [Test]
    public void A_computed_field_may_not_use_one_computed_after_it()
    {
        var template = new TemplateBuilder()
            .With("schema/properties/double_count", new JsonObject { ["type"] = "integer" })
            .With("fields/double_count", JsonNode.Parse("""{ "label": { "zh-CN": "双倍", "en": "Double" } }"""))
            .With("sections/1/fields", new JsonArray("actions", "action_count", "double_count"))
            .With("computed", JsonNode.Parse("""[ { "field": "double_count", "expression": "form.action_count * 2" }, { "field": "action_count", "expression": "(form.actions ?? []) | array.size" } ]"""));

        Assert.That(Errors(template).Select(f => f.Code), Is.EqualTo(new[] { "computed.order" }));
    }

    [Test]
    public void A_field_in_no_section_or_in_two_sections_is_reported()
    {
        var none = new TemplateBuilder().With("sections/0/fields", new JsonArray("rating"));
        var two = new TemplateBuilder().With("sections/0/fields", new JsonArray("rating", "comment", "actions"));

        Assert.That(Errors(none).Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("section.field-in-no-section", "$.schema.properties.comment") }));
        Assert.That(Errors(two).Select(f => f.Code), Is.EqualTo(new[] { "section.field-in-two-sections" }));
    }

    [Test]
    public void UiSchema_entries_must_name_fields_and_may_not_hold_one_language_texts()
    {
        var template = new TemplateBuilder()
            .With("uiSchema/comentary", new JsonObject { ["ui:widget"] = "textarea" })
            .With("uiSchema/actions", JsonNode.Parse("""{ "items": { "whut": { "ui:widget": "text" } } }"""))
            .With("uiSchema/rating", JsonNode.Parse("""{ "ui:title": "Rating" }"""))
            .With("uiSchema/ui:order", new JsonArray("rating", "nothing", "*"));

        var found = Errors(template).Select(f => (f.Code, f.Path)).ToList();

        Assert.That(found, Is.EquivalentTo(new[]
        {
            ("ui.unknown-field", "$.uiSchema.comentary"),
            ("ui.unknown-field", "$.uiSchema.actions.items.whut"),
            ("ui.monolingual-text", "$.uiSchema.rating['ui:title']"),
            ("ui.unknown-order-entry", "$.uiSchema['ui:order'][1]"),
        }));
    }

    [Test]
    public void Enum_options_need_a_text_for_every_value()
    {
        var template = new TemplateBuilder()
            .With("schema/properties/comment/enum", new JsonArray("good", "bad"))
            .With("fields/comment/options", JsonNode.Parse("""{ "good": { "zh-CN": "好", "en": "Good" }, "ugly": { "zh-CN": "丑", "en": "Ugly" } }"""));

        var found = Errors(template).Select(f => f.Code).ToList();

        Assert.That(found, Is.EquivalentTo(new[] { "field.missing-option", "field.unknown-option" }));
    }

    [Test]
    public void An_unknown_top_level_member_is_an_error_not_ignored()
    {
        var template = new TemplateBuilder().With("rule", new JsonArray());

        var finding = Errors(template).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("template.unknown-member", "$.rule")));
    }

    [Test]
    public void A_schema_json_net_schema_cannot_read_is_invalid()
    {
        var template = new TemplateBuilder().With("schema/properties/rating/type", "integr");

        var finding = Errors(template).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("schema.invalid-keyword-value", "$.schema.properties.rating.type")));
    }

    [Test]
    public void A_fields_entry_for_a_field_that_does_not_exist_is_reported()
    {
        var template = new TemplateBuilder().With("fields/ratng", JsonNode.Parse("""{ "label": { "zh-CN": "评分", "en": "Rating" } }"""));

        var finding = Errors(template).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("field.unknown", "$.fields.ratng")));
    }

    [Test]
    public void Every_message_exists_in_both_languages()
    {
        var template = new TemplateBuilder()
            .With("rules/0/assert", "form.nope")
            .With("sections/0/fields", new JsonArray("rating", "ghost"))
            .Without("fields/rating/label/zh-CN");

        var findings = Lint(template.Build());

        Assert.That(findings, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(findings, Has.All.Matches<LintFinding>(f => f.Message.ZhCn.Length > 0 && f.Message.En.Length > 0 && f.Message.ZhCn != f.Message.En));
    }

    [Test]
    public void A_misspelt_variable_is_reported_but_variables_the_expression_sets_are_not()
    {
        var misspelt = new TemplateBuilder().With("rules/0/assert", "frm.action_count >= 1");
        var ownVariables = new TemplateBuilder().With("rules/0/assert", "n = 0; for a in form.actions ?? []; n = n + 1; end; n >= 1 && array.size([]) == 0");

        var finding = Errors(misspelt).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("expression.unknown-variable", "$.rules[0].assert")));
        Assert.That(finding.Message.En, Does.Contain("\"frm\""));
        Assert.That(Errors(ownVariables), Is.Empty);
    }

    [Test]
    public void A_function_that_does_not_exist_is_reported_before_it_fails_every_submission()
    {
        var unknown = new TemplateBuilder().With("rules/0/assert", "math.pw 2 >= 1");
        var removed = new TemplateBuilder().With("rules/0/assert", "object.eval \"1\"");
        var loopVariable = new TemplateBuilder().With("rules/0/assert", "ok = true; for a in form.actions ?? []; ok = ok && a.what != \"\"; end; ok");

        Assert.That(Errors(unknown).Select(f => (f.Code, f.Message.En)), Is.EqualTo(new[] { ("expression.unknown-function", "The expression uses \"math.pw\", which is not a function FormFlow expressions offer") }));
        Assert.That(Errors(removed).Select(f => f.Code), Is.EqualTo(new[] { "expression.unknown-function" }));
        Assert.That(Errors(loopVariable), Is.Empty);
    }

    [TestCase("schema/properties/rating/type", "5")]
    [TestCase("schema/properties/rating/type", "{ \"x\": 1 }")]
    [TestCase("schema/required", "[{}]")]
    [TestCase("sections/0/fields", "[5]")]
    [TestCase("fields/rating", "5")]
    [TestCase("uiSchema/rating", "3")]
    [TestCase("uiSchema/ui:order", "\"rating\"")]
    [TestCase("computed/0", "{ \"field\": 3 }")]
    [TestCase("rules/0/key", "[1]")]
    [TestCase("title/en", "[\"x\"]")]
    public void A_member_of_the_wrong_kind_is_an_error_at_its_path(string path, string json)
    {
        var template = new TemplateBuilder().With(path, JsonNode.Parse(json));

        var errors = Errors(template);

        Assert.That(errors, Is.Not.Empty);
        Assert.That(errors.Select(f => f.Path), Has.Some.StartsWith("$." + path.Split('/')[0]));
    }

    [Test]
    public void A_schema_that_shares_one_definition_along_many_paths_is_walked_once_per_field()
    {
        var definitions = new JsonObject();
        for (var i = 0; i < 40; i++)
        {
            definitions["d" + i] = JsonNode.Parse($$"""{ "allOf": [ { "$ref": "#/definitions/d{{i + 1}}" }, { "$ref": "#/definitions/d{{i + 1}}" } ] }""");
        }

        definitions["d40"] = JsonNode.Parse("""{ "type": "object", "properties": { "leaf": { "type": "string" } } }""");
        var template = new TemplateBuilder()
            .With("schema/definitions", definitions)
            .With("schema/properties/comment", JsonNode.Parse("""{ "$ref": "#/definitions/d0" }"""))
            .With("fields/comment.leaf", JsonNode.Parse("""{ "label": { "zh-CN": "叶", "en": "Leaf" } }"""));

        Assert.That(Errors(template), Is.Empty);
    }

    [Test]
    public void A_recursive_definition_declares_its_fields_once()
    {
        var template = new TemplateBuilder()
            .With("schema/definitions/goal", JsonNode.Parse("""{ "type": "object", "properties": { "title": { "type": "string" }, "children": { "type": "array", "items": { "$ref": "#/definitions/goal" } } } }"""))
            .With("schema/properties/comment", JsonNode.Parse("""{ "$ref": "#/definitions/goal" }"""))
            .With("fields/comment.title", JsonNode.Parse("""{ "label": { "zh-CN": "目标", "en": "Goal" } }"""))
            .With("fields/comment.children", JsonNode.Parse("""{ "label": { "zh-CN": "子目标", "en": "Sub-goals" } }"""));

        Assert.That(Errors(template), Is.Empty);
    }
}
