using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The shipped feedback log (samples/processes/feedback-log.json) about 刘洋 (P5): his manager 张伟 (P4) logs the
/// entry within 24 hours, is nudged at 20 hours, and 张伟's superior 李雷 (P2) is copied at 24 hours. 刘洋 reads an
/// entry 张伟 marks visible to him (visibleToSubject) and sees nothing at all of the others.
/// </summary>
public class FeedbackLogTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string ManagersSuperior = "P2";

    [SetUp]
    public Task PublishProcess() => PublishSample("feedback-log");

    [Test]
    public async Task The_manager_logs_the_entry_within_24_hours_and_the_log_is_complete()
    {
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);
        var log = await TaskOf(Manager, "log");
        Assert.That(log.DueAt, Is.EqualTo(CycleStart.AddHours(24).ToUnixTimeMilliseconds()));

        var entry = Sample("feedback-log", "entry");
        Succeeded(await Runtime.SubmitAsync(log.Id, Manager, entry));

        var finished = await Instance(instance.Id);
        Assert.That(finished.Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(JsonNode.DeepEquals(InstanceState.Parse(finished.State).Forms["entry"], entry), Is.True);
    }

    [Test]
    public async Task The_manager_is_nudged_20_hours_after_the_start_and_the_superior_is_copied_at_24_hours()
    {
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);

        await Advance(TimeSpan.FromHours(20) - TimeSpan.FromMinutes(1));
        Assert.That(await Messages(), Is.EqualTo(new[] { new Notified(NoticeEvent.Assigned, Manager, [], "log") }).Using<Notified>(Same));

        await Advance(TimeSpan.FromMinutes(1));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Reminder, Manager, [], "log")).Using<Notified>(Same));

        await Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1));
        Assert.That(await Messages(), Has.Count.EqualTo(2), "nothing more before the due time");

        await Advance(TimeSpan.FromMinutes(1));
        Assert.That(await Messages(), Is.EqualTo(new[]
        {
            new Notified(NoticeEvent.Assigned, Manager, [], "log"),
            new Notified(NoticeEvent.Reminder, Manager, [], "log"),
            new Notified(NoticeEvent.Overdue, Manager, [ManagersSuperior], "log"),
        }).Using<Notified>(Same));
        var timeline = (await Instances.TimelineAsync(instance.Id, Manager))!;
        Assert.That(timeline.Where(e => e.ActorKind == "system").Select(e => e.Action), Is.EqualTo(new[] { "task.reminded", "task.overdue" }));
        Assert.That(await Inbox(ManagersSuperior), Is.Empty, "the superior is copied, not handed the task");
        Assert.That((await TaskOf(Manager, "log")).Step, Is.EqualTo("log"));
    }

    [Test]
    public async Task An_entry_logged_in_time_sends_neither_nudge_nor_overdue_notice()
    {
        await Runtime.StartAsync("feedback-log", Employee, Manager);
        await Advance(TimeSpan.FromHours(10));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, Sample("feedback-log", "entry")));

        await Advance(TimeSpan.FromDays(2));

        Assert.That(await Messages(), Is.EqualTo(new[] { new Notified(NoticeEvent.Assigned, Manager, [], "log") }).Using<Notified>(Same));
    }

    [Test]
    public async Task An_improvement_entry_needs_a_suggestion()
    {
        await Runtime.StartAsync("feedback-log", Employee, Manager);
        var entry = Sample("feedback-log", "entry");
        entry["kind"] = "improvement";
        entry.Remove("suggestion");

        var result = await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry);

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Invalid));
        Assert.That(result.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/suggestion", "required") }));
    }

    [Test]
    public async Task Feedback_about_someone_without_a_manager_goes_to_their_HRBP_and_the_journal_says_so()
    {
        const string Ceo = "P1";
        const string Hrbp = "P6";
        var instance = await Runtime.StartAsync("feedback-log", Ceo, Hrbp);

        Assert.That((await TaskOf(Hrbp, "log")).Step, Is.EqualTo("log"));
        var journal = await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instance.Id));
        var fallback = journal.Single(e => e.Action == "assignee.fallback");
        var detail = JsonNode.Parse(fallback.AfterJson!)!;
        Assert.That(((string?)detail["wanted"], (string?)detail["assignee"]), Is.EqualTo(("manager", Hrbp)));
    }

    [Test]
    public async Task A_nudge_after_the_start_goes_out_even_when_the_step_has_no_due_time()
    {
        var undated = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "feedback-log.json")))!;
        undated["steps"]!["log"]!.AsObject().Remove("due");
        undated["steps"]!["log"]!.AsObject().Remove("escalation");
        await Publish(undated.ToJsonString());
        await Runtime.StartAsync("feedback-log", Employee, Manager);

        await Advance(TimeSpan.FromHours(20));

        Assert.That(await Messages(), Is.EqualTo(new[]
        {
            new Notified(NoticeEvent.Assigned, Manager, [], "log"),
            new Notified(NoticeEvent.Reminder, Manager, [], "log"),
        }).Using<Notified>(Same));
    }

    [Test]
    public async Task A_shared_entry_is_in_the_employees_instance_view_and_timeline_with_its_texts_and_the_manager_sees_it_too()
    {
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);
        var entry = Sample("feedback-log", "entry");
        entry["visible_to_employee"] = true;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));

        var employees = await Instances.InstanceAsync(instance.Id, Employee);
        var timeline = await Instances.TimelineAsync(instance.Id, Employee);

        Assert.That(JsonNode.DeepEquals(employees?.Forms["entry"], entry), Is.True, "the whole entry: behaviour, effect, suggestion, thanks");
        Assert.That(timeline?.Select(e => (e.Actor?.Id, e.Action)), Does.Contain(((string?)Manager, "task.submitted")));
        Assert.That(JsonNode.DeepEquals((await Instances.InstanceAsync(instance.Id, Manager))?.Forms["entry"], entry), Is.True);
        Assert.That(await Inbox(Employee), Is.Empty, "shared to read, not to act on");
    }

    [Test]
    public async Task A_private_entry_shows_the_employee_nothing_not_even_that_it_exists_while_the_manager_sees_all_of_it()
    {
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);
        Assert.That((await Instances.InstanceAsync(instance.Id, Employee), await Instances.TimelineAsync(instance.Id, Employee)), Is.EqualTo((default(InstanceDetails), default(IReadOnlyList<TimelineItem>))), "nothing while the manager writes");

        var entry = Sample("feedback-log", "entry");
        entry["visible_to_employee"] = false;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));

        Assert.That(await Instances.InstanceAsync(instance.Id, Employee), Is.Null, "no instance, no id, no form");
        Assert.That(await Instances.TimelineAsync(instance.Id, Employee), Is.Null, "no actor, no moment");
        Assert.That((await Tasks.InboxAsync(Employee, new InboxQuery())).Items, Is.Empty);
        Assert.That(JsonNode.DeepEquals((await Instances.InstanceAsync(instance.Id, Manager))?.Forms["entry"], entry), Is.True);
        Assert.That((await Instances.TimelineAsync(instance.Id, Manager))!.Select(e => e.Action), Does.Contain("task.submitted"));
    }

    [Test]
    public async Task Without_visibleToSubject_the_employee_sees_no_entry_even_one_marked_visible()
    {
        var withoutShare = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "feedback-log.json")))!;
        withoutShare["steps"]!["log"]!.AsObject().Remove("visibleToSubject");
        await Publish(withoutShare.ToJsonString());
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);
        var entry = Sample("feedback-log", "entry");
        entry["visible_to_employee"] = true;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));

        Assert.That((await Instances.InstanceAsync(instance.Id, Employee), await Instances.TimelineAsync(instance.Id, Employee)), Is.EqualTo((default(InstanceDetails), default(IReadOnlyList<TimelineItem>))), "the process, not the field, says what the employee reads");
    }

    private static bool Same(Notified a, Notified b) => a.Event == b.Event && a.Recipient == b.Recipient && a.Cc.SequenceEqual(b.Cc) && a.Step == b.Step;
}
