using Dapper;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// Launching cycles of the shipped annual review over the small organisation: D1 R&amp;D holds P2 and P3, its
/// sub-department D2 Platform holds P4 and P5; D0 HQ (P1) and D9 HR (P6, P7) are outside D1.
/// </summary>
public class LaunchTests(string kind) : CycleTest(kind)
{
    private static readonly string[] RnD = ["P2", "P3", "P4", "P5"];

    [Test]
    public async Task Launching_a_department_subtree_starts_one_instance_per_person_with_their_first_task()
    {
        var result = await Launch(Population.Department("D1"));

        Assert.That((result.Created, result.Started, result.AlreadyInCycle, result.NotStarted.Count), Is.EqualTo((true, 4, 0, 0)));
        Assert.That((result.Cycle.ProcessKey, result.Cycle.ProcessVersion, result.Cycle.Status), Is.EqualTo(("annual-review", 1, CycleStatus.Open)));
        var instances = await InstancesOf(CycleId);
        Assert.That(instances.Select(i => i.SubjectId), Is.EquivalentTo(RnD));
        Assert.That(instances.Select(i => (i.ProcessKey, i.ProcessVersion, i.Status)).Distinct(), Is.EqualTo(new[] { ("annual-review", 1, InstanceStatus.Running) }));
        foreach (var person in RnD)
        {
            var task = await TaskOf(person, "self-review");
            Assert.That(instances.Single(i => i.Id == task.InstanceId).SubjectId, Is.EqualTo(person));
            Assert.That(task.DueAt, Is.EqualTo(At(14)), "the self-review is due 14 days after the cycle starts");
            Assert.That(await TimersOf(task.Id), Is.EqualTo(new[] { (TimerKind.Reminder, At(12)), (TimerKind.Escalation, At(14)) }));
        }

        Assert.That(await Inbox("P1"), Is.Empty);
        Assert.That(await Inbox("P6"), Is.Empty);
        Assert.That(await Inbox("P7"), Is.Empty);
        Assert.That((await Messages()).Select(m => (m.Event, m.Recipient)), Is.EquivalentTo(RnD.Select(p => (NoticeEvent.CycleLaunched, p))), "one mail each: the cycle and the first task, no separate assignment");
        Assert.That(await Rows("cycle_members"), Is.EqualTo(4));
        var journal = await Journal("cycle", CycleId);
        Assert.That(journal.Select(e => (e.Action, e.Actor)), Is.EqualTo(new[] { ("cycle.launched", "P6") }));
        Assert.That(journal[0].AfterJson, Does.Contain("\"started\":4"));
    }

    [Test]
    public async Task Launching_with_a_role_starts_only_the_people_of_the_subtree_who_have_it()
    {
        var result = await Launch(Population.Department("D0", "manager"));

        Assert.That(result.Started, Is.EqualTo(4));
        Assert.That((await InstancesOf(CycleId)).Select(i => i.SubjectId), Is.EquivalentTo(new[] { "P1", "P2", "P4", "P6" }));
    }

    [Test]
    public async Task Launching_with_levels_starts_only_the_people_of_the_subtree_at_those_levels()
    {
        var result = await Launch(Population.Department("D0") with { Levels = ["P6", "M1"] });

        Assert.That(result.Started, Is.EqualTo(2));
        Assert.That((await InstancesOf(CycleId)).Select(i => i.SubjectId), Is.EquivalentTo(new[] { "P4", "P5" }));
    }

    [Test]
    public async Task Launching_the_same_cycle_twice_does_not_double_anything()
    {
        await Launch(Population.Department("D1"));
        var tables = new[] { "cycles", "cycle_members", "process_instances", "tasks", "timers", "outbox", "audit_log" };
        var before = new List<long>();
        foreach (var table in tables)
        {
            before.Add(await Rows(table));
        }

        var again = await Launch(Population.Department("D1"));

        Assert.That((again.Created, again.Started, again.AlreadyInCycle, again.NotStarted.Count), Is.EqualTo((false, 0, 4, 0)));
        Assert.That(again.Summary.En, Is.EqualTo("Started 0; 4 already in the cycle, not started again; 0 could not be started"));
        var after = new List<long>();
        foreach (var table in tables)
        {
            after.Add(await Rows(table));
        }

        Assert.That(after, Is.EqualTo(before));
        Assert.That(before, Is.EqualTo(new long[] { 1, 4, 4, 4, 8, 4, 5 }), "one cycle; per person a member, an instance, a task, two timers, a message; the journal: 4 instances started and the launch");
    }

    [Test]
    public async Task A_second_launch_with_a_bigger_population_adds_only_the_new_people()
    {
        await Launch(Population.People("P3", "P5"));
        var first = await TaskOf("P3", "self-review");

        var second = await Launch(Population.Department("D0"));

        Assert.That((second.Created, second.Started, second.AlreadyInCycle), Is.EqualTo((false, 5, 2)));
        Assert.That(second.Summary.ZhCn, Is.EqualTo("已启动 5 人；2 人已在周期中，未重复启动；0 人未能启动"));
        var instances = await InstancesOf(CycleId);
        Assert.That(instances.Select(i => i.SubjectId), Is.EquivalentTo(new[] { "P1", "P2", "P3", "P4", "P5", "P6", "P7" }));
        Assert.That((await TaskOf("P3", "self-review")).Id, Is.EqualTo(first.Id));
        Assert.That((await Journal("cycle", CycleId)).Select(e => e.Action), Is.EqualTo(new[] { "cycle.launched", "cycle.launched" }));
    }

