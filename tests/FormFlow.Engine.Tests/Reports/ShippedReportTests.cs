using FormFlow.Reports;

namespace FormFlow.Tests.Reports;

/// <summary>The shipped report templates: one per report and language, the files of samples/reports, all parsed.</summary>
public class ShippedReportTests
{
    [Test]
    public void Each_report_ships_in_zh_CN_and_en_from_samples_reports()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "samples", "reports"), "*.scriban").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        var shipped = ReportTemplates.Shipped.Select(s => $"{s.Key}.{s.Language}").Order(StringComparer.Ordinal);

        Assert.That(shipped, Is.EqualTo(files));
        Assert.That(shipped, Is.EqualTo(new[]
        {
            "cycle-progress.en", "cycle-progress.zh-CN", "follow-up.en", "follow-up.zh-CN", "history.en", "history.zh-CN", "pre-interview.en", "pre-interview.zh-CN",
        }));
    }

    [Test]
    public void A_syntax_error_in_a_report_template_names_its_line_and_column()
    {
        var result = ReportTemplates.Preview("<h1>ok</h1>\n{{ for d in departments }}\n<p>{{ d.name </p>\n{{ end }}", new Scriban.Runtime.ScriptObject());

        Assert.That(result.Text, Is.Null);
        Assert.That(result.Error!.Line, Is.EqualTo(3));
    }
}
