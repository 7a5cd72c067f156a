namespace FormFlow.Tests.Schema;

/// <summary>
/// The FormFlow validator against the official JSON-Schema-Test-Suite (draft7), restricted to the profile's keywords.
/// Regenerate the table in docs/schema-profile.md with
/// <c>FORMFLOW_UPDATE_DOCS=1 dotnet test tests/FormFlow.Engine.Tests --filter FullyQualifiedName~Conformance</c>.
/// </summary>
[TestFixture]
public class SchemaConformanceTests
{
    public static IEnumerable<TestCaseData> SuiteFiles() =>
        ConformanceSuite.Files.Select(file => new TestCaseData(file).SetArgDisplayNames(file));

    [TestCaseSource(nameof(SuiteFiles))]
    public void Every_case_in_the_profile_agrees_with_the_suite(string file)
    {
        SuiteFileResult result = ConformanceSuite.Run(file);

        Assert.Multiple(() =>
        {
            Assert.That(result.Disagreements, Is.Empty, $"{file}: cases where FormFlow disagrees with the suite");
            Assert.That(result.Agreed + result.AsTheBrowser.Count, Is.EqualTo(result.Run));
        });
    }

    [Test]
    public void Exclusions_only_cover_groups_the_profile_rejects()
    {
        var results = ConformanceSuite.Files.Select(ConformanceSuite.Run).ToList();

        Assert.Multiple(() =>
        {
            // definitions.json has a single group (a remote $ref to the meta-schema); every other file keeps cases to run,
            // so a profile that rejected a supported keyword by mistake would show here.
            foreach (SuiteFileResult r in results.Where(r => r.File != "definitions.json"))
            {
                Assert.That(r.Run, Is.GreaterThan(0), $"{r.File}: no case ran");
            }

            foreach (ExcludedGroup g in results.SelectMany(r => r.Excluded))
            {
                Assert.That(g.Reason, Does.Match(@"^schema\.(unsupported-keyword|unsupported-format|remote-ref|unresolved-ref|pattern-dialect|ref-siblings): "), $"{g.File} / {g.Group}");
            }
        });
    }

    [Test]
    public void Conformance_table_in_the_docs_matches_the_run()
    {
        var results = ConformanceSuite.Files.Select(ConformanceSuite.Run).ToList();
        string table = ConformanceSuite.Table(results);
        string docPath = Path.Combine(ConformanceSuite.RepositoryRoot(), "docs", "schema-profile.md");
        Assert.That(File.Exists(docPath), Is.True, $"{docPath} is missing");

        string doc = File.ReadAllText(docPath).ReplaceLineEndings("\n");
        int begin = doc.IndexOf(ConformanceSuite.BeginMarker, StringComparison.Ordinal);
        int end = doc.IndexOf(ConformanceSuite.EndMarker, StringComparison.Ordinal);
        Assert.That(begin >= 0 && end > begin, Is.True,
            $"{docPath} must hold the table between {ConformanceSuite.BeginMarker} and {ConformanceSuite.EndMarker}");

        int contentStart = begin + ConformanceSuite.BeginMarker.Length;
        string expectedBlock = "\n" + table.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(ConformanceSuite.UpdateDocsVariable) == "1")
        {
            File.WriteAllText(docPath, string.Concat(doc.AsSpan(0, contentStart), expectedBlock, doc.AsSpan(end)));
            doc = File.ReadAllText(docPath);
        }

        string actualBlock = doc[contentStart..doc.IndexOf(ConformanceSuite.EndMarker, StringComparison.Ordinal)];
        Assert.That(actualBlock, Is.EqualTo(expectedBlock),
            $"The conformance table in docs/schema-profile.md is out of date. Regenerate it with: " +
            $"{ConformanceSuite.UpdateDocsVariable}=1 dotnet test tests/FormFlow.Engine.Tests --filter FullyQualifiedName~Conformance");
    }
}
