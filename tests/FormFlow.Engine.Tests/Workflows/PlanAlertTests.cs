using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The manager hears at once when a plan goes off track: the shipped improvement plan
/// (samples/processes/performance-improvement.json) for 刘洋 (P5), drafted by his manager 张伟 (P4), checked by the HRBP
/// 赵敏 (P7). A check-in that marks a goal off track alerts the manager (its `alerts`); a result goal still not done
/// the day after its deadline alerts the manager (its `dateReminders` with `after`); both list the support the manager
/// promised in the plan. The clock starts on 1 December 2026, 09:00 China time.
/// </summary>
public class PlanAlertTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Hrbp = "P7";
    private const string BaseUrl = "https://formflow.example.com/";

    [SetUp]
    public Task PublishProcess() => PublishSample("performance-improvement");

    [Test]
    public async Task A_check_in_marking_a_goal_off_track_alerts_the_manager_with_the_plan_s_support()
    {
        var plan = await AgreedPlanAsync();
        await OpenFirstCheckInAsync();

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, CheckIn(("客户回访", "on-track"), ("交付评审", "off-track"))));

        var alert = (await Payloads()).Single(p => (string?)p["event"] == NoticeEvent.OffTrack);
        Assert.That((string?)alert["recipient"], Is.EqualTo(Manager), "the employee who handed it in is not alerted of her own check-in");
        Assert.That(alert["items"]!.AsArray().Select(i => (string?)i), Is.EqualTo(new[] { "交付评审" }));
        Assert.That(alert["support"]!.AsArray().Select(i => (string?)i), Is.EqualTo(plan["manager_support"]!.AsArray().Select(s => (string?)s!["commitment"])));
        Assert.That(await JournalAsync("plan.alerted"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_check_in_with_every_goal_on_track_alerts_nobody()
    {
        await AgreedPlanAsync();
        await OpenFirstCheckInAsync();

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, CheckIn(("客户回访", "on-track"), ("交付评审", "at-risk"))));

        Assert.That((await Payloads()).Where(p => (string?)p["event"] == NoticeEvent.OffTrack), Is.Empty);
    }

    [Test]
    public async Task The_off_track_alert_reads_the_goal_the_support_and_a_suggested_conversation_in_the_manager_s_language()
    {
        var plan = await AgreedPlanAsync();
        await OpenFirstCheckInAsync();
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, CheckIn(("交付评审", "off-track"))));
        var message = await MessageAsync(NoticeEvent.OffTrack, Manager);

        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, message, Manager, BaseUrl));
        var english = await InTransaction(Db, w => NotificationModel.BuildAsync(w, message, Manager, BaseUrl, "en"));

        Assert.That(mail.Subject, Does.StartWith("【偏离提醒】刘洋"));
        Assert.That(mail.Body, Does.Contain("- 交付评审").And.Contain("计划中约定的支持").And.Contain("建议约一次 15 分钟的谈话")
            .And.Contain((string)plan["manager_support"]![0]!["commitment"]!));
        Assert.That((english.AlertItems, english.AlertSupport.Count), Is.EqualTo((new[] { "交付评审" }, plan["manager_support"]!.AsArray().Count)));
    }

    [Test]
    public async Task A_goal_past_its_deadline_alerts_the_manager_the_next_morning_with_the_plan_s_support()
    {
        var plan = await AgreedPlanAsync();

        await AdvanceTo(new DateTimeOffset(2027, 1, 21, 1, 0, 0, TimeSpan.Zero).AddMinutes(-1));
        Assert.That(await OverdueAsync(), Is.Empty, "not before 09:00 the day after the deadline");
        await AdvanceTo(new DateTimeOffset(2027, 1, 21, 1, 0, 0, TimeSpan.Zero));

        var alert = (await OverdueAsync()).Single();
        Assert.That(((string?)alert["recipient"], (string?)alert["date"], (string?)alert["item"]), Is.EqualTo((Manager, "2027-01-20", (string?)plan["result_goals"]![0]!["specific"])));
        Assert.That(alert["support"]!.AsArray(), Has.Count.EqualTo(plan["manager_support"]!.AsArray().Count));
        Assert.That(await JournalAsync("date.overdue"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_goal_a_check_in_marked_done_raises_no_overdue_alert_and_the_journal_says_why()
    {
        var plan = await AgreedPlanAsync();
        await OpenFirstCheckInAsync();
        var first = (string)plan["result_goals"]![0]!["specific"]!;
        var checkIn = CheckIn(("交付评审", "on-track"));
        checkIn["plan_actions"] = new JsonArray(new JsonObject { ["action"] = first, ["status"] = "done" });
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, checkIn));

        await AdvanceTo(new DateTimeOffset(2027, 2, 11, 1, 0, 0, TimeSpan.Zero));

        Assert.That((await OverdueAsync()).Select(a => (string?)a["date"]), Is.EqualTo(new[] { "2027-02-10" }), "only the second goal, which no check-in marked done");
        Assert.That(await JournalAsync("date.done"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_follow_up_report_shows_what_the_latest_check_in_said_and_counts_an_off_track_goal_at_risk()
    {
        var plan = await AgreedPlanAsync();
        await OpenFirstCheckInAsync();
        var first = (string)plan["result_goals"]![0]!["specific"]!;
        var second = (string)plan["result_goals"]![1]!["specific"]!;
        var checkIn = CheckIn((second, "off-track"));
        checkIn["plan_actions"] = new JsonArray(new JsonObject { ["action"] = first, ["status"] = "done" });
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, checkIn));

        var report = (await FollowUpModel.BuildAsync(Db, Clock, Manager, Manager, "zh-CN"))!;

        var goals = report.Actions.Where(a => a.Plan == "SMART 绩效改进计划（PIP）").ToDictionary(a => a.Action);
        Assert.That((goals[first].Status, goals[first].AtRisk, goals[first].CheckIn), Is.EqualTo(("done", false, "已完成（员工自评）")));
        Assert.That((goals[second].Status, goals[second].AtRisk, goals[second].CheckIn), Is.EqualTo(("off-track", true, "已偏离（员工自评）")));
        Assert.That(report.AtRisk.Select(a => a.Action), Does.Contain(goals[second].Action));
    }

    [Test]
    public async Task The_manager_s_mark_outweighs_the_employee_s_own_status_in_the_report_and_for_the_overdue_alert()
    {
        var plan = await AgreedPlanAsync();
        await OpenFirstCheckInAsync();
        var first = (string)plan["result_goals"]![0]!["specific"]!;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, CheckIn((first, "off-track"))));
        Assert.That((await Payloads()).Count(p => (string?)p["event"] == NoticeEvent.OffTrack), Is.EqualTo(1), "her check-in alerts him");

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "follow-up")).Id, Manager, new JsonObject
        {
            ["action_marks"] = new JsonArray(new JsonObject { ["goal"] = first, ["status"] = "done", ["note"] = "客户已确认验收" }),
            ["manager_comment"] = "这一项其实已经完成",
        }));

        Assert.That((await Payloads()).Count(p => (string?)p["event"] == NoticeEvent.OffTrack), Is.EqualTo(1), "his follow-up alerts nobody: he handed it in");
        var report = (await FollowUpModel.BuildAsync(Db, Clock, Manager, Manager, "en"))!;
        var goal = report.Actions.Single(a => a.Action.StartsWith(first, StringComparison.Ordinal));
        Assert.That((goal.Status, goal.AtRisk, goal.CheckIn), Is.EqualTo(("done", false, "done (manager)")));

        await AdvanceTo(new DateTimeOffset(2027, 1, 21, 1, 0, 0, TimeSpan.Zero));
        Assert.That(await OverdueAsync(), Is.Empty, "the goal he marked done is not overdue");
        Assert.That(await JournalAsync("date.done"), Has.Count.EqualTo(1));
    }

    // The plan drafted with two result goals due 20 January and 10 February 2027, approved and confirmed by both.
    private async Task<JsonObject> AgreedPlanAsync()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        var plan = Sample("improvement-plan", "background", "results", "behaviors", "support");
        plan["result_goals"]![0]!["deadline"] = "2027-01-20";
        plan["result_goals"]![1]!["deadline"] = "2027-02-10";
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, plan));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true }));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager, new JsonObject { ["manager_confirmed"] = true }));
        return plan;
    }

    // The check-ins come monthly (the sample plan's frequency); the first one a month after the confirmation.
    private async Task OpenFirstCheckInAsync() => await Advance(TimeSpan.FromDays(31));

    private static JsonObject CheckIn(params (string Goal, string Status)[] goals) => new()
    {
        ["month"] = "2027-01",
        ["goals"] = new JsonArray([.. goals.Select(g => (JsonNode?)new JsonObject { ["goal"] = g.Goal, ["status"] = g.Status })]),
        ["blockers"] = "等待客户排期",
        ["next_month_focus"] = "完成交付评审",
    };

    private async Task AdvanceTo(DateTimeOffset at) => await Advance(at - Clock.GetUtcNow());

    private async Task<IReadOnlyList<JsonNode>> OverdueAsync() =>
        [.. (await Payloads()).Where(p => (string?)p["event"] == NoticeEvent.ActionOverdue)];

    private async Task<OutboxMessage> MessageAsync(string @event, string recipient) =>
        await InTransaction(Db, async w => (await OutboxStore.ForInstanceAsync(w, await w.Connection.QuerySingleAsync<string>("SELECT id FROM process_instances", transaction: w.Transaction)))
            .Single(m => m.Recipient == recipient && m.Payload.Contains($"\"event\":\"{@event}\"", StringComparison.Ordinal)));

    private async Task<IReadOnlyList<AuditEntry>> JournalAsync(string action)
    {
        var instanceId = await InTransaction(Db, w => w.Connection.QuerySingleAsync<string>("SELECT id FROM process_instances", transaction: w.Transaction));
        return [.. (await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instanceId))).Where(e => e.Action == action)];
    }
}
