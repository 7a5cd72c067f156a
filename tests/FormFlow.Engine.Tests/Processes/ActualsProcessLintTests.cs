using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>
/// A template's actuals list (the weekly checkpoint's <c>last_week</c>, docs/kpi-actuals.md) is read from the recorded
/// actuals when a task opens: no step may write the section that holds it.
/// </summary>
public class ActualsProcessLintTests
{
    private static ProcessJson WithCheckpoint(string write, string reviewerWrite) => new ProcessJson()
        .WithJson("forms/checkpoint", "\"kpi-checkpoint\"")
        .WithJson("steps/confirm/next", "\"checkpoint\"")
        .WithStep("checkpoint", $$"""
            { "kind": "recurring", "form": "checkpoint", "assignee": "subject", "every": "P7D", "startOn": "monday", "count": 13,
              "read": ["actuals"], "write": {{write}}, "reviewer": "manager", "reviewerWrite": {{reviewerWrite}}, "next": "done" }
            """);

    private static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessJson process)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, organisation: null);
    }

    [Test]
    public async Task A_checkpoint_that_reads_last_weeks_actuals_and_writes_the_notes_gives_no_findings()
    {
        Assert.That(await LintAsync(WithCheckpoint("""["note"]""", """["manager"]""")), Is.Empty);
    }

    [Test]
    public async Task A_step_writing_the_actuals_list_is_refused_naming_the_step_and_the_field()
    {
        var findings = await LintAsync(WithCheckpoint("""["actuals", "note"]""", """["manager"]"""));

        var finding = findings.Single();
        Assert.That((finding.Code, finding.Severity), Is.EqualTo(("process.writes-actuals", LintSeverity.Error)));
        Assert.That(finding.Path, Does.EndWith(".write[0]"));
        Assert.That(finding.Message.ZhCn, Does.Contain("步骤「checkpoint」").And.Contain("「last_week」").And.Contain("录入实际值"));
        Assert.That(finding.Message.En, Does.Contain("step \"checkpoint\"").And.Contain("\"last_week\"").And.Contain("read-only"));
    }

    [Test]
    public async Task A_follow_up_writing_the_actuals_list_is_refused_too()
    {
        var findings = await LintAsync(WithCheckpoint("""["note"]""", """["manager", "actuals"]"""));

        Assert.That(findings.Select(f => (f.Code, f.Path[^17..])), Is.EqualTo(new[] { ("process.writes-actuals", ".reviewerWrite[1]") }));
    }
}
