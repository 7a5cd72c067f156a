using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Cycles;

/// <summary>Extending, cancelling and closing a launched cycle of the shipped annual review.</summary>
public class CycleCommandTests(string kind) : CycleTest(kind)
{
    [Test]
    public async Task Extending_a_cycle_moves_open_due_dates_and_their_reminders()
    {
        // D2: P5 reports to P4. Once P5's self-review is in, P4 has two open tasks: their own self-review (due on day
        // 14) and P5's interview preparation (due on day 7); P5's submitted self-review is done and stays as it was.
        await Launch(Population.Department("D2"));
        var done = await TaskOf("P5", "self-review");
        Succeeded(await Runtime.SubmitAsync(done.Id, "P5", Sample("self-review", "basics", "results", "reflection", "overall")));
        var own = await TaskOf("P4", "self-review");
        var prepare = await TaskOf("P4", "prepare");

        var result = await CycleCommands.ExtendAsync(Db, Clock, CycleId, CycleEnd.AddDays(7), "P6");

        Assert.That((result.Shift, result.TasksMoved, result.TimersMoved), Is.EqualTo((TimeSpan.FromDays(7), 2, 4)));
        Assert.That((await Cycle()).EndsAt, Is.EqualTo(At(67)));
        Assert.That((await TaskById(own.Id)).DueAt, Is.EqualTo(At(21)));
        Assert.That((await TaskById(prepare.Id)).DueAt, Is.EqualTo(At(14)));
        Assert.That((await TaskById(done.Id)).DueAt, Is.EqualTo(At(14)));
        Assert.That(await TimersOf(own.Id), Is.EqualTo(new[] { (TimerKind.Reminder, At(19)), (TimerKind.Escalation, At(21)) }));
        Assert.That(await TimersOf(prepare.Id), Is.EqualTo(new[] { (TimerKind.Reminder, At(12)), (TimerKind.Escalation, At(14)) }));
        Assert.That(await TimersOf(done.Id), Is.EqualTo(new[] { (TimerKind.Reminder, At(12)), (TimerKind.Escalation, At(14)) }));

        await Advance(TimeSpan.FromDays(12).Add(TimeSpan.FromMinutes(1)));
        Assert.That(await Reminders(), Is.EqualTo(new[] { ("P4", "prepare") }), "on day 12 only the preparation is two days from due");
        await Advance(TimeSpan.FromDays(7));
        Assert.That(await Reminders(), Is.EqualTo(new[] { ("P4", "prepare"), ("P4", "self-review") }), "the self-review reminder moved to day 19");

        var journal = await Journal("cycle", CycleId);
        Assert.That(journal.Select(e => e.Action), Is.EqualTo(new[] { "cycle.launched", "cycle.extended" }));
        Assert.That(journal[1].BeforeJson, Does.Contain($"\"endsAt\":{At(60)}"));
        Assert.That(journal[1].AfterJson, Does.Contain($"\"endsAt\":{At(67)}").And.Contain("\"tasks\":2").And.Contain("\"timers\":4"));
    }

    [Test]
    public async Task Extending_to_an_end_that_is_not_later_is_refused_and_moves_nothing()
    {
        await Launch(Population.People("P3"));

        Assert.That(await Refused(() => CycleCommands.ExtendAsync(Db, Clock, CycleId, CycleEnd, "P6")), Is.EqualTo(new[] { ("/endsAt", "cycle.not-later") }));
        Assert.That(await Refused(() => CycleCommands.ExtendAsync(Db, Clock, "no-such-cycle", CycleEnd.AddDays(1), "P6")), Is.EqualTo(new[] { ("/cycleId", "cycle.not-found") }));
        Assert.That((await TaskOf("P3", "self-review")).DueAt, Is.EqualTo(At(14)));
        Assert.That((await Cycle()).EndsAt, Is.EqualTo(At(60)));
    }

