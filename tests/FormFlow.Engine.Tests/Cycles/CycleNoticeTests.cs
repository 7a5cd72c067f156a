using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// What a cycle tells people by itself: that it was launched (with each person's first task) and, a few days
/// before it ends, that it closes soon (to everyone who still has an open task in it).
/// </summary>
public class CycleNoticeTests(string kind) : CycleTest(kind)
{
    private static readonly string[] RnD = ["P2", "P3", "P4", "P5"];
    private static readonly TimeSpan Lead = ClosingSoonNotices.DefaultLead;

    [Test]
    public async Task Launching_a_cycle_tells_each_person_its_name_end_and_their_first_task_in_one_mail()
    {
        await Launch(Population.Department("D1"));

        var launched = await OutboxOf(NoticeEvent.CycleLaunched);
        Assert.That(launched.Select(m => m.Recipient), Is.EquivalentTo(RnD));
        Assert.That(await OutboxOf(NoticeEvent.Assigned), Is.Empty, "no separate assignment mail for the first task");
        var task = await TaskOf("P5", "self-review");
        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, launched.Single(m => m.Recipient == "P5"), "P5", "https://formflow.example.com"));
        Assert.That(mail.Subject, Is.EqualTo("【周期启动】2026 年度绩效评估"));
        Assert.That(mail.Body, Does.Contain("2026 年度绩效评估已启动，将于 2027年1月30日 09:00 结束")
            .And.Contain($"https://formflow.example.com/tasks/{task.Id}")
            .And.Contain("截止时间：2026年12月15日 09:00"));
    }

    [Test]
    public async Task A_person_started_later_in_an_open_cycle_is_told_too()
    {
        await Launch(Population.People(["P5"]));
        Assert.That((await OutboxOf(NoticeEvent.CycleLaunched)).Select(m => m.Recipient), Is.EqualTo(new[] { "P5" }));
        await Launch(Population.People(["P5", "P3"]));

        Assert.That((await OutboxOf(NoticeEvent.CycleLaunched)).Select(m => m.Recipient), Is.EquivalentTo(new[] { "P5", "P3" }), "P5 once, P3 on joining");
    }

    [Test]
    public async Task Everyone_with_an_open_task_is_told_once_that_the_cycle_closes_soon()
    {
        await Launch(Population.Department("D1"));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P3", "self-review")).Id, "P3", Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P3", "record")).Id, "P3", Sample("interview-record", "went-well", "to-improve", "plan")));
        await Advance(CycleEnd - Lead - Clock.GetUtcNow() - TimeSpan.FromMinutes(1));

        Assert.That(await ClosingSoon(), Is.Zero, "a minute before the lead time nothing is due");
        await Advance(TimeSpan.FromMinutes(1));
        Assert.That(await ClosingSoon(), Is.EqualTo(3));
        Assert.That(await ClosingSoon(), Is.Zero, "a second sweep queues nothing again");

        // P3 has done their part and waits for P2's approval; P2 has their own self-review and P3's record open.
        var notices = await OutboxOf(NoticeEvent.CycleClosingSoon);
        Assert.That(notices.Select(m => m.Recipient), Is.EquivalentTo(new[] { "P2", "P4", "P5" }));
        Assert.That(notices.Where(m => m.Recipient != "P2").Select(m => (string?)JsonNode.Parse(m.Payload)!["step"]), Is.EqualTo(new[] { "self-review", "self-review" }));
        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, notices.Single(m => m.Recipient == "P5"), "P5", "https://formflow.example.com"));
        Assert.That(mail.Subject, Is.EqualTo("【即将结束】2026 年度绩效评估将于 2027年1月30日 09:00 结束"));
        Assert.That(mail.Body, Does.Contain("您还有待办「"));
        Assert.That((await Journal("cycle", CycleId)).Select(e => e.Action), Is.EqualTo(new[] { "cycle.launched", "cycle.closing-soon" }));
    }

    [Test]
    public async Task An_extended_cycle_is_announced_again_before_its_new_end()
    {
        await Launch(Population.Department("D1"));
        await Advance(CycleEnd - Lead - Clock.GetUtcNow());
        Assert.That(await ClosingSoon(), Is.EqualTo(4));

        await CycleCommands.ExtendAsync(Db, Clock, CycleId, CycleEnd.AddDays(14), "P6");
        Assert.That(await ClosingSoon(), Is.Zero, "the new end is more than the lead time away");
        await Advance(TimeSpan.FromDays(14));
        Assert.That(await ClosingSoon(), Is.EqualTo(4));

        Assert.That((await OutboxOf(NoticeEvent.CycleClosingSoon)).Select(m => m.Recipient), Is.EquivalentTo(RnD.Concat(RnD)));
    }

    [Test]
    public async Task A_closed_or_cancelled_cycle_is_not_announced()
    {
        await Launch(Population.Department("D1"));
        await CycleCommands.CloseAsync(Db, Clock, CycleId, "P6");
        await Advance(CycleEnd - Lead - Clock.GetUtcNow());

        Assert.That(await ClosingSoon(), Is.Zero);
        Assert.That(await OutboxOf(NoticeEvent.CycleClosingSoon), Is.Empty);
    }

    [Test]
    public async Task Two_nodes_sweeping_at_once_queue_each_notice_once()
    {
        await Launch(Population.Department("D1"));
        await Advance(CycleEnd - Lead - Clock.GetUtcNow());

        var sent = await Task.WhenAll(ClosingSoon(), ClosingSoon());

        Assert.That(sent.Sum(), Is.EqualTo(4));
        Assert.That((await OutboxOf(NoticeEvent.CycleClosingSoon)).Select(m => m.Recipient), Is.EquivalentTo(RnD));
    }

    private async Task<int> ClosingSoon() => await ClosingSoonNotices.SendAsync(Db, Clock, Lead);

    private Task<IReadOnlyList<OutboxMessage>> OutboxOf(string @event) => InTransaction(Db, async w =>
    {
        var ids = await w.Connection.QueryAsync<string>("SELECT id FROM outbox ORDER BY created_at, id", transaction: w.Transaction);
        var messages = new List<OutboxMessage>();
        foreach (var id in ids)
        {
            var message = (await OutboxStore.FindAsync(w, id))!;
            if ((string?)JsonNode.Parse(message.Payload)!["event"] == @event)
            {
                messages.Add(message);
            }
        }

        return (IReadOnlyList<OutboxMessage>)messages;
    });
}
