using System.Text.Json.Nodes;
using FormFlow.Actuals;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The shipped quarterly KPI setting (samples/processes/kpi-quarterly.json) for 刘洋 (P5): his manager 张伟 (P4)
/// proposes the KPIs, 刘洋 agrees or objects, a month later the adjustment window opens, and two months after both
/// confirm — when the quarter is over — 张伟 records the results. From the agreement on, every Monday 刘洋 gets a
/// checkpoint with last week's actuals, which 张伟 follows up. 张伟's superior is 李雷 (P2), copied when 张伟 is late.
/// </summary>
public class KpiQuarterlyTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string ManagersSuperior = "P2";
    private const string Reason = "NPS 目标 45 分偏高：上季度全组平均只有 31 分。建议调整为 38 分。";

    [SetUp]
    public Task PublishProcess() => PublishSample("kpi-quarterly");

    [Test]
    public async Task Agreeing_moves_to_the_adjustment_window_which_opens_the_managers_adjustment_a_month_later_both_confirm_and_after_the_quarter_the_manager_records_the_results()
    {
        var instance = await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        await Propose(Indicators());
        await Respond("agree");

        Assert.That((await State(instance.Id)).Active, Is.EqualTo(new[] { "quarter-over", "window", "checkpoint" }), "agreed, the window waits and the checkpoints run beside it");
        Assert.That((await Inbox(Manager)).Concat(await Inbox(Employee)), Is.Empty, "agreed on a Tuesday: nobody acts before Monday's checkpoint");

        await Advance(TimeSpan.FromDays(30));
        Assert.That(await Inbox(Manager), Is.Empty, "P1M from 1 December is 1 January: not yet on 31 December");

        await Advance(TimeSpan.FromDays(1));
        var adjust = await TaskOf(Manager, "adjust");
        Assert.That(adjust.CreatedAt, Is.EqualTo(new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Assigned, Manager, [], "adjust")).Using<Notified>(Same));

        var adjusted = Indicators();
        adjusted["kpis"]![2]!["target"] = 38;
        Succeeded(await Runtime.SubmitAsync(adjust.Id, Manager, adjusted));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));

        Assert.That(((await Instance(instance.Id)).Status, (await State(instance.Id)).Active), Is.EqualTo((InstanceStatus.Running, new[] { "quarter-over", "checkpoint", "quarter-end" })), "confirmed on 1 January, the quarter runs until 1 April, its checkpoints beside it");
        Assert.That(await Inbox(Manager), Is.Empty, "confirmed: the manager has nothing to do until the quarter is over");
        Assert.That((await Inbox(Employee)).Select(t => t.Step).Distinct(), Is.EqualTo(new[] { "checkpoint" }), "the employee has only December's checkpoints, not handed in");
        await Advance(TimeSpan.FromDays(58));
        Assert.That(await Inbox(Manager), Is.Empty, "P2M from 1 January is 1 March: not yet on 28 February");

        await Advance(TimeSpan.FromDays(1));
        var results = await TaskOf(Manager, "results");
        Assert.That(results.CreatedAt, Is.EqualTo(new DateTimeOffset(2027, 3, 1, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Assigned, Manager, [], "results")).Using<Notified>(Same));
        Succeeded(await Runtime.SubmitAsync(results.Id, Manager, Results()));

        var finished = await Instance(instance.Id);
        Assert.That(finished.Status, Is.EqualTo(InstanceStatus.Completed));
        var form = InstanceState.Parse(finished.State).Forms["kpi"];
        Assert.That((form["kpis"]![2]!["target"]!.GetValue<decimal>(), (string?)form["employee_decision"]), Is.EqualTo((38m, "agree")));
        Assert.That(JsonNode.DeepEquals(form["results"], Results()["results"]), Is.True, "the results joined the agreed indicators in the one form");
        var employeesView = (await Instances.InstanceAsync(instance.Id, Employee))!.Forms["kpi"]!;
        Assert.That(JsonNode.DeepEquals(employeesView["results"], Results()["results"]), Is.True, "the employee reads the results");
        var path = (await Instances.TimelineAsync(instance.Id, Employee))!.Where(e => e.Action == "step.entered").Select(e => e.To);
        Assert.That(path, Is.EqualTo(new[] { "respond", "objection-check", "quarter", "window", "checkpoint", "adjust", "confirm", "quarter-end", "quarter-over", "results", "end" }));
    }

    [Test]
    public async Task The_results_are_due_ten_days_after_the_quarter_with_a_reminder_two_days_before_and_the_superior_copied_when_overdue()
    {
        await ConfirmedOnTheFirstOfJanuary();
        await Advance(TimeSpan.FromDays(59));
        var results = await TaskOf(Manager, "results");
        Assert.That(results.DueAt, Is.EqualTo(new DateTimeOffset(2027, 3, 11, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        var view = (await Tasks.OpenAsync(results.Id, Manager))!;
        Assert.That(view.Writable, Is.EqualTo(new[] { "results" }), "the indicators are agreed: the manager records results only");
        Assert.That(view.Readable, Is.SupersetOf(new[] { "kpis", "employee_decision" }));

        await Advance(TimeSpan.FromDays(8));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Reminder, Manager, [], "results")).Using<Notified>(Same));

        await Advance(TimeSpan.FromDays(2));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Overdue, Manager, [ManagersSuperior], "results")).Using<Notified>(Same));
        Assert.That((await TaskOf(Manager, "results")).Id, Is.EqualTo(results.Id), "copying the superior leaves the task with the manager");
    }

    [Test]
    public async Task Results_that_name_no_agreed_indicator_or_are_not_numbers_are_refused_and_the_task_stays_open()
    {
        await ConfirmedOnTheFirstOfJanuary();
        await Advance(TimeSpan.FromDays(59));
        var results = await TaskOf(Manager, "results");

        var unknown = await Runtime.SubmitAsync(results.Id, Manager, new JsonObject { ["results"] = new JsonArray(new JsonObject { ["name"] = "客户满意度", ["actual"] = 4.6 }) });
        var text = await Runtime.SubmitAsync(results.Id, Manager, new JsonObject { ["results"] = new JsonArray(new JsonObject { ["name"] = "问题解决率", ["actual"] = "约 70%" }) });

        Assert.That(unknown.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/results", "rule.results-name-indicators") }));
        Assert.That(text.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/results/0/actual", "type") }));
        Assert.That((await TaskOf(Manager, "results")).Id, Is.EqualTo(results.Id));
    }

    [Test]
    public async Task An_objection_goes_back_to_the_manager_who_reads_the_employees_reason_and_the_loop_ends_when_the_employee_agrees()
    {
        var instance = await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        await Propose(Indicators());
        var first = await TaskOf(Employee, "respond");
        Succeeded(await Runtime.SubmitAsync(first.Id, Employee, new JsonObject { ["employee_decision"] = "object", ["objection_reason"] = Reason }));

        var revise = await TaskOf(Manager, "revise");
        Assert.That(await Inbox(Employee), Is.Empty);
        Assert.That((await Messages()).Where(m => m.Step == "revise"), Is.EqualTo(new[] { new Notified(NoticeEvent.Assigned, Manager, [], "revise") }).Using<Notified>(Same));
        var view = (await Tasks.OpenAsync(revise.Id, Manager))!;
        Assert.That(((string?)view.Data["employee_decision"], (string?)view.Data["objection_reason"]), Is.EqualTo(("object", Reason)));
        Assert.That(view.Writable, Is.EqualTo(new[] { "kpis", "period", "role_family", "total_weight" }));
        Assert.That(view.Readable, Is.SupersetOf(new[] { "employee_decision", "objection_reason" }));

        var revised = Indicators();
        revised["kpis"]![2]!["target"] = 38;
        Succeeded(await Runtime.SubmitAsync(revise.Id, Manager, revised));
        var second = await TaskOf(Employee, "respond");
        Assert.That(second.Id, Is.Not.EqualTo(first.Id), "the employee answers the revised KPIs in a new task");
        Succeeded(await Runtime.SubmitAsync(second.Id, Employee, new JsonObject { ["employee_decision"] = "agree" }));

        var state = await State(instance.Id);
        Assert.That(state.Active, Is.EqualTo(new[] { "quarter-over", "window", "checkpoint" }));
        Assert.That((string?)state.Forms["kpi"]["employee_decision"], Is.EqualTo("agree"));
        Assert.That(state.Forms["kpi"].ContainsKey("objection_reason"), Is.False, "a writable field left out is cleared");
        Assert.That(state.Forms["kpi"]["kpis"]![2]!["target"]!.GetValue<decimal>(), Is.EqualTo(38m));
    }

    [Test]
    public async Task An_objection_without_a_reason_is_refused_and_the_employees_task_stays_open()
    {
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        await Propose(Indicators());
        var respond = await TaskOf(Employee, "respond");

        var result = await Runtime.SubmitAsync(respond.Id, Employee, new JsonObject { ["employee_decision"] = "object" });

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Invalid));
        Assert.That(result.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/objection_reason", "rule.reason-when-objecting") }));
        Assert.That((await TaskOf(Employee, "respond")).Id, Is.EqualTo(respond.Id));
    }

    [Test]
    public async Task The_manager_cannot_answer_for_the_employee()
    {
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        var data = Indicators();
        data["employee_decision"] = "agree";

        var result = await Runtime.SubmitAsync((await TaskOf(Manager, "propose")).Id, Manager, data);

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Forbidden));
        Assert.That(result.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/employee_decision", "field.not-writable") }));
    }

    [Test]
    public async Task Outside_a_cycle_the_proposal_is_due_ten_days_after_the_start()
    {
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");

        var propose = await TaskOf(Manager, "propose");

        Assert.That(propose.DueAt, Is.EqualTo(CycleStart.AddDays(10).ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task In_a_cycle_the_proposal_is_due_ten_days_after_the_cycle_start_with_a_reminder_two_days_before_and_the_superior_copied_when_overdue()
    {
        // The quarter began three days before the instance starts: 10 days from its start leave 7.
        await StartInCycle("kpi-quarterly", Employee, starts: CycleStart.AddDays(-3), ends: CycleStart.AddMonths(3));
        var propose = await TaskOf(Manager, "propose");
        Assert.That(propose.DueAt, Is.EqualTo(CycleStart.AddDays(7).ToUnixTimeMilliseconds()));

        await Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
        Assert.That(await Messages(), Is.EqualTo(new[] { new Notified(NoticeEvent.CycleLaunched, Manager, [], "propose") }).Using<Notified>(Same), "the launch announces the cycle with the first task");

        await Advance(TimeSpan.FromMinutes(1));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Reminder, Manager, [], "propose")).Using<Notified>(Same));

        await Advance(TimeSpan.FromDays(2));
        Assert.That(await Messages(), Is.EqualTo(new[]
        {
            new Notified(NoticeEvent.CycleLaunched, Manager, [], "propose"),
            new Notified(NoticeEvent.Reminder, Manager, [], "propose"),
            new Notified(NoticeEvent.Overdue, Manager, [ManagersSuperior], "propose"),
        }).Using<Notified>(Same));
        Assert.That((await TaskOf(Manager, "propose")).Id, Is.EqualTo(propose.Id), "copying the superior leaves the task with the manager");
        Assert.That(await Inbox(ManagersSuperior), Is.Empty);
    }

    [Test]
    public async Task In_the_window_the_employee_returns_the_adjustment_with_comments_on_fields_and_the_manager_adjusts_again()
    {
        var instance = await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        await Propose(Indicators());
        await Respond("agree");
        await Advance(TimeSpan.FromDays(31));
        var adjusted = Indicators();
        adjusted["kpis"]![0]!["target"] = 1;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "adjust")).Id, Manager, adjusted));

        var confirm = await TaskOf(Employee, "confirm");
        Succeeded(await Runtime.ReturnAsync(confirm.Id, Employee, "首次响应 1 小时做不到", [new FieldNote("/kpis/0/target", "建议维持 2 小时")]));

        var again = await TaskOf(Manager, "adjust");
        Assert.That((await Inbox(Manager)).Select(t => t.Step), Is.EqualTo(new[] { "adjust" }), "the manager's own confirmation was cancelled");
        var returned = (await Payloads()).Single(p => (string)p["event"]! == NoticeEvent.Returned);
        Assert.That(((string)returned["recipient"]!, (string?)returned["step"], (string?)returned["taskId"], (string?)returned["reason"]), Is.EqualTo((Manager, "adjust", again.Id, "首次响应 1 小时做不到")));
        var comments = (await Tasks.OpenAsync(again.Id, Manager))!.Comments;
        Assert.That(comments.Select(c => (c.Field, c.Author.Id, c.Body)), Is.EqualTo(new[] { ("/kpis/0/target", Employee, "建议维持 2 小时") }));

        Succeeded(await Runtime.SubmitAsync(again.Id, Manager, Indicators()));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));
        Assert.That((await State(instance.Id)).Active, Is.EqualTo(new[] { "quarter-over", "checkpoint", "quarter-end" }), "confirmed, the KPIs run until the quarter is over, checked every Monday");
    }

    [Test]
    public async Task Every_Monday_from_the_agreement_the_employee_gets_a_checkpoint_with_last_weeks_actuals()
    {
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        await Propose(Indicators());
        await Respond("agree");
        var monday = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
        var kpis = new KpiDesk(Db, Clock);
        var indicator = (await kpis.BoardAsync(Manager, Employee))!.Indicators[0].Indicator;
        var lastWeek = Period.Last(indicator.Frequency, monday).Label;
        await Advance(monday - Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.That(await Inbox(Employee), Is.Empty, "Monday 08:59 in Beijing: not yet");
        Assert.That((await kpis.RecordAsync(Manager, [new ActualEntry(Employee, indicator.Id, lastWeek, 3.5)], ActualSource.Hand)).Problems, Is.Empty);

        await Advance(TimeSpan.FromMinutes(1));

        var checkpoint = await TaskOf(Employee, "checkpoint");
        Assert.That((checkpoint.CreatedAt, checkpoint.DueAt), Is.EqualTo((monday.ToUnixTimeMilliseconds(), monday.AddDays(6).ToUnixTimeMilliseconds())), "Monday 09:00 China Standard Time, due within the week");
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Assigned, Employee, [], "checkpoint")).Using<Notified>(Same));
        var opened = (await Tasks.OpenAsync(checkpoint.Id, Employee))!;
        Assert.That(opened.Template, Is.EqualTo("kpi-checkpoint"));
        Assert.That(opened.Writable, Is.EqualTo(new[] { "note" }), "nobody types actuals into the checkpoint");
        var first = opened.Data["last_week"]!.AsArray()[0]!;
        Assert.That(((string?)first["name"], (double?)first["value"], (bool?)first["breaches"]), Is.EqualTo((indicator.Name, (double?)3.5, (bool?)indicator.Breaches(3.5))), $"last week ({lastWeek}) as recorded");
        Assert.That(await Inbox(Manager), Is.Empty, "the manager follows up once the employee hands it in");
    }

    [Test]
    public async Task The_managers_follow_up_shows_the_week_the_employee_saw_though_it_opens_in_a_later_week()
    {
        await ConfirmedOnTheFirstOfJanuary();
        var opensOn = new DateTimeOffset(2027, 1, 11, 1, 0, 0, TimeSpan.Zero);
        var followedUpOn = new DateTimeOffset(2027, 1, 19, 1, 0, 0, TimeSpan.Zero);
        var kpis = new KpiDesk(Db, Clock);
        var indicator = (await kpis.BoardAsync(Manager, Employee))!.Indicators[0].Indicator;
        var seen = Period.Last(indicator.Frequency, opensOn).Label;
        var later = Period.Last(indicator.Frequency, followedUpOn).Label;
        Assert.That(later, Is.Not.EqualTo(seen), "the follow-up falls in a later period than the checkpoint read");
        await AdvanceMondayByMonday(followedUpOn);
        Assert.That((await kpis.RecordAsync(Manager, [new ActualEntry(Employee, indicator.Id, seen, 3.5), new ActualEntry(Employee, indicator.Id, later, 6)], ActualSource.Hand)).Problems, Is.Empty);

        // The checkpoint of 11 January, handed in on the 19th, after the next two Mondays' have opened.
        var checkpoint = (await Inbox(Employee)).Single(t => t.CreatedAt == opensOn.ToUnixTimeMilliseconds());
        Assert.That((double?)(await Tasks.OpenAsync(checkpoint.Id, Employee))!.Data["last_week"]![0]!["value"], Is.EqualTo(3.5));
        Succeeded(await Runtime.SubmitAsync(checkpoint.Id, Employee, new JsonObject { ["note"] = "工单量比预期多" }));

        var followUp = await TaskOf(Manager, "checkpoint");
        var read = (await Tasks.OpenAsync(followUp.Id, Manager))!;
        Assert.That((string?)read.Data["note"], Is.EqualTo("工单量比预期多"));
        Assert.That((double?)read.Data["last_week"]![0]!["value"], Is.EqualTo(3.5), $"the week the employee saw ({seen}), not the one the follow-up opens in ({later})");
        Assert.That(read.Writable, Is.EqualTo(new[] { "manager_note" }));
        Succeeded(await Runtime.SubmitAsync(followUp.Id, Manager, new JsonObject { ["manager_note"] = "下周看新流程的效果" }));

        var answer = (await State((await Instance(checkpoint.InstanceId)).Id)).Responses["checkpoint"].Single();
        Assert.That((answer.Occurrence, answer.OpenedAt, (string?)answer.Data["note"], (string?)answer.Data["manager_note"]), Is.EqualTo(((int?)6, (long?)opensOn.ToUnixTimeMilliseconds(), "工单量比预期多", "下周看新流程的效果")), "the answer records when its checkpoint opened");
    }

    [Test]
    public async Task The_checkpoints_stop_when_the_quarters_results_step_starts()
    {
        await ConfirmedOnTheFirstOfJanuary();
        var january4 = new DateTimeOffset(2027, 1, 4, 1, 0, 0, TimeSpan.Zero);
        await Advance(january4 - Clock.GetUtcNow());
        var handedIn = (await Inbox(Employee)).Single(t => t.Step == "checkpoint" && t.CreatedAt == january4.ToUnixTimeMilliseconds());
        Succeeded(await Runtime.SubmitAsync(handedIn.Id, Employee, new JsonObject { ["note"] = "按计划" }));
        Assert.That(await TaskOf(Manager, "checkpoint"), Is.Not.Null);

        await AdvanceMondayByMonday(new DateTimeOffset(2027, 3, 22, 1, 0, 0, TimeSpan.Zero));

        var tasks = await InTransaction(Db, w => TaskStore.ForInstanceAsync(w, handedIn.InstanceId));
        var checkpoints = tasks.Where(t => t.Step == "checkpoint" && t.AssigneeId == Employee).OrderBy(t => t.CreatedAt).ToList();
        var mondays = Enumerable.Range(0, 12).Select(w => new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero).AddDays(7 * w).ToUnixTimeMilliseconds());
        Assert.That(checkpoints.Select(t => t.CreatedAt), Is.EqualTo(mondays), "twelve Mondays from 7 December to 22 February; none on 1 March, when the quarter is over, nor after");
        Assert.That(tasks.Where(t => t.Step == "checkpoint" && t.Id != handedIn.Id).Select(t => t.Status).Distinct(), Is.EqualTo(new[] { TaskStatuses.Cancelled }), "what was still open, the employee's and the manager's, ends with the quarter");
        Assert.That((await State(handedIn.InstanceId)).Active, Is.EqualTo(new[] { "results" }));
        Assert.That((await Inbox(Employee)).Concat(await Inbox(Manager)).Select(t => t.Step), Is.EqualTo(new[] { "results" }));
    }

    private static JsonObject Indicators() => Sample("kpi-setting", "indicators");

    // The fake clock stops at every Monday 09:00 in Beijing on the way, so each checkpoint opens on its Monday (a
    // timer fired late opens its task when it fires).
    private async Task AdvanceMondayByMonday(DateTimeOffset until)
    {
        while (Clock.GetUtcNow() < until)
        {
            var monday = Run.NextWeekdayAtNine(Clock.GetUtcNow().AddTicks(1), DayOfWeek.Monday);
            await Advance((monday < until ? monday : until) - Clock.GetUtcNow());
        }
    }

    // Results for two of the sample's three indicators: response time 3 h (lower is better), resolution rate 72 %.
    private static JsonObject Results() => new()
    {
        ["results"] = new JsonArray(
            new JsonObject { ["name"] = "首次响应时效", ["actual"] = 3, ["note"] = "8 月工单量比预期多 40%" },
            new JsonObject { ["name"] = "问题解决率", ["actual"] = 72 }),
    };

    // Agreed on 1 December (the checkpoints opening Monday by Monday since), adjusted and confirmed by both on
    // 1 January: the quarter-end wait has begun.
    private async Task ConfirmedOnTheFirstOfJanuary()
    {
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        await Propose(Indicators());
        await Respond("agree");
        await AdvanceMondayByMonday(Clock.GetUtcNow().AddDays(31));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "adjust")).Id, Manager, Indicators()));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));
    }

    private async Task Propose(JsonObject indicators) =>
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "propose")).Id, Manager, indicators));

    private async Task Respond(string decision) =>
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "respond")).Id, Employee, new JsonObject { ["employee_decision"] = decision }));

    private static bool Same(Notified a, Notified b) => a.Event == b.Event && a.Recipient == b.Recipient && a.Cc.SequenceEqual(b.Cc) && a.Step == b.Step;
}
