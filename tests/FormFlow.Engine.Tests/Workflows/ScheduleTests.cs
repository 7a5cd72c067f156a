using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// What an instance's schedule holds, read through <see cref="InstanceDesk.ScheduleAsync"/> as the host reads it: the
/// shipped annual review of 刘洋 (P5), whose manager is 张伟 (P4), launched in a cycle on the fake clock (the
/// self-review is due 14 days after the start, reminded 2 days before, its superior copied when it is overdue); and
/// the shipped 360 round, whose answers are anonymous.
/// </summary>
public class ScheduleTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Stranger = "P3";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
        await PublishSample("feedback-360");
    }

    [Test]
    public async Task A_launched_review_shows_the_self_reviews_reminder_and_escalation_pending_for_the_employee()
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(60));

        var schedule = (await Desk.ScheduleAsync(instance.Id, Employee))!;

        Assert.That(
            schedule.Pending.Select(p => (p.Kind, p.Action, p.Step, p.DueAt, p.For?.Id, p.For?.Name.ZhCn)),
            Is.EqualTo(new[]
            {
                ("reminder", (string?)null, "self-review", CycleStart.AddDays(12), (string?)Employee, (string?)"刘洋"),
                ("escalation", "copy-superior", "self-review", CycleStart.AddDays(14), Employee, "刘洋"),
            }));
        Assert.That(schedule.Pending[0].StepTitle.En, Is.EqualTo("Self-review"));
    }

    [Test]
    public async Task Whoever_may_read_the_instance_sees_the_same_pending_timers_and_a_stranger_sees_nothing()
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(60));

        var employee = (await Desk.ScheduleAsync(instance.Id, Employee))!;
        var manager = (await Desk.ScheduleAsync(instance.Id, Manager))!;

        Assert.Multiple(async () =>
        {
            Assert.That(manager.Pending, Is.EqualTo(employee.Pending));
            Assert.That(await Desk.ScheduleAsync(instance.Id, Stranger), Is.Null);
            Assert.That(await Desk.ScheduleAsync("no-such-instance", Employee), Is.Null);
        });
    }

    [Test]
    public async Task Past_their_due_times_the_reminder_and_the_overdue_notice_show_as_notices_to_the_right_people()
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(60));

        await Advance(TimeSpan.FromDays(14).Add(TimeSpan.FromMinutes(1)));

        var employee = (await Desk.ScheduleAsync(instance.Id, Employee))!;
        var manager = (await Desk.ScheduleAsync(instance.Id, Manager))!;
        Assert.Multiple(() =>
        {
            Assert.That(employee.Pending, Is.Empty, "both fired");
            Assert.That(employee.Notices.Select(n => (n.Event, n.Copy, n.Status)), Is.EquivalentTo(new[]
            {
                ("cycle.launched", false, "pending"), ("task.reminder", false, "pending"), ("task.overdue", false, "pending"),
            }));
            Assert.That(manager.Notices.Select(n => (n.Event, n.Copy, n.Step)), Is.EqualTo(new[] { ("task.overdue", true, (string?)"self-review") }), "the superior's copy, not the employee's reminder");
            Assert.That(manager.Notices[0].Id, Is.EqualTo(employee.Notices.Single(n => n.Event == "task.overdue").Id), "one message, seen by each as theirs");
            Assert.That(employee.Notices.Single(n => n.Event == "task.reminder").QueuedAt, Is.EqualTo(CycleStart.AddDays(14).AddMinutes(1)), "queued when the sweep fired it");
            Assert.That(employee.Notices.Select(n => n.Channels), Has.All.Empty, "nothing delivered yet");
        });
    }

    [Test]
    public async Task A_submitted_task_leaves_no_pending_reminder_or_escalation()
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(60));

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));

        var schedule = (await Desk.ScheduleAsync(instance.Id, Employee))!;
        Assert.That(schedule.Pending.Select(p => p.Step), Has.None.EqualTo("self-review"));
        Assert.That(schedule.Pending.Select(p => (p.Step, p.For?.Id)), Does.Contain(("prepare", (string?)Manager)), "the manager's preparation is scheduled now");
    }

    [Test]
    public async Task The_monthly_check_in_shows_as_pending_for_the_person_who_will_hold_it()
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(60));
        await AnnualReviewToCheckIns(Employee, Manager);

        var schedule = (await Desk.ScheduleAsync(instance.Id, Manager))!;

        Assert.That(schedule.Pending.Select(p => (p.Kind, p.Step, p.DueAt, p.For?.Id)), Does.Contain(("check-in", "check-ins", CycleStart.AddMonths(1), (string?)Employee)));
    }

    [Test]
    public async Task Timers_at_an_anonymous_step_name_nobody_and_a_reviewer_sees_only_their_own_notices()
    {
        var instance = await Nominate360();

        var subject = (await Desk.ScheduleAsync(instance, Employee))!;
        var collect = subject.Pending.Where(p => p.Step == "collect").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(collect.Select(p => (p.Kind, p.Action, p.For)), Is.EquivalentTo(new[]
            {
                ("reminder", (string?)null, (PersonName?)null), ("reminder", null, null), ("reminder", null, null),
                ("escalation", "notify-assignee", null), ("escalation", "notify-assignee", null), ("escalation", "notify-assignee", null),
            }));
            var text = JsonSerializer.Serialize(subject);
            foreach (var reviewer in new[] { "P3", "P2", "P7" })
            {
                Assert.That(text, Does.Not.Contain($"\"{reviewer}\""), "no reviewer is named to the subject");
            }
        });

        await Advance(TimeSpan.FromDays(10).Add(TimeSpan.FromMinutes(1)));
        var reviewer = (await Desk.ScheduleAsync(instance, "P3"))!;
        Assert.That(reviewer.Notices.Select(n => (n.Event, n.Copy)), Is.EquivalentTo(new[] { ("task.assigned", false), ("task.reminder", false), ("task.overdue", false) }), "their own, none of the other reviewers'");
    }

    private InstanceDesk Desk => new(Db, Clock);

    private async Task<string> Nominate360()
    {
        var instance = await Runtime.StartAsync("feedback-360", Employee, "P6");
        var nomination = new JsonObject
        {
            ["reviewers"] = new JsonArray(Reviewer("P3", "peer"), Reviewer("P2", "manager"), Reviewer("P7", "cross-team")),
            ["focus_questions"] = new JsonArray("我的方案讲得清楚吗？"),
        };
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "nominate")).Id, Employee, nomination));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "approve-reviewers")).Id, Manager, nomination));
        return instance.Id;
    }

    private static JsonObject Reviewer(string id, string relationship) => new() { ["person_id"] = id, ["relationship"] = relationship };
}
