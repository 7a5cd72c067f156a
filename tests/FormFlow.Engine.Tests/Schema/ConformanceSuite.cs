using System.Globalization;
using System.Text;
using System.Text.Json;
using FormFlow.Schema;
using FormFlow.Templates;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Tests.Schema;

/// <summary>One group of a suite file left out because its schema uses something outside the profile.</summary>
internal sealed record ExcludedGroup(string File, string Group, int Cases, string Reason);

/// <summary>What running one suite file produced.</summary>
internal sealed record SuiteFileResult(string File, int Cases, int Run, int Agreed, IReadOnlyList<ExcludedGroup> Excluded, IReadOnlyList<string> Disagreements)
{
    /// <summary>Cases run where FormFlow answers as the browser does, not as the suite (listed in <see cref="ConformanceSuite.AsTheBrowser"/>).</summary>
    public IReadOnlyList<string> AsTheBrowser { get; init; } = [];

    public int ExcludedCases => Cases - Run;
}

/// <summary>
/// Runs the official JSON-Schema-Test-Suite (draft7) against the FormFlow validator. A group whose schema the
/// profile check rejects is excluded (with the findings as the reason); every other case must agree.
/// </summary>
internal static class ConformanceSuite
{
    public const string UpdateDocsVariable = "FORMFLOW_UPDATE_DOCS";
    public const string BeginMarker = "<!-- conformance:begin -->";
    public const string EndMarker = "<!-- conformance:end -->";

    public static readonly IReadOnlyList<string> Files =
    [
        "additionalItems.json", "additionalProperties.json", "allOf.json", "boolean_schema.json", "const.json",
        "default.json", "definitions.json", "enum.json", "exclusiveMaximum.json", "exclusiveMinimum.json",
        "format.json", "if-then-else.json", "items.json", "maxItems.json", "maxLength.json", "maximum.json",
        "minItems.json", "minLength.json", "minimum.json", "multipleOf.json", "pattern.json", "properties.json",
        "ref.json", "required.json", "type.json", "uniqueItems.json",
        "optional/format/date.json", "optional/format/date-time.json", "optional/format/email.json", "optional/format/uri.json",
        "optional/ecmascript-regex.json", "optional/non-bmp-regex.json", "optional/bignum.json", "optional/float-overflow.json",
    ];

    /// <summary>
    /// Cases (file, group, test) where FormFlow deliberately answers as the browser's validator does rather than as
    /// the suite, with the reason. Each must really differ from the suite, or the run reports it.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string File, string Group, string Test), string> AsTheBrowser =
        new Dictionary<(string, string, string), string>();

    public static string RepositoryRoot() => RepositoryFiles.Root;

