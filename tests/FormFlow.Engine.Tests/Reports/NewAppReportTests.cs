using FormFlow.Reports;
using FormFlow.Tests.Workflows;
using FormFlow.Workflows;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The reports of an app built only from new definitions (<see cref="NewApp"/>: process <c>growth-talk</c>, templates
/// <c>talk-*</c>, no shipped key or field name): 刘洋's talk of last year ran to its end, this year's waits at the talk
/// with the look back and the manager's preparation written. The reports find everything by the roles the templates
/// give their fields.
/// </summary>
public class NewAppReportTests(string kind) : RuntimeTest(kind)
{
    private (string Last, string This) talks;

    [SetUp]
    public async Task RunLastYearsTalkAndThisYearsUpToTheTalk() => talks = await new NewApp(Db, Clock, Runtime).RunAsync();

    [Test]
    public async Task The_new_app_runs_last_years_talk_to_its_end_and_this_years_to_the_talk()
    {
        Assert.That((await Instance(talks.Last)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await TaskOf(NewApp.Manager, "talk")).InstanceId, Is.EqualTo(talks.This));
    }

    [Test]
    public async Task The_pre_interview_report_of_the_new_app_has_this_talks_look_back_and_preparation_and_last_talks_score_and_steps()
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Clock, NewApp.Subject, NewApp.Manager, "en"))!;

        Assert.That(model, Is.Not.Null, "a process carrying the rating is a review, whatever its key");
        Assert.That((model.Cycle, model.SelfReviewWritten, model.SelfRating), Is.EqualTo(("2027 成长对话", true, (int?)NewApp.SelfScore)));
        Assert.That(model.Goals.Select(g => (g.Goal, g.Result, g.SelfRating)), Is.EqualTo(new[] { (NewApp.Aim, "每月回访全部客户", (int?)NewApp.AimMark) }));
        Assert.That(model.SelfTexts, Does.Contain(new LabelledText("The story of the period", "这一年学会了倾听")), "a text with no role, by its label");

        Assert.That(model.Kpis.Select(k => k.Name), Is.EqualTo(new[] { NewApp.Measure }));
        Assert.That(model.Kpis[0].Parts, Does.Contain(new LabelledText("Level", NewApp.MeasureLevel)));

        Assert.That((model.LastRating, model.LastSummary), Is.EqualTo(((int?)NewApp.LastScore, NewApp.LastGist)));
        var step = model.LastPlan.Single();
        Assert.That((step.Actions, step.Due, step.Status), Is.EqualTo((NewApp.Step, NewApp.StepBy, NewApp.StepState)));

        Assert.That((model.Strengths[0].Result, model.Strengths[0].Behavior), Is.EqualTo((NewApp.Win, NewApp.WinWhy)));
        Assert.That(model.Strengths, Has.Count.EqualTo(3), "the one written and two prompts");
        Assert.That((model.Gaps[0].Event, model.Gaps[0].Impact), Is.EqualTo((NewApp.Miss, NewApp.MissCost)));
        Assert.That((model.SupportActions[0].Action, model.SupportActions[0].Owner, model.SupportActions[0].Due), Is.EqualTo((NewApp.Help, NewApp.HelpWho, NewApp.HelpWhen)));
        Assert.That(model.Strengths[0].Parts, Is.EqualTo(new[] { new LabelledText("Fact", NewApp.Win), new LabelledText("Why", NewApp.WinWhy) }));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task The_shipped_pre_interview_template_renders_the_new_apps_data(string language)
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Clock, NewApp.Subject, NewApp.Manager, language))!;

        var rendered = ReportTemplates.Render(ReportTemplates.PreInterview, language, model.ToScriptObject());

        Assert.That(rendered.Error, Is.Null);
        Assert.That(rendered.Text, Does.Contain(NewApp.Aim).And.Contain(NewApp.Measure).And.Contain(NewApp.Step).And.Contain(NewApp.StepBy)
            .And.Contain(NewApp.Win).And.Contain(NewApp.MissCost).And.Contain(NewApp.Help).And.Contain(NewApp.LastGist));
    }

    [Test]
    public async Task The_history_of_the_new_app_shows_each_talk_with_its_scores_measures_and_steps_and_not_the_managers_preparation()
    {
        var model = (await HistoryModel.BuildAsync(Db, Clock, NewApp.Subject, NewApp.Subject, "en"))!;

        Assert.That(model.Entries.Select(e => (e.Process, e.Cycle, e.Status)), Is.EqualTo(new[]
        {
            (NewApp.Process, "2027 成长对话", InstanceStatus.Running),
            (NewApp.Process, "2026 成长对话", InstanceStatus.Completed),
        }));
        var (now, last) = (model.Entries[0], model.Entries[1]);
        Assert.That(now.SelfReview?.OverallRating, Is.EqualTo(NewApp.SelfScore));
        Assert.That(now.SelfReview!.Goals.Select(g => (g.Goal, g.SelfRating)), Is.EqualTo(new[] { (NewApp.Aim, (int?)NewApp.AimMark) }));
        Assert.That(now.Interview, Is.Null, "this year's talk is not written yet");

        Assert.That((last.Interview?.Rating, last.Interview?.Summary), Is.EqualTo(((int?)NewApp.LastScore, NewApp.LastGist)));
        Assert.That(last.SelfReview?.OverallRating, Is.EqualTo(NewApp.LastSelfScore));
        Assert.That(last.Plan.Select(p => (p.Plan, p.Action, p.Due, p.Status)), Is.EqualTo(new[] { ("Growth talk: next steps", NewApp.Step, NewApp.StepBy, NewApp.StepState) }));
        Assert.That(last.Kpi?.Items.Select(k => k.Name), Is.EqualTo(new[] { NewApp.Measure }));
        Assert.That(last.Forms.Select(f => f.Title), Does.Contain("Growth talk: the record"));
        Assert.That(model.Ratings().Rows, Is.EqualTo(new[]
        {
            new[] { "2027 成长对话", now.Started, "5", string.Empty },
            new[] { "2026 成长对话", last.Started, "3", "4" },
        }));

        var rendered = ReportTemplates.Render(ReportTemplates.History, "en", model.ToScriptObject());
        Assert.That(rendered.Error, Is.Null);
        Assert.That(rendered.Text, Does.Contain(NewApp.LastGist).And.Contain(NewApp.Measure).And.Contain(NewApp.Aim));
        Assert.That(rendered.Text + string.Join("|", model.Entries.SelectMany(e => e.Forms.SelectMany(f => f.Texts.Select(t => t.Text)))),
            Does.Not.Contain(NewApp.Win).And.Not.Contain(NewApp.Miss), "the manager's preparation is the manager's");
    }
}
