using FormFlow.Cycles;
using FormFlow.Reports;
using FormFlow.Tests.Workflows;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The pre-interview report 张伟 (P4) reads about 刘洋 (P5): last year's annual review ran to the end (a rating of 4,
/// the IDP, three monthly check-ins), a quarterly KPI setting was proposed, and this year's review, launched in a
/// cycle, has the self-review written and the manager's preparation not yet — so the strengths and gaps are prompts.
/// </summary>
public class PreInterviewReportTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [SetUp]
    public async Task RunLastYearsReviewAndStartThisYears()
    {
        await PublishSample("performance-improvement");
        await PublishSample("annual-review");
        await PublishSample("kpi-quarterly");

        await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);
        for (var month = 1; month <= 3; month++)
        {
            await Advance(TimeSpan.FromDays(31));
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "check-ins")).Id, Employee, Sample("monthly-check-in", "progress")));
        }

        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "propose")).Id, Manager, Sample("kpi-setting", "indicators")));

        var now = Clock.GetUtcNow();
        var launched = await CycleLauncher.LaunchAsync(Db, Runtime.Catalog, Clock, new CycleRequest("2027-annual", "2027 年度绩效评估", "annual-review", now, now.AddDays(60), Population.People(Employee), "P6"));
        Assert.That(launched.Started, Is.EqualTo(1), launched.Summary.En);
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Renders_the_shipped_html(string language)
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Employee, language))!;
        var rendered = ReportTemplates.Render(ReportTemplates.PreInterview, language, model.ToScriptObject());

        Assert.That(rendered.Error, Is.Null);
        Snapshot.Match(rendered.Text!, $"PreInterviewReportTests.Html.{language}");
    }

    [Test]
    public async Task A_template_being_written_previews_against_the_real_employee_in_both_languages()
    {
        var json = """{ "key": "pre-interview", "text": { "zh-CN": "<p>{{ employee.name }}：{{ last_review.rating }}</p>", "en": "<p>{{ employee.name }}: {{ last_review.rating }}</p>" } }""";
        var models = new Dictionary<string, Scriban.Runtime.ScriptObject>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            models[language] = (await PreInterviewModel.BuildAsync(Db, Employee, language))!.ToScriptObject();
        }

        var preview = ReportCatalog.Preview(json, language => models[language]);

        Assert.That(preview.Problems, Is.Empty);
        Assert.That(preview.Texts.Select(t => t.Html), Is.EqualTo(new[] { "<p>刘洋：4</p>", "<p>Liu Yang: 4</p>" }));
    }

    [Test]
    public async Task The_model_takes_this_years_self_review_last_years_rating_and_plan_and_the_newest_check_ins()
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Employee, "en"))!;

        Assert.That((model.Employee, model.Manager, model.Cycle, model.SelfReviewWritten), Is.EqualTo(("Liu Yang", "Zhang Wei", "2027 年度绩效评估", true)));
        Assert.That(model.Goals, Is.Not.Empty);
        Assert.That((model.LastRating, model.LastSummary), Is.EqualTo((4, "面谈总结")));
        Assert.That(model.LastPlan, Is.Not.Empty);
        Assert.That(model.CheckIns, Has.Count.EqualTo(3));
        Assert.That(model.Kpis, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(model.Strengths.Concat(model.Gaps), Has.All.EqualTo(new PromptLine(string.Empty, string.Empty)), "three prompts each, the preparation not written yet");
        Assert.That(await PreInterviewModel.BuildAsync(Db, "P3", "en"), Is.Null, "no annual review of P3");
    }
}