    [Test]
    public async Task Cancelling_a_cycle_cancels_its_instances_and_their_open_tasks()
    {
        await Launch(Population.Department("D1"));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P3", "self-review")).Id, "P3", Sample("self-review", "basics", "results", "reflection", "overall")));
        var outside = await Runtime.StartAsync("annual-review", "P7", "P6");
        var p2 = await TaskOf("P2", "self-review");

        var result = await CycleCommands.CancelAsync(Db, Clock, CycleId, "P6");

        Assert.That((result.Cycle.Status, result.InstancesCancelled, result.TasksCancelled), Is.EqualTo((CycleStatus.Cancelled, 4, 4)));
        Assert.That((await Cycle()).Status, Is.EqualTo(CycleStatus.Cancelled));
        var instances = await InstancesOf(CycleId);
        Assert.That(instances.Select(i => i.Status), Is.EqualTo(Enumerable.Repeat(InstanceStatus.Cancelled, 4)));
        Assert.That(await TasksOf(CycleId), Is.EquivalentTo(new[]
        {
            ("P2", "self-review", TaskStatuses.Cancelled),
            ("P3", "self-review", TaskStatuses.Submitted),
            ("P2", "prepare", TaskStatuses.Cancelled),
            ("P4", "self-review", TaskStatuses.Cancelled),
            ("P5", "self-review", TaskStatuses.Cancelled),
        }));
        Assert.That((await Instance(outside.Id)).Status, Is.EqualTo(InstanceStatus.Running));
        Assert.That((await Inbox("P7")).Select(t => t.Step), Is.EqualTo(new[] { "self-review" }));
        foreach (var instance in instances)
        {
            Assert.That((await Journal("instance", instance.Id)).Select(e => e.Action).Last(), Is.EqualTo("instance.cancelled"));
        }

        Assert.That((await Journal("cycle", CycleId)).Select(e => e.Action), Is.EqualTo(new[] { "cycle.launched", "cycle.cancelled" }));
        Assert.That((await Runtime.SubmitAsync(p2.Id, "P2", Sample("self-review", "basics", "results", "reflection", "overall"))).Status, Is.EqualTo(CommandStatus.NotApplicable));

        await Advance(TimeSpan.FromDays(20));
        var late = (await Messages()).Where(m => m.Event is NoticeEvent.Reminder or NoticeEvent.Overdue).Select(m => m.Recipient).Distinct();
        Assert.That(late, Is.EqualTo(new[] { "P7" }), "only the instance outside the cycle still reminds and escalates");
        Assert.That(await Refused(() => Launch(Population.People("P1"))), Is.EqualTo(new[] { ("/cycleId", "cycle.not-open") }));
    }

    [Test]
    public async Task Cancelling_a_cancelled_cycle_changes_nothing()
    {
        await Launch(Population.People("P3"));
        await CycleCommands.CancelAsync(Db, Clock, CycleId, "P6");

        var again = await CycleCommands.CancelAsync(Db, Clock, CycleId, "P6");

        Assert.That((again.InstancesCancelled, again.TasksCancelled), Is.EqualTo((0, 0)));
        Assert.That((await Journal("cycle", CycleId)).Select(e => e.Action), Is.EqualTo(new[] { "cycle.launched", "cycle.cancelled" }));
        Assert.That((await Journal("instance", (await InstancesOf(CycleId))[0].Id)).Count(e => e.Action == "instance.cancelled"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_closed_cycle_keeps_its_instances_running_and_takes_no_new_launch()
    {
        await Launch(Population.People("P3"));

        var closed = await CycleCommands.CloseAsync(Db, Clock, CycleId, "P6");

        Assert.That(closed.Status, Is.EqualTo(CycleStatus.Closed));
        Assert.That(await Refused(() => Launch(Population.People("P3", "P5"))), Is.EqualTo(new[] { ("/cycleId", "cycle.not-open") }));
        Assert.That(await Inbox("P5"), Is.Empty);
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P3", "self-review")).Id, "P3", Sample("self-review", "basics", "results", "reflection", "overall")));
        Assert.That((await TaskOf("P2", "prepare")).Step, Is.EqualTo("prepare"));
        Assert.That((await Journal("cycle", CycleId)).Select(e => (e.Action, e.Actor)), Is.EqualTo(new[] { ("cycle.launched", "P6"), ("cycle.closed", "P6") }));
    }

    // Every reminder sent so far as (recipient, step), oldest first.
    private async Task<IReadOnlyList<(string, string?)>> Reminders() =>
        [.. (await Messages()).Where(m => m.Event == NoticeEvent.Reminder).Select(m => (m.Recipient, m.Step))];
}
