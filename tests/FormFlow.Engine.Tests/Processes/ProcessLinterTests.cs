using System.Text.RegularExpressions;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>What a process means, checked at publishing against the shipped templates and an organisation.</summary>
public class ProcessLinterTests
{
    private static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessJson process, OrgChart? organisation = null)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, organisation);
    }

    private static async Task<LintFinding> SingleAsync(ProcessJson process)
    {
        var findings = await LintAsync(process);
        Assert.That(findings, Has.Count.EqualTo(1), string.Join("\n", findings.Select(f => $"{f.Code} at {f.Path}")));
        return findings[0];
    }

    private static void AssertFinding(LintFinding finding, string code, string path)
    {
        Assert.That(finding.Code, Is.EqualTo(code));
        Assert.That(finding.Path, Is.EqualTo(path));
        Assert.That(finding.Severity, Is.EqualTo(LintSeverity.Error));
        Assert.That(finding.Line, Is.Not.Null);
        Assert.That(finding.Column, Is.Not.Null);
    }

    [Test]
    public async Task A_valid_process_gives_no_findings()
    {
        Assert.That(await LintAsync(new ProcessJson()), Is.Empty);
    }

    [Test]
    public async Task A_process_the_reader_refused_gives_no_findings_of_its_own()
    {
        var read = ProcessReader.Read(new ProcessJson().Without("steps/confirm/next").Build());

        var findings = await ProcessLinter.LintAsync(read, ShippedTemplates.Find, LintOrganisation.Small());

        Assert.That(read.HasErrors, Is.True);
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task A_step_no_transition_leads_to_is_reported_unreachable()
    {
        var process = new ProcessJson().WithStep("announce", """{ "kind": "notify", "message": { "zh-CN": "done", "en": "done" }, "to": ["subject"], "next": "done" }""");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.unreachable-step", "$.steps.announce");
        Assert.That(finding.Message.ZhCn, Does.Contain("「announce」").And.Contain("「fill-record」"));
        Assert.That(finding.Message.En, Does.Contain("\"announce\"").And.Contain("\"fill-record\""));
    }

    [Test]
    public async Task A_step_that_leads_only_into_a_loop_without_exit_has_no_way_to_end()
    {
        var process = PipLoop();

        var finding = (await LintAsync(process)).Single(f => f.Code == "process.no-way-to-end");

        AssertFinding(finding, "process.no-way-to-end", "$.steps['start-pip']");
        Assert.That(finding.Message.ZhCn, Does.Contain("「start-pip」"));
        Assert.That(finding.Message.En, Does.Contain("\"start-pip\""));
    }

    [Test]
    public async Task A_loop_without_exit_is_reported_once_on_its_first_step_in_document_order_naming_all_its_steps()
    {
        var findings = await LintAsync(PipLoop());

        var loop = findings.Single(f => f.Code == "process.loop-without-exit");
        AssertFinding(loop, "process.loop-without-exit", "$.steps['pip-check']");
        Assert.That(loop.Message.ZhCn, Does.Contain("「pip-check」、「pip」"));
        Assert.That(loop.Message.En, Does.Contain("\"pip-check\", \"pip\""));
        Assert.That(findings.Select(f => f.Code), Is.EquivalentTo(new[] { "process.no-way-to-end", "process.loop-without-exit" }));
    }

    [Test]
    public async Task A_loop_of_steps_that_never_wait_is_reported_even_with_an_exit()
    {
        var process = new ProcessJson()
            .With("steps/confirm/next", "recheck")
            .WithStep("recheck", """{ "kind": "decision", "branches": [{ "when": "forms.record.employee_confirmed", "next": "done" }], "otherwise": "nudge" }""")
            .WithStep("nudge", """{ "kind": "notify", "message": { "zh-CN": "please confirm", "en": "please confirm" }, "to": ["subject"], "next": "recheck" }""");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.loop-without-exit", "$.steps.recheck");
        Assert.That(finding.Message.ZhCn, Does.Contain("「recheck」、「nudge」"));
        Assert.That(finding.Message.En, Does.Contain("\"recheck\", \"nudge\"").And.Contain("waits"));
    }

    [Test]
    public async Task A_loop_without_exit_of_steps_that_never_wait_is_reported_once()
    {
        var process = new ProcessJson()
            .WithJson("steps/check-rating/branches/1", """{ "when": "forms.record.overall_rating == 1", "next": "nag" }""")
            .WithStep("nag", """{ "kind": "notify", "message": { "zh-CN": "rating 1", "en": "rating 1" }, "to": ["manager"], "next": "nag-again" }""")
            .WithStep("nag-again", """{ "kind": "notify", "message": { "zh-CN": "rating 1 again", "en": "rating 1 again" }, "to": ["hrbp"], "next": "nag" }""");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.loop-without-exit", "$.steps.nag");
        Assert.That(finding.Message.En, Does.Contain("\"nag\", \"nag-again\"").And.Contain("no way out"));
    }

    [Test]
    public async Task A_form_whose_template_does_not_exist_is_reported_at_the_form()
    {
        var process = new ProcessJson().With("forms/record", "interview-record@7");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.unknown-template", "$.forms.record");
        Assert.That(finding.Message.ZhCn, Does.Contain("「interview-record@7」").And.Contain("「record」"));
        Assert.That(finding.Message.En, Does.Contain("\"interview-record@7\"").And.Contain("\"record\""));
    }

    [Test]
    public async Task A_section_the_template_lacks_is_reported_at_the_name()
    {
        var process = new ProcessJson().With("steps/fill-record/write/2", "plans");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.unknown-section", "$.steps['fill-record'].write[2]");
        Assert.That(finding.Message.ZhCn, Does.Contain("「plans」").And.Contain("interview-record"));
        Assert.That(finding.Message.En, Does.Contain("\"plans\"").And.Contain("interview-record"));
    }

    [TestCase("steps/fill-record/reviewerWrite/2", "\"ratings\"", "$.steps['fill-record'].reviewerWrite[2]")]
    [TestCase("steps/confirm/parties/1/read", """["ratings"]""", "$.steps.confirm.parties[1].read[0]")]
    public async Task A_section_the_template_lacks_is_reported_for_reviewers_and_parties(string member, string json, string path)
    {
        var process = new ProcessJson().WithJson(member, json);

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.unknown-section", path);
        Assert.That(finding.Message.En, Does.Contain("\"ratings\""));
    }

    [Test]
    public async Task A_condition_reading_a_field_the_template_lacks_is_reported_at_the_condition()
    {
        var process = new ProcessJson().With("steps/check-rating/branches/0/when", "forms.record.overal_rating <= 2");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "expression.unknown-field", "$.steps['check-rating'].branches[0].when");
        Assert.That(finding.Message.ZhCn, Does.Contain("forms.record.overal_rating"));
        Assert.That(finding.Message.En, Does.Contain("forms.record.overal_rating"));
    }

    [Test]
    public async Task A_condition_reading_a_form_the_process_does_not_declare_is_reported()
    {
        var process = new ProcessJson().With("steps/check-rating/branches/0/when", "forms.review.overall_rating <= 2");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "expression.unknown-field", "$.steps['check-rating'].branches[0].when");
        Assert.That(finding.Message.ZhCn, Does.Contain("forms.review"));
        Assert.That(finding.Message.En, Does.Contain("forms.review"));
    }

    [Test]
    public async Task A_for_each_reading_a_field_the_template_lacks_is_reported_at_its_people()
    {
        var process = new ProcessJson()
            .With("forms/feedback", "feedback-request-360")
            .With("steps/confirm/next", "ask-peers")
            .WithStep("ask-peers", """{ "kind": "for-each", "people": "forms.feedback.reviewer_ids", "form": "feedback", "write": ["request", "answer"], "next": "done" }""");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "expression.unknown-field", "$.steps['ask-peers'].people");
        Assert.That(finding.Message.En, Does.Contain("forms.feedback.reviewer_ids"));
    }

    [Test]
    public async Task A_condition_reading_an_unknown_name_is_reported()
    {
        var process = new ProcessJson().With("steps/check-rating/branches/0/when", "form.overall_rating <= 2");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "expression.unknown-variable", "$.steps['check-rating'].branches[0].when");
        Assert.That(finding.Message.ZhCn, Does.Contain("「form」"));
        Assert.That(finding.Message.En, Does.Contain("\"form\""));
    }

    [Test]
    public async Task A_condition_naming_a_member_the_subject_has_not_is_an_error_naming_the_member()
    {
        var process = new ProcessJson().With("steps/check-rating/branches/0/when", "subject.grade == \"M2\"");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "expression.unknown-subject-member", "$.steps['check-rating'].branches[0].when");
        Assert.That(finding.Message.ZhCn, Does.Contain("「subject.grade」").And.Contain("subject.level"));
        Assert.That(finding.Message.En, Does.Contain("\"subject.grade\"").And.Contain("subject.departments"));
    }

    [TestCase("subject.level == \"M2\"")]
    [TestCase("subject.department == \"D1\"")]
    [TestCase("subject.departments | array.contains \"D1\"")]
    [TestCase("subject.roles | array.contains \"manager\"")]
    [TestCase("subject.id == \"P1\"")]
    public async Task A_condition_on_what_the_organisation_knows_of_the_subject_lints_clean(string when)
    {
        var process = new ProcessJson().With("steps/check-rating/branches/0/when", when);

        Assert.That((await LintAsync(process)).Where(f => f.Severity == LintSeverity.Error).Select(f => $"{f.Code} {f.Message.En}"), Is.Empty);
    }

    [TestCase("""{ "read": ["ratings"], "when": "forms.record.overall_rating >= 3" }""", "process.unknown-section", "$.steps['skip-approval'].visibleToSubject.read[0]")]
    [TestCase("""{ "read": ["rating"], "when": "forms.record.overal_rating >= 3" }""", "expression.unknown-field", "$.steps['skip-approval'].visibleToSubject.when")]
    [TestCase("""{ "read": ["rating"], "when": "record.overall_rating >= 3" }""", "expression.unknown-variable", "$.steps['skip-approval'].visibleToSubject.when")]
    public async Task What_a_step_shows_the_subject_is_checked_like_its_sections_and_conditions(string visibleToSubject, string code, string path)
    {
        var process = new ProcessJson().WithJson("steps/skip-approval/visibleToSubject", visibleToSubject);

        var finding = await SingleAsync(process);

        AssertFinding(finding, code, path);
    }

    [TestCase("""{ "hrbp": { "read": ["ratings"] } }""", "process.unknown-section", "$.steps['skip-approval'].visibleTo.hrbp.read[0]")]
    [TestCase("""{ "manager": { "read": "*", "when": "forms.record.overal_rating >= 3" } }""", "expression.unknown-field", "$.steps['skip-approval'].visibleTo.manager.when")]
    public async Task What_a_step_shows_those_overseeing_the_subject_is_checked_like_its_sections_and_conditions(string visibleTo, string code, string path)
    {
        var process = new ProcessJson().WithJson("steps/skip-approval/visibleTo", visibleTo);

        var finding = await SingleAsync(process);

        AssertFinding(finding, code, path);
    }

    [Test]
    public async Task A_required_field_in_a_section_no_step_writes_is_an_error_on_the_first_step_filling_the_form_naming_the_field_and_the_section()
    {
        // overall_rating sits in the section "rating", which only the reviewer of fill-record wrote.
        var process = new ProcessJson().WithJson("steps/fill-record/reviewerWrite", """["feedback"]""");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.required-field-unwritten", "$.steps['fill-record']");
        Assert.That(finding.Message.ZhCn, Does.Contain("必填字段「综合评分」（overall_rating）所在的部分「主管评分」没有任何步骤填写").And.Contain("「record」"));
        Assert.That(finding.Message.En, Does.Contain("The required field \"Overall rating\" (overall_rating)").And.Contain("in the section \"Manager's rating\", which no step writes"));
    }

    [Test]
    public async Task A_required_field_some_step_writes_is_no_finding_whichever_step_writes_it()
    {
        // The reviewer no longer writes the rating; the skip-level approval does, later in the flow.
        var process = new ProcessJson()
            .WithJson("steps/fill-record/reviewerWrite", """["feedback"]""")
            .WithJson("steps/skip-approval/write", """["rating"]""");

        Assert.That(await LintAsync(process), Is.Empty);
    }

    [Test]
    public async Task The_unwritten_required_field_is_shown_on_the_step_that_uses_the_form_first_in_the_flow_not_first_in_the_document()
    {
        // agree-kpis is listed before set-kpis but runs after it: the error goes on set-kpis, where the form is first filled.
        var process = new ProcessJson()
            .With("forms/kpis", "kpi-setting")
            .With("steps/confirm/next", "set-kpis")
            .WithStep("agree-kpis", """{ "kind": "form", "form": "kpis", "assignee": "subject", "read": "*", "next": "done" }""")
            .WithStep("set-kpis", """{ "kind": "form", "form": "kpis", "assignee": "manager", "write": ["agreement"], "next": "agree-kpis" }""");

        var findings = await LintAsync(process);

        Assert.That(findings.Select(f => f.Code).Distinct(), Is.EqualTo(new[] { "process.required-field-unwritten" }));
        Assert.That(findings.Select(f => f.Path).Distinct(), Is.EqualTo(new[] { "$.steps['set-kpis']" }));
    }

    [Test]
    public async Task A_required_repeating_group_is_one_field_and_the_required_members_of_an_optional_group_demand_nothing()
    {
        // kpi-setting: "indicators" holds period, role_family and the required group kpis (whose members are required
        // too) and the computed total_weight; "results" holds the optional group results, whose members are required.
        var process = new ProcessJson()
            .With("forms/kpis", "kpi-setting")
            .With("steps/confirm/next", "set-kpis")
            .WithStep("set-kpis", """{ "kind": "form", "form": "kpis", "assignee": "manager", "write": ["agreement"], "next": "done" }""");

        var findings = await LintAsync(process);

        Assert.That(findings.Select(f => f.Code).Distinct(), Is.EqualTo(new[] { "process.required-field-unwritten" }));
        Assert.That(findings.Select(f => FieldOf(f.Message.En)), Is.EquivalentTo(new[] { "period", "role_family", "kpis" }));
        Assert.That(findings.Single(f => FieldOf(f.Message.En) == "kpis").Message.ZhCn, Does.Contain("「关键绩效指标」（kpis）所在的部分「指标设定」"));
    }

    [Test]
    public async Task A_required_field_of_a_form_no_step_uses_is_reported_at_the_form()
    {
        var process = new ProcessJson().With("forms/kpis", "kpi-setting");

        var findings = await LintAsync(process);

        Assert.That(findings.Select(f => FieldOf(f.Message.En)), Is.EquivalentTo(new[] { "period", "role_family", "kpis", "employee_decision" }));
        Assert.That(findings.Select(f => f.Path).Distinct(), Is.EqualTo(new[] { "$.forms.kpis" }));
    }

    // The field's key, written in brackets after its label: "The required field "Period" (period) of the form …".
    private static string FieldOf(string message) => Regex.Match(message, @"\((?<field>[a-z_]+)\) of the form").Groups["field"].Value;

    [Test]
    public async Task A_computed_field_needs_no_step_to_write_it()
    {
        // kpi-setting computes total_weight; indicators and agreement hold every required field.
        var process = new ProcessJson()
            .With("forms/kpis", "kpi-setting")
            .With("steps/confirm/next", "set-kpis")
            .WithStep("set-kpis", """{ "kind": "form", "form": "kpis", "assignee": "manager", "write": ["indicators", "agreement"], "next": "done" }""");

        Assert.That(await LintAsync(process), Is.Empty);
    }

    [TestCase("P0D")]
    [TestCase("-P1D")]
    public async Task A_before_reminder_that_is_not_before_the_due_time_is_reported(string offset)
    {
        var process = new ProcessJson().With("steps/fill-record/reminders/1/before", offset);

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.reminder-after-due", "$.steps['fill-record'].reminders[1]");
        Assert.That(finding.Message.En, Does.Contain("\"fill-record\""));
    }

    [Test]
    public async Task An_after_reminder_at_or_past_a_due_time_counted_from_the_step_start_is_reported()
    {
        var process = new ProcessJson().With("steps/fill-record/reminders/0/after", "P2W");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.reminder-after-due", "$.steps['fill-record'].reminders[0]");
        Assert.That(finding.Message.ZhCn, Does.Contain("「fill-record」"));
    }

    [Test]
    public async Task An_after_reminder_is_not_compared_with_a_due_time_counted_from_the_cycle()
    {
        var process = new ProcessJson()
            .WithJson("steps/fill-record/due", """{ "from": "cycle-start", "after": "P14D" }""")
            .With("steps/fill-record/reminders/0/after", "P1M");

        Assert.That(await LintAsync(process), Is.Empty);
    }

    [Test]
    public async Task A_before_reminder_on_a_step_without_due_time_is_reported()
    {
        var process = new ProcessJson().Without("steps/fill-record/due").Without("steps/fill-record/escalation");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.reminder-without-due", "$.steps['fill-record'].reminders[1]");
        Assert.That(finding.Message.En, Does.Contain("\"fill-record\""));
    }

    [Test]
    public async Task An_escalation_on_a_step_without_due_time_is_reported()
    {
        var process = new ProcessJson().Without("steps/fill-record/due").Without("steps/fill-record/reminders");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.escalation-without-due", "$.steps['fill-record'].escalation");
        Assert.That(finding.Message.ZhCn, Does.Contain("「fill-record」"));
    }

    [Test]
    public async Task Parallel_branches_that_meet_at_their_join_give_no_findings()
    {
        Assert.That(await LintAsync(Parallel(secondBranchNext: "both-done")), Is.Empty);
    }

    [Test]
    public async Task A_parallel_branch_that_can_end_before_its_join_is_reported_at_the_branch()
    {
        var finding = await SingleAsync(Parallel(secondBranchNext: "done"));

        AssertFinding(finding, "process.join-mismatch", "$.steps.prepare.branches[1]");
        Assert.That(finding.Message.ZhCn, Does.Contain("「self-reflect」").And.Contain("「both-done」").And.Contain("「done」"));
        Assert.That(finding.Message.En, Does.Contain("\"self-reflect\"").And.Contain("\"both-done\"").And.Contain("\"done\""));
    }

    [Test]
    public async Task A_join_no_parallel_names_is_reported()
    {
        var process = new ProcessJson()
            .With("steps/confirm/next", "gather")
            .WithStep("gather", """{ "kind": "join", "next": "done" }""");

        var finding = await SingleAsync(process);

        AssertFinding(finding, "process.join-mismatch", "$.steps.gather");
        Assert.That(finding.Message.ZhCn, Does.Contain("「gather」"));
        Assert.That(finding.Message.En, Does.Contain("\"gather\""));
    }

    [Test]
    public void A_join_awaits_all_its_branches_or_the_first_and_nothing_else()
    {
        var first = ProcessReader.Read(Parallel(secondBranchNext: "both-done").WithJson("steps/both-done/awaits", "\"first\"").Build());
        var other = ProcessReader.Read(Parallel(secondBranchNext: "both-done").WithJson("steps/both-done/awaits", "\"any\"").Build());

        Assert.That(first.Findings, Is.Empty);
        Assert.That(((JoinStep)first.Process!.Steps["both-done"]).First, Is.True);
        Assert.That(((JoinStep)ProcessReader.Read(Parallel(secondBranchNext: "both-done").Build()).Process!.Steps["both-done"]).First, Is.False, "all by default");
        Assert.That(other.Findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("process.wrong-type", "$.steps['both-done'].awaits") }));
        Assert.That(other.Findings.Single().Message.En, Does.Contain("all, first"));
    }

    [Test]
    public async Task A_parallel_whose_join_is_not_a_join_step_is_reported_at_its_join()
    {
        var process = Parallel(secondBranchNext: "both-done").With("steps/prepare/join", "fill-record");

        var findings = await LintAsync(process);

        var finding = findings.First(f => f.Code == "process.join-mismatch");
        AssertFinding(finding, "process.join-mismatch", "$.steps.prepare.join");
        Assert.That(finding.Message.En, Does.Contain("\"fill-record\""));
    }

    [Test]
    public async Task An_assignee_nobody_fills_for_some_subjects_is_a_warning_naming_them_in_both_languages()
    {
        var findings = await LintAsync(new ProcessJson(), LintOrganisation.Small());

        var finding = findings.Single(f => f.Path == "$.steps['skip-approval'].approvers[0]");
        Assert.That(finding.Code, Is.EqualTo("process.unresolved-assignee"));
        Assert.That(finding.Severity, Is.EqualTo(LintSeverity.Warning));
        Assert.That(finding.Line, Is.Not.Null);
        Assert.That(finding.Message.ZhCn, Is.EqualTo("步骤「skip-approval」的处理人「skip-level」无法为 4 人确定：王芳 (Wang Fang)、陈静 (Chen Jing)、李雷 (Li Lei)、张伟 (Zhang Wei)"));
        Assert.That(finding.Message.En, Is.EqualTo("The assignee \"skip-level\" of the step \"skip-approval\" cannot be determined for 4 people: Wang Fang, Chen Jing, Li Lei, Zhang Wei"));
    }

    [Test]
    public async Task A_named_person_the_organisation_does_not_know_is_an_error_naming_the_id_on_the_assignee()
    {
        var process = new ProcessJson().With("steps/skip-approval/approvers/0", "person:P9");

        var findings = await LintAsync(process, LintOrganisation.Small());

        var finding = findings.Single(f => f.Path == "$.steps['skip-approval'].approvers[0]");
        AssertFinding(finding, "process.unknown-person", "$.steps['skip-approval'].approvers[0]");
        Assert.That(finding.Message.ZhCn, Is.EqualTo("步骤「skip-approval」的处理人「person:P9」：组织中没有编号为「P9」的人（可能已离职或编号有误）"));
        Assert.That(finding.Message.En, Is.EqualTo("The assignee \"person:P9\" of the step \"skip-approval\": the organisation has nobody with the id \"P9\" (they may have left, or the id is wrong)"));
    }

    [Test]
    public async Task A_named_person_of_the_organisation_is_somebody_for_every_subject()
    {
        var process = new ProcessJson().With("steps/skip-approval/approvers/0", "person:P2");

        var findings = await LintAsync(process, LintOrganisation.Small());

        Assert.That(findings.Where(f => f.Path == "$.steps['skip-approval'].approvers[0]"), Is.Empty);
    }

    [Test]
    public async Task Without_an_organisation_a_named_person_is_not_checked()
    {
        Assert.That(await LintAsync(new ProcessJson().With("steps/skip-approval/approvers/0", "person:P9")), Is.Empty);
    }

    [Test]
    public async Task The_CEO_has_no_manager_to_review_or_confirm()
    {
        var findings = await LintAsync(new ProcessJson(), LintOrganisation.Small());

        Assert.That(
            findings.Where(f => f.Message.En.StartsWith("The assignee \"manager\"", StringComparison.Ordinal)).Select(f => f.Path),
            Is.EqualTo(new[] { "$.steps['fill-record'].reviewer", "$.steps.confirm.parties[1].assignee" }));
        Assert.That(findings.Where(f => f.Path.EndsWith(".reviewer", StringComparison.Ordinal)).Single().Message.ZhCn, Does.EndWith("无法为 1 人确定：王芳 (Wang Fang)"));
        Assert.That(findings.Select(f => f.Code).Distinct(), Is.EqualTo(new[] { "process.unresolved-assignee" }), "the subject is always somebody");
    }

    [Test]
    public async Task A_department_without_HRBP_up_its_tree_leaves_the_hrbp_unresolved()
    {
        var process = new ProcessJson()
            .With("steps/confirm/next", "tell-hrbp")
            .WithStep("tell-hrbp", """{ "kind": "notify", "message": { "zh-CN": "the record is confirmed", "en": "the record is confirmed" }, "to": ["hrbp"], "next": "done" }""");

        var findings = await LintAsync(process, LintOrganisation.Small());

        var finding = findings.Single(f => f.Path == "$.steps['tell-hrbp'].to[0]");
        Assert.That(finding.Code, Is.EqualTo("process.unresolved-assignee"));
        Assert.That(finding.Message.ZhCn, Does.EndWith("无法为 3 人确定：陈静 (Chen Jing)、张伟 (Zhang Wei)、刘洋 (Liu Yang)"));
        Assert.That(finding.Message.En, Does.EndWith("for 3 people: Chen Jing, Zhang Wei, Liu Yang"));
    }

    [Test]
    public async Task An_unresolved_assignee_lists_at_most_twenty_names_then_how_many_more()
    {
        var process = new ProcessJson().With("steps/skip-approval/approvers/0", "hrbp");

        var findings = await LintAsync(process, LintOrganisation.WithoutHrbp(members: 24));

        var finding = findings.Single(f => f.Path == "$.steps['skip-approval'].approvers[0]");
        Assert.That(finding.Message.ZhCn, Does.Contain("无法为 25 人确定").And.Contain("员工19 (Employee 19)").And.EndWith("以及另外 5 人"));
        Assert.That(finding.Message.ZhCn, Does.Not.Contain("员工20"));
        Assert.That(finding.Message.En, Does.Contain("for 25 people").And.Contain("Employee 19").And.EndWith(" and 5 more"));
        Assert.That(finding.Message.En, Does.Not.Contain("Employee 20"));
    }

    [Test]
    public async Task A_relation_that_finds_nobody_for_people_of_the_owning_department_names_them_on_the_step()
    {
        var process = new ProcessJson()
            .With("ownerDepartment", "D0")
            .WithJson("steps/skip-approval/title", """{ "zh-CN": "跨级领导审批", "en": "Skip-level approval" }""");

        var findings = await LintAsync(process, LintOrganisation.Small());

        var owned = findings.Single(f => f.Code == "process.relation-finds-nobody" && f.Path == "$.steps['skip-approval'].approvers[0]");
        Assert.That(owned.Severity, Is.EqualTo(LintSeverity.Warning));
        Assert.That(owned.Line, Is.Not.Null);
        Assert.That(owned.Message.ZhCn, Is.EqualTo("步骤「跨级领导审批」：总部（D0）有 3 人没有隔级上级：王芳、陈静、李雷；他们的任务将交给 HRBP 或管理员"));
        Assert.That(owned.Message.En, Is.EqualTo("The step \"Skip-level approval\": 3 people in HQ (D0) have no skip-level manager: Wang Fang, Chen Jing, Li Lei; their tasks will go to the HRBP or an administrator"));
        var elsewhere = findings.Single(f => f.Code == "process.unresolved-assignee" && f.Path == owned.Path);
        Assert.That(elsewhere.Message.En, Does.EndWith("for 1 person: Zhang Wei"), "the people of the owning department are named once, in the finding of their own");
        Assert.That(
            findings.Where(f => f.Code == "process.relation-finds-nobody").Select(f => f.Path),
            Is.EqualTo(new[] { "$.steps['fill-record'].reviewer", "$.steps['skip-approval'].approvers[0]", "$.steps.confirm.parties[1].assignee" }),
            "the CEO of HQ has no manager either");
    }

    [Test]
    public async Task A_process_owned_by_a_department_below_names_the_people_of_that_department_only()
    {
        var process = new ProcessJson().With("ownerDepartment", "D1");

        var findings = await LintAsync(process, LintOrganisation.Small());

        var owned = findings.Single(f => f.Code == "process.relation-finds-nobody");
        Assert.That(owned.Message.ZhCn, Is.EqualTo("步骤「skip-approval」：研发部（D1）有 1 人没有隔级上级：李雷；他们的任务将交给 HRBP 或管理员"));
        Assert.That(owned.Message.En, Does.Contain("1 person in R&D (D1) has no skip-level manager: Li Lei;"));
        Assert.That(
            findings.Where(f => f.Code == "process.unresolved-assignee" && f.Path == owned.Path).Single().Message.ZhCn,
            Does.EndWith("无法为 3 人确定：王芳 (Wang Fang)、陈静 (Chen Jing)、张伟 (Zhang Wei)"));
    }

    [Test]
    public async Task A_relation_that_finds_nobody_names_at_most_five_people_of_the_owning_department_then_how_many_more()
    {
        var process = new ProcessJson().With("ownerDepartment", "D1").With("steps/skip-approval/approvers/0", "hrbp");

        var findings = await LintAsync(process, LintOrganisation.WithoutHrbp(members: 24));

        var finding = findings.Single(f => f.Code == "process.relation-finds-nobody" && f.Path == "$.steps['skip-approval'].approvers[0]");
        Assert.That(finding.Message.ZhCn, Is.EqualTo("步骤「skip-approval」：销售部（D1）有 25 人没有HRBP：员工00、员工01、员工02、员工03、员工04 等（另外 20 人）；他们的任务将交给 HRBP 或管理员"));
        Assert.That(finding.Message.En, Does.Contain("25 people in Sales (D1) have no HRBP: Employee 00, Employee 01, Employee 02, Employee 03, Employee 04 and 20 more;"));
        Assert.That(findings.Where(f => f.Code == "process.unresolved-assignee"), Is.Empty, "everybody is in the owning department");
    }

    [Test]
    public async Task A_process_of_the_whole_organisation_or_owned_by_an_unknown_department_has_no_finding_for_a_department()
    {
        var whole = await LintAsync(new ProcessJson(), LintOrganisation.Small());
        var unknown = await LintAsync(new ProcessJson().With("ownerDepartment", "D9"), LintOrganisation.Small());

        Assert.That(whole.Concat(unknown).Where(f => f.Code == "process.relation-finds-nobody"), Is.Empty);
        Assert.That(unknown.Select(f => (f.Code, f.Path, f.Message.En)), Is.EqualTo(whole.Select(f => (f.Code, f.Path, f.Message.En))));
    }

    // check-rating → start-pip → pip ⇄ pip-check when the rating is 1, the loop listed before its entry.
    private static ProcessJson PipLoop() => new ProcessJson()
        .With("forms/pip", "improvement-plan")
        .WithJson("steps/check-rating/branches/1", """{ "when": "forms.record.overall_rating == 1", "next": "start-pip" }""")
        .WithStep("pip-check", """{ "kind": "form", "form": "pip", "assignee": "manager", "write": ["follow-up", "manager-confirmation", "support"], "next": "pip" }""")
        .WithStep("start-pip", """{ "kind": "notify", "message": { "zh-CN": "a plan starts", "en": "a plan starts" }, "to": ["subject"], "next": "pip" }""")
        .WithStep("pip", """{ "kind": "form", "form": "pip", "assignee": "subject", "write": ["background", "results", "behaviors", "employee-confirmation"], "next": "pip-check" }""");

    // After the confirmation, the self-review is written in two halves at once.
    private static ProcessJson Parallel(string secondBranchNext) => new ProcessJson()
        .With("forms/self", "self-review")
        .With("steps/confirm/next", "prepare")
        .WithStep("prepare", """{ "kind": "parallel", "branches": ["self-rate", "self-reflect"], "join": "both-done" }""")
        .WithStep("self-rate", """{ "kind": "form", "form": "self", "assignee": "subject", "write": ["basics", "results", "overall"], "next": "both-done" }""")
        .WithStep("self-reflect", $$"""{ "kind": "form", "form": "self", "assignee": "subject", "write": ["reflection"], "next": "{{secondBranchNext}}" }""")
        .WithStep("both-done", """{ "kind": "join", "next": "done" }""");
}
