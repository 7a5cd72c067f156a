using System.Text.Json.Nodes;
using FormFlow.Expressions;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Templates;
using Scriban.Runtime;

namespace FormFlow.Tests.Processes;

/// <summary>
/// The Scriban the process designer's condition builder writes about the person (designer-api/web/src/rules/
/// builder-cases.json, "subject"; Vitest checks the writing and reading back): in a decision, each lints clean, and
/// holds exactly for the subjects it should, seen as a run sees them.
/// </summary>
public class SubjectBuilderCasesTests
{
    private static readonly Lazy<JsonArray> Cases = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "designer-api", "web", "src", "rules", "builder-cases.json")))!["subject"]!["conditions"]!.AsArray());

    // The day the samples' tenure counts to (builder-cases.json, subject.today).
    private static readonly Lazy<DateTimeOffset> Today = new(() => DateTimeOffset.Parse((string)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "designer-api", "web", "src", "rules", "builder-cases.json")))!["subject"]!["today"]!, System.Globalization.CultureInfo.InvariantCulture));

    public static IEnumerable<TestCaseData> Conditions() =>
        Cases.Value.Select((c, i) => new TestCaseData(i).SetName($"{{m}}({c!["name"]})"));

    [Test]
    public void There_are_cases_for_the_level_the_department_and_the_roles()
    {
        var scriban = Cases.Value.Select(c => (string)c!["scriban"]!).ToList();
        Assert.That(scriban, Has.Some.Contains("subject.level").And.Some.Contains("subject.departments").And.Some.Contains("subject.department ").And.Some.Contains("subject.roles"));
    }

    [TestCaseSource(nameof(Conditions))]
    public async Task A_condition_the_builder_writes_about_the_person_lints_clean_in_a_decision(int index)
    {
        var scriban = (string)Cases.Value[index]!["scriban"]!;
        var read = ProcessReader.Read(new ProcessJson().With("steps/check-rating/branches/0/when", scriban).Build());
        Assert.That(read.Findings.Select(f => $"{f.Code}: {f.Message.En}"), Is.Empty);

        var findings = await ProcessLinter.LintAsync(read, ShippedTemplates.Find, organisation: null);

        Assert.That(findings.Where(f => f.Severity == LintSeverity.Error).Select(f => $"{f.Code}: {f.Message.En}"), Is.Empty, scriban);
    }

    [TestCaseSource(nameof(Conditions))]
    public void A_condition_the_builder_writes_about_the_person_holds_exactly_for_the_subjects_it_should(int index)
    {
        var c = Cases.Value[index]!;
        var (expression, errors) = FormExpression.Parse((string)c["scriban"]!, ProcessReader.ConditionRoots);
        Assert.That(errors, Is.Empty);

        foreach (var sample in c["samples"]!.AsArray())
        {
            var subject = sample!["subject"]!;
            var facts = new SubjectFacts(
                "E001",
                (string?)subject["level"],
                (string?)subject["department"],
                [.. subject["departments"]!.AsArray().Select(d => (string)d!)],
                [.. subject["roles"]!.AsArray().Select(r => (string)r!)],
                subject["hired_on"] is { } hired ? DateOnly.Parse((string)hired!, System.Globalization.CultureInfo.InvariantCulture) : null);
            var data = new Dictionary<string, object?>(StringComparer.Ordinal) { ["forms"] = new ScriptObject(), ["vars"] = new ScriptObject(), ["subject"] = facts.ToScript(Today.Value) };

            Assert.That(expression!.EvaluateCondition(data), Is.EqualTo((bool)sample["holds"]!), $"{c["scriban"]} for {subject.ToJsonString()}");
        }
    }
}
