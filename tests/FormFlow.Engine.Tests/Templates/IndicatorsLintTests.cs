using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>
/// A template's <c>indicators</c> (the list of the form that holds a person's indicators), checked at publishing on the
/// shipped KPI setting: the list the library proposes into and the actuals read, each refusal naming what is wrong.
/// </summary>
public class IndicatorsLintTests
{
    private static JsonObject KpiSetting() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "kpi-setting.json")))!.AsObject();

    private static TemplateLoadResult Load(JsonObject template) => FormTemplate.Load(template.ToJsonString());

    private static IReadOnlyList<LintFinding> Errors(JsonObject template) =>
        [.. Load(template).Findings.Where(f => f.Severity == LintSeverity.Error)];

    [Test]
    public void The_shipped_kpi_setting_names_its_kpis_as_the_indicators()
    {
        var loaded = Load(KpiSetting());

        Assert.That(loaded.Findings.Where(f => f.Severity == LintSeverity.Error), Is.Empty);
        Assert.That(loaded.Template!.IndicatorField, Is.EqualTo("kpis"));
    }

    [Test]
    public void A_template_without_indicators_has_no_indicator_field()
    {
        var template = KpiSetting();
        template.Remove("indicators");

        Assert.That(Load(template).Template!.IndicatorField, Is.Null);
    }

    [TestCase("""{ "field": "period" }""", "indicators.not-list", "$.indicators.field", "period")]
    [TestCase("""{ "field": "goals" }""", "indicators.unknown-field", "$.indicators.field", "goals")]
    [TestCase("""{ "list": "kpis" }""", "indicators.invalid", "$.indicators", "field")]
    [TestCase("\"kpis\"", "indicators.invalid", "$.indicators", "field")]
    public void An_indicator_field_that_is_no_list_of_objects_is_refused_naming_it(string indicators, string code, string path, string named)
    {
        var template = KpiSetting();
        template["indicators"] = JsonNode.Parse(indicators);

        var finding = Errors(template).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
        Assert.That(finding.Message.ZhCn, Does.Contain(named));
        Assert.That(finding.Message.En, Does.Contain(named));
    }

    [Test]
    public void Indicator_items_without_a_target_are_refused()
    {
        var template = KpiSetting();
        var kpi = template["schema"]!["definitions"]!["kpi"]!.AsObject();
        kpi["properties"]!.AsObject().Remove("target");
        kpi["required"]!.AsArray().RemoveAt(kpi["required"]!.AsArray().Select(n => (string)n!).ToList().IndexOf("target"));
        template["fields"]!.AsObject().Remove("kpis[].target");
        template["uiSchema"]!["kpis"]!["items"]!["ui:order"]!.AsArray().RemoveAt(3);

        var finding = Errors(template).Single(f => f.Code.StartsWith("indicators.", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("indicators.missing-property", "$.indicators.field")));
        Assert.That(finding.Message.En, Does.Contain("target"));
    }

    [TestCase("target", """{ "type": "string" }""", "indicators.type-mismatch")]
    [TestCase("warn_after", """{ "type": "number" }""", "indicators.type-mismatch")]
    [TestCase("frequency", """{ "type": "string", "enum": ["weekly", "daily"] }""", "indicators.unknown-option")]
    public void An_indicator_property_of_the_wrong_type_is_refused_naming_it(string property, string schema, string code)
    {
        var template = KpiSetting();
        template["schema"]!["definitions"]!["kpi"]!["properties"]![property] = JsonNode.Parse(schema);
        if (code == "indicators.unknown-option")
        {
            template["fields"]!["kpis[].frequency"]!["options"] = JsonNode.Parse("""{ "weekly": { "zh-CN": "每周", "en": "Weekly" }, "daily": { "zh-CN": "每日", "en": "Daily" } }""");
        }

        var finding = Errors(template).Single(f => f.Code.StartsWith("indicators.", StringComparison.Ordinal));

        Assert.That(finding.Code, Is.EqualTo(code));
        Assert.That(finding.Path, Does.Contain(property));
        Assert.That(finding.Message.ZhCn, Does.Contain(property));
        Assert.That(finding.Message.En, Does.Contain(property));
    }
}
