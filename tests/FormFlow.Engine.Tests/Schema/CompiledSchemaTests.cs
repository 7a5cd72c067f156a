using System.Text.Json;
using FormFlow.Schema;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Tests.Schema;

[TestFixture]
public class CompiledSchemaTests
{
    private const string KpiSchema = """
        {
          "type": "object",
          "properties": {
            "kpis": {
              "type": "array", "minItems": 3, "maxItems": 5,
              "items": { "$ref": "#/definitions/kpi" }
            },
            "strengths": {
              "type": "array",
              "items": { "type": "object", "properties": { "result": { "type": "string", "minLength": 1 } }, "required": ["result"] }
            },
            "email": { "type": "string", "format": "email" }
          },
          "required": ["kpis"],
          "additionalProperties": false,
          "definitions": {
            "kpi": {
              "type": "object",
              "properties": { "name": { "type": "string" }, "weight": { "type": "number", "minimum": 0, "maximum": 100, "multipleOf": 5 } },
              "required": ["name", "weight"]
            }
          }
        }
        """;

    private static readonly Dictionary<string, LocalizedText> Labels = new()
    {
        ["kpis"] = new("关键指标", "KPIs"),
        ["kpis[].weight"] = new("权重", "Weight"),
        ["strengths[].result"] = new("成果", "Result"),
    };

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static CompiledSchema Compile(string schema, Func<string, LocalizedText?>? labelOf = null) =>
        CompiledSchema.Compile(SchemaProfileTests.Load(schema), labelOf);

    private static List<ValidationProblem> Validate(CompiledSchema schema, string data)
    {
        using JsonDocument document = JsonDocument.Parse(data);
        var problems = new List<ValidationProblem>();
        schema.Validate(document.RootElement, problems);
        Assert.That(schema.IsValid(document.RootElement), Is.EqualTo(problems.Count == 0), "IsValid must agree with Validate");
        return problems;
    }

    private static List<(string Pointer, string Code)> Problems(string schema, string data) =>
        [.. Validate(Compile(schema), data).Select(p => (p.Pointer, p.Code))];

    private const string ThreeKpis = """[{"name":"a","weight":40},{"name":"b","weight":30},{"name":"c","weight":30}]""";

    [Test]
    public void Valid_data_has_no_problems()
    {
        Assert.That(Problems(KpiSchema, $$"""{ "kpis": {{ThreeKpis}}, "email": "hr@example.com" }"""), Is.Empty);
    }

    [Test]
    public void Missing_required_property_points_at_the_property()
    {
        var problems = Problems(KpiSchema, $$"""{ "kpis": {{ThreeKpis}}, "strengths": [ { "result": "ok" }, {} ] }""");

        Assert.That(problems, Is.EqualTo(new[] { ("/strengths/1/result", "required") }));
    }

