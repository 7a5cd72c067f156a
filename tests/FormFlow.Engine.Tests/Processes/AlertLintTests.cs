using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>
/// Lint of a step's <c>alerts</c> and of the overdue form of <c>dateReminders</c> (<c>after</c>, <c>support</c>), on the
/// shipped improvement plan (docs/processes.md, "Alerts on what is handed in").
/// </summary>
public class AlertLintTests
{
    private static JsonObject Plan() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "performance-improvement.json")))!.AsObject();

    private static async Task<IReadOnlyList<LintFinding>> LintAsync(JsonObject process)
    {
        var read = ProcessReader.Read(process.ToJsonString());
        if (read.Findings.Count > 0)
        {
            return read.Findings;
        }

        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, null);
    }

    private static JsonObject Alert(JsonObject process) => process["steps"]!["follow-up"]!["alerts"]![0]!.AsObject();

    [Test]
    public async Task The_shipped_alert_on_an_off_track_check_in_is_accepted()
    {
        Assert.That(await LintAsync(Plan()), Is.Empty);
    }

    [Test]
    public async Task A_value_the_field_does_not_offer_is_named()
    {
        var process = Plan();
        Alert(process)["is"] = new JsonArray("late");

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.alert-value-unknown", "$.steps['follow-up'].alerts[0].is")));
        Assert.That(finding.Message.ZhCn, Does.Contain("「late」").And.Contain("goals[].status"));
        Assert.That(finding.Message.En, Does.Contain("\"late\"").And.Contain("goals[].status"));
    }

    [Test]
    public async Task A_field_the_template_lacks_is_named_with_the_step()
    {
        var process = Plan();
        Alert(process)["field"] = "goals[].state";

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.alert-field-unknown", "$.steps['follow-up'].alerts[0].field")));
        Assert.That(finding.Message.En, Does.Contain("\"follow-up\"").And.Contain("\"goals[].state\""));
    }

    [Test]
    public async Task A_field_without_options_is_refused()
    {
        var process = Plan();
        Alert(process)["field"] = "goals[].note";

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.alert-field-not-options", "$.steps['follow-up'].alerts[0].field")));
    }

    [Test]
    public async Task A_text_outside_the_item_is_refused()
    {
        var process = Plan();
        Alert(process)["text"] = "next_month_focus";

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.alert-text-not-in-item", "$.steps['follow-up'].alerts[0].text")));
    }

    [Test]
    public async Task A_support_field_the_plan_lacks_is_named()
    {
        var process = Plan();
        Alert(process)["support"] = "pip.manager_support[].promise";

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.support-field-unknown", "$.steps['follow-up'].alerts[0].support")));
        Assert.That(finding.Message.ZhCn, Does.Contain("「pip」").And.Contain("「manager_support[].promise」"));
    }

    [Test]
    public async Task A_support_field_of_an_undeclared_form_is_refused()
    {
        var process = Plan();
        Alert(process)["support"] = "idp.development_goals[].goal";

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.unknown-form", "$.steps['follow-up'].alerts[0].support")));
    }

    [Test]
    public async Task A_date_reminder_with_both_before_and_after_is_refused()
    {
        var process = Plan();
        var overdue = process["steps"]!["plan"]!["dateReminders"]![2]!.AsObject();
        overdue["before"] = "P3D";

        var finding = (await LintAsync(process)).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.date-before-and-after", "$.steps.plan.dateReminders[2].after")));
        Assert.That(finding.Message.En, Does.Contain("before").And.Contain("after"));
    }
}
