using System.Text.Json.Nodes;
using FormFlow.Cycles;
using FormFlow.Reports;
using FormFlow.Tests.Workflows;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The pre-interview report 张伟 (P4) reads about 刘洋 (P5): last year's annual review ran to the end (a rating of 4,
/// the IDP, three monthly check-ins), a quarterly KPI setting was proposed, and this year's review, launched in a
/// cycle, has the self-review written and the manager's preparation not yet — so the strengths, gaps and support
/// actions are prompts — and no 360 round has been run.
/// The check-ins report last year's plan goal not started, then in progress, then not at all; 张伟 logged two
/// feedback entries, one kept private.
/// </summary>
public class PreInterviewReportTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string PlanGoal = "3 个月内将 bug 平均修复时间缩短 50%";

    // Everyone who may answer a 360 round about 刘洋 here, in both languages: none of them may be named in the report.
    private static readonly string[] Reviewers = ["韩梅梅", "Han Meimei", "李雷", "Li Lei", "赵敏", "Zhao Min", "P3", "P2", "P7"];

    [SetUp]
    public async Task RunLastYearsReviewAndStartThisYears()
    {
        await PublishAnnualReview();
        await PublishSample("kpi-quarterly");
        await PublishSample("feedback-log");
        await PublishSample("feedback-360");

        await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);
        foreach (var planStatus in new[] { "not-started", "in-progress", null })
        {
            await Advance(TimeSpan.FromDays(31));
            var checkIn = Sample("monthly-check-in", "progress");
            if (planStatus is not null)
            {
                checkIn["plan_actions"] = new JsonArray(new JsonObject { ["action"] = PlanGoal, ["status"] = planStatus });
            }

            Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "check-ins")).Id, Employee, checkIn));
        }

        await LogFeedback(Sample("feedback-log", "entry"));
        var praise = Sample("feedback-log", "entry");
        (praise["event_at"], praise["kind"], praise["behavior"], praise["effect"], praise["thanks_trust"], praise["visible_to_employee"]) =
            ("2026-03-20T10:00:00+08:00", "praise", "宏达集团的方案演示前一天和交付部对齐了接口范围", "客户当场同意进入商务谈判", "谢谢你的用心准备", true);
        praise.Remove("suggestion");
        await LogFeedback(praise);

        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "propose")).Id, Manager, Sample("kpi-setting", "indicators")));

        var now = Clock.GetUtcNow();
        var launched = await CycleLauncher.LaunchAsync(Db, Clock, new CycleRequest("2027-annual", "2027 年度绩效评估", "annual-review", now, now.AddDays(60), Population.People(Employee), "P6"));
        Assert.That(launched.Started, Is.EqualTo(1), launched.Summary.En);
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Renders_the_shipped_html(string language)
    {
        // Every part written: the manager's preparation, and a 360 round answered by three.
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        await Nominate360("P3", "P2", "P7");
        await Answer360("P3", 3, "B: 反应快");
        await Answer360("P2", 4, "A: 方案清楚");
        await Answer360("P7", 4, "C: 乐于分享");

        Snapshot.Match(await Html(language), $"PreInterviewReportTests.Html.{language}");
    }

    [Test]
    public async Task A_template_being_written_previews_against_the_real_employee_in_both_languages()
    {
        var json = """{ "key": "pre-interview", "text": { "zh-CN": "<p>{{ employee.name }}：{{ last_review.rating }}</p>", "en": "<p>{{ employee.name }}: {{ last_review.rating }}</p>" } }""";
        var models = new Dictionary<string, Scriban.Runtime.ScriptObject>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            models[language] = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, language))!.ToScriptObject();
        }

        var preview = ReportCatalog.Preview(json, language => models[language]);

        Assert.That(preview.Problems, Is.Empty);
        Assert.That(preview.Texts.Select(t => t.Html), Is.EqualTo(new[] { "<p>刘洋：4</p>", "<p>Liu Yang: 4</p>" }));
    }

    [Test]
    public async Task The_model_takes_this_years_self_review_last_years_rating_and_plan_and_the_newest_check_ins()
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, "en"))!;

        Assert.That((model.Employee, model.Manager, model.Cycle, model.SelfReviewWritten), Is.EqualTo(("Liu Yang", "Zhang Wei", "2027 年度绩效评估", true)));
        Assert.That(model.Goals, Is.Not.Empty);
        Assert.That((model.LastRating, model.LastSummary), Is.EqualTo((4, "面谈总结")));
        Assert.That(model.LastPlan, Is.Not.Empty);
        Assert.That(model.CheckIns, Has.Count.EqualTo(3));
        Assert.That(model.Kpis, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(model.Strengths, Is.EqualTo(Enumerable.Repeat(new PromptLine(string.Empty, string.Empty), 3)), "three prompts, the preparation not written yet");
        Assert.That(model.Gaps, Is.EqualTo(Enumerable.Repeat(new GapLine(string.Empty, string.Empty), 3)));
        Assert.That(model.SupportActions, Is.EqualTo(Enumerable.Repeat(new SupportLine(string.Empty, string.Empty, string.Empty), 3)));
        Assert.That(model.Feedback360, Is.Null, "no 360 round");
        Assert.That(await PreInterviewModel.BuildAsync(Db, Clock, "P3", "P2", "en"), Is.Null, "no annual review of P3");
    }

    [Test]
    public async Task Each_action_of_last_years_plan_has_the_status_of_the_newest_check_in_that_reported_it()
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, "en"))!;

        var planned = model.LastPlan.Single();
        Assert.That((planned.Goal, planned.Status, planned.StatusText, planned.ReportedIn), Is.EqualTo((PlanGoal, "in-progress", "in progress", "2026-11")));
        Assert.That(model.CheckIns.Select(c => c.PlanActions.Select(a => a.Status).SingleOrDefault()), Is.EqualTo(new[] { null, "in-progress", "not-started" }), "newest check-in first");
    }

    [Test]
    public async Task The_feedback_log_entries_come_newest_first_shared_or_not_and_at_most_five()
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, "zh-CN"))!;

        Assert.That(model.Feedback.Select(f => (f.At, f.Kind, f.Shared)), Is.EqualTo(new[] { ("2026-03-20 10:00", "表扬", true), ("2026-03-16 17:05", "改进建议", false) }));
        Assert.That(model.Feedback[1].Suggestion, Is.Not.Empty);

        for (var day = 21; day <= 25; day++)
        {
            var entry = Sample("feedback-log", "entry");
            entry["event_at"] = $"2026-03-{day}T09:00:00+08:00";
            await LogFeedback(entry);
        }

        var five = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, "en"))!.Feedback;
        Assert.That(five.Select(f => f.At), Is.EqualTo(new[] { "2026-03-25 09:00", "2026-03-24 09:00", "2026-03-23 09:00", "2026-03-22 09:00", "2026-03-21 09:00" }));
    }

    [Test]
    public async Task The_KPIs_show_the_results_the_manager_recorded_after_the_quarter_with_completion_actual_over_target_or_target_over_actual_when_lower_is_better()
    {
        var before = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, "en"))!;
        Assert.That(before.Kpis.Select(k => (k.Actual, k.Completion)), Has.All.EqualTo((string.Empty, (int?)null)), "the setting proposed in the set-up has no results yet");

        // A quarter run to its end: response time 3 h against 2 h (lower is better), resolution rate 72 % against 90 %,
        // and no result for the NPS.
        var quarter = await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        var indicators = Sample("kpi-setting", "indicators");
        indicators["period"] = "2027-Q1";
        Succeeded(await Runtime.SubmitAsync((await TaskIn(quarter.Id, Manager, "propose")).Id, Manager, indicators));
        Succeeded(await Runtime.SubmitAsync((await TaskIn(quarter.Id, Employee, "respond")).Id, Employee, new JsonObject { ["employee_decision"] = "agree" }));
        await Advance(TimeSpan.FromDays(31));
        Succeeded(await Runtime.SubmitAsync((await TaskIn(quarter.Id, Manager, "adjust")).Id, Manager, indicators));
        Succeeded(await Runtime.ConfirmAsync((await TaskIn(quarter.Id, Employee, "confirm")).Id, Employee));
        Succeeded(await Runtime.ConfirmAsync((await TaskIn(quarter.Id, Manager, "confirm")).Id, Manager));
        await Advance(TimeSpan.FromDays(62));
        var results = new JsonArray(
            new JsonObject { ["name"] = "首次响应时效", ["actual"] = 3, ["note"] = "8 月工单量比预期多 40%" },
            new JsonObject { ["name"] = "问题解决率", ["actual"] = 72 });
        Succeeded(await Runtime.SubmitAsync((await TaskIn(quarter.Id, Manager, "results")).Id, Manager, new JsonObject { ["results"] = results }));

        // A newer setting, proposed only: the report keeps to the quarter whose results are in.
        var next = await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        indicators["period"] = "2027-Q2";
        Succeeded(await Runtime.SubmitAsync((await TaskIn(next.Id, Manager, "propose")).Id, Manager, indicators));

        var model = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, "en"))!;
        Assert.That(model.KpiPeriod, Is.EqualTo("2027-Q1"));
        Assert.That(model.Kpis.Select(k => (k.Name, k.Target, k.Actual, k.Completion)), Is.EqualTo(new[]
        {
            ("首次响应时效", "2", "3", (int?)67),
            ("问题解决率", "90", "72", 80),
            ("NPS 评分", "45", string.Empty, null),
        }));
        Assert.That(model.Kpis[0].Note, Is.EqualTo("8 月工单量比预期多 40%"));
        var html = ReportTemplates.Render(ReportTemplates.PreInterview, "en", model.ToScriptObject()).Text!;
        Assert.That(html, Does.Contain("<td class=\"n\">67%</td>").And.Contain("<td class=\"n\">80%</td>").And.Not.Contain("have not been recorded"));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task The_managers_preparation_shows_each_gap_as_its_event_and_impact_and_the_three_support_actions(string language)
    {
        var preparation = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, preparation));

        var html = await Html(language);

        var gaps = preparation["gaps"]!.AsArray().Select(g => ((string)g!["event"]!, (string)g["impact"]!)).ToList();
        var support = preparation["support_actions"]!.AsArray().Select(a => ((string)a!["action"]!, (string)a["owner"]!, (string)a["due_date"]!)).ToList();
        Assert.That(gaps, Has.Count.EqualTo(3));
        Assert.That(support, Has.Count.EqualTo(3));
        foreach (var (happened, impact) in gaps)
        {
            Assert.That(html, Does.Contain($">{happened}</td><td>{impact}</td>"));
        }

        foreach (var (action, owner, due) in support)
        {
            Assert.That(html, Does.Contain($">{action}</td><td>{owner}</td><td>{due}</td>"));
        }
    }

    [TestCase("zh-CN", "沟通表达", "3 份反馈")]
    [TestCase("en", "Communication", "3 answers")]
    public async Task The_360_round_shows_the_anonymous_aggregate_and_nobody_who_answered(string language, string communication, string count)
    {
        await Nominate360("P3", "P2", "P7");
        await Answer360("P3", 3, "B: 反应快");
        await Answer360("P2", 4, "A: 方案清楚");
        await Answer360("P7", 4, "C: 乐于分享");

        var html = await Html(language);

        Assert.That(html, Does.Contain($"<td>{communication}</td><td class=\"n\">3.67</td>"), "(3 + 4 + 4) / 3");
        Assert.That(html, Does.Contain(count));
        var keepDoing = new[] { "A: 方案清楚", "B: 反应快", "C: 乐于分享" }.Select(t => html.IndexOf($"<li>{t}</li>", StringComparison.Ordinal)).ToList();
        Assert.That(keepDoing, Has.All.GreaterThanOrEqualTo(0), "every answer");
        Assert.That(keepDoing, Is.Ordered, "in alphabetical order, not in the order they came");
        Assert.That(Reviewers.Where(html.Contains), Is.Empty);
    }

    [TestCase("zh-CN", "份数太少")]
    [TestCase("en", "too few to show")]
    public async Task A_360_round_with_fewer_than_three_answers_shows_only_their_number(string language, string withheld)
    {
        // The third nominee is nobody of the organisation: the round asks two people and ends with two answers.
        await Nominate360("P3", "P2", "X999");
        await Answer360("P3", 3, "MARKER-ONE-OF-TWO-ANSWERS");
        await Answer360("P2", 5, "MARKER-ONE-OF-TWO-ANSWERS");

        var html = await Html(language);

        Assert.That(html, Does.Contain(withheld).And.Not.Contain("MARKER-ONE-OF-TWO-ANSWERS"));
        Assert.That(Reviewers.Where(html.Contains), Is.Empty);
    }

    [TestCase("zh-CN", "仍在收集")]
    [TestCase("en", "still coming in")]
    public async Task While_360_answers_still_come_in_the_report_says_so_and_shows_none_of_them(string language, string pending)
    {
        await Nominate360("P3", "P2", "P7");
        await Answer360("P3", 3, "MARKER-EARLY-360-ANSWER");

        var html = await Html(language);

        Assert.That(html, Does.Contain(pending).And.Not.Contain("MARKER-EARLY-360-ANSWER"));
    }

    [Test]
    public async Task A_newer_360_round_still_collecting_does_not_hide_the_last_finished_one()
    {
        await Nominate360("P3", "P2", "P7");
        foreach (var who in new[] { "P3", "P2", "P7" })
        {
            await Answer360(who, 4, "MARKER-FINISHED-ROUND");
        }

        await Advance(TimeSpan.FromDays(1));
        await Nominate360("P3", "P2", "P7");
        await Answer360("P3", 1, "MARKER-RUNNING-ROUND");

        var html = await Html("en");

        Assert.That(html, Does.Contain("MARKER-FINISHED-ROUND").And.Not.Contain("MARKER-RUNNING-ROUND"));
    }

    [TestCase(8, 10, "higher-better", 80)]
    [TestCase(3, 2, "lower-better", 67)]
    [TestCase(1, 3, "higher-better", 33)]
    [TestCase(0, 2, "lower-better", null)]
    [TestCase(5, 0, "higher-better", null)]
    public void Completion_is_actual_over_target_or_target_over_actual_when_lower_is_better_in_whole_percent(double actual, double target, string direction, int? completion) =>
        Assert.That(KpiLine.CompletionOf(target, actual, direction == "lower-better"), Is.EqualTo(completion));

    // The one open task of a person at a step of one instance: the set-up leaves a KPI setting of its own open.
    private async Task<FormFlow.Storage.TaskRow> TaskIn(string instanceId, string person, string step) =>
        (await Inbox(person)).Single(t => t.InstanceId == instanceId && t.Step == step);

    private async Task<string> Html(string language)
    {
        var model = (await PreInterviewModel.BuildAsync(Db, Clock, Employee, Manager, language))!;
        var rendered = ReportTemplates.Render(ReportTemplates.PreInterview, language, model.ToScriptObject());
        Assert.That(rendered.Error, Is.Null);
        return rendered.Text!;
    }

    // A 360 round about 刘洋: he nominates the reviewers as peers and 张伟 approves them all.
    private async Task Nominate360(params string[] reviewers)
    {
        await Runtime.StartAsync("feedback-360", Employee, "P6");
        var nomination = new JsonObject
        {
            ["reviewers"] = new JsonArray([.. reviewers.Select(id => (JsonNode)new JsonObject { ["person_id"] = id, ["relationship"] = "peer" })]),
            ["focus_questions"] = new JsonArray("我的方案讲得清楚吗？"),
        };
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "nominate")).Id, Employee, nomination));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "approve-reviewers")).Id, Manager));
    }

    private async Task Answer360(string reviewer, int communication, string keepDoing)
    {
        var ratings = new JsonObject { ["communication"] = communication, ["collaboration"] = 4, ["expertise"] = 4, ["customer_focus"] = 4, ["ownership"] = 4 };
        var answer = new JsonObject { ["ratings"] = ratings, ["focus_answers"] = new JsonArray("讲得清楚"), ["keep_doing"] = keepDoing, ["suggestions"] = "多分享" };
        Succeeded(await Runtime.SubmitAsync((await TaskOf(reviewer, "collect")).Id, reviewer, answer));
    }

    private async Task LogFeedback(JsonObject entry)
    {
        await Runtime.StartAsync("feedback-log", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));
    }
}