    [Test]
    public async Task The_newest_published_version_is_pinned_when_the_cycle_is_first_launched()
    {
        await PublishSample("next-period-goals");
        await PublishSample("annual-review");
        await Launch(Population.People("P3"));
        await PublishSample("next-period-goals");
        await PublishSample("annual-review");

        var second = await Launch(Population.People("P5"));

        Assert.That(second.Cycle.ProcessVersion, Is.EqualTo(2));
        Assert.That((await InstancesOf(CycleId)).Select(i => (i.SubjectId, i.ProcessVersion)), Is.EquivalentTo(new[] { ("P3", 2), ("P5", 2) }));
    }

    [Test]
    public async Task A_person_not_in_the_organisation_is_reported_and_the_others_start()
    {
        var result = await Launch(Population.People("P3", "X9", "P5", "P3"));

        Assert.That((result.Started, result.AlreadyInCycle), Is.EqualTo((2, 0)));
        Assert.That(result.NotStarted.Select(n => (n.PersonId, n.Code)), Is.EqualTo(new[] { ("X9", "cycle.unknown-person") }));
        Assert.That(result.NotStarted[0].Reason.En, Is.EqualTo("There is no person \"X9\" in the organisation"));
        Assert.That(result.NotStarted[0].Reason.ZhCn, Is.EqualTo("组织架构中没有工号为「X9」的人"));
        Assert.That((await InstancesOf(CycleId)).Select(i => i.SubjectId), Is.EquivalentTo(new[] { "P3", "P5" }));
    }

    [Test]
    public async Task A_list_of_which_nobody_is_in_the_organisation_is_refused_and_no_cycle_is_created()
    {
        var refused = Assert.ThrowsAsync<CycleRequestException>(() => Launch(Population.People("X8", "X9")));

        Assert.That(refused!.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/population/personIds", "cycle.no-known-person") }));
        Assert.That(refused.Problems[0].Message.En, Is.EqualTo("Nobody on the list is in the organisation: X8, X9"));
        Assert.That(await InTransaction(Db, w => CycleStore.FindAsync(w, CycleId)), Is.Null);
    }

    [Test]
    public async Task A_person_nobody_can_serve_is_reported_and_the_others_start()
    {
        // The CEO has no manager; with no HRBP anywhere and no administrator, nobody can draft the CEO's plan.
        await InTransaction(Db, w => w.Connection.ExecuteAsync("UPDATE people SET roles = 'manager' WHERE id = 'P1'; UPDATE departments SET hrbp_id = NULL;", transaction: w.Transaction));

        var result = await Launch(Population.People("P1", "P3"), "performance-improvement");

        Assert.That(result.Started, Is.EqualTo(1));
        Assert.That(result.NotStarted.Select(n => (n.PersonId, n.Code)), Is.EqualTo(new[] { ("P1", "cycle.unassignable") }));
        Assert.That(result.NotStarted[0].Reason.En, Does.Contain("\"manager\" names nobody"));
        Assert.That((await InstancesOf(CycleId)).Select(i => i.SubjectId), Is.EqualTo(new[] { "P3" }));
        Assert.That((await TaskOf("P2", "plan")).DueAt, Is.EqualTo(At(7)));
        Assert.That((await Messages()).Select(m => (m.Event, m.Recipient)), Is.EqualTo(new[] { (NoticeEvent.CycleLaunched, "P2") }));
    }

    [Test]
    public async Task An_unknown_process_or_a_window_that_ends_before_it_starts_is_refused_naming_the_field()
    {
        var unknown = Request(Population.Department("D1"), "no-such-process");
        var reversed = Request(Population.Department("D1")) with { EndsAt = CycleStart.AddDays(-1) };

        Assert.That(await Refused(() => CycleLauncher.LaunchAsync(Db, Clock, unknown)), Is.EqualTo(new[] { ("/processKey", "cycle.unknown-process") }));
        Assert.That(await Refused(() => CycleLauncher.LaunchAsync(Db, Clock, reversed)), Is.EqualTo(new[] { ("/endsAt", "cycle.window-reversed") }));
        Assert.That(await Rows("cycles") + await Rows("process_instances"), Is.Zero);
    }

    [Test]
    public async Task An_unknown_department_or_role_is_refused_naming_the_field()
    {
        Assert.That(await Refused(() => Launch(Population.Department("D7"))), Is.EqualTo(new[] { ("/population/departmentId", "cycle.unknown-department") }));
        Assert.That(await Refused(() => Launch(Population.Department("D1", "manager", "boss"))), Is.EqualTo(new[] { ("/population/roles/1", "cycle.unknown-role") }));
        Assert.That(await Refused(() => Launch(Population.People())), Is.EqualTo(new[] { ("/population/personIds", "cycle.population-empty") }));
        Assert.That(await Rows("cycles"), Is.Zero);
    }

    [Test]
    public async Task Launching_an_existing_cycle_with_another_process_is_refused()
    {
        await Launch(Population.People("P3"));

        Assert.That(await Refused(() => Launch(Population.People("P5"), "performance-improvement")), Is.EqualTo(new[] { ("/processKey", "cycle.other-process") }));
        Assert.That((await InstancesOf(CycleId)).Select(i => i.SubjectId), Is.EqualTo(new[] { "P3" }));
    }
}
