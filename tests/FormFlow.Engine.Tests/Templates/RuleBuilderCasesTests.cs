using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>
/// The Scriban the web designers' rule, computed-field and condition builders write (designer-api/web/src/rules/
/// builder-cases.json, whose writing and reading back Vitest checks): in a template, each expression lints clean and
/// gives the expected verdict on sample data, through the same entry point as every submission.
/// </summary>
public class RuleBuilderCasesTests
{
    private static readonly Lazy<JsonObject> Cases = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "designer-api", "web", "src", "rules", "builder-cases.json")))!);

    public static IEnumerable<TestCaseData> Conditions() => Named("conditions");

    public static IEnumerable<TestCaseData> Computed() => Named("computed");

    public static IEnumerable<TestCaseData> Rules() => Named("rules");

    private static IEnumerable<TestCaseData> Named(string kind) =>
        Cases.Value[kind]!.AsArray().Select((c, i) => new TestCaseData(i).SetName($"{{m}}({c!["name"]})"));

    private static JsonObject Case(string kind, int index) => Cases.Value[kind]![index]!.AsObject();

    [Test]
    public void The_cases_cover_every_builder()
    {
        Assert.That(Cases.Value["conditions"]!.AsArray(), Is.Not.Empty);
        Assert.That(Cases.Value["computed"]!.AsArray(), Is.Not.Empty);
        Assert.That(Cases.Value["rules"]!.AsArray(), Is.Not.Empty);
    }

    [TestCaseSource(nameof(Conditions))]
    public void A_condition_the_builder_writes_holds_exactly_on_the_samples_it_should(int index)
    {
        var c = Case("conditions", index);
        var rule = new JsonObject
        {
            ["key"] = "condition",
            ["assert"] = (string)c["scriban"]!,
            ["message"] = new JsonObject { ["zh-CN"] = "条件不成立", ["en"] = "The condition does not hold" },
        };

        var template = Loaded(new JsonArray(), new JsonArray(rule));

        foreach (var sample in c["samples"]!.AsArray())
        {
            var problems = Problems(template, sample!["data"]!);
            var expected = (bool)sample["holds"]! ? Array.Empty<string>() : [" rule.condition"];
            Assert.That(problems, Is.EqualTo(expected), $"{c["scriban"]} on {sample["data"]!.ToJsonString()}");
        }
    }

    [TestCaseSource(nameof(Computed))]
    public void A_computed_field_the_builder_writes_has_the_expected_value(int index)
    {
        var c = Case("computed", index);
        var field = (string)c["field"]!;
        var template = Loaded(new JsonArray(new JsonObject { ["field"] = field, ["expression"] = (string)c["scriban"]! }), new JsonArray());

        foreach (var sample in c["samples"]!.AsArray())
        {
            var result = template.Validate(sample!["data"]!.ToJsonString());
            var where = $"{c["scriban"]} on {sample["data"]!.ToJsonString()}";
            Assert.That(result.Problems.Select(p => $"{p.Pointer} {p.Code}: {p.Message.En}"), Is.Empty, where);
            if (sample["value"] is null)
            {
                Assert.That(result.Data!.ContainsKey(field), Is.False, where);
            }
            else
            {
                Assert.That(Number(result.Data![field]), Is.EqualTo(Number(sample["value"])), where);
            }
        }
    }

    [TestCaseSource(nameof(Rules))]
    public void A_rule_the_builder_writes_is_broken_exactly_by_the_samples_it_should(int index)
    {
        var c = Case("rules", index);
        var rule = c["rule"]!.DeepClone().AsObject();
        var template = Loaded(new JsonArray(), new JsonArray(rule));
        var pointer = "/" + ((string?)rule["field"])?.Replace('.', '/');

        foreach (var sample in c["samples"]!.AsArray())
        {
            var problems = Problems(template, sample!["data"]!);
            var expected = (bool)sample["holds"]! ? Array.Empty<string>() : [$"{pointer} rule.{rule["key"]}"];
            Assert.That(problems, Is.EqualTo(expected), $"{rule["when"]} ⇒ {rule["assert"]} on {sample["data"]!.ToJsonString()}");
        }
    }

    private static string[] Problems(FormTemplate template, JsonNode data) =>
        [.. template.Validate(data.ToJsonString()).Problems.Select(p => $"{p.Pointer} {p.Code}")];

    private static decimal Number(JsonNode? node) => decimal.Parse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    // The sample form of the cases, its schema made from the builders' field list, and these computed fields and rules.
    private static FormTemplate Loaded(JsonArray computed, JsonArray rules)
    {
        var fields = Cases.Value["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var properties = new JsonObject();
        var labels = new JsonObject();
        foreach (var field in fields)
        {
            var path = (string)field["path"]!;
            var parent = path.Contains('.', StringComparison.Ordinal) ? Property(properties, path[..path.LastIndexOf('.')]) : null;
            (parent is null ? properties : (JsonObject)(parent["properties"] ??= new JsonObject()))[path[(path.LastIndexOf('.') + 1)..]] = Schema(field);
            labels[path] = Label(field);
            foreach (var member in field["items"]?.AsArray() ?? [])
            {
                labels[(string)member!["path"]!] = Label(member.AsObject());
            }
        }

        var template = new JsonObject
        {
            ["formflow"] = "template/1",
            ["key"] = "builder-cases",
            ["title"] = new JsonObject { ["zh-CN"] = "构建器示例", ["en"] = "Builder cases" },
            ["schema"] = new JsonObject
            {
                ["$schema"] = "http://json-schema.org/draft-07/schema#",
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["properties"] = properties,
            },
            ["fields"] = labels,
            ["sections"] = new JsonArray(new JsonObject
            {
                ["key"] = "all",
                ["title"] = new JsonObject { ["zh-CN"] = "全部", ["en"] = "All" },
                ["fields"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]),
            }),
            ["computed"] = computed,
            ["rules"] = rules,
        };
        var loaded = FormTemplate.Load(template.ToJsonString());
        Assert.That(loaded.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "lint of the builders' expressions");
        return loaded.Template!;
    }

    private static JsonObject Property(JsonObject properties, string path)
    {
        var at = properties;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            at = (JsonObject)at[parts[i]]!["properties"]!;
        }

        return (JsonObject)at[parts[^1]]!;
    }

    // A field of the builders' list as JSON Schema: its type and format, options as an enum, a group's members as the
    // properties of its items, a multiple choice as a list of its options.
    private static JsonObject Schema(JsonObject field)
    {
        var schema = new JsonObject { ["type"] = (string)field["type"]! };
        if (field["format"] is { } format)
        {
            schema["format"] = (string)format!;
        }

        var options = field["options"]?.AsArray().Select(o => (JsonNode)(string)o!["value"]!).ToArray();
        if ((string)field["type"]! == "array")
        {
            if (field["items"] is JsonArray members)
            {
                var itemProperties = new JsonObject();
                foreach (var member in members)
                {
                    var path = (string)member!["path"]!;
                    itemProperties[path[(path.LastIndexOf('.') + 1)..]] = Schema(member.AsObject());
                }

                schema["items"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = itemProperties };
            }
            else
            {
                schema["items"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(options ?? []) };
                schema["uniqueItems"] = true;
            }
        }
        else if (options is not null)
        {
            schema["enum"] = new JsonArray(options);
        }

        if ((string)field["type"]! == "object")
        {
            schema["additionalProperties"] = false;
            schema["properties"] = new JsonObject();
        }

        return schema;
    }

    private static JsonObject Label(JsonObject field)
    {
        var entry = new JsonObject { ["label"] = field["label"]!.DeepClone() };
        if (field["options"] is JsonArray options)
        {
            entry["options"] = new JsonObject(options.Select(o => KeyValuePair.Create<string, JsonNode?>((string)o!["value"]!, o["label"]!.DeepClone())));
        }

        return entry;
    }
}
