using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>A schema that contradicts itself — a form that refuses what it offers — is a lint error at the keyword that closes the contradiction.</summary>
public class SchemaContradictionTests
{
    private static List<LintFinding> Findings(TemplateBuilder template, string code) =>
        [.. FormTemplate.Load(template.Build()).Findings.Where(f => f.Code == code)];

    private static LintFinding Single(TemplateBuilder template, string code)
    {
        var all = FormTemplate.Load(template.Build()).Findings;
        var found = all.Where(f => f.Code == code).ToList();
        Assert.That(found, Has.Count.EqualTo(1), string.Join("\n", all.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}")));
        var finding = found[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(LintSeverity.Error));
            Assert.That(finding.Line, Is.Not.Null);
            Assert.That(finding.Column, Is.Not.Null);
            Assert.That(finding.Message.ZhCn, Is.Not.Empty);
            Assert.That(finding.Message.En, Is.Not.Empty);
        });
        return finding;
    }

    private static TemplateBuilder Rating(string json) => new TemplateBuilder().With("schema/properties/rating", JsonNode.Parse(json));

    [Test]
    public void A_minimum_above_the_maximum_is_reported_at_the_maximum_naming_both()
    {
        var finding = Single(Rating("""{ "type": "integer", "minimum": 6, "maximum": 5 }"""), "schema.empty-range");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating.maximum"));
        Assert.That(finding.Message.En, Does.Contain("\"minimum\" 6").And.Contain("\"maximum\" 5"));
        Assert.That(finding.Message.ZhCn, Does.Contain("「minimum」6").And.Contain("「maximum」5"));
    }

    [TestCase("""{ "type": "number", "exclusiveMinimum": 3, "exclusiveMaximum": 3 }""", "exclusiveMaximum")]
    [TestCase("""{ "type": "number", "minimum": 3, "exclusiveMaximum": 3 }""", "exclusiveMaximum")]
    [TestCase("""{ "type": "number", "exclusiveMinimum": 3, "maximum": 3 }""", "maximum")]
    [TestCase("""{ "type": "number", "exclusiveMinimum": 4, "maximum": 3.5 }""", "maximum")]
    public void Bounds_that_meet_with_an_exclusive_side_leave_no_number(string schema, string at)
    {
        var finding = Single(Rating(schema), "schema.empty-range");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating." + at));
    }

    [Test]
    public void Equal_inclusive_bounds_leave_one_number_and_are_no_contradiction()
    {
        Assert.That(Findings(Rating("""{ "type": "integer", "minimum": 3, "maximum": 3 }"""), "schema.empty-range"), Is.Empty);
    }

    [Test]
    public void A_whole_number_field_between_two_fractions_with_no_whole_number_between_is_reported()
    {
        var finding = Single(Rating("""{ "type": "integer", "minimum": 1.2, "maximum": 1.8 }"""), "schema.empty-range");

        Assert.That(finding.Message.En, Does.Contain("whole number"));
    }

    [Test]
    public void A_multiple_that_falls_outside_the_range_is_reported_at_multipleOf()
    {
        var finding = Single(Rating("""{ "type": "integer", "minimum": 1, "maximum": 5, "multipleOf": 10 }"""), "schema.empty-range");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating.multipleOf"));
    }

    [TestCase("""{ "type": "number", "minimum": 5221890.72, "maximum": 5221890.72, "multipleOf": 0.01 }""")]
    [TestCase("""{ "type": "number", "minimum": 0.3, "maximum": 0.3, "multipleOf": 0.1 }""")]
    [TestCase("""{ "type": "number", "exclusiveMinimum": 0, "maximum": 3e-7, "multipleOf": 1e-7 }""")]
    public void A_range_holding_a_decimal_multiple_is_no_contradiction(string schema)
    {
        Assert.That(Findings(Rating(schema), "schema.empty-range"), Is.Empty);
    }

    [Test]
    public void A_range_holding_only_a_near_multiple_is_reported()
    {
        // 0.30000000001 is 30.000000001 hundredths: the validator refuses it, so the range holds no value.
        Single(Rating("""{ "type": "number", "minimum": 0.30000000001, "maximum": 0.30000000001, "multipleOf": 0.01 }"""), "schema.empty-range");
    }

    [Test]
    public void A_minimum_length_above_the_maximum_length_is_reported()
    {
        var template = new TemplateBuilder().With("schema/properties/comment/minLength", 300);

        var finding = Single(template, "schema.empty-length");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.comment.maxLength"));
        Assert.That(finding.Message.En, Does.Contain("300").And.Contain("200"));
    }

    [Test]
    public void More_items_required_than_allowed_is_reported()
    {
        var template = new TemplateBuilder().With("schema/properties/actions/minItems", 4);

        var finding = Single(template, "schema.empty-items");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.actions.maxItems"));
    }

    [Test]
    public void More_items_required_than_a_closed_tuple_holds_is_reported()
    {
        var template = new TemplateBuilder().With(
            "schema/properties/actions",
            JsonNode.Parse("""{ "type": "array", "items": [{ "type": "string" }, { "type": "string" }], "additionalItems": false, "minItems": 3 }"""));

        var finding = Single(template, "schema.empty-items");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.actions.minItems"));
    }

    [Test]
    public void More_distinct_items_required_than_an_item_has_choices_is_reported()
    {
        var template = new TemplateBuilder().With(
            "schema/properties/actions",
            JsonNode.Parse("""{ "type": "array", "uniqueItems": true, "minItems": 3, "items": { "type": "integer", "enum": [1, 2] } }"""));

        var finding = Single(template, "schema.empty-items");

        Assert.That(finding.Message.En, Does.Contain("2 possible values"));
    }

    [Test]
    public void A_value_listed_twice_in_enum_is_reported_at_the_second_even_written_differently()
    {
        var finding = Single(Rating("""{ "type": "number", "enum": [1, 2, 3, 2.0] }"""), "schema.duplicate-enum-value");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating.enum[3]"));
    }

    [Test]
    public void An_enum_value_its_own_schema_refuses_is_reported_naming_the_keyword()
    {
        var finding = Single(Rating("""{ "type": "integer", "minimum": 1, "maximum": 5, "enum": [1, 3, 6] }"""), "schema.value-fails-schema");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating.enum[2]"));
        Assert.That(finding.Message.En, Does.Contain("\"maximum\""));
    }

    [TestCase("""{ "type": "integer", "minimum": 1, "maximum": 5, "default": 7 }""", "default", "maximum")]
    [TestCase("""{ "type": "integer", "minimum": 1, "maximum": 5, "default": "3" }""", "default", "type")]
    [TestCase("""{ "type": "integer", "minimum": 1, "maximum": 5, "const": 0 }""", "const", "minimum")]
    [TestCase("""{ "type": "string", "maxLength": 2, "const": "abc" }""", "const", "maxLength")]
    public void A_default_or_const_its_own_schema_refuses_is_reported(string schema, string keyword, string failed)
    {
        var finding = Single(Rating(schema), "schema.value-fails-schema");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating." + keyword));
        Assert.That(finding.Message.En, Does.Contain($"\"{failed}\""));
        Assert.That(finding.Message.ZhCn, Does.Contain(failed));
    }

    [Test]
    public void A_list_default_is_a_start_to_fill_in_and_is_not_held_to_the_schema()
    {
        var template = new TemplateBuilder().With("schema/properties/actions/default", JsonNode.Parse("""[{ "what": "" }]"""));

        Assert.That(Findings(template, "schema.value-fails-schema"), Is.Empty);
    }

    [Test]
    public void A_required_field_the_schema_never_declares_is_reported_because_no_section_can_hand_it_out()
    {
        var template = new TemplateBuilder().With("schema/required", new JsonArray("rating", "ratng"));

        var finding = Single(template, "schema.required-undeclared");

        Assert.That(finding.Path, Is.EqualTo("$.schema.required[1]"));
        Assert.That(finding.Message.En, Does.Contain("\"ratng\""));
    }

    [Test]
    public void A_name_a_then_branch_requires_is_checked_against_the_fields_of_the_form()
    {
        var template = new TemplateBuilder()
            .With("schema/if", JsonNode.Parse("""{ "required": ["comment"] }"""))
            .With("schema/then", JsonNode.Parse("""{ "required": ["actions", "acions"] }"""));

        var finding = Single(template, "schema.required-undeclared");

        Assert.That(finding.Path, Is.EqualTo("$.schema.then.required[1]"));
    }

    [Test]
    public void A_required_name_beyond_the_properties_of_a_closed_object_is_reported()
    {
        var template = new TemplateBuilder().With("schema/properties/actions/items/required", new JsonArray("what", "due", "owner"));

        var finding = Single(template, "schema.required-undeclared");

        Assert.That(finding.Path, Is.EqualTo("$.schema.properties.actions.items.required[2]"));
        Assert.That(finding.Message.En, Does.Contain("additionalProperties"));
    }

    [Test]
    public void A_required_name_of_an_open_nested_object_may_come_from_any_client_and_is_not_reported()
    {
        var template = new TemplateBuilder()
            .Without("schema/properties/actions/items/additionalProperties")
            .With("schema/properties/actions/items/required", new JsonArray("what", "due", "owner"));

        Assert.That(Findings(template, "schema.required-undeclared"), Is.Empty);
    }

    [Test]
    public void A_field_declared_in_allOf_beside_a_closed_root_can_never_be_present()
    {
        var template = new TemplateBuilder()
            .With("schema/allOf", JsonNode.Parse("""[{ "properties": { "extra": { "type": "string" } } }]"""))
            .With("fields/extra", JsonNode.Parse("""{ "label": { "zh-CN": "其他", "en": "Other" } }"""))
            .With("sections/0/fields", new JsonArray("rating", "comment", "extra"));

        var finding = Single(template, "schema.property-never-allowed");

        Assert.That(finding.Path, Is.EqualTo("$.schema.allOf[0].properties.extra"));
    }

    [Test]
    public void Two_options_that_read_the_same_are_reported_at_the_second_text()
    {
        var template = new TemplateBuilder()
            .With("schema/properties/comment/enum", new JsonArray("good", "fine"))
            .With("fields/comment/options", JsonNode.Parse("""{ "good": { "zh-CN": "好", "en": "Good" }, "fine": { "zh-CN": "好", "en": "Fine" } }"""));

        var finding = Single(template, "field.duplicate-option-text");

        Assert.That(finding.Path, Is.EqualTo("$.fields.comment.options.fine['zh-CN']"));
        Assert.That(finding.Message.En, Does.Contain("\"fine\"").And.Contain("\"good\""));
    }
}
