using System.Text.RegularExpressions;

namespace FormFlow.Tests.Templates;

/// <summary>docs/templates.md stays true to the code: its table of lint codes lists exactly the codes template lint reports.</summary>
public partial class TemplateDocumentationTests
{
    [Test]
    public void The_lint_table_lists_exactly_the_codes_template_lint_reports()
    {
        string[] sources = ["Documents/DocumentReader.cs", "Templates/TemplateLinter.cs", "Templates/TemplateLinter.Prefill.cs", "Templates/TemplateLinter.Indicators.cs", "Templates/TemplateLinter.Actuals.cs", "Templates/TemplateLinter.Roles.cs", "Templates/TemplateJson.cs", "Templates/PortableJson.cs", "Schema/SchemaProfile.cs", "Schema/SchemaContradictions.cs"];
        var reported = sources
            .SelectMany(file => CodeLiteral().Matches(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "engine", "FormFlow.Engine", file))))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var doc = File.ReadAllText(Path.Combine(RepositoryFiles.Docs, "templates.md"));
        var section = doc[doc.IndexOf("## Lint", StringComparison.Ordinal)..doc.IndexOf("## Submission validation", StringComparison.Ordinal)];
        var documented = TableRow().Matches(section)
            .SelectMany(row => TableCode().Matches(row.Groups[1].Value).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.That(documented, Is.Unique);
        Assert.That(documented, Is.EquivalentTo(reported));
    }

    [GeneratedRegex(@"""((?:template|text|json|schema|field|ui|section|computed|rule|expression|prefill|indicators|actuals|roles)\.[a-z-]+)""")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"^\| ((?:`[a-z]+\.[a-z-]+`(?:, )?)+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`([a-z]+\.[a-z-]+)`")]
    private static partial Regex TableCode();
}
