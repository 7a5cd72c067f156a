using System.Text.RegularExpressions;

namespace FormFlow.Tests.Processes;

/// <summary>docs/processes.md stays true to the code: its complete example, its table of lint codes, its samples.</summary>
public partial class ProcessDocumentationTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryFiles.Docs, "processes.md"));

    private static string Samples => Path.Combine(RepositoryFiles.Root, "samples", "processes");

    [Test]
    public void The_complete_example_is_the_shipped_feedback_log()
    {
        const string begin = "<!-- example:begin -->\n```json\n";
        var start = Doc.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var end = Doc.IndexOf("```\n<!-- example:end -->", StringComparison.Ordinal);

        Assert.That(Doc[start..end], Is.EqualTo(File.ReadAllText(Path.Combine(Samples, "feedback-log.json"))));
    }

    [Test]
    public void The_lint_tables_list_exactly_the_codes_the_reader_and_the_linter_report()
    {
        var engine = Path.Combine(RepositoryFiles.Root, "engine", "FormFlow.Engine");
        string[] sources =
        [
            .. new[] { "Documents/DocumentReader.cs", "Templates/TemplateJson.cs", "Workflows/ProcessCatalog.cs" }.Select(file => Path.Combine(engine, file)),
            .. Directory.GetFiles(Path.Combine(engine, "Processes"), "ProcessReader*.cs"),
            .. Directory.GetFiles(Path.Combine(engine, "Processes"), "ProcessLinter*.cs"),
        ];
        var reported = sources
            .SelectMany(file => CodeLiteral().Matches(File.ReadAllText(file)))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var section = Doc[Doc.IndexOf("## Publishing and lint", StringComparison.Ordinal)..Doc.IndexOf("## Examples", StringComparison.Ordinal)];
        var documented = TableCode().Matches(section).Select(m => m.Groups[1].Value).ToList();

        Assert.That(documented, Is.Unique);
        Assert.That(documented, Is.EquivalentTo(reported));
    }

    [Test]
    public void Every_shipped_process_is_described()
    {
        var samples = Directory.GetFiles(Samples, "*.json").Select(Path.GetFileName);

        Assert.That(samples, Has.All.Matches<string>(name => Doc.Contains("samples/processes/" + name, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"""((?:process|expression|text|json)\.[a-z-]+)""")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"^\| `([a-z]+\.[a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableCode();
}
