using FormFlow.Schema;
using FormFlow.Templates;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Tests.Schema;

[TestFixture]
public class SchemaProfileTests
{
    internal static JToken Load(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.Load(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
    }

    private static List<LintFinding> Check(string schema) => [.. SchemaProfile.Check(Load(schema), "$.schema")];

    [Test]
    public void A_schema_using_every_profile_keyword_passes()
    {
        var findings = Check("""
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$comment": "kpi form", "title": "KPI", "description": "d", "default": {}, "examples": [{}],
              "type": "object",
              "definitions": { "kpi": { "type": "object", "properties": { "weight": { "type": "integer", "minimum": 0, "maximum": 100, "multipleOf": 5 } } } },
              "properties": {
                "kpis": { "type": "array", "items": { "$ref": "#/definitions/kpi" }, "minItems": 3, "maxItems": 5, "uniqueItems": true },
                "name": { "type": ["string", "null"], "minLength": 1, "maxLength": 20, "pattern": "^[A-Z]", "readOnly": true, "writeOnly": false },
                "due": { "type": "string", "format": "date" },
                "grade": { "enum": ["A", "B"], "exclusiveMinimum": 0, "exclusiveMaximum": 10 },
                "tuple": { "items": [true, false], "additionalItems": false },
                "fixed": { "const": 1 }
              },
              "required": ["kpis"],
              "additionalProperties": false,
              "allOf": [ { "if": { "properties": { "grade": { "const": "A" } } }, "then": { "required": ["name"] }, "else": true } ]
            }
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Schema_uri_without_trailing_hash_is_accepted_and_other_drafts_are_not()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Check("""{ "$schema": "http://json-schema.org/draft-07/schema" }"""), Is.Empty);
            Assert.That(Check("""{ "$schema": "http://json-schema.org/draft-04/schema#" }""").Select(f => f.Code),
                Is.EqualTo(new[] { SchemaProfile.InvalidKeywordValue }));
        });
    }

    [Test]
    public void Profile_rejects_oneOf_and_names_the_alternative()
    {
        var findings = Check("""{ "properties": { "rating": { "oneOf": [ { "const": 1 }, { "const": 2 } ] } } }""");

        Assert.That(findings, Has.Count.EqualTo(1));
        LintFinding finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.Code, Is.EqualTo("schema.unsupported-keyword"));
            Assert.That(finding.Severity, Is.EqualTo(LintSeverity.Error));
            Assert.That(finding.Path, Is.EqualTo("$.schema.properties.rating.oneOf"));
            Assert.That(finding.Message.En, Does.Contain("\"enum\"").And.Contain("if/then/else").And.Contain("FormFlow rule"));
            Assert.That(finding.Message.ZhCn, Does.Contain("enum").And.Contain("if/then/else").And.Contain("FormFlow 规则"));
        });
    }

    [TestCase("anyOf", "\"enum\"")]
    [TestCase("not", "FormFlow rule")]
    [TestCase("contains", "FormFlow rule")]
    [TestCase("minProperties", "FormFlow rule")]
    [TestCase("maxProperties", "FormFlow rule")]
    [TestCase("propertyNames", "FormFlow rule")]
    [TestCase("dependencies", "if/then/else with \"required\"")]
    [TestCase("patternProperties", "\"properties\"")]
    [TestCase("$id", "\"definitions\"")]
    [TestCase("id", "\"definitions\"")]
    [TestCase("contentMediaType", "plain text field")]
    [TestCase("contentEncoding", "plain text field")]
    public void Rejected_keywords_name_their_alternative(string keyword, string alternative)
    {
        var findings = Check($$"""{ "{{keyword}}": {} }""");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Code, Is.EqualTo(SchemaProfile.UnsupportedKeyword));
            Assert.That(findings[0].Message.En, Does.Contain(alternative));
            Assert.That(findings[0].Message.ZhCn, Does.Contain(keyword));
        });
    }

    [Test]
    public void Typo_keyword_is_rejected_with_a_suggestion()
    {
        var findings = Check("""{ "properties": { "a": { "type": "string" } }, "requird": ["a"] }""");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Code, Is.EqualTo(SchemaProfile.UnsupportedKeyword));
            Assert.That(findings[0].Path, Is.EqualTo("$.schema.requird"));
            Assert.That(findings[0].Message.En, Does.Contain("not a JSON Schema keyword").And.Contain("Did you mean \"required\""));
            Assert.That(findings[0].Message.ZhCn, Does.Contain("「required」"));
        });
    }

    [Test]
    public void Unknown_keyword_far_from_any_keyword_gets_no_suggestion()
    {
        var findings = Check("""{ "ui:widget": "textarea" }""");

        Assert.That(findings.Single().Message.En, Does.Contain("not a JSON Schema keyword").And.Not.Contain("Did you mean"));
    }

    [Test]
    public void Unsupported_format_is_rejected()
    {
        var findings = Check("""{ "properties": { "ip": { "type": "string", "format": "ipv4" } } }""");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Code, Is.EqualTo("schema.unsupported-format"));
            Assert.That(findings[0].Path, Is.EqualTo("$.schema.properties.ip.format"));
            Assert.That(findings[0].Message.En, Does.Contain("date, date-time, email, uri").And.Contain("\"pattern\""));
            Assert.That(findings[0].Message.ZhCn, Does.Contain("pattern"));
        });
    }

    [Test]
    public void Findings_report_line_and_column_of_the_offending_token()
    {
        var findings = Check("{\n  \"type\": \"object\",\n  \"properties\": {\n    \"x\": { \"minLength\": -1 }\n  }\n}");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Code, Is.EqualTo(SchemaProfile.InvalidKeywordValue));
            Assert.That(findings[0].Path, Is.EqualTo("$.schema.properties.x.minLength"));
            Assert.That(findings[0].Line, Is.EqualTo(4));
            Assert.That(findings[0].Column, Is.EqualTo(26), "Json.NET positions are just after the token");
        });
    }

    [TestCase("""{ "minLength": -1 }""", "$.schema.minLength")]
    [TestCase("""{ "maxItems": 1.5 }""", "$.schema.maxItems")]
    [TestCase("""{ "maxLength": "10" }""", "$.schema.maxLength")]
    [TestCase("""{ "type": "strin" }""", "$.schema.type")]
    [TestCase("""{ "type": ["string", "string"] }""", "$.schema.type[1]")]
    [TestCase("""{ "type": [] }""", "$.schema.type")]
    [TestCase("""{ "required": "name" }""", "$.schema.required")]
    [TestCase("""{ "required": ["a", "a"] }""", "$.schema.required[1]")]
    [TestCase("""{ "required": [1] }""", "$.schema.required[0]")]
    [TestCase("""{ "multipleOf": 0 }""", "$.schema.multipleOf")]
    [TestCase("""{ "multipleOf": -2 }""", "$.schema.multipleOf")]
    [TestCase("""{ "minimum": "5" }""", "$.schema.minimum")]
    [TestCase("""{ "pattern": "([a-z" }""", "$.schema.pattern")]
    [TestCase("""{ "enum": [] }""", "$.schema.enum")]
    [TestCase("""{ "allOf": [] }""", "$.schema.allOf")]
    [TestCase("""{ "properties": { "a": 5 } }""", "$.schema.properties.a")]
    [TestCase("""{ "items": [ "x" ] }""", "$.schema.items[0]")]
    [TestCase("""{ "uniqueItems": "yes" }""", "$.schema.uniqueItems")]
    [TestCase("""{ "title": 3 }""", "$.schema.title")]
    public void Wrong_keyword_values_are_rejected(string schema, string path)
    {
        var findings = Check(schema);

        Assert.That(findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { (SchemaProfile.InvalidKeywordValue, path) }));
        Assert.That(findings[0].Message.ZhCn, Is.Not.Empty);
    }

    [TestCase("""{ "minLength": 1e400 }""", "$.schema.minLength")]
    [TestCase("""{ "minimum": -1e400 }""", "$.schema.minimum")]
    [TestCase("""{ "multipleOf": 1e400 }""", "$.schema.multipleOf")]
    [TestCase("""{ "const": 1e400 }""", "$.schema.const")]
    [TestCase("""{ "enum": [1, 1e400] }""", "$.schema.enum[1]")]
    [TestCase("""{ "default": { "a": [1e400] } }""", "$.schema.default.a[0]")]
    [TestCase("""{ "properties": { "n": { "maximum": 1e309 } } }""", "$.schema.properties.n.maximum")]
    public void Numbers_beyond_what_FormFlow_can_hold_are_rejected_where_they_stand(string schema, string path)
    {
        var findings = Check(schema);

        Assert.That(findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { (SchemaProfile.InvalidKeywordValue, path) }));
        Assert.That(findings[0].Message.En, Does.Contain("too large"));
        Assert.That(findings[0].Message.ZhCn, Does.Contain("超出"));
    }

    [Test]
    public void An_integer_with_more_digits_than_a_double_holds_is_rejected()
    {
        string huge = "1" + new string('0', 309);

        var findings = Check($$"""{ "maximum": {{huge}} }""");

        Assert.That(findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { (SchemaProfile.InvalidKeywordValue, "$.schema.maximum") }));
    }

    [TestCase("""{ "maxLength": 1e20 }""")]
    [TestCase("""{ "maxItems": 99999999999999999999999 }""")]
    [TestCase("""{ "minLength": 99999999999999999999999 }""")]
    [TestCase("""{ "multipleOf": 99999999999999999999999 }""")]
    public void Limits_beyond_any_real_form_are_accepted_and_compile(string schema)
    {
        using var data = System.Text.Json.JsonDocument.Parse("[]");

        Assert.That(Check(schema), Is.Empty);
        Assert.That(CompiledSchema.Compile(Load(schema)).IsValid(data.RootElement), Is.True);
    }

    [Test]
    public void Type_typo_suggests_the_type()
    {
        Assert.That(Check("""{ "type": "strin" }""").Single().Message.En, Does.Contain("did you mean \"string\""));
    }

    [Test]
    public void Remote_ref_is_rejected()
    {
        var findings = Check("""{ "properties": { "a": { "$ref": "https://example.com/address.json" } } }""");

        Assert.That(findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("schema.remote-ref", "$.schema.properties.a.$ref") }));
        Assert.That(findings[0].Message.En, Does.Contain("definitions"));
    }

    [TestCase("#/definitions/missing")]
    [TestCase("#/properties")]
    [TestCase("#anchor")]
    public void Unresolved_ref_is_rejected(string target)
    {
        var findings = Check($$"""{ "definitions": {}, "properties": { "a": { "$ref": "{{target}}" } } }""");

        Assert.That(findings.Select(f => f.Code).ToList(), Has.Count.EqualTo(1).And.All.EqualTo("schema.unresolved-ref"));
    }

    [Test]
    public void Ref_that_only_leads_to_itself_is_rejected()
    {
        var findings = Check("""{ "definitions": { "a": { "$ref": "#/definitions/b" }, "b": { "$ref": "#/definitions/a" } }, "$ref": "#/definitions/a" }""");

        Assert.That(findings.Select(f => f.Code), Is.All.EqualTo("schema.unresolved-ref"));
        Assert.That(findings, Is.Not.Empty);
    }

    [Test]
    public void Escaped_pointer_refs_resolve()
    {
        var findings = Check("""
            { "definitions": { "a/b": true, "c~d": true, "e%f": true, "": { "definitions": { "": true } } },
              "allOf": [ { "$ref": "#/definitions/a~1b" }, { "$ref": "#/definitions/c~0d" }, { "$ref": "#/definitions/e%25f" },
                         { "$ref": "#/definitions//definitions/" }, { "$ref": "#" } ] }
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Values_of_enum_const_and_default_are_data_not_schemas()
    {
        Assert.That(Check("""{ "enum": [ { "oneOf": 1 } ], "const": { "requird": 1 }, "default": { "$ref": "http://x" } }"""), Is.Empty);
    }

    [Test]
    public void Every_finding_has_both_languages()
    {
        var findings = Check("""{ "oneOf": [], "requird": [], "format": "ipv4", "$ref": "x.json", "minLength": -1, "allOf": [ { "$ref": "#/nope" } ] }""");

        // Six, and format, minLength and allOf beside the $ref once more (schema.ref-siblings).
        Assert.That(findings, Has.Count.EqualTo(9));
        Assert.That(findings, Has.All.Matches<LintFinding>(f =>
            f.Severity == LintSeverity.Error && f.Message.ZhCn.Length > 0 && f.Message.En.Length > 0 && f.Message.ZhCn != f.Message.En));
    }

    [Test]
    public void Compile_refuses_a_schema_outside_the_profile()
    {
        Assert.That(() => CompiledSchema.Compile(Load("""{ "oneOf": [ true ] }""")), Throws.InvalidOperationException);
    }
}
