using FormFlow.Cycles;
using FormFlow.Reports;
using FormFlow.Tests.Cycles;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The cycle progress report over the cycle of <see cref="ProgressTests"/>: D1 R&amp;D and D2 Platform launched, P5's
/// review complete with a rating of 2 (so an improvement plan runs late), three self-reviews overdue, 16 days and an
/// hour after the start. The same snapshot holds on every database.
/// </summary>
public class CycleProgressReportTests(string kind) : CycleTest(kind)
{
    [SetUp]
    public Task CompleteOneReviewAndLetTheOthersRunLate() => LaunchD1WithOneReviewDoneAndTheOthersLate();

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Renders_the_shipped_html(string language)
    {
        var model = (await Model(language))!;
        var rendered = ReportTemplates.Render(ReportTemplates.CycleProgress, language, model.ToScriptObject());

        Assert.That(rendered.Error, Is.Null);
        Snapshot.Match(rendered.Text!, $"CycleProgressReportTests.Html.{language}");
    }

    [Test]
    public async Task The_model_counts_ratings_from_the_interview_records_and_names_the_people_overdue()
    {
        var model = (await Model("en"))!;

        Assert.That(model.Ratings.Select(r => r.Count), Is.EqualTo(new[] { 0, 1, 0, 0, 0 }));
        Assert.That((model.Rated, model.People, model.Completed, model.OverdueCount), Is.EqualTo((1, 4, 1, 4)));
        Assert.That(model.Overdue[0], Is.EqualTo(new OverdueLine("Zhang Wei", "Liu Yang", model.Overdue[0].Process, model.Overdue[0].Step, model.Overdue[0].Due, 10)));
        Assert.That(await Model("en", "no-such-cycle"), Is.Null);
    }

    [Test]
    public async Task The_csv_of_each_table_is_headed_in_the_language()
    {
        var zh = (await Model("zh-CN"))!.Tables().ToDictionary(t => t.Name);
        var en = (await Model("en"))!.Tables().ToDictionary(t => t.Name);

        Assert.That(zh["departments"].ToCsv(), Is.EqualTo("部门,人数,已完成,进行中,已取消,完成率 %\r\n研发部,2,0,2,0,0\r\n平台组,2,1,1,0,50\r\n"));
        Assert.That(en["departments"].ToCsv(), Is.EqualTo("Department,People,Completed,Running,Cancelled,Completion %\r\nR&D,2,0,2,0,0\r\nPlatform,2,1,1,0,50\r\n"));
        Assert.That(en["managers"].ToCsv(), Is.EqualTo("Manager,People,Completed,Running,Cancelled,Completion %\r\n\"Wang, the CEO\",1,0,1,0,0\r\nLi Lei,2,0,2,0,0\r\nZhang Wei,1,1,0,0,100\r\n"));
        Assert.That(en["ratings"].ToCsv(), Is.EqualTo("Overall rating,Records,Share %\r\n1,0,0\r\n2,1,100\r\n3,0,0\r\n4,0,0\r\n5,0,0\r\n"));
        Snapshot.Match(zh["overdue"].ToCsv() + en["overdue"].ToCsv(), "CycleProgressReportTests.OverdueCsv");
    }

    [Test]
    public async Task The_tables_make_an_xlsx_workbook_with_a_sheet_each()
    {
        var model = (await Model("en"))!;
        using var xlsx = new MemoryStream();
        ReportTable.WriteXlsx(xlsx, model.Tables());
        xlsx.Position = 0;

        Assert.That(MiniExcelLibs.MiniExcel.GetSheetNames(xlsx), Is.EqualTo(new[] { "departments", "managers", "overdue", "ratings" }));
        xlsx.Position = 0;
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: false, sheetName: "departments").Cast<IDictionary<string, object>>().ToList();
        Assert.That(rows[0]["A"], Is.EqualTo("Department"));
        Assert.That(rows[2]["A"], Is.EqualTo("Platform"));
    }

    [Test]
    public async Task A_report_template_that_breaks_a_limit_fails_with_a_clear_error()
    {
        var model = (await Model("en"))!.ToScriptObject();

        var endless = ReportTemplates.Preview("{{ for d in departments }}\n{{ while true }}x{{ end }}\n{{ end }}", model);
        Assert.That(endless.Text, Is.Null);
        Assert.That((endless.Error!.Line, endless.Error.Message), Is.EqualTo((2, endless.Error.Message)));
        Assert.That(endless.Error.Message, Does.Contain("loop").IgnoreCase.Or.Contain("longer").Or.Contain("exceeds"));

        var huge = ReportTemplates.Preview("{{ s = \"xxxxxxxxxx\" }}{{ for i in 1..10 }}{{ s = s + s }}{{ end }}{{ for i in 1..90000 }}{{ s }}{{ end }}", model);
        Assert.That(huge.Error!.Message, Does.Contain("20,000,000 characters"));

        var foreign = ReportTemplates.Preview("{{ cycle.GetType }}{{ salaries }}", model);
        Assert.That(foreign.Error, Is.Not.Null);
    }

    private Task<CycleProgressModel?> Model(string language, string cycle = CycleId) =>
        CycleProgressModel.BuildAsync(Db, Clock, cycle, "P6", language);
}