    /// <summary>The suite's draft7 folder: shared/ lives beside the repository clone (locally and in CI).</summary>
    public static string SuiteDirectory()
    {
        string suite = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "conformance", "json-schema-test-suite", "draft7"));
        if (!Directory.Exists(suite))
        {
            Assert.Fail(
                $"The JSON-Schema-Test-Suite was not found at {suite}. The conformance tests need shared/conformance/json-schema-test-suite/draft7 " +
                "beside the repository clone (check out the suite there; these tests never skip).");
        }

        return suite;
    }

    public static SuiteFileResult Run(string file)
    {
        string path = Path.Combine(SuiteDirectory(), file);
        Assert.That(File.Exists(path), Is.True, $"Suite file missing: {path}");
        string text = File.ReadAllText(path);

        // The schema is read like a template (Json.NET with line info, strings kept as written); the data like
        // a submission (System.Text.Json), so each side goes through the same reader as in production.
        JArray groups;
        using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None })
        {
            groups = (JArray)JToken.Load(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
        }

        using JsonDocument data = JsonDocument.Parse(text);
        int cases = 0, run = 0, agreed = 0;
        var excluded = new List<ExcludedGroup>();
        var disagreements = new List<string>();
        var asTheBrowser = new List<string>();
        int groupIndex = 0;
        foreach (JsonElement group in data.RootElement.EnumerateArray())
        {
            JToken schema = groups[groupIndex++]["schema"]!;
            string description = group.GetProperty("description").GetString()!;
            JsonElement tests = group.GetProperty("tests");
            cases += tests.GetArrayLength();

            var errors = SchemaProfile.Check(schema, "$.schema").Where(f => f.Severity == LintSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                excluded.Add(new ExcludedGroup(file, description, tests.GetArrayLength(), Reason(errors)));
                continue;
            }

            CompiledSchema compiled = CompiledSchema.Compile(schema);
            foreach (JsonElement test in tests.EnumerateArray())
            {
                run++;
                bool expected = test.GetProperty("valid").GetBoolean();
                JsonElement instance = test.GetProperty("data");
                var problems = new List<ValidationProblem>();
                compiled.Validate(instance, problems);
                bool isValid = compiled.IsValid(instance);
                string testDescription = test.GetProperty("description").GetString()!;
                if (AsTheBrowser.TryGetValue((file, description, testDescription), out string? reason))
                {
                    if ((problems.Count == 0) != expected && isValid != expected)
                    {
                        asTheBrowser.Add($"{description} / {testDescription}: {reason}");
                    }
                    else
                    {
                        disagreements.Add($"{description} / {testDescription}: listed as answered like the browser, but agrees with the suite");
                    }
                }
                else if ((problems.Count == 0) == expected && isValid == expected)
                {
                    agreed++;
                }
                else
                {
                    disagreements.Add(
                        $"{description} / {test.GetProperty("description").GetString()}: expected valid={expected}, " +
                        $"Validate found [{string.Join(", ", problems.Select(p => $"{p.Code} at '{p.Pointer}'"))}], IsValid={isValid}");
                }
            }
        }

        return new SuiteFileResult(file, cases, run, agreed, excluded, disagreements) { AsTheBrowser = asTheBrowser };
    }

    // E.g. "schema.unsupported-keyword: $id; schema.remote-ref: $ref" - the code and the keyword that triggered it.
    private static string Reason(IEnumerable<LintFinding> errors) => string.Join(
        "; ",
        errors.Select(f => $"{f.Code}: {LastMember(f.Path)}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string LastMember(string path)
    {
        // Paths look like $.schema.definitions.A.$id or $.schema.allOf[0].$ref.
        string last = path[(path.LastIndexOf('.') + 1)..];
        int bracket = last.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? last[..bracket] : last;
    }

    /// <summary>The Markdown block kept between the conformance markers in docs/schema-profile.md.</summary>
    public static string Table(IReadOnlyList<SuiteFileResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine("| File | Cases | Run | Agreed | As the browser | Excluded |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (SuiteFileResult r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{r.File}` | {r.Cases} | {r.Run} | {r.Agreed} | {r.AsTheBrowser.Count} | {r.ExcludedCases} |");
        }

        md.AppendLine(CultureInfo.InvariantCulture,
            $"| **Total** | **{results.Sum(r => r.Cases)}** | **{results.Sum(r => r.Run)}** | **{results.Sum(r => r.Agreed)}** | **{results.Sum(r => r.AsTheBrowser.Count)}** | **{results.Sum(r => r.ExcludedCases)}** |");
        if (results.Any(r => r.AsTheBrowser.Count > 0))
        {
            md.AppendLine();
            md.AppendLine("Answered as the browser's validator answers, not as the suite (see [numbers](#numbers)):");
            md.AppendLine();
            foreach (SuiteFileResult r in results)
            {
                foreach (string c in r.AsTheBrowser)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"- `{r.File}` — {c}");
                }
            }
        }

        md.AppendLine();
        md.AppendLine("Excluded groups (their schema uses something outside the profile, so the profile check rejects them):");
        md.AppendLine();
        foreach (ExcludedGroup g in results.SelectMany(r => r.Excluded))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- `{g.File}` — {g.Group} ({g.Cases} cases): {g.Reason}");
        }

        return md.ToString();
    }
}
