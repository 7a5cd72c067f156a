using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// Reminders of the dates written into a form, and a check-in period chosen in the form: the shipped improvement plan
/// (samples/processes/performance-improvement.json) for 刘洋 (P5), drafted by his manager 张伟 (P4), checked by the HRBP
/// 赵敏 (P7). Its `plan` step reminds both of them 3 days before each result goal's deadline, at 09:00 China time.
/// The clock starts on 1 December 2026, 09:00 China time.
/// </summary>
public class DateReminderTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Hrbp = "P7";
    private const string BaseUrl = "https://formflow.example.com/";

    // 09:00 China time (01:00 UTC) three days before the date: when its reminder is due.
    private static DateTimeOffset ReminderOf(int year, int month, int day) => new DateTimeOffset(year, month, day, 1, 0, 0, TimeSpan.Zero).AddDays(-3);

    [SetUp]
    public Task PublishProcess() => PublishSample("performance-improvement");

    [Test]
    public async Task The_employee_and_the_manager_are_reminded_three_days_before_each_goal_deadline_at_nine_in_the_morning()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2027-01-20", "2027-02-10")));

        await AdvanceTo(ReminderOf(2027, 1, 20).AddMinutes(-1));
        Assert.That(await DateReminders(), Is.Empty, "not before 09:00 on 17 January");

        await AdvanceTo(ReminderOf(2027, 1, 20));
        Assert.That(await DateReminders(), Is.EquivalentTo(new[]
        {
            (Employee, "/result_goals/0/deadline", "2027-01-20"), (Manager, "/result_goals/0/deadline", "2027-01-20"),
        }));
        var payload = (await Payloads()).First(p => (string?)p["event"] == NoticeEvent.DateReminder);
        Assert.That((string?)payload["item"], Is.EqualTo((string?)Plan("2027-01-20", "2027-02-10")["result_goals"]![0]!["specific"]), "the goal the deadline belongs to");

        await AdvanceTo(ReminderOf(2027, 2, 10));
        Assert.That((await DateReminders()).Select(r => (r.Field, r.Date)).Distinct(), Is.EqualTo(new[]
        {
            ("/result_goals/0/deadline", "2027-01-20"), ("/result_goals/1/deadline", "2027-02-10"),
        }));
        Assert.That(await Journal("date.reminded"), Has.Count.EqualTo(2), "one journal entry per date, naming both people");
    }

    [Test]
    public async Task A_deadline_moved_in_a_revision_is_reminded_at_the_new_date_only_and_an_unchanged_one_once()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2027-01-20", "2027-02-10")));
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp, "第一个目标太赶", []));

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2027-03-01", "2027-02-10")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true }));

        await AdvanceTo(ReminderOf(2027, 2, 10));
        Assert.That(await DateReminders(), Is.EquivalentTo(new[]
        {
            (Employee, "/result_goals/1/deadline", "2027-02-10"), (Manager, "/result_goals/1/deadline", "2027-02-10"),
        }), "the old 20 January is not reminded; 10 February once, however often the plan was written");

        await AdvanceTo(ReminderOf(2027, 3, 1));
        Assert.That((await DateReminders()).Where(r => r.Field == "/result_goals/0/deadline").Select(r => (r.Recipient, r.Date)), Is.EquivalentTo(new[]
        {
            (Employee, "2027-03-01"), (Manager, "2027-03-01"),
        }));
    }

    [Test]
    public async Task A_goal_removed_in_a_revision_is_no_longer_reminded()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2027-01-20", "2027-02-10")));
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp, "目标太多", []));
        var revised = Plan("2027-01-20", "2027-02-10");
        revised["result_goals"]!.AsArray().RemoveAt(1);

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, revised));
        await AdvanceTo(ReminderOf(2027, 2, 10).AddDays(1));

        Assert.That((await DateReminders()).Select(r => r.Date).Distinct(), Is.EqualTo(new[] { "2027-01-20" }));
        Assert.That(await Pending(), Is.Empty, "nothing is left waiting");
    }

    [Test]
    public async Task A_date_already_past_or_too_close_when_written_schedules_nothing()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");

        // 30 November has passed, and so has its overdue alert a day later; 3 December is less than three days away: its
        // reminder time has passed too, and only its overdue alert on 4 December lies ahead.
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2026-11-30", "2026-12-03")));

        Assert.That(await InTransaction(Db, w => w.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM timers WHERE kind = 'date-reminder'", transaction: w.Transaction)), Is.EqualTo(1));
        Assert.That((await Pending()).Select(p => p.DueAt), Is.EqualTo(new[] { new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero) }));
    }

    [Test]
    public async Task A_cancelled_plan_reminds_of_nothing()
    {
        var instance = await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2027-01-20", "2027-02-10")));
        Assert.That(await Pending(instance.Id), Has.Count.EqualTo(4), "a reminder and an overdue alert per goal before the cancellation");

        Assert.That(await Runtime.CancelAsync(instance.Id, "P6"), Is.True);
        await AdvanceTo(ReminderOf(2027, 2, 10).AddDays(1));

        Assert.That(await DateReminders(), Is.Empty);
        Assert.That((await Payloads()).Where(p => (string?)p["event"] == NoticeEvent.ActionOverdue), Is.Empty);
    }

    [Test]
    public async Task The_reminder_reads_the_goal_and_its_date_in_the_recipients_language()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        var plan = Plan("2027-01-20", "2027-02-10");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, plan));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));
        await AdvanceTo(ReminderOf(2027, 1, 20));
        var message = (await InTransaction(Db, async w => (await OutboxStore.ForInstanceAsync(w, (await w.Connection.QuerySingleAsync<string>("SELECT id FROM process_instances", transaction: w.Transaction))))))
            .First(m => m.Recipient == Manager && m.Payload.Contains(NoticeEvent.DateReminder, StringComparison.Ordinal));

        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, message, Manager, BaseUrl));
        var english = await InTransaction(Db, w => NotificationModel.BuildAsync(w, message, Manager, BaseUrl, "en"));

        var goal = (string)plan["result_goals"]![0]!["specific"]!;
        Assert.That(mail.Subject, Does.Contain("结果目标 › 完成期限 2027年1月20日"));
        Assert.That(mail.Body, Does.Contain(goal).And.Contain("刘洋"));
        Assert.That((english.ReminderField, english.ReminderDate, english.ReminderItem), Is.EqualTo(("Result goals › Deadline", "20 Jan 2027", goal)));
    }

    [Test]
    public async Task The_employee_reminded_while_the_HRBP_still_checks_the_plan_reads_neither_the_date_nor_the_goal()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Plan("2026-12-10", "2027-02-10")));
        await AdvanceTo(ReminderOf(2026, 12, 10));
        var messages = await InTransaction(Db, async w => (await OutboxStore.ForInstanceAsync(w, await w.Connection.QuerySingleAsync<string>("SELECT id FROM process_instances", transaction: w.Transaction)))
            .Where(m => m.Payload.Contains(NoticeEvent.DateReminder, StringComparison.Ordinal)).ToList());

        var employees = await InTransaction(Db, w => NotificationModel.BuildAsync(w, messages.Single(m => m.Recipient == Employee), Employee, BaseUrl, "en"));
        var managers = await InTransaction(Db, w => NotificationModel.BuildAsync(w, messages.Single(m => m.Recipient == Manager), Manager, BaseUrl, "en"));

        Assert.That((employees.ReminderField, employees.ReminderDate, employees.ReminderItem), Is.EqualTo(("Result goals › Deadline", (string?)null, (string?)null)), "the plan is shown to him from the confirmation on");
        Assert.That(managers.ReminderDate, Is.EqualTo("10 Dec 2026"));
    }

    [Test]
    public async Task Biweekly_checkpoints_open_the_progress_check_ins_every_fourteen_days()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        var plan = Plan("2027-01-20", "2027-02-10");
        plan["checkpoint_frequency"] = "biweekly";
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, plan));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true }));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager, new JsonObject { ["manager_confirmed"] = true }));
        var entered = Clock.GetUtcNow();

        await AdvanceTo(entered.AddDays(14).AddMinutes(-1));
        Assert.That((await Inbox(Employee)).Where(t => t.Step == "follow-up"), Is.Empty);
        await AdvanceTo(entered.AddDays(14));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, Sample("monthly-check-in", "progress")));
        await AdvanceTo(entered.AddDays(28));

        Assert.That((await TaskOf(Employee, "follow-up")).CreatedAt, Is.EqualTo(entered.AddDays(28).ToUnixTimeMilliseconds()), "the second check-in 28 days after the step began");
    }

    // The plan as the manager writes it: the template's example with the two result goals due on the given dates
    // (the example's support dates lie in the past).
    private static JsonObject Plan(string first, string second)
    {
        var plan = Sample("improvement-plan", "background", "results", "behaviors", "support");
        plan["result_goals"]![0]!["deadline"] = first;
        plan["result_goals"]![1]!["deadline"] = second;
        return plan;
    }

    private async Task AdvanceTo(DateTimeOffset at) => await Advance(at - Clock.GetUtcNow());

    private async Task<IReadOnlyList<(string Recipient, string Field, string Date)>> DateReminders() =>
        [.. (await Payloads()).Where(p => (string?)p["event"] == NoticeEvent.DateReminder).Select(p => ((string)p["recipient"]!, (string)p["field"]!, (string)p["date"]!))];

    private async Task<IReadOnlyList<AuditEntry>> Journal(string action)
    {
        var instanceId = await InTransaction(Db, w => w.Connection.QuerySingleAsync<string>("SELECT id FROM process_instances", transaction: w.Transaction));
        return [.. (await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instanceId))).Where(e => e.Action == action)];
    }

    private async Task<IReadOnlyList<PendingTimer>> Pending(string? instanceId = null)
    {
        instanceId ??= await InTransaction(Db, w => w.Connection.QuerySingleAsync<string>("SELECT id FROM process_instances", transaction: w.Transaction));
        var schedule = await Instances.ScheduleAsync(instanceId, "P6");
        return [.. schedule!.Pending.Where(p => p.Kind == "date-reminder")];
    }
}
