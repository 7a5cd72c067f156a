using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Tests.Browser;

/// <summary>
/// The browser and the server agree. The shipped templates' examples and thousands of variants of them go through
/// the server's validator and through the browser's — the web pages' own (src/forms/validator.ts, loaded from its
/// source by Node) and, as a reference, react-jsonschema-form's AJV 8 with FormFlow's formats: every schema-level
/// verdict — each problem's pointer and code — is the same. The only expected differences are FormFlow's cross-field
/// rules (Scriban, which the browser cannot run) and computed fields (the server's values); they are listed in the
/// test output. The same holds for every step of every shipped process between the
/// reduced schema the task gives the browser and what the server holds that step to.
/// </summary>
[TestFixture]
public class BrowserAgreementTests
{
    private readonly BrowserValidator browser = new();

    [OneTimeSetUp]
    public void InstallTheBrowsersValidator() => browser.Install();

    private static IEnumerable<(string Key, string Text, FormTemplate Template)> Templates() =>
        Directory.GetFiles(RepositoryFiles.Templates, "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            var text = File.ReadAllText(path);
            return (Path.GetFileNameWithoutExtension(path), text, FormTemplate.Load(text).Template ?? throw new InvalidOperationException(path));
        });

    private static IEnumerable<(string Name, JsonObject Data)> Examples(string key) =>
        Directory.GetFiles(Path.Combine(RepositoryFiles.Templates, "examples", key), "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileNameWithoutExtension(path), JsonNode.Parse(File.ReadAllText(path))!["data"]!.AsObject()));

    [Test]
    public void Every_example_and_variant_of_the_shipped_templates_gets_the_same_verdict_in_the_browser_and_on_the_server()
    {
        var schemas = new List<string>();
        var cases = new List<BrowserCase>();
        var judges = new Dictionary<string, Func<string, IReadOnlyList<ValidationProblem>>>(StringComparer.Ordinal);
        var ignored = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (key, text, template) in Templates())
        {
            var schema = JsonNode.Parse(text)!["schema"]!.AsObject();
            var index = schemas.Count;
            schemas.Add(schema.ToJsonString());
            var computed = template.ComputedFields.ToHashSet(StringComparer.Ordinal);
            var variants = new Variants(schema, _ => true);
            foreach (var (name, data) in Examples(key))
            {
                Add($"{key}/{name}", Variants.Text(data));
                if (name.StartsWith("valid-", StringComparison.Ordinal))
                {
                    foreach (var variant in variants.Of(data))
                    {
                        Add($"{key}/{name}: {variant.Name}", variant.Json);
                    }
                }
            }

            void Add(string id, string json)
            {
                cases.Add(new BrowserCase(id, index, json));
                judges[id] = data => Judge(template, data);
                ignored[id] = computed;
            }
        }

        Compare(schemas, cases, judges, ignored, minimum: 2000);
    }

    [Test]
    public void Each_steps_reduced_schema_gets_the_same_verdict_in_the_browser_as_the_step_gets_on_the_server()
    {
        var templates = Templates().ToDictionary(t => t.Key, t => (Document: JsonNode.Parse(t.Text)!.AsObject(), t.Template), StringComparer.Ordinal);
        var schemas = new List<string>();
        var cases = new List<BrowserCase>();
        var judges = new Dictionary<string, Func<string, IReadOnlyList<ValidationProblem>>>(StringComparer.Ordinal);
        var ignored = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var views = new Dictionary<string, Func<string, string>>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "samples", "processes"), "*.json").Order(StringComparer.Ordinal))
        {
            var process = ProcessReader.Read(File.ReadAllText(path)).Process ?? throw new InvalidOperationException(path);
            foreach (var step in process.Steps.Values)
            {
                var part = 0;
                foreach (var (_, spec, stepAccess) in StepTasks.AccessesOf(step))
                {
                    part++;
                    var (document, template) = templates[process.Forms[spec.Form].Template];
                    var access = new FormAccess(template, stepAccess);
                    var computed = template.ComputedFields.ToHashSet(StringComparer.Ordinal);
                    var writable = access.Writable.Where(f => !computed.Contains(f)).ToHashSet(StringComparer.Ordinal);
                    if (writable.Count == 0)
                    {
                        continue;
                    }

                    var reduced = FormReduction.Reduce(document, access.Readable, writable).Schema;
                    var index = schemas.Count;
                    schemas.Add(reduced.ToJsonString());
                    var schema = document["schema"]!.AsObject();

                    // The person changes what they write; what they only read changes between documents (each option of a choice).
                    var variants = new Variants(schema, writable.Contains);
                    var readOnlyOptions = new Variants(schema, f => access.Readable.Contains(f) && !writable.Contains(f));
                    foreach (var (name, data) in Examples(process.Forms[spec.Form].Template).Where(e => e.Name.StartsWith("valid-", StringComparison.Ordinal)))
                    {
                        var id = $"{Path.GetFileNameWithoutExtension(path)}/{step.Id}#{part}/{name}";
                        Add(id, Variants.Text(data));
                        foreach (var variant in variants.Of(data).Concat(readOnlyOptions.Of(data).Where(IsTopLevelOption)))
                        {
                            Add($"{id}: {variant.Name}", variant.Json);
                        }
                    }

                    void Add(string id, string json)
                    {
                        cases.Add(new BrowserCase(id, index, View(json, access.Readable)));
                        judges[id] = _ => StepJudge(access, json);
                        ignored[id] = computed;
                    }
                }
            }
        }

        Compare(schemas, cases, judges, ignored, minimum: 1000);
    }

    [Test]
    public void The_browsers_formats_and_patterns_agree_with_the_servers()
    {
        var strings = new List<string>
        {
            "2026-02-28", "2024-02-29", "2100-02-29", "2026-13-01", "2026-1-1", "２０２６-01-01", "2026-01-01\n", "2026-01-01T10:00:00Z",
            "2026-01-01T10:00:00", "2026-01-01 10:00:00Z", "2026-01-01t10:00:00z", "2026-12-31T23:59:60Z", "2026-12-31T15:59:60-08:00",
            "2026-01-01T10:00:00+0800", "2026-01-01T10:00:00.123+08:00", "a@b", "a@b.c", "\"a b\"@example.com", "a@[192.0.2.1]", "a@[IPv6:::1]",
            "a..b@c.d", ".a@b.c", "a@-b.c", "http://example.com", "https://例子.测试", "mailto:a@b.c", "//host/x", "/abc", "http://[::1]:80/",
            "http://host:8a/", "urn:isbn:0451450523", "http://a b", "http://host/%zz", "2026", "２０２６", "٢٠٢٦", "2026\n", "2026-Q1", "2026-Q5",
            "ab", "a.b-c_d", "A1234567890123456789012345678901234", "好", "👍", "a👍", "a\u00A0b", "a\uFEFFb", "x\u0085y", "tab\there", "",
        };
        string[] patterns =
        [
            @"^\d{4}$", @"^\d{4}-Q[1-4]$", @"^\d{4}(-Q[1-4])?$", @"^\d{4}-(0[1-9]|1[0-2])$", "^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$",
            @"^\w+$", @"^\s*$", @"\S", @"^.$", @"^.{2}$", @"^[^a]+$", @"\D", @"\bb", @"^[\u4e00-\u9fa5]+$", "^(?:👍)+$", @"a(?=b)", @"(?<!a)b",
        ];
        var schemas = new List<string>();
        var cases = new List<BrowserCase>();
        var judges = new Dictionary<string, Func<string, IReadOnlyList<ValidationProblem>>>(StringComparer.Ordinal);
        var ignored = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var keywords = new[] { "date", "date-time", "email", "uri" }.Select(f => new JsonObject { ["format"] = f })
            .Concat(patterns.Select(p => new JsonObject { ["pattern"] = p }));
        foreach (var keyword in keywords)
        {
            var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["value"] = keyword } };
            var template = FormTemplate.Load(new TemplateBuilder().With("schema", schema.DeepClone()).With("uiSchema", new JsonObject())
                .With("fields", new JsonObject { ["value"] = new JsonObject { ["label"] = new JsonObject { ["zh-CN"] = "值", ["en"] = "Value" } } })
                .With("sections", JsonNode.Parse("""[{ "key": "all", "title": { "zh-CN": "全部", "en": "All" }, "fields": ["value"] }]"""))
                .Without("computed").Without("rules").Build()).Template ?? throw new InvalidOperationException(keyword.ToJsonString());
            var index = schemas.Count;
            schemas.Add(schema.ToJsonString());
            foreach (var value in strings)
            {
                var id = $"{keyword.ToJsonString()} {JsonSerializer.Serialize(value)}";
                cases.Add(new BrowserCase(id, index, new JsonObject { ["value"] = value }.ToJsonString()));
                judges[id] = data => Judge(template, data);
                ignored[id] = [];
            }
        }

        Compare(schemas, cases, judges, ignored, minimum: 500);
    }

    [Test]
    public void The_browsers_number_keywords_agree_with_the_servers()
    {
        string[] numbers =
        [
            "0", "7", "7.5", "-3", "0.3", "0.30000000001", "0.30000000000000004", "0.0075", "0.00751", "1e-9", "100", "100.00000000000000001",
            "99.999999999", "1.0", "1.0000000000000001", "9007199254740993", "123456789.01", "123456789012.34", "5221890.72", "338907623.52", "1e308", "1e400", "-1e400", "1e-400",
            "-5221890.72", "0.35", "-0.3", "-0.35", "3e-7", "1.5e-7", "0.0000035", "1e21", "123456789012345680000", "1.7976931348623157e308",
        ];
        string[] keywords =
        [
            """{"multipleOf":0.01}""", """{"multipleOf":0.0001}""", """{"multipleOf":0.5}""", """{"multipleOf":3}""", """{"multipleOf":0.1}""", """{"multipleOf":1e-7}""", """{"multipleOf":0.123456789}""", """{"type":"integer"}""",
            """{"maximum":100}""", """{"exclusiveMaximum":100}""", """{"minimum":0}""", """{"exclusiveMinimum":0}""", """{"enum":[0.1,1,100]}""",
            """{"const":9007199254740992}""",
        ];
        var schemas = new List<string>();
        var cases = new List<BrowserCase>();
        var judges = new Dictionary<string, Func<string, IReadOnlyList<ValidationProblem>>>(StringComparer.Ordinal);
        var ignored = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var keyword in keywords.Select(k => JsonNode.Parse(k)!.AsObject()))
        {
            var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["value"] = keyword } };
            var template = FormTemplate.Load(new TemplateBuilder().With("schema", schema.DeepClone()).With("uiSchema", new JsonObject())
                .With("fields", new JsonObject { ["value"] = new JsonObject { ["label"] = new JsonObject { ["zh-CN"] = "值", ["en"] = "Value" } } })
                .With("sections", JsonNode.Parse("""[{ "key": "all", "title": { "zh-CN": "全部", "en": "All" }, "fields": ["value"] }]"""))
                .Without("computed").Without("rules").Build()).Template ?? throw new InvalidOperationException(keyword.ToJsonString());
            var index = schemas.Count;
            schemas.Add(schema.ToJsonString());
            foreach (var number in numbers)
            {
                var id = $"{keyword.ToJsonString()} {number}";
                cases.Add(new BrowserCase(id, index, $$"""{"value":{{number}}}"""));
                judges[id] = data => Judge(template, data);
                ignored[id] = [];
            }
        }

        Compare(schemas, cases, judges, ignored, minimum: 200);
    }

    // A stored document holds valid values in the fields a person only reads: another option of a top-level choice is one.
    private static bool IsTopLevelOption(Variant variant) =>
        System.Text.RegularExpressions.Regex.IsMatch(variant.Name, "^/[^/ ]+ (added )?as option ");

    // The server's problems for a whole submission.
    private static IReadOnlyList<ValidationProblem> Judge(FormTemplate template, string json) => template.Validate(json).Problems;

    // The server's problems for a step: what concerns the fields the person writes (the document is the stored form).
    private static IReadOnlyList<ValidationProblem> StepJudge(FormAccess access, string json)
    {
        var unportable = PortableJson.Check(json);
        return unportable.Count > 0 ? unportable : access.Validate(JsonNode.Parse(json)!.AsObject()).Problems;
    }

    // What the browser holds: the fields the person reads (a lone surrogate or 1e400 kept as written).
    private static string View(string json, IReadOnlySet<string> readable)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder("{");
        foreach (var member in document.RootElement.EnumerateObject().Where(m => readable.Contains(m.Name)))
        {
            text.Append(text.Length > 1 ? "," : "").Append(JsonSerializer.Serialize(member.Name)).Append(':').Append(member.Value.GetRawText());
        }

        return text.Append('}').ToString();
    }

    private void Compare(
        List<string> schemas,
        List<BrowserCase> cases,
        Dictionary<string, Func<string, IReadOnlyList<ValidationProblem>>> judges,
        Dictionary<string, HashSet<string>> ignored,
        int minimum)
    {
        Assert.That(cases.Select(c => c.Id), Is.Unique);
        var verdicts = browser.Verdicts(schemas, cases);
        var disagreements = new List<string>();
        var referenceDisagreements = new List<string>();
        var ruleOnly = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var refusedByTheServer = 0;
        foreach (var c in cases)
        {
            var computed = ignored[c.Id];
            bool Kept(string pointer) => !computed.Any(f => pointer == "/" + f || pointer.StartsWith("/" + f + "/", StringComparison.Ordinal));
            var problems = judges[c.Id](c.DataJson);
            var server = problems.Where(p => !p.Code.StartsWith("rule.", StringComparison.Ordinal) && Kept(p.Pointer)).Select(p => (p.Pointer, p.Code)).ToHashSet();
            var inBrowser = verdicts[c.Id].Shipped.Where(p => Kept(p.Pointer)).ToHashSet();
            var inReference = verdicts[c.Id].Reference.Where(p => Kept(p.Pointer)).ToHashSet();
            if (!server.SetEquals(inReference))
            {
                referenceDisagreements.Add($"{c.Id}\n    server: {Show(server)}\n    AJV:    {Show(inReference)}");
            }

            if (!server.SetEquals(inBrowser))
            {
                disagreements.Add($"{c.Id}\n    server:  {Show(server)}\n    browser: {Show(inBrowser)}");
                continue;
            }

            refusedByTheServer += server.Count > 0 ? 1 : 0;
            foreach (var rule in problems.Where(p => p.Code.StartsWith("rule.", StringComparison.Ordinal)).Select(p => p.Code).Distinct())
            {
                ruleOnly[rule] = ruleOnly.GetValueOrDefault(rule) + 1;
            }
        }

        TestContext.Out.WriteLine($"{cases.Count} cases over {schemas.Count} schemas: {cases.Count - disagreements.Count} agree between the server and the pages' validator ({refusedByTheServer} refused by both); {cases.Count - referenceDisagreements.Count} between the server and AJV.");
        TestContext.Out.WriteLine("Expected differences — FormFlow rules the browser cannot run (cases where only the server refuses by this rule):");
        foreach (var (rule, count) in ruleOnly)
        {
            TestContext.Out.WriteLine($"  {rule}: {count}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(cases, Has.Count.GreaterThanOrEqualTo(minimum), "enough variants");
            Assert.That(disagreements, Is.Empty, $"{disagreements.Count} of {cases.Count} cases disagree between the server and the pages' validator; the first:\n{string.Join("\n", disagreements.Take(25))}");
            Assert.That(referenceDisagreements, Is.Empty, $"{referenceDisagreements.Count} of {cases.Count} cases disagree between the server and AJV; the first:\n{string.Join("\n", referenceDisagreements.Take(25))}");
        });
    }

    private static string Show(IEnumerable<(string Pointer, string Code)> problems) =>
        problems.Any() ? string.Join(", ", problems.OrderBy(p => p.Pointer, StringComparer.Ordinal).Select(p => $"{p.Code} at '{p.Pointer}'")) : "valid";
}
