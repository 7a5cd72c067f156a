using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>
/// Lint of the members that read form fields as times: a step's <c>dateReminders</c> and a recurring step's period
/// chosen by a field (docs/processes.md, "Reminders of dates in the form", "recurring").
/// </summary>
public class DateLintTests
{
    private static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessJson process)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, null);
    }

    private static ProcessJson Reminding(string step, string field, string? text = null) =>
        new ProcessJson().WithJson($"steps/{step}/dateReminders", $$"""
            [{ "field": "{{field}}", {{(text is null ? "" : $"\"text\": \"{text}\", ")}}"before": "P3D", "to": ["subject", "manager"] }]
            """);

    [Test]
    public async Task A_date_of_the_plan_the_step_writes_is_accepted()
    {
        Assert.That(await LintAsync(Reminding("fill-record", "plan[].time_node", "plan[].goal")), Is.Empty);
    }

    [Test]
    public async Task A_field_the_template_lacks_is_named_with_the_step()
    {
        var finding = (await LintAsync(Reminding("fill-record", "plan[].deadline"))).Single();

        Assert.That((finding.Code, finding.Path, finding.Severity), Is.EqualTo(("process.date-field-unknown", "$.steps['fill-record'].dateReminders[0].field", LintSeverity.Error)));
        Assert.That(finding.Message.ZhCn, Does.Contain("「fill-record」").And.Contain("「plan[].deadline」"));
        Assert.That(finding.Message.En, Does.Contain("\"fill-record\"").And.Contain("\"plan[].deadline\""));
    }

    [Test]
    public async Task A_field_that_is_not_a_date_is_refused()
    {
        var finding = (await LintAsync(Reminding("fill-record", "plan[].goal"))).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.date-field-not-date", "$.steps['fill-record'].dateReminders[0].field")));
        Assert.That(finding.Message.ZhCn, Does.Contain("「fill-record」").And.Contain("「plan[].goal」").And.Contain("date"));
        Assert.That(finding.Message.En, Does.Contain("\"fill-record\"").And.Contain("\"plan[].goal\"").And.Contain("not a date"));
    }

    [Test]
    public async Task A_date_in_a_section_the_step_neither_reads_nor_writes_is_refused()
    {
        var process = Reminding("confirm", "plan[].time_node")
            .WithJson("steps/confirm/parties", """
                [{ "assignee": "subject", "read": ["rating"], "write": ["confirmation"] }, { "assignee": "manager", "read": ["rating"], "write": [] }]
                """);

        var finding = (await LintAsync(process)).Single(f => f.Code.StartsWith("process.date-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.date-field-unreadable", "$.steps.confirm.dateReminders[0].field")));
        Assert.That(finding.Message.ZhCn, Does.Contain("「confirm」").And.Contain("「plan[].time_node」"));
        Assert.That(finding.Message.En, Does.Contain("\"confirm\"").And.Contain("\"plan[].time_node\""));
    }

    [Test]
    public async Task The_text_shown_with_a_date_is_a_field_of_the_same_item()
    {
        var finding = (await LintAsync(Reminding("fill-record", "plan[].time_node", "went_well"))).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.date-text-not-in-item", "$.steps['fill-record'].dateReminders[0].text")));
    }

    [Test]
    public async Task The_reader_refuses_date_reminders_on_a_step_whose_answers_are_kept_apart_and_a_path_ending_in_a_list()
    {
        var onRecurring = ProcessReader.Read(new ProcessJson().WithStep("check-ins", """
            { "kind": "recurring", "form": "record", "assignee": "subject", "every": "P1M", "count": 3, "write": ["plan"],
              "dateReminders": [{ "field": "plan[].time_node", "to": ["subject"] }], "next": "done" }
            """).Build());
        var listPath = ProcessReader.Read(new ProcessJson().WithJson("steps/fill-record/dateReminders", """[{ "field": "plan[]", "to": ["subject"] }]""").Build());

        Assert.That(onRecurring.Findings.Select(f => (f.Code, f.Path)), Does.Contain(("process.unknown-member", "$.steps['check-ins'].dateReminders")));
        Assert.That(listPath.Findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("process.wrong-type", "$.steps['fill-record'].dateReminders[0].field") }));
    }

    private static ProcessJson PipWithPeriod(string every) => new ProcessJson()
        .With("forms/pip", "improvement-plan")
        .WithJson("steps/confirm/next", "\"follow-up\"")
        .WithStep("follow-up", $$"""
            { "kind": "recurring", "form": "record", "assignee": "subject", "every": {{every}}, "count": 3, "read": ["plan"], "next": "done" }
            """)
        .WithStep("plan", """
            { "kind": "form", "form": "pip", "assignee": "manager", "write": ["background", "results", "behaviors", "support"], "next": "done" }
            """)
        .WithJson("steps/check-rating/otherwise", "\"plan\"")
        .WithJson("steps/plan/next", "\"confirm\"");

    [Test]
    public async Task A_period_chosen_by_a_field_whose_every_option_has_a_period_is_accepted()
    {
        var findings = await LintAsync(PipWithPeriod("""{ "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M", "biweekly": "P14D" }, "default": "P1M" }"""));

        Assert.That(findings.Where(f => f.Code.StartsWith("process.every-", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task An_option_without_a_period_is_named()
    {
        var finding = (await LintAsync(PipWithPeriod("""{ "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M" }, "default": "P1M" }""")))
            .Single(f => f.Code.StartsWith("process.every-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.every-value-unmapped", "$.steps['follow-up'].every.map")));
        Assert.That(finding.Message.ZhCn, Does.Contain("「follow-up」").And.Contain("「biweekly」"));
        Assert.That(finding.Message.En, Does.Contain("\"follow-up\"").And.Contain("\"biweekly\""));
    }

    [Test]
    public async Task A_field_without_options_cannot_choose_a_period()
    {
        var finding = (await LintAsync(PipWithPeriod("""{ "field": "pip.background", "map": { "monthly": "P1M" }, "default": "P1M" }""")))
            .Single(f => f.Code.StartsWith("process.every-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.every-field-unknown", "$.steps['follow-up'].every.field")));
        Assert.That(finding.Message.En, Does.Contain("\"follow-up\"").And.Contain("\"background\""));
    }

    [Test]
    public async Task An_optional_field_without_a_default_is_warned_of()
    {
        var finding = (await LintAsync(PipWithPeriod("""{ "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M", "biweekly": "P14D" } }""")))
            .Single(f => f.Code.StartsWith("process.every-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Severity), Is.EqualTo(("process.every-field-may-be-empty", LintSeverity.Warning)));
    }
}
