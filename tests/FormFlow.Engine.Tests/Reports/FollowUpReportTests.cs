using FormFlow.Reports;
using FormFlow.Tests.Workflows;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The follow-up report of 张伟 (P4) about 刘洋 (P5): the annual review ran to the IDP (approved, the check-ins
/// running) and an improvement plan was drafted; the actions' dates are the shipped examples', read on the fake
/// clock's day, 1 December 2026.
/// </summary>
public class FollowUpReportTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [SetUp]
    public async Task RunTheReviewToTheIdpAndDraftAnImprovementPlan()
    {
        await PublishAnnualReview();
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);

        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Sample("improvement-plan", "background", "results", "behaviors", "support")));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Renders_the_shipped_html_and_the_csv(string language)
    {
        var model = (await FollowUpModel.BuildAsync(Db, Clock, Manager, Manager, language))!;
        var rendered = ReportTemplates.Render(ReportTemplates.FollowUp, language, model.ToScriptObject());

        Assert.That(rendered.Error, Is.Null);
        Snapshot.Match(rendered.Text + "\n===== csv\n" + model.Table().ToCsv(), $"FollowUpReportTests.Html.{language}");
    }

    [Test]
    public async Task Lists_the_idp_actions_and_the_plans_goals_and_commitments_with_the_ones_at_risk()
    {
        var model = (await FollowUpModel.BuildAsync(Db, Clock, Manager, Manager, "en"))!;

        Assert.That(model.Actions.Select(a => a.Plan).Distinct(), Is.EquivalentTo(new[] { "Performance interview record", "Individual development plan (IDP)", "SMART performance improvement plan (PIP)", "SMART performance improvement plan (PIP) · Support" }));
        Assert.That(model.Actions.All(a => a.Employee == "Liu Yang"));
        Assert.That(model.AtRisk, Is.EqualTo(model.Actions.Where(a => a.DaysLeft <= FollowUpModel.DueSoonDays).ToList()));
        Assert.That(await FollowUpModel.BuildAsync(Db, Clock, "P5", "P5", "en") is { Actions.Count: 0 }, "P5 manages nobody");
        Assert.That(await FollowUpModel.BuildAsync(Db, Clock, "nobody", "nobody", "en"), Is.Null);
    }
}
