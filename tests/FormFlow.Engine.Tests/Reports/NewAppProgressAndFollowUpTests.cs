using FormFlow.Cycles;
using FormFlow.Reports;
using FormFlow.Tests.Workflows;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The cycle progress (with its rating distribution) and the follow-up report of an app built only from new definitions
/// (<see cref="NewApp"/>): its talk's <c>score</c> (1 to 4) is the rating, its <c>steps[]</c> the plan's actions with
/// <c>by</c> and <c>state</c> beside them, its <c>help</c> list the support with <c>when</c> as due date. Last year's
/// talk of 刘洋 ran to its end rated 4; this year's waits at the talk.
/// </summary>
public class NewAppProgressAndFollowUpTests(string kind) : RuntimeTest(kind)
{
    [SetUp]
    public async Task RunLastYearsTalkAndThisYearsUpToTheTalk() => await new NewApp(Db, Clock, Runtime).RunAsync();

    [Test]
    public async Task The_cycle_progress_of_a_new_app_counts_its_ratings_over_the_values_its_template_allows()
    {
        var last = (await CycleProgressModel.BuildAsync(Db, Clock, NewApp.LastCycle, NewApp.Manager, "en"))!;
        Assert.That(last.Ratings.Select(r => (r.Rating, r.Count)), Is.EqualTo(new[] { (1, 0), (2, 0), (3, 0), (NewApp.LastScore, 1) }), "the score allows 1 to 4");
        Assert.That((last.Rated, last.Completed), Is.EqualTo((1, 1)));
        var rendered = ReportTemplates.Render(ReportTemplates.CycleProgress, "en", last.ToScriptObject());
        Assert.That(rendered.Error, Is.Null);
        Assert.That(rendered.Text, Does.Contain("Rating distribution (1 rated)"));

        var current = (await CycleOperations.AttentionAsync(Db, Clock, NewApp.ThisCycle, NewApp.Manager))!.Ratings;
        Assert.That((current.Values, current.Counts, current.Rated), Is.EqualTo((new[] { 1, 2, 3, 4 }, new[] { 0, 0, 0, 0 }, 0)), "this year's talk is not held yet");
    }

    [Test]
    public async Task Nobody_is_counted_in_the_distribution_of_a_reader_who_does_not_read_the_score()
    {
        var stranger = (await CycleOperations.AttentionAsync(Db, Clock, NewApp.LastCycle, "P3"))!.Ratings;
        var subject = (await CycleOperations.AttentionAsync(Db, Clock, NewApp.LastCycle, NewApp.Subject))!.Ratings;

        Assert.That(stranger.Rated, Is.Zero, "P3 has no part in 刘洋's talk");
        Assert.That(subject.Counts, Is.EqualTo(new[] { 0, 0, 0, 1 }), "the talk shows 刘洋 the score");
    }

    [Test]
    public async Task The_follow_up_of_a_new_app_lists_its_next_steps_and_the_help_offered_with_their_due_dates_and_states()
    {
        var model = (await FollowUpModel.BuildAsync(Db, Clock, NewApp.Manager, NewApp.Manager, "zh-CN"))!;

        var step = model.Actions.Single(a => a.Action == NewApp.Step);
        Assert.That((step.Employee, step.Plan, step.Due, step.Status, step.PlanStatus), Is.EqualTo(("刘洋", "成长对话·下一步", NewApp.StepBy, "closed", "进行中")), "last year's talk ended; its step says it is moving");
        var help = model.Actions.Single(a => a.Action == NewApp.Help);
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        var left = DateOnly.Parse(NewApp.HelpWhen, System.Globalization.CultureInfo.InvariantCulture).DayNumber - today.DayNumber;
        Assert.That((help.Plan, help.Due, help.DaysLeft, help.Status, help.PlanStatus), Is.EqualTo(("成长对话·主管准备 · 支持措施", NewApp.HelpWhen, left, left <= FollowUpModel.DueSoonDays ? "due-soon" : "open", "")));
        Assert.That(model.Actions, Has.Count.EqualTo(2), "the wins and misses are no actions");

        var rendered = ReportTemplates.Render(ReportTemplates.FollowUp, "zh-CN", model.ToScriptObject());
        Assert.That(rendered.Error, Is.Null);
        Assert.That(rendered.Text, Does.Contain("计划已结束 · 进行中"));
        Assert.That(model.Table().ToCsv(), Does.Contain($"{NewApp.Step},{NewApp.StepBy},计划已结束 · 进行中,"));
    }
}
