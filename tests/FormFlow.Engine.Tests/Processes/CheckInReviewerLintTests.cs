using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>A recurring step's reviewer, checked at publishing: what they write is theirs alone, and they are someone else.</summary>
public class CheckInReviewerLintTests
{
    private static ProcessJson WithCheckIns(string reviewer, string reviewerWrite) => new ProcessJson()
        .WithJson("forms/checkin", "\"monthly-check-in\"")
        .WithJson("steps/confirm/next", "\"check-ins\"")
        .WithStep("check-ins", $$"""
            { "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "P1M", "count": 3,
              "write": ["progress"], "reviewer": "{{reviewer}}", "reviewerWrite": {{reviewerWrite}}, "next": "done" }
            """);

    private static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessJson process)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, organisation: null);
    }

    [Test]
    public async Task A_manager_following_up_the_employees_check_ins_in_their_own_section_gives_no_findings()
    {
        Assert.That(await LintAsync(WithCheckIns("manager", """["manager"]""")), Is.Empty);
    }

    [Test]
    public async Task A_reviewer_writing_the_section_the_employee_hands_in_is_refused_naming_the_section()
    {
        var findings = await LintAsync(WithCheckIns("manager", """["manager", "progress"]"""));

        var finding = findings.Single();
        Assert.That((finding.Code, finding.Severity), Is.EqualTo(("process.reviewer-writes-answer", LintSeverity.Error)));
        Assert.That(finding.Path, Does.EndWith(".reviewerWrite[1]"));
        Assert.That(finding.Message.ZhCn, Does.Contain("「progress」"));
        Assert.That(finding.Message.En, Does.Contain("\"progress\""));
    }

    [Test]
    public async Task A_reviewer_writing_a_section_the_form_lacks_is_refused()
    {
        var findings = await LintAsync(WithCheckIns("manager", """["feedback"]"""));

        Assert.That(findings.Select(f => f.Code), Is.EqualTo(new[] { "process.unknown-section" }));
    }

    [Test]
    public async Task The_employee_following_up_her_own_check_ins_is_refused()
    {
        var findings = await LintAsync(WithCheckIns("subject", """["manager"]"""));

        Assert.That(findings.Select(f => (f.Code, f.Severity)), Is.EqualTo(new[] { ("process.repeated-assignee", LintSeverity.Error) }));
    }

    [Test]
    public void What_a_reviewer_writes_without_a_reviewer_is_refused_by_the_reader()
    {
        var read = ProcessReader.Read(WithCheckIns("manager", """["manager"]""").Without("steps/check-ins/reviewer").Build());

        Assert.That(read.Findings.Select(f => f.Code), Is.EqualTo(new[] { "process.missing-member" }));
        Assert.That(read.Findings[0].Message.En, Does.Contain("reviewerWrite needs a reviewer"));
    }
}
