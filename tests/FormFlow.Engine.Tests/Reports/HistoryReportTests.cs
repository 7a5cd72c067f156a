using System.Text.Json.Nodes;
using FormFlow.Cycles;
using FormFlow.Reports;
using FormFlow.Tests.Workflows;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The history 刘洋 (P5) reads about himself. Last year's annual review ran to the IDP and one check-in, with text
/// only his manager 张伟 (P4) may read written into the preparation and the IDP approval; a quarterly KPI setting was
/// agreed; 张伟 logged a feedback entry he kept private; a 360 round was answered by 韩梅梅 (P3), 李雷 (P2) and 赵敏
/// (P7); and this year's review was launched in a cycle together with 韩梅梅's, both self-reviews written.
/// </summary>
public class HistoryReportTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Colleague = "P3";
    private const string PreparationMarker = "MARKER-MANAGERS-PREPARATION";
    private const string ManagerNoteMarker = "MARKER-MANAGER-ONLY-NOTE";
    private const string PrivateEntryMarker = "MARKER-PRIVATE-FEEDBACK-ENTRY";
    private const string ColleagueMarker = "MARKER-COLLEAGUES-SELF-REVIEW";
    private const string PlanGoal = "3 个月内将 bug 平均修复时间缩短 50%";

    // Everyone who answered the 360 round, in both languages: none of them may be named in the history.
    private static readonly string[] Reviewers = ["韩梅梅", "Han Meimei", "李雷", "Li Lei", "赵敏", "Zhao Min", "P3", "P2", "P7"];

    [SetUp]
    public async Task RunLastYearAndStartThisYear()
    {
        foreach (var process in new[] { "performance-improvement", "next-period-goals", "annual-review", "kpi-quarterly", "feedback-360", "feedback-log" })
        {
            await PublishSample(process);
        }

        await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        var preparation = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        preparation["strengths"]![0]!["result"] = PreparationMarker;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, preparation));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "record")).Id, Manager, ManagersPart(4, "面谈总结")));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true }));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "idp")).Id, Employee, Sample("idp", "aspiration", "goals")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "idp-approval")).Id, Manager, new JsonObject { ["manager_comment"] = ManagerNoteMarker, ["manager_agreed"] = true }));
        await Advance(TimeSpan.FromDays(31));
        var checkIn = Sample("monthly-check-in", "progress");
        checkIn["plan_actions"] = new JsonArray(new JsonObject { ["action"] = PlanGoal, ["status"] = "in-progress" });
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "check-ins")).Id, Employee, checkIn));
        var marks = new JsonArray([.. checkIn["goals"]!.AsArray().Select(g => (JsonNode?)new JsonObject { ["goal"] = g!["goal"]!.DeepClone(), ["status"] = g["status"]!.DeepClone() })]);
        marks[1]!["status"] = "off-track";
        marks[1]!["note"] = "解决率连续两月下滑";
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "check-ins")).Id, Manager, new JsonObject { ["action_marks"] = marks, ["manager_comment"] = "先补齐知识库" }));

        // A day between the processes: the history orders them by when they started.
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "propose")).Id, Manager, Sample("kpi-setting", "indicators")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "respond")).Id, Employee, new JsonObject { ["employee_decision"] = "agree" }));

        await Advance(TimeSpan.FromDays(1));
        await Runtime.StartAsync("feedback-log", Employee, "P6");
        var entry = Sample("feedback-log", "entry");
        entry["behavior"] = PrivateEntryMarker;
        entry["visible_to_employee"] = false;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));

        await Advance(TimeSpan.FromDays(1));
        await Run360(answering: 3, keepDoing: "答复及时");

        await Advance(TimeSpan.FromDays(1));

        var now = Clock.GetUtcNow();
        var launched = await CycleLauncher.LaunchAsync(Db, Clock, new CycleRequest("2027-annual", "2027 年度绩效评估", "annual-review", now, now.AddDays(60), Population.People(Employee, Colleague), "P6"));
        Assert.That(launched.Started, Is.EqualTo(2), launched.Summary.En);
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        var colleagues = Sample("self-review", "basics", "results", "reflection", "overall");
        colleagues["highlights"] = ColleagueMarker;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Colleague, "self-review")).Id, Colleague, colleagues));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Renders_the_shipped_html_and_the_ratings_csv(string language)
    {
        var model = (await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, language))!;
        var rendered = ReportTemplates.Render(ReportTemplates.History, language, model.ToScriptObject());

        Assert.That(rendered.Error, Is.Null);
        Snapshot.Match(rendered.Text + "\n===== csv\n" + model.Ratings().ToCsv(), $"HistoryReportTests.Html.{language}");
    }

    [Test]
    public async Task The_history_lists_every_process_about_the_employee_newest_first_with_what_the_employee_wrote_and_was_told()
    {
        var model = (await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "en"))!;

        Assert.That(model.Entries.Select(e => e.Process), Is.EqualTo(new[] { "annual-review", "feedback-360", "kpi-quarterly", "annual-review" }), "the private feedback entry is not even listed");
        var (thisYear, lastYear) = (model.Entries[0], model.Entries[^1]);
        Assert.That((thisYear.Cycle, thisYear.StatusText, thisYear.SelfReview is not null, thisYear.Interview), Is.EqualTo(("2027 年度绩效评估", "in progress", true, (HistoryInterview?)null)));
        Assert.That((lastYear.Interview!.Rating, lastYear.Interview.Summary, lastYear.Interview.Confirmed), Is.EqualTo((4, "面谈总结", true)), "the employee reads the confirmed record, rating included");
        Assert.That(lastYear.Idp!.Actions, Is.Not.Empty);
        Assert.That(lastYear.CheckIns.Single().PlanActions.Single(), Is.EqualTo(new PlanActionStatus(PlanGoal, "in-progress", "in progress")));
        Assert.That(
            (lastYear.CheckIns.Single().ManagerComment, lastYear.CheckIns.Single().ActionMarks[1]),
            Is.EqualTo(("先补齐知识库", new ActionMark("问题解决率 ≥ 90%", "off-track", "off track", "解决率连续两月下滑"))),
            "the employee reads her manager's follow-up of the check-in");
        Assert.That(model.Entries[2].Kpi is { Decision: "agreed", Items.Count: >= 3 });
        Assert.That(model.Entries[1].Feedback360 is { Pending: false, Withheld: false, Count: 3 }, "the finished round as its aggregate");
        Assert.That(model.Entries[1].Feedback360!.Texts.Single(t => t.Label == "What they should keep doing").Texts, Is.EqualTo(new[] { "答复及时", "答复及时", "答复及时" }));
        Assert.That(model.Ratings().Rows, Is.EqualTo(new[] { new[] { "2027 年度绩效评估", "2027-01-04", "5", "" }, new[] { "Annual performance review", "2026-12-01", "5", "4" } }));
        Assert.That(await HistoryModel.BuildAsync(Db, Clock, "nobody", "nobody", "en"), Is.Null);
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task The_history_leaves_out_the_managers_preparation_and_notes_the_private_feedback_and_who_answered_the_360(string language)
    {
        var html = await Html(Employee, language);

        Assert.That(html, Does.Contain("面谈总结"), "the record the employee confirmed is there");
        Assert.That(html, Does.Not.Contain(PreparationMarker), "the 3-3 preparation is the manager's");
        Assert.That(html, Does.Not.Contain(ManagerNoteMarker), "the IDP approval's comment is written in a section only the manager reads");
        Assert.That(html, Does.Not.Contain(PrivateEntryMarker), "an entry the manager did not share");
        Assert.That(Reviewers.Where(html.Contains), Is.Empty, "no reviewer of the 360 round is named");
    }

    [Test]
    public async Task Once_the_quarter_is_over_the_KPI_entry_shows_the_results_the_manager_recorded_with_their_completion()
    {
        var quarter = (await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "en"))!.Entries.Single(e => e.Process == "kpi-quarterly");
        Assert.That(quarter.Kpi!.Items.Select(k => k.Actual), Has.All.Empty, "agreed, the quarter still running");

        await Advance(TimeSpan.FromDays(31));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "adjust")).Id, Manager, Sample("kpi-setting", "indicators")));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));
        await Advance(TimeSpan.FromDays(62));
        var results = new JsonArray(new JsonObject { ["name"] = "问题解决率", ["actual"] = 72, ["note"] = "MARKER-RESULT-NOTE" });
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "results")).Id, Manager, new JsonObject { ["results"] = results }));

        var model = (await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "en"))!;
        var kpi = model.Entries.Single(e => e.Process == "kpi-quarterly").Kpi!;
        Assert.That(kpi.Items.Select(k => (k.Name, k.Actual, k.Completion)), Is.EqualTo(new[] { ("首次响应时效", "", (int?)null), ("问题解决率", "72", 80), ("NPS 评分", "", null) }));
        Assert.That(await Html(Employee, "zh-CN"), Does.Contain("MARKER-RESULT-NOTE").And.Contain("<th class=\"n\">完成率</th>").And.Contain("<td class=\"n\">80%</td>"));
    }

    [Test]
    public async Task A_feedback_entry_the_manager_shared_is_in_the_history_with_its_texts_and_the_private_one_still_is_not()
    {
        await Advance(TimeSpan.FromDays(1));
        await Runtime.StartAsync("feedback-log", Employee, "P6");
        var shared = Sample("feedback-log", "entry");
        (shared["behavior"], shared["thanks_trust"], shared["visible_to_employee"]) = ("MARKER-SHARED-FEEDBACK-ENTRY", "MARKER-SHARED-THANKS", true);
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, shared));

        var model = (await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "en"))!;
        var html = await Html(Employee, "zh-CN") + await Html(Employee, "en");

        Assert.That(model.Entries.Select(e => e.Process), Is.EqualTo(new[] { "feedback-log", "annual-review", "feedback-360", "kpi-quarterly", "annual-review" }), "the shared entry, newest; the private one is still not listed");
        Assert.That(model.Entries[0].Feedback is { Behavior: "MARKER-SHARED-FEEDBACK-ENTRY", ThanksTrust: "MARKER-SHARED-THANKS", Shared: true });
        Assert.That(html, Does.Contain("MARKER-SHARED-FEEDBACK-ENTRY").And.Contain("MARKER-SHARED-THANKS").And.Not.Contain(PrivateEntryMarker));
    }

    [Test]
    public async Task While_the_360_round_is_open_the_history_shows_none_of_the_answers_given_so_far()
    {
        await Advance(TimeSpan.FromDays(1));
        await Run360(answering: 2, keepDoing: "MARKER-EARLY-360-ANSWER");

        var model = (await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "en"))!;
        var html = await Html(Employee, "en");

        Assert.That(model.Entries.First(e => e.Process == "feedback-360").Feedback360 is { Pending: true, Means.Count: 0, Texts.Count: 0 });
        Assert.That(html, Does.Not.Contain("MARKER-EARLY-360-ANSWER"));
    }

    [Test]
    public async Task Another_employees_data_never_appears_in_the_history()
    {
        var mine = await Html(Employee, "zh-CN") + await Html(Employee, "en");
        var theirs = await Html(Colleague, "en");

        Assert.That(mine, Does.Not.Contain(ColleagueMarker));
        Assert.That(theirs, Does.Contain(ColleagueMarker), "the marker is there to be found in the colleague's own history");
        Assert.That(theirs, Does.Not.Contain("面谈总结").And.Not.Contain(PlanGoal), "nothing of 刘洋's reviews");
        Assert.That((await HistoryModel.BuildAsync(Db, Clock, Colleague, Colleague, "en"))!.Entries.Select(e => e.Process), Is.EqualTo(new[] { "annual-review" }));
    }

    private async Task<string> Html(string employee, string language)
    {
        var model = (await HistoryModel.BuildAsync(Db, Clock, employee, employee, language))!;
        var rendered = ReportTemplates.Render(ReportTemplates.History, language, model.ToScriptObject());
        Assert.That(rendered.Error, Is.Null);
        return rendered.Text!;
    }

    // A 360 round for 刘洋 with 韩梅梅, 李雷 and 赵敏 approved, the first <paramref name="answering"/> of them answering.
    private async Task Run360(int answering, string keepDoing)
    {
        await Runtime.StartAsync("feedback-360", Employee, "P6");
        var nomination = new JsonObject
        {
            ["reviewers"] = new JsonArray(
                new JsonObject { ["person_id"] = "P3", ["relationship"] = "peer" },
                new JsonObject { ["person_id"] = "P2", ["relationship"] = "manager" },
                new JsonObject { ["person_id"] = "P7", ["relationship"] = "cross-team" }),
            ["focus_questions"] = new JsonArray("我的方案讲得清楚吗？"),
        };
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "nominate")).Id, Employee, nomination));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "approve-reviewers")).Id, Manager, nomination.DeepClone().AsObject()));
        foreach (var (who, rating) in new[] { ("P3", 3), ("P2", 4), ("P7", 5) }.Take(answering))
        {
            var ratings = new JsonObject { ["communication"] = rating, ["collaboration"] = 4, ["expertise"] = 4, ["customer_focus"] = 4, ["ownership"] = 4 };
            var answer = new JsonObject { ["ratings"] = ratings, ["focus_answers"] = new JsonArray("讲得清楚"), ["keep_doing"] = keepDoing, ["suggestions"] = "多分享" };
            Succeeded(await Runtime.SubmitAsync((await TaskOf(who, "collect")).Id, who, answer));
        }
    }
}
