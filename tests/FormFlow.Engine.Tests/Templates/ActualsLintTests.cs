using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>
/// A template's <c>actuals</c> (the read-only list a task starts with: the subject's indicators and last week's actual
/// values), checked at publishing on the shipped weekly KPI checkpoint, each refusal naming what is wrong.
/// </summary>
public class ActualsLintTests
{
    private static JsonObject Checkpoint() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "kpi-checkpoint.json")))!.AsObject();

    private static TemplateLoadResult Load(JsonObject template) => FormTemplate.Load(template.ToJsonString());

    private static IReadOnlyList<LintFinding> Errors(JsonObject template) =>
        [.. Load(template).Findings.Where(f => f.Severity == LintSeverity.Error)];

    [Test]
    public void The_shipped_checkpoint_fills_last_week_from_the_actuals()
    {
        var loaded = Load(Checkpoint());

        Assert.That(loaded.Findings.Where(f => f.Severity == LintSeverity.Error), Is.Empty);
        Assert.That(loaded.Template!.ActualsField, Is.EqualTo("last_week"));
    }

    [TestCase("""{ "field": "note" }""", "actuals.not-list", "$.actuals.field", "note")]
    [TestCase("""{ "field": "weeks" }""", "actuals.unknown-field", "$.actuals.field", "weeks")]
    [TestCase("""{ "list": "last_week" }""", "actuals.invalid", "$.actuals", "field")]
    [TestCase("\"last_week\"", "actuals.invalid", "$.actuals", "field")]
    public void An_actuals_field_that_is_no_list_of_objects_is_refused_naming_it(string actuals, string code, string path, string named)
    {
        var template = Checkpoint();
        template["actuals"] = JsonNode.Parse(actuals);

        var finding = Errors(template).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
        Assert.That(finding.Message.ZhCn, Does.Contain(named));
        Assert.That(finding.Message.En, Does.Contain(named));
    }

    [Test]
    public void Items_without_a_value_or_with_a_value_that_is_no_number_are_refused_naming_the_property()
    {
        var template = Checkpoint();
        var properties = template["schema"]!["properties"]!["last_week"]!["items"]!["properties"]!.AsObject();
        properties.Remove("breaches");
        properties["value"] = JsonNode.Parse("""{ "type": "string" }""");
        template["fields"]!.AsObject().Remove("last_week[].breaches");

        var finding = Errors(template).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("actuals.missing-property", "$.actuals.field")));
        Assert.That(finding.Message.En, Is.EqualTo("Each item of the actuals field \"last_week\" needs: value (number), breaches (boolean)"));
        Assert.That(finding.Message.ZhCn, Does.Contain("value (number)").And.Contain("breaches (boolean)"));
    }
}
