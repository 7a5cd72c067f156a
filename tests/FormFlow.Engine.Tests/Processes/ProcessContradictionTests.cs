using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>
/// A process that contradicts itself or its templates: conditions that can never come out otherwise, branches never
/// taken, fields read before anyone writes them, for-each lists that may be empty, the same person asked twice.
/// </summary>
public class ProcessContradictionTests
{
    private const string Branch = "$.steps['check-rating'].branches[0].when";

    private static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessJson process)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, organisation: null);
    }

    private static async Task<LintFinding> SingleAsync(ProcessJson process, string code, LintSeverity severity = LintSeverity.Error)
    {
        var all = await LintAsync(process);
        var found = all.Where(f => f.Code == code).ToList();
        Assert.That(found, Has.Count.EqualTo(1), string.Join("\n", all.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}")));
        var finding = found[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(severity));
            Assert.That(finding.Line, Is.Not.Null);
            Assert.That(finding.Column, Is.Not.Null);
            Assert.That(finding.Message.ZhCn, Is.Not.Empty);
            Assert.That(finding.Message.En, Is.Not.Empty);
        });
        return finding;
    }

    private static ProcessJson Deciding(string when) => new ProcessJson().With("steps/check-rating/branches/0/when", when);

    [Test]
    public async Task A_branch_comparing_a_one_to_five_rating_with_seven_never_holds_and_says_why()
    {
        var finding = await SingleAsync(Deciding("forms.record.overall_rating >= 7"), "process.impossible-comparison");

        Assert.That(finding.Path, Is.EqualTo(Branch));
        Assert.That(finding.Message.En, Does.Contain("\"forms.record.overall_rating >= 7\" never holds").And.Contain("a whole number from 1 to 5").And.Contain("interview-record"));
        Assert.That(finding.Message.ZhCn, Does.Contain("永远不成立").And.Contain("1 到 5 的整数").And.Contain("「综合评分」"));
    }

    [TestCase("forms.record.overall_rating > 5")]
    [TestCase("forms.record.overall_rating < 1")]
    [TestCase("0 >= forms.record.overall_rating")]
    [TestCase("forms.record.overall_rating == 2.5")]
    [TestCase("forms.record.overall_rating == -3")]
    [TestCase("forms.record.overall_rating == \"high\"")]
    [TestCase("forms.record.employee_confirmed == \"yes\"")]
    [TestCase("forms.record.overall_rating != null && (forms.record.overall_rating == 6)")]
    public async Task A_comparison_no_value_of_the_field_satisfies_never_holds(string when)
    {
        var finding = await SingleAsync(Deciding(when), "process.impossible-comparison");

        Assert.That(finding.Message.En, Does.Contain("never holds"));
    }

    [Test]
    public async Task Not_equal_to_a_value_the_field_never_holds_always_holds_and_leaves_the_rest_of_the_decision_unreachable()
    {
        var findings = await LintAsync(Deciding("forms.record.overall_rating != 9"));

        Assert.That(findings.Select(f => $"{f.Code} at {f.Path}"), Is.EquivalentTo(new[]
        {
            "process.impossible-comparison at " + Branch,
            "process.unreachable-branch at $.steps['check-rating'].otherwise",
        }));
        Assert.That(findings[0].Message.En, Does.Contain("always holds"));
    }

    [TestCase("forms.record.overall_rating <= 5")]
    [TestCase("forms.record.overall_rating == 3")]
    [TestCase("forms.record.overall_rating == \"3\"")]
    [TestCase("forms.record.overall_rating == true")]
    [TestCase("forms.record.manager_summary == 5")]
    [TestCase("forms.record.employee_confirmed == 1")]
    [TestCase("forms.record.overall_rating == null")]
    public async Task A_comparison_some_value_satisfies_and_another_does_not_is_no_finding(string when)
    {
        // Scriban compares "3" == 3 and true == 1 as equal, and free text may hold "5": none of these is certain.
        Assert.That(await LintAsync(Deciding(when)), Is.Empty);
    }

    [Test]
    public async Task An_option_field_compared_with_a_value_not_among_its_options_never_holds()
    {
        var process = new ProcessJson()
            .With("forms/kpi", "kpi-setting")
            .With("steps/confirm/next", "set-kpis")
            .WithStep("set-kpis", """{ "kind": "form", "form": "kpi", "assignee": "manager", "write": ["indicators", "agreement"], "next": "objection" }""")
            .WithStep("objection", """{ "kind": "decision", "branches": [{ "when": "forms.kpi.employee_decision == \"objection\"", "next": "done" }], "otherwise": "done" }""");

        var finding = await SingleAsync(process, "process.impossible-comparison");

        Assert.That(finding.Path, Is.EqualTo("$.steps.objection.branches[0].when"));
        Assert.That(finding.Message.En, Does.Contain("\"agree\", \"object\""));
    }

    [Test]
    public async Task What_a_step_shows_the_subject_under_an_impossible_condition_is_reported()
    {
        var process = new ProcessJson().WithJson("steps/skip-approval/visibleToSubject", """{ "read": ["rating"], "when": "forms.record.overall_rating > 10" }""");

        var finding = await SingleAsync(process, "process.impossible-comparison");

        Assert.That(finding.Path, Is.EqualTo("$.steps['skip-approval'].visibleToSubject.when"));
    }

    [Test]
    public async Task Branches_after_one_that_always_holds_are_never_taken()
    {
        var process = new ProcessJson()
            .With("steps/check-rating/branches/0/when", "true")
            .WithJson("steps/check-rating/branches/1", """{ "when": "forms.record.overall_rating == 1", "next": "skip-approval" }""");

        var findings = await LintAsync(process);

        Assert.That(findings.Select(f => $"{f.Code} at {f.Path}"), Is.EquivalentTo(new[]
        {
            "process.unreachable-branch at $.steps['check-rating'].branches[1]",
            "process.unreachable-branch at $.steps['check-rating'].otherwise",
        }));
    }

    [Test]
    public async Task A_branch_repeating_an_earlier_condition_is_never_taken()
    {
        var process = new ProcessJson().WithJson("steps/check-rating/branches/1", """{ "when": "forms.record.overall_rating<=2", "next": "done" }""");

        var finding = await SingleAsync(process, "process.unreachable-branch");

        Assert.That(finding.Path, Is.EqualTo("$.steps['check-rating'].branches[1]"));
        Assert.That(finding.Message.En, Does.Contain("same condition as branch 1"));
    }

    [Test]
    public async Task A_branch_whose_condition_is_false_is_never_taken()
    {
        var finding = await SingleAsync(Deciding("false"), "process.unreachable-branch");

        Assert.That(finding.Path, Is.EqualTo("$.steps['check-rating'].branches[0]"));
    }

    [Test]
    public async Task A_decision_reading_a_field_before_any_step_writes_it_is_reported()
    {
        var process = new ProcessJson()
            .With("start", "early-check")
            .WithStep("early-check", """{ "kind": "decision", "branches": [{ "when": "forms.record.manager_summary != null", "next": "confirm" }], "otherwise": "fill-record" }""");

        var finding = await SingleAsync(process, "process.field-not-yet-written");

        Assert.That(finding.Path, Is.EqualTo("$.steps['early-check'].branches[0].when"));
        Assert.That(finding.Message.En, Does.Contain("\"forms.record.manager_summary\"").And.Contain("\"early-check\""));
    }

    [Test]
    public async Task A_field_a_step_on_the_way_back_writes_counts_as_written()
    {
        // The approval returns to fill-record, which writes the rating before the decision is reached again.
        var process = new ProcessJson()
            .With("start", "skip-approval")
            .With("steps/skip-approval/next", "check-rating")
            .With("steps/check-rating/otherwise", "confirm");

        Assert.That((await LintAsync(process)).Where(f => f.Code == "process.field-not-yet-written"), Is.Empty);
    }

    [Test]
    public async Task A_for_each_over_a_list_the_form_lets_be_empty_is_a_warning_saying_the_step_moves_on_at_once()
    {
        var process = new ProcessJson()
            .With("steps/confirm/next", "ask")
            .WithStep("ask", """{ "kind": "for-each", "form": "record", "people": "forms.record.plan | array.map \"goal\"", "read": "*", "next": "done" }""");

        var finding = await SingleAsync(process, "process.for-each-may-be-empty", LintSeverity.Warning);

        Assert.That(finding.Path, Is.EqualTo("$.steps.ask.people"));
        Assert.That(finding.Message.En, Does.Contain("forms.record.plan").And.Contain("hands out no task").And.Contain("\"done\""));
    }

    [Test]
    public async Task A_for_each_over_a_required_list_of_at_least_one_is_no_finding()
    {
        var process = new ProcessJson()
            .With("steps/confirm/next", "ask")
            .WithStep("ask", """{ "kind": "for-each", "form": "record", "people": "forms.record.went_well | array.map \"project\"", "read": "*", "next": "done" }""");

        Assert.That(await LintAsync(process), Is.Empty);
    }

    [Test]
    public async Task The_same_approver_twice_in_a_sequence_is_an_error_at_the_second()
    {
        var process = new ProcessJson().WithJson("steps/skip-approval/approvers", """["skip-level", "manager", "skip-level"]""").With("steps/skip-approval/mode", "sequence");

        var finding = await SingleAsync(process, "process.repeated-assignee");

        Assert.That(finding.Path, Is.EqualTo("$.steps['skip-approval'].approvers[2]"));
        Assert.That(finding.Message.En, Does.Contain("positions 1 and 3"));
    }

    [Test]
    public async Task The_same_approver_twice_when_all_approve_is_a_warning()
    {
        var process = new ProcessJson().WithJson("steps/skip-approval/approvers", """["skip-level", "skip-level"]""").With("steps/skip-approval/mode", "all");

        var finding = await SingleAsync(process, "process.repeated-assignee", LintSeverity.Warning);

        Assert.That(finding.Path, Is.EqualTo("$.steps['skip-approval'].approvers[1]"));
    }

    [Test]
    public async Task Two_parties_of_a_confirmation_that_are_one_person_are_an_error()
    {
        var finding = await SingleAsync(new ProcessJson().With("steps/confirm/parties/1/assignee", "subject"), "process.repeated-assignee");

        Assert.That(finding.Path, Is.EqualTo("$.steps.confirm.parties[1].assignee"));
    }

    [Test]
    public async Task A_review_its_author_reviews_is_an_error()
    {
        var finding = await SingleAsync(new ProcessJson().With("steps/fill-record/reviewer", "subject"), "process.repeated-assignee");

        Assert.That(finding.Path, Is.EqualTo("$.steps['fill-record'].reviewer"));
    }
}
