using System.Text.Json;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>The templates FormFlow ships: each passes lint, and each example submission gives exactly the problems it expects.</summary>
public class ShippedTemplatesTests
{
    private static readonly string[] ExpectedKeys =
    [
        "self-review", "interview-preparation-333", "interview-record", "improvement-plan", "idp",
        "kpi-setting", "kpi-checkpoint", "monthly-check-in", "feedback-request-360", "feedback-log",
    ];

    public static IEnumerable<TestCaseData> TemplateFiles() =>
        Directory.EnumerateFiles(RepositoryFiles.Templates, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileName(f)).SetName($"{{m}}({Path.GetFileNameWithoutExtension(f)})"));

    public static IEnumerable<TestCaseData> Examples() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Templates, "examples"), "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var key = Path.GetFileName(Path.GetDirectoryName(f)!);
                var name = Path.GetFileNameWithoutExtension(f);
                return new TestCaseData(key, name).SetName($"{{m}}({key}/{name})");
            });

    [Test]
    public void FormFlow_ships_the_ten_templates_of_the_domain()
    {
        var keys = Directory.EnumerateFiles(RepositoryFiles.Templates, "*.json").Select(Path.GetFileNameWithoutExtension);

        Assert.That(keys, Is.EquivalentTo(ExpectedKeys));
    }

    [TestCaseSource(nameof(TemplateFiles))]
    public void A_shipped_template_passes_lint_without_findings(string file)
    {
        var result = FormTemplate.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, file)));

        Assert.That(result.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty);
        Assert.That(result.Template!.Key, Is.EqualTo(Path.GetFileNameWithoutExtension(file)));
    }

    [TestCaseSource(nameof(TemplateFiles))]
    public void A_shipped_template_has_a_valid_and_an_invalid_example(string file)
    {
        var folder = Path.Combine(RepositoryFiles.Templates, "examples", Path.GetFileNameWithoutExtension(file));
        var expectations = Directory.EnumerateFiles(folder, "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("expected").GetArrayLength())
            .ToList();

        Assert.That(expectations, Has.Some.EqualTo(0), "a valid example");
        Assert.That(expectations, Has.Some.GreaterThan(0), "an invalid example");
    }

    [TestCaseSource(nameof(Examples))]
    public void An_example_submission_gives_exactly_the_expected_problems(string key, string name)
    {
        var template = FormTemplate.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, key + ".json"))).Template!;
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "examples", key, name + ".json")));
        var expected = example.RootElement.GetProperty("expected").EnumerateArray()
            .Select(e => $"{e.GetProperty("pointer").GetString()} {e.GetProperty("code").GetString()}");

        var result = template.Validate(example.RootElement.GetProperty("data"));

        Assert.That(result.Problems.Select(p => $"{p.Pointer} {p.Code}"), Is.EquivalentTo(expected));
        Assert.That(result.Problems, Has.All.Matches<ValidationProblem>(p => p.Message.ZhCn.Length > 0 && p.Message.En.Length > 0));
    }

    [Test]
    public void The_complete_example_in_the_format_documentation_is_the_shipped_kpi_template()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryFiles.Docs, "templates.md"));
        const string begin = "<!-- example:begin -->\n```json\n";
        var start = doc.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var end = doc.IndexOf("```\n<!-- example:end -->", StringComparison.Ordinal);

        var shipped = File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "kpi-setting.json"));

        Assert.That(doc[start..end], Is.EqualTo(shipped));
    }
}
