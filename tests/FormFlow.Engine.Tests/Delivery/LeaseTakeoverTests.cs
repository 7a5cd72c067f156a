using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FormFlow.Delivery;
using FormFlow.Storage;
using FormFlow.Tests.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Delivery;

/// <summary>
/// Several nodes over one database, on the fake clock, with the default lease (20 s): the timers and messages a node
/// claimed are taken over when it stops renewing them, not while it works on them; a message may then reach its
/// receiver twice, with the same idempotency key.
/// </summary>
public class LeaseTakeoverTests(string kind) : DeliveryTest(kind)
{
    private const string Employee = "P5";
    private static readonly TimeSpan Lease = LeasedClaim.DefaultLease;
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(1);

    [Test]
    public async Task Timers_and_messages_claimed_by_a_node_that_died_are_taken_over_by_another_node_once_the_20_second_lease_has_run_out_not_before()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        Clock.Advance(TimeSpan.FromDays(12) + TimeSpan.FromMinutes(1));
        // The dying node claims the due reminder and the queued assignment notices, and is killed before it renews.
        var dyingTimers = await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "dying-node", Now, Lease, 100));
        var dyingMessages = await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "dying-node", Now, Lease, 100));
        var survivor = new ProcessRuntime(OtherNode, Clock);
        var delivery = new OutboxDispatcher(OtherNode, Clock, Webhook(), PlainRenderer.RenderAsync, Http);

        Clock.Advance(Lease);
        var sentAtLeaseEnd = await delivery.DispatchDueAsync("survivor", 100);
        var firedAtLeaseEnd = await survivor.FireDueTimersAsync("survivor");
        var receivedAtLeaseEnd = Receiver.Requests.Count;
        Clock.Advance(Moment);
        var sentAfter = await delivery.DispatchDueAsync("survivor", 100);
        var firedAfter = await survivor.FireDueTimersAsync("survivor");

        Assert.Multiple(() =>
        {
            Assert.That(dyingTimers.Select(t => t.Kind), Does.Contain(TimerKind.Reminder));
            Assert.That(dyingMessages, Is.Not.Empty);
            Assert.That((sentAtLeaseEnd.Claimed, firedAtLeaseEnd, receivedAtLeaseEnd), Is.EqualTo((0, 0, 0)), "nothing is taken while the lease runs");
            Assert.That(sentAfter.Sent, Is.EqualTo(dyingMessages.Count));
            Assert.That(firedAfter, Is.EqualTo(dyingTimers.Count));
            Assert.That(Receiver.To("/json").Select(r => r.IdempotencyKey), Is.EquivalentTo(dyingMessages.Select(m => m.IdempotencyKey)));
        });
    }

    [Test]
    public async Task A_node_delivering_a_batch_for_three_leases_keeps_every_message_and_no_other_node_takes_one_meanwhile()
    {
        var messages = await Enqueue(6);
        var delivery = new OutboxDispatcher(Db, Clock, Webhook(), PlainRenderer.RenderAsync, Http);
        var takenByOther = new ConcurrentQueue<string>();
        var started = Now;
        Receiver.WhileHolding = async _ =>
        {
            foreach (var taken in await InTransaction(OtherNode, w => OutboxStore.ClaimDueAsync(w, "node-b", Now, Lease, 100)))
            {
                takenByOther.Enqueue(taken.Id);
            }

            // The receiver takes half a lease to answer each message: the batch takes three leases.
            Clock.Advance(Lease / 2);
        };

        var result = await delivery.DispatchDueAsync("node-a", 100);

        Assert.Multiple(async () =>
        {
            Assert.That(Receiver.HoldFailures, Is.Empty);
            Assert.That(TimeSpan.FromMilliseconds(Now - started), Is.EqualTo(3 * Lease));
            Assert.That(takenByOther, Is.Empty);
            Assert.That(result.Sent, Is.EqualTo(6));
            Assert.That(Receiver.To("/json").Select(r => r.IdempotencyKey), Is.EquivalentTo(messages.Select(m => m.IdempotencyKey)), "each once");
            var stored = await Stored(messages);
            Assert.That(stored.Select(m => (m!.Status, m.Owner)), Is.All.EqualTo((OutboxStatus.Sent, (string?)"node-a")));
        });
    }

    [Test]
    public async Task A_node_whose_lease_lapsed_skips_what_another_node_took_and_the_message_it_was_sending_reaches_the_receiver_twice_with_one_key()
    {
        var messages = await Enqueue(3);
        var delivery = new OutboxDispatcher(Db, Clock, Webhook(), PlainRenderer.RenderAsync, Http);
        string? sending = null;
        IReadOnlyList<OutboxMessage> taken = [];
        Receiver.WhileHolding = async request =>
        {
            if (sending is not null)
            {
                return;
            }

            // node-a stalls in its first call past its lease before a renewal gets through: node-b, whose clock
            // reads a lease later, takes the batch; then node-a's heartbeat beats, and finds nothing its own.
            sending = request.IdempotencyKey;
            taken = await InTransaction(OtherNode, w => OutboxStore.ClaimDueAsync(w, "node-b", Now + (long)Lease.TotalMilliseconds + 1, Lease, 100));
            Clock.Advance(LeaseHeartbeat.Beat(Lease));
        };

        var byA = await delivery.DispatchDueAsync("node-a", 100);
        var receivedFromA = Receiver.To("/json").Select(r => r.IdempotencyKey).ToList();
        Receiver.WhileHolding = null;
        Clock.Advance(2 * Lease);
        var byB = await new OutboxDispatcher(OtherNode, Clock, Webhook(), PlainRenderer.RenderAsync, Http).DispatchDueAsync("node-b", 100);

        Assert.Multiple(async () =>
        {
            Assert.That(Receiver.HoldFailures, Is.Empty);
            Assert.That(taken, Has.Count.EqualTo(3));
            Assert.That(byA.Claimed, Is.Zero, "node-a marked nothing: its one send was refused, the rest skipped");
            Assert.That(receivedFromA, Is.EqualTo(new[] { sending }), "node-a sent no message it knew it had lost");
            Assert.That(byB.Sent, Is.EqualTo(3));
            Assert.That(
                Receiver.To("/json").GroupBy(r => r.IdempotencyKey).Select(g => (g.Key, g.Count())),
                Is.EquivalentTo(messages.Select(m => (m.IdempotencyKey, m.IdempotencyKey == sending ? 2 : 1))),
                "at least once: the message in flight arrives twice, with the same key");
            var stored = await Stored(messages);
            Assert.That(stored.Select(m => (m!.Status, m.Owner, m.Attempts)), Is.All.EqualTo((OutboxStatus.Sent, (string?)"node-b", 1)));
        });
    }

    private Task<List<OutboxMessage?>> Stored(IEnumerable<OutboxMessage> messages) => InTransaction(Db, async w =>
    {
        var stored = new List<OutboxMessage?>();
        foreach (var message in messages)
        {
            stored.Add(await OutboxStore.FindAsync(w, message.Id));
        }

        return stored;
    });

    private DeliverySettings Webhook() => new() { Webhooks = [new(WebhookKind.Json, Receiver.Url("json"))] };

    private async Task<IReadOnlyList<OutboxMessage>> Enqueue(int count)
    {
        var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
        {
            Id = Rows.NewId(),
            IdempotencyKey = $"lease-test-{i}",
            Channel = "mail",
            Recipient = Employee,
            Payload = new JsonObject { ["event"] = "process.message", ["recipient"] = Employee, ["cc"] = new JsonArray(), ["step"] = "test" }.ToJsonString(),
            NextAttemptAt = Now,
            CreatedAt = Now,
        }).ToList();
        await InTransaction(Db, w => OutboxStore.EnqueueAsync(w, messages));
        return messages;
    }
}