    [Test]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var problems = Problems(KpiSchema, """
            { "kpis": [ { "name": "a", "weight": 121 }, { "weight": 7 } ],
              "email": "not-an-email", "extra": 1 }
            """);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            ("/kpis", "minItems"),
            ("/kpis/0/weight", "maximum"),
            ("/kpis/0/weight", "multipleOf"),
            ("/kpis/1/name", "required"),
            ("/kpis/1/weight", "multipleOf"),
            ("/email", "format"),
            ("/extra", "additionalProperties"),
        }));
    }

    [Test]
    public void Messages_name_the_field_by_its_label()
    {
        CompiledSchema schema = Compile(KpiSchema, path => Labels.GetValueOrDefault(path));

        var problems = Validate(schema, """{ "kpis": [ { "name": "a", "weight": 200 }, { "name": "b", "weight": 0 }, { "name": "c", "weight": 0 } ], "strengths": [ {} ] }""");

        Assert.That(problems.Select(p => p.Message), Is.EquivalentTo(new[]
        {
            new LocalizedText("「权重」不能大于 100", "\"Weight\" must be at most 100"),
            new LocalizedText("「成果」为必填项", "\"Result\" is required"),
        }));
    }

    [Test]
    public void A_property_checked_alone_has_the_problems_the_whole_document_has_there()
    {
        CompiledSchema schema = Compile(KpiSchema, path => Labels.GetValueOrDefault(path));
        const string kpis = """[ { "name": "a", "weight": 200 }, { "weight": 3 } ]""";

        var whole = Validate(schema, "{ \"kpis\": " + kpis + ", \"email\": \"x\" }").Where(p => p.Pointer.StartsWith("/kpis", StringComparison.Ordinal));
        using JsonDocument alone = JsonDocument.Parse(kpis);
        var problems = new List<ValidationProblem>();
        schema.ValidateProperty("kpis", alone.RootElement, problems);

        Assert.That(schema.ChecksPropertyAlone("kpis"), Is.True);
        Assert.That(problems, Is.EqualTo(whole.ToList()));
        Assert.That(problems.Select(p => p.Pointer), Is.EquivalentTo(new[] { "/kpis", "/kpis/0/weight", "/kpis/1/name", "/kpis/1/weight" }));
    }

    [Test]
    public void A_property_a_condition_of_the_root_reaches_is_not_checked_alone()
    {
        CompiledSchema conditional = Compile("""{ "properties": { "a": {}, "b": {} }, "if": { "properties": { "a": { "const": 1 } } }, "then": { "properties": { "b": { "maximum": 1 } } } }""");
        CompiledSchema undeclared = Compile("""{ "properties": { "a": {} }, "additionalProperties": { "type": "string" } }""");

        Assert.That(conditional.ChecksPropertyAlone("b"), Is.False);
        Assert.That(undeclared.ChecksPropertyAlone("b"), Is.False);
        Assert.That(undeclared.ChecksPropertyAlone("a"), Is.True);
    }

    [Test]
    public void Labels_are_looked_up_by_field_path()
    {
        var asked = new List<string>();
        CompiledSchema schema = Compile(KpiSchema, path =>
        {
            asked.Add(path);
            return null;
        });

        Validate(schema, """{ "kpis": [ { "name": "a", "weight": 200 } ] }""");

        Assert.That(asked, Does.Contain("kpis").And.Contain("kpis[].weight"));
    }

    [Test]
    public void Item_without_a_label_is_named_through_its_list()
    {
        CompiledSchema schema = Compile("""{ "properties": { "kpis": { "items": { "type": "object" } } } }""", path => Labels.GetValueOrDefault(path));

        var problem = Validate(schema, """{ "kpis": [ {}, 5 ] }""").Single();

        Assert.That(problem.Message.En, Is.EqualTo("Item 2 of \"KPIs\" must be a group of fields"));
        Assert.That(problem.Message.ZhCn, Is.EqualTo("「关键指标」第 2 项必须是一组字段"));
    }

    [Test]
    public void Messages_fall_back_to_the_pointer_without_a_label()
    {
        var problem = Validate(Compile(KpiSchema), """{ "kpis": [] }""").Single();

        Assert.Multiple(() =>
        {
            Assert.That(problem.Code, Is.EqualTo("minItems"));
            Assert.That(problem.Message.En, Is.EqualTo("The value at /kpis must have at least 3 items"));
            Assert.That(problem.Message.ZhCn, Is.EqualTo("位于 /kpis 的值至少需要 3 项"));
        });
    }

    [Test]
    public void Pointers_escape_slash_and_tilde()
    {
        var problems = Problems("""{ "additionalProperties": false }""", """{ "a/b~c": 1 }""");

        Assert.That(problems, Is.EqualTo(new[] { ("/a~1b~0c", "additionalProperties") }));
    }

    [Test]
    public void If_then_else_reports_the_branch_errors_not_the_condition()
    {
        const string Schema = """
            { "if": { "properties": { "rating": { "maximum": 2 } } },
              "then": { "required": ["improvement"] },
              "else": { "properties": { "improvement": { "maxLength": 3 } } } }
            """;

        Assert.Multiple(() =>
        {
            Assert.That(Problems(Schema, """{ "rating": 1 }"""), Is.EqualTo(new[] { ("/improvement", "required") }));
            Assert.That(Problems(Schema, """{ "rating": 5, "improvement": "long text" }"""), Is.EqualTo(new[] { ("/improvement", "maxLength") }));
            Assert.That(Problems(Schema, """{ "rating": 5 }"""), Is.Empty);
        });
    }

    [Test]
    public void AllOf_reports_the_errors_of_each_part()
    {
        var problems = Problems("""{ "allOf": [ { "minimum": 10 }, { "multipleOf": 3 } ] }""", "4");

        Assert.That(problems, Is.EqualTo(new[] { ("", "minimum"), ("", "multipleOf") }));
    }

    [Test]
    public void False_schema_reports_false_and_additional_items_report_their_keyword()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "properties": { "secret": false } }""", """{ "secret": 1 }"""), Is.EqualTo(new[] { ("/secret", "false") }));
            Assert.That(Problems("""{ "items": [ true ], "additionalItems": false }""", "[1, 2, 3]"),
                Is.EqualTo(new[] { ("/1", "additionalItems"), ("/2", "additionalItems") }));
        });
    }

    [Test]
    public void Multiple_of_uses_decimal_arithmetic()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "multipleOf": 0.0001 }""", "0.0075"), Is.Empty);
            Assert.That(Problems("""{ "multipleOf": 0.01 }""", "19.99"), Is.Empty);
            Assert.That(Problems("""{ "multipleOf": 0.0001 }""", "0.00751"), Is.EqualTo(new[] { ("", "multipleOf") }));
        });
    }

    [Test]
    public void Integer_type_accepts_whole_numbers_written_with_a_fraction()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "type": "integer" }""", "1.0"), Is.Empty);
            Assert.That(Problems("""{ "type": "integer" }""", "1.5"), Is.EqualTo(new[] { ("", "type") }));
        });
    }

    [Test]
    public void Lengths_count_code_points_not_utf16_units()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "maxLength": 2 }""", "\"😀😀\""), Is.Empty);
            Assert.That(Problems("""{ "minLength": 2 }""", "\"😀\""), Is.EqualTo(new[] { ("", "minLength") }));
            Assert.That(Problems("""{ "maxLength": 3 }""", "\"\\u7ee9\\u6548\\u8bc4\\u4f30\""), Is.EqualTo(new[] { ("", "maxLength") }));
        });
    }

    [TestCase(10)]
    [TestCase(300)]
    [TestCase(2000)]
    public void Long_and_escaped_strings_are_measured_the_same_way(int length)
    {
        string text = new('绩', length);
        string plain = JsonSerializer.Serialize(text, Unescaped);
        string escaped = JsonSerializer.Serialize(text);
        Assert.That(escaped, Does.Contain("\\u"));

        foreach (string data in new[] { plain, escaped })
        {
            Assert.Multiple(() =>
            {
                Assert.That(Problems($$"""{ "maxLength": {{length}} }""", data), Is.Empty);
                Assert.That(Problems($$"""{ "maxLength": {{length - 1}} }""", data), Is.EqualTo(new[] { ("", "maxLength") }));
                Assert.That(Problems($$"""{ "maxLength": {{length - 1}}, "pattern": "^绩+$" }""", data), Is.EqualTo(new[] { ("", "maxLength") }));
                Assert.That(Problems($$"""{ "minLength": {{length}}, "pattern": "^绩+x$" }""", data), Is.EqualTo(new[] { ("", "pattern") }));
            });
        }
    }

    [Test]
    public void Pattern_is_not_anchored_unless_written_so()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "pattern": "[0-9]{3}" }""", "\"abc123def\""), Is.Empty);
            Assert.That(Problems("""{ "pattern": "^[0-9]{3}$" }""", "\"abc123def\""), Is.EqualTo(new[] { ("", "pattern") }));
        });
    }

    [Test]
    public void Enum_and_const_use_json_equality()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "enum": [1, {"a": [1, 2]}] }""", "1.0"), Is.Empty);
            Assert.That(Problems("""{ "enum": [1, {"a": [1, 2], "b": null}] }""", """{"b": null, "a": [1.0, 2]}"""), Is.Empty);
            Assert.That(Problems("""{ "const": false }""", "0"), Is.EqualTo(new[] { ("", "const") }));
            Assert.That(Problems("""{ "enum": [[false]] }""", "[0]"), Is.EqualTo(new[] { ("", "enum") }));
        });
    }

    [Test]
    public void Unique_items_compares_json_values_deeply()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("""{ "uniqueItems": true }""", """[1, 1.0]"""), Is.EqualTo(new[] { ("", "uniqueItems") }));
            Assert.That(Problems("""{ "uniqueItems": true }""", """[{"a":1,"b":2}, {"b":2,"a":1}]"""), Is.EqualTo(new[] { ("", "uniqueItems") }));
            Assert.That(Problems("""{ "uniqueItems": true }""", """[0, false, [0], [false]]"""), Is.Empty);
        });
    }

    [Test]
    public void Recursive_ref_validates_nested_data()
    {
        const string Tree = """{ "type": "object", "properties": { "children": { "type": "array", "items": { "$ref": "#" } } }, "additionalProperties": false }""";

        Assert.That(Problems(Tree, """{ "children": [ { "children": [ { "children": [], "x": 1 } ] } ] }"""),
            Is.EqualTo(new[] { ("/children/0/children/0/x", "additionalProperties") }));
    }

    [Test]
    public void Ref_takes_annotations_beside_it_and_applies_its_target()
    {
        // A validation keyword beside $ref is refused by the profile (schema.ref-siblings): the browser would apply it.
        Assert.That(Problems("""{ "definitions": { "a": { "type": "array", "maxItems": 2 } }, "$ref": "#/definitions/a", "title": "A list" }""", "[1, 2, 3]"), Is.EqualTo(new[] { ("", "maxItems") }));
    }

    [Test]
    public void Formats_only_apply_to_strings()
    {
        Assert.That(Problems("""{ "format": "date" }""", "20240101"), Is.Empty);
    }

    [TestCase("date", "2024-02-29", true)]
    [TestCase("date", "2023-02-29", false)]
    [TestCase("date-time", "2024-03-31T09:30:00+08:00", true)]
    [TestCase("date-time", "2024-03-31 09:30:00", false)]
    [TestCase("email", "li.lei@example.com.cn", true)]
    [TestCase("email", "li lei@example.com", false)]
    [TestCase("uri", "https://example.com/review?id=1#top", true)]
    [TestCase("uri", "example.com/review", false)]
    public void Formats_are_enforced(string format, string value, bool valid)
    {
        var problems = Problems($$"""{ "format": "{{format}}" }""", JsonSerializer.Serialize(value));

        Assert.That(problems.Count == 0, Is.EqualTo(valid));
    }

    [Test]
    public void IsValid_on_valid_data_does_not_allocate()
    {
        CompiledSchema schema = Compile(KpiSchema);
        using JsonDocument document = JsonDocument.Parse($$"""{ "kpis": {{ThreeKpis}}, "email": "hr@example.com", "strengths": [ { "result": "shipped" } ] }""");
        JsonElement data = document.RootElement;
        for (int i = 0; i < 100; i++)
        {
            schema.IsValid(data);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool valid = schema.IsValid(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(valid, Is.True);
        Assert.That(allocated, Is.Zero);
    }
}
