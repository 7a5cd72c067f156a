using FormFlow.Processes;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Tests.Processes;

/// <summary>The structure of a process document: what the reader refuses, where, and why.</summary>
public class ProcessReaderTests
{
    private static LintFinding SingleFinding(ProcessJson process)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Process, Is.Null, "a process with a structural error is not read");
        Assert.That(read.Findings, Has.Count.EqualTo(1), string.Join("\n", read.Findings.Select(f => $"{f.Code} at {f.Path}")));
        var finding = read.Findings[0];
        Assert.That(finding.Severity, Is.EqualTo(LintSeverity.Error));
        Assert.That(finding.Line, Is.Not.Null);
        return finding;
    }

    [Test]
    public void The_builder_process_reads_without_findings()
    {
        var read = ProcessReader.Read(new ProcessJson().Build());

        Assert.That(read.Findings, Is.Empty);
        Assert.That(read.Process!.Steps.Keys, Is.EqualTo(new[] { "fill-record", "check-rating", "skip-approval", "confirm", "done" }));
        Assert.That(read.Process.Forms["record"], Is.EqualTo(new FormReference("interview-record", null)));
    }

    [Test]
    public void A_notify_message_in_one_language_only_is_reported_at_the_message()
    {
        var finding = SingleFinding(new ProcessJson().WithStep("tell", """{ "kind": "notify", "message": "面谈已确认", "to": ["subject"], "next": "done" }""").With("steps/confirm/next", "tell"));

        Assert.That(finding.Code, Is.EqualTo("text.missing-language"));
        Assert.That(finding.Path, Is.EqualTo("$.steps.tell.message"));
    }

    [Test]
    public void A_title_given_as_a_plain_string_is_reported_at_the_title()
    {
        var finding = SingleFinding(new ProcessJson().With("title", "年度评估"));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("text.missing-language", "$.title")));
    }

    [Test]
    public void A_step_without_next_is_reported_missing_where_next_belongs()
    {
        var finding = SingleFinding(new ProcessJson().Without("steps/skip-approval/next"));

        Assert.That(finding.Code, Is.EqualTo("process.missing-member"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['skip-approval'].next"));
        Assert.That(finding.Message.En, Does.Contain("next"));
    }

    [Test]
    public void An_unknown_step_kind_is_reported_at_the_kind_with_the_kinds_there_are()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/skip-approval/kind", "aproval"));

        Assert.That(finding.Code, Is.EqualTo("process.unknown-kind"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['skip-approval'].kind"));
        Assert.That(finding.Message.ZhCn, Does.Contain("「aproval」").And.Contain("approval"));
        Assert.That(finding.Message.En, Does.Contain("\"aproval\"").And.Contain("approval"));
    }

    [Test]
    public void A_duration_that_is_not_ISO_8601_is_reported_at_the_duration()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/fill-record/due/after", "P2X"));

        Assert.That(finding.Code, Is.EqualTo("process.bad-duration"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['fill-record'].due.after"));
        Assert.That(finding.Message.En, Does.Contain("P2X"));
    }

    [Test]
    public void A_next_naming_a_step_that_does_not_exist_is_reported()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/fill-record/next", "check-ratings"));

        Assert.That(finding.Code, Is.EqualTo("process.unknown-step"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['fill-record'].next"));
        Assert.That(finding.Message.ZhCn, Does.Contain("「check-ratings」"));
    }

    [Test]
    public void An_assignee_that_is_not_a_relationship_or_role_is_reported()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/skip-approval/approvers/0", "grand-manager"));

        Assert.That(finding.Code, Is.EqualTo("process.bad-assignee"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['skip-approval'].approvers[0]"));
        Assert.That(finding.Message.En, Does.Contain("\"grand-manager\"").And.Contain("skip-level"));
    }

    [TestCase("person:E011", "person", "E011")]
    [TestCase("role:hrbp", "role", null)]
    [TestCase("skip-level", "skip-level", null)]
    public void An_assignee_is_a_relationship_a_role_or_a_named_person_and_reads_back_as_written(string text, string relation, string? personId)
    {
        var assignee = Assignee.Parse(text);

        Assert.That(assignee, Is.Not.Null);
        Assert.That(assignee!.Relation, Is.EqualTo(relation));
        Assert.That(assignee.PersonId, Is.EqualTo(personId));
        Assert.That(assignee.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void A_named_person_is_named_by_the_id_in_both_languages()
    {
        Assert.That(Assignee.Parse("person:E011")!.Name, Is.EqualTo(new LocalizedText("指定人员 E011", "named person E011")));
    }

    [TestCase("person:")]
    [TestCase("person:E 011")]
    public void A_named_person_without_an_id_is_reported(string text)
    {
        var finding = SingleFinding(new ProcessJson().With("steps/skip-approval/approvers/0", text));

        Assert.That(finding.Code, Is.EqualTo("process.bad-assignee"));
        Assert.That(finding.Message.En, Does.Contain("person:EMPLOYEE_ID"));
        Assert.That(finding.Message.ZhCn, Does.Contain("person:员工编号"));
    }

    [Test]
    public void A_condition_with_a_syntax_error_is_reported_at_the_condition()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/check-rating/branches/0/when", "forms.record.overall_rating <="));

        Assert.That(finding.Code, Is.EqualTo("expression.syntax"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['check-rating'].branches[0].when"));
        Assert.That(finding.Message.En, Does.StartWith("Expression line 1"));
    }

    [Test]
    public void A_misspelt_member_is_reported_instead_of_silently_dropping_the_setting()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/fill-record/reminder", "P2D"));

        Assert.That(finding.Code, Is.EqualTo("process.unknown-member"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['fill-record'].reminder"));
        Assert.That(finding.Message.En, Does.Contain("\"reminder\"").And.Contain("reminders"));
    }

    [TestCase("""{ "when": "forms.record.overall_rating >= 3" }""", "process.missing-member", "$.steps['skip-approval'].visibleToSubject.read")]
    [TestCase("""{ "read": ["rating"], "write": ["confirmation"] }""", "process.unknown-member", "$.steps['skip-approval'].visibleToSubject.write")]
    [TestCase("""{ "read": ["rating"], "when": "forms.record.overall_rating >=" }""", "expression.syntax", "$.steps['skip-approval'].visibleToSubject.when")]
    [TestCase("\"rating\"", "process.wrong-type", "$.steps['skip-approval'].visibleToSubject")]
    public void What_a_step_shows_the_subject_is_sections_to_read_and_an_optional_condition_nothing_to_write(string visibleToSubject, string code, string path)
    {
        var finding = SingleFinding(new ProcessJson().WithJson("steps/skip-approval/visibleToSubject", visibleToSubject));

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
    }

    [TestCase("""{ "employee": { "read": "*" } }""", "process.bad-assignee", "$.steps['skip-approval'].visibleTo.employee")]
    [TestCase("""{ "subject": { "read": "*" } }""", "process.bad-assignee", "$.steps['skip-approval'].visibleTo.subject")]
    [TestCase("""{ "hrbp": { "when": "forms.record.overall_rating >= 3" } }""", "process.missing-member", "$.steps['skip-approval'].visibleTo.hrbp.read")]
    [TestCase("""{ "hrbp": { "read": ["rating"], "write": ["rating"] } }""", "process.unknown-member", "$.steps['skip-approval'].visibleTo.hrbp.write")]
    [TestCase("""{ "hrbp": ["rating"] }""", "process.wrong-type", "$.steps['skip-approval'].visibleTo.hrbp")]
    [TestCase("\"hrbp\"", "process.wrong-type", "$.steps['skip-approval'].visibleTo")]
    public void What_a_step_shows_those_overseeing_the_subject_is_by_relation_sections_to_read_and_an_optional_condition(string visibleTo, string code, string path)
    {
        var finding = SingleFinding(new ProcessJson().WithJson("steps/skip-approval/visibleTo", visibleTo));

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
    }

    [Test]
    public void What_a_step_shows_those_overseeing_the_subject_is_read_by_relation()
    {
        var read = ProcessReader.Read(new ProcessJson().WithJson("steps/skip-approval/visibleTo", """{ "manager": { "read": "*" }, "hrbp": { "read": ["rating"], "when": "forms.record.overall_rating <= 2" } }""").Build());

        var shown = ((ApprovalStep)read.Process!.Steps["skip-approval"]).Task.VisibleTo;
        Assert.That(shown.Keys, Is.EquivalentTo(new[] { "manager", "hrbp" }));
        Assert.That((shown["manager"].Access.ReadsAll, shown["manager"].When), Is.EqualTo((true, (Expressions.FormExpression?)null)));
        Assert.That((shown["hrbp"].Access.Read, shown["hrbp"].When!.Source), Is.EqualTo((new[] { "rating" }, "forms.record.overall_rating <= 2")));
    }

    [Test]
    public void What_a_step_shows_the_subject_is_read_with_its_condition()
    {
        var read = ProcessReader.Read(new ProcessJson().WithJson("steps/skip-approval/visibleToSubject", """{ "read": ["rating"], "when": "forms.record.overall_rating >= 3" }""").Build());

        var shown = ((ApprovalStep)read.Process!.Steps["skip-approval"]).Task.VisibleToSubject!;
        Assert.That((shown.Access.Read, shown.Access.Write, shown.When!.Source), Is.EqualTo((new[] { "rating" }, Array.Empty<string>(), "forms.record.overall_rating >= 3")));
    }

    [Test]
    public void A_negative_due_time_is_reported_at_the_duration()
    {
        var finding = SingleFinding(new ProcessJson().With("steps/fill-record/due/after", "-P1D"));

        Assert.That(finding.Code, Is.EqualTo("process.bad-duration"));
        Assert.That(finding.Path, Is.EqualTo("$.steps['fill-record'].due.after"));
    }
}
