using System.Text.Json.Nodes;
using FormFlow.Indicators;
using FormFlow.Templates;

namespace FormFlow.Tests.Indicators;

/// <summary>
/// Publishing an indicator of the library: the shipped ones pass, and each mistake an author can make is refused with
/// its code, the member at fault and a message in both languages naming it.
/// </summary>
public class IndicatorLintTests
{
    internal static string Shipped => Path.Combine(RepositoryFiles.Root, "samples", "indicators");

    private static JsonObject ContractValue() => JsonNode.Parse(File.ReadAllText(Path.Combine(Shipped, "contract-value.json")))!.AsObject();

    private static IReadOnlyList<LintFinding> Errors(JsonObject document) =>
        [.. IndicatorLibrary.Load(document.ToJsonString()).Findings.Where(f => f.Severity == LintSeverity.Error)];

    [Test]
    public void Every_shipped_indicator_passes_lint()
    {
        var files = Directory.GetFiles(Shipped, "*.json");

        Assert.That(files, Has.Length.InRange(8, 10));
        foreach (var file in files)
        {
            var loaded = IndicatorLibrary.Load(File.ReadAllText(file));
            Assert.That(loaded.Findings, Is.Empty, file);
            Assert.That(loaded.Indicator!.Key + ".json", Is.EqualTo(Path.GetFileName(file)));
        }
    }

    [TestCase("unit", null, "indicator.missing-member", "$.unit", "unit")]
    [TestCase("colour", "\"red\"", "indicator.unknown-member", "$.colour", "colour")]
    [TestCase("key", "\"Contract Value\"", "indicator.invalid-key", "$.key", "contract-value")]
    [TestCase("direction", "\"up\"", "indicator.invalid-direction", "$.direction", "direction")]
    [TestCase("frequency", "\"daily\"", "indicator.invalid-frequency", "$.frequency", "frequency")]
    [TestCase("warnAfter", "13", "indicator.invalid-warn-after", "$.warnAfter", "warnAfter")]
    [TestCase("threshold", "120", "indicator.threshold-side", "$.threshold", "120")]
    [TestCase("target", "\"100\"", "indicator.invalid-member", "$.target", "target")]
    [TestCase("unit", "\"一二三四五六七八九十一二三四五六七八九十一\"", "indicator.too-long", "$.unit", "unit")]
    [TestCase("name", """{ "zh-CN": "签约金额" }""", "text.missing-language", "$.name.en", "name")]
    [TestCase("definition", """{ "zh-CN": "", "en": "x" }""", "text.empty", "$.definition['zh-CN']", "definition")]
    [TestCase("grades", """[{ "target": 150 }]""", "indicator.empty-grade", "$.grades[0]", "grade")]
    [TestCase("appliesTo", """{ "levels": "P5" }""", "indicator.invalid-member", "$.appliesTo.levels", "levels")]
    public void A_mistake_is_refused_naming_the_member_in_both_languages(string member, string? value, string code, string path, string named)
    {
        var document = ContractValue();
        if (value is null)
        {
            document.Remove(member);
        }
        else
        {
            document[member] = JsonNode.Parse(value);
        }

        var finding = Errors(document).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
        Assert.That(finding.Message.ZhCn + finding.Message.En, Does.Contain(named));
        Assert.That(finding.Message.ZhCn, Is.Not.EqualTo(finding.Message.En));
        Assert.That(finding.Line, Is.Not.Null);
    }

    [Test]
    public void A_grade_threshold_on_the_good_side_of_its_target_is_refused()
    {
        var document = ContractValue();
        document["grades"] = JsonNode.Parse("""[{ "levels": ["P7"], "target": 150, "threshold": 160 }]""");

        var finding = Errors(document).Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("indicator.threshold-side", "$.grades[0].threshold")));
    }

    [Test]
    public void The_canonical_form_reads_back_as_the_same_indicator()
    {
        var indicator = IndicatorLibrary.Load(ContractValue().ToJsonString()).Indicator!;

        var again = IndicatorLibrary.Load(indicator.ToJson()).Indicator!;

        Assert.That(again.ToJson(), Is.EqualTo(indicator.ToJson()));
        Assert.That(again.Grades.Single().Scope.Levels, Is.EqualTo(new[] { "P5", "P6" }));
    }
}
