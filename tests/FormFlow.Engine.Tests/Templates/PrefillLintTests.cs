using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>
/// A template's <c>prefill</c> (the manager's marks of a check-in start as the employee's goals), checked at publishing
/// on the shipped monthly check-in: each refusal names the field or property at fault.
/// </summary>
public class PrefillLintTests
{
    private static IReadOnlyList<LintFinding> Errors(string prefill)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "monthly-check-in.json")))!.AsObject();
        template["prefill"] = JsonNode.Parse(prefill);
        return [.. FormTemplate.Load(template.ToJsonString()).Findings.Where(f => f.Severity == LintSeverity.Error)];
    }

    [Test]
    public void The_shipped_check_in_prefills_the_managers_marks_from_the_goals()
    {
        Assert.That(Errors("""[{ "field": "action_marks", "from": "goals", "copy": { "goal": "goal", "status": "status" } }]"""), Is.Empty);
    }

    [TestCase("""[{ "field": "blockers", "from": "goals", "copy": { "goal": "goal" } }]""", "prefill.not-list", "$.prefill[0].field", "blockers")]
    [TestCase("""[{ "field": "action_marks", "from": "targets", "copy": { "goal": "goal" } }]""", "prefill.unknown-field", "$.prefill[0].from", "targets")]
    [TestCase("""[{ "field": "action_marks", "from": "goals", "copy": { "goal": "title" } }]""", "prefill.unknown-property", "$.prefill[0].copy.goal", "title")]
    [TestCase("""[{ "field": "action_marks", "from": "goals", "copy": { "comment": "goal" } }]""", "prefill.unknown-property", "$.prefill[0].copy.comment", "comment")]
    [TestCase("""[{ "field": "action_marks", "from": "goals", "copy": { "note": "progress_pct" } }]""", "prefill.type-mismatch", "$.prefill[0].copy.note", "progress_pct")]
    [TestCase("""[{ "field": "goals", "from": "action_marks", "copy": { "status": "status" } }]""", "prefill.enum-mismatch", "$.prefill[0].copy.status", "done")]
    [TestCase("""[{ "field": "action_marks", "from": "goals" }]""", "prefill.invalid", "$.prefill[0]", "copy")]
    public void A_prefill_that_cannot_fit_is_refused_naming_the_field(string prefill, string code, string path, string named)
    {
        var finding = Errors(prefill).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
        Assert.That(finding.Message.ZhCn, Does.Contain(named));
        Assert.That(finding.Message.En, Does.Contain(named));
        Assert.That(finding.Line, Is.Not.Null);
    }
}
