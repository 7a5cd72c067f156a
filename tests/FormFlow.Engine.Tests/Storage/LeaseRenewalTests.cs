using Dapper;
using FormFlow.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FormFlow.Tests.Storage;

/// <summary>
/// The heartbeat of claimed work, on the statements themselves: a renewal moves the lease of what a node still holds
/// and has not finished, and nothing else; a node working a batch longer than the lease keeps it while it renews.
/// </summary>
public class LeaseRenewalTests(string kind) : StorageTest(kind)
{
    private static readonly TimeSpan Lease = LeasedClaim.DefaultLease;
    private static readonly long LeaseMs = (long)Lease.TotalMilliseconds;

    [Test]
    public async Task A_renewal_moves_the_lease_of_the_timers_and_messages_the_node_still_holds_and_has_not_finished_only()
    {
        var instance = Rows.Instance();
        var timers = Enumerable.Range(0, 3).Select(_ => Rows.Timer(instance.Id, Rows.Now)).ToList();
        var messages = Enumerable.Range(0, 3).Select(i => Message($"m-{i}")).ToList();
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TimerStore.InsertManyAsync(w, timers);
            await OutboxStore.EnqueueAsync(w, messages);
        });
        await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));
        await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));
        await InTransaction(Db, w => TimerStore.MarkFiredAsync(w, timers[0].Id, "node-a", Rows.Now + 1_000));
        await InTransaction(Db, w => OutboxStore.MarkSentAsync(w, messages[0].Id, "node-a", Rows.Now + 1_000, ["mail"]));
        await InTransaction(Db, w => OutboxStore.MarkFailedAsync(w, messages[1].Id, "node-a", "SMTP 451", Rows.Now + 60_000, dead: false));

        var renewedTimers = await InTransaction(Db, w => TimerStore.RenewAsync(w, "node-a", [.. timers.Select(t => t.Id)], Rows.Now + 5_000, Lease));
        var renewedMessages = await InTransaction(Db, w => OutboxStore.RenewAsync(w, "node-a", [.. messages.Select(m => m.Id)], Rows.Now + 5_000, Lease));
        var byOtherNode = await InTransaction(OtherNode, w => TimerStore.RenewAsync(w, "node-b", [.. timers.Select(t => t.Id)], Rows.Now + 5_000, Lease));

        Assert.Multiple(async () =>
        {
            Assert.That(renewedTimers, Is.EquivalentTo(new[] { timers[1].Id, timers[2].Id }), "not the fired timer");
            Assert.That(renewedMessages, Is.EqualTo(new[] { messages[2].Id }), "not the sent one, nor the failed one waiting for its next attempt");
            Assert.That(byOtherNode, Is.Empty, "a node renews its own claims only");
            Assert.That(await LeaseOfTimer(timers[1].Id), Is.EqualTo(Rows.Now + 5_000 + LeaseMs));
            Assert.That(await LeaseOfTimer(timers[0].Id), Is.Null);
            var failed = await InTransaction(Db, w => OutboxStore.FindAsync(w, messages[1].Id));
            Assert.That(failed!.LeaseUntil, Is.Null, "the failed message is due at its next attempt, not held");
        });
    }

    [Test]
    public async Task A_renewal_by_a_node_that_lost_the_claim_renews_nothing_and_that_node_cannot_mark_the_timer_or_the_message()
    {
        var instance = Rows.Instance();
        var timer = Rows.Timer(instance.Id, Rows.Now);
        var message = Message("m-lost");
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TimerStore.InsertManyAsync(w, [timer]);
            await OutboxStore.EnqueueAsync(w, [message]);
        });
        await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));
        await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));

        // node-a stalls past its lease (no renewal got through); node-b takes both.
        var takenAt = Rows.Now + LeaseMs + 1;
        var timersTaken = await InTransaction(OtherNode, w => TimerStore.ClaimDueAsync(w, "node-b", takenAt, Lease, 10));
        var messagesTaken = await InTransaction(OtherNode, w => OutboxStore.ClaimDueAsync(w, "node-b", takenAt, Lease, 10));
        var lateTimerRenewal = await InTransaction(Db, w => TimerStore.RenewAsync(w, "node-a", [timer.Id], takenAt + 1_000, Lease));
        var lateMessageRenewal = await InTransaction(Db, w => OutboxStore.RenewAsync(w, "node-a", [message.Id], takenAt + 1_000, Lease));
        var lateFire = async () => await InTransaction(Db, w => TimerStore.MarkFiredAsync(w, timer.Id, "node-a", takenAt + 2_000));
        var lateSend = async () => await InTransaction(Db, w => OutboxStore.MarkSentAsync(w, message.Id, "node-a", takenAt + 2_000, ["json"]));
        var lateFailure = async () => await InTransaction(Db, w => OutboxStore.MarkFailedAsync(w, message.Id, "node-a", "timeout", takenAt + 60_000, dead: false));

        Assert.Multiple(async () =>
        {
            Assert.That((timersTaken.Single().Id, messagesTaken.Single().Id), Is.EqualTo((timer.Id, message.Id)));
            Assert.That(lateTimerRenewal, Is.Empty);
            Assert.That(lateMessageRenewal, Is.Empty);
            Assert.That(lateFire, Throws.InstanceOf<ConcurrencyConflictException>());
            Assert.That(lateSend, Throws.InstanceOf<ConcurrencyConflictException>());
            Assert.That(lateFailure, Throws.InstanceOf<ConcurrencyConflictException>());
            Assert.That(await LeaseOfTimer(timer.Id), Is.EqualTo(takenAt + LeaseMs), "node-b's lease, untouched");
            var stored = await InTransaction(Db, w => OutboxStore.FindAsync(w, message.Id));
            Assert.That((stored!.Owner, stored.Status, stored.Attempts, stored.LeaseUntil), Is.EqualTo(("node-b", OutboxStatus.Pending, 0, (long?)(takenAt + LeaseMs))));
        });
    }

    [Test]
    public async Task A_node_firing_a_batch_for_three_leases_keeps_its_claim_because_its_heartbeat_renews_it_and_another_node_claims_nothing_meanwhile()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Rows.Now));
        var instance = Rows.Instance();
        var timers = Enumerable.Range(0, 6).Select(_ => Rows.Timer(instance.Id, Rows.Now)).ToList();
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TimerStore.InsertManyAsync(w, timers);
        });
        var now = () => clock.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "node-a", now(), Lease, 10));

        var takenByOther = new List<string>();
        var firedByA = 0;
        int renewals;
        await using (var heartbeat = new LeaseHeartbeat(Db, TimerStore.Renew, "node-a", Lease, clock, claimed.Select(t => t.Id)))
        {
            foreach (var timer in claimed)
            {
                Assert.That(await heartbeat.HoldsAsync(timer.Id), Is.True, "node-a still holds every timer it has not fired");
                takenByOther.AddRange((await InTransaction(OtherNode, w => TimerStore.ClaimDueAsync(w, "node-b", now(), Lease, 10))).Select(t => t.Id));
                // Each timer takes half a lease to fire: the batch takes three leases.
                clock.Advance(Lease / 2);
                await InTransaction(Db, w => TimerStore.MarkFiredAsync(w, timer.Id, "node-a", now()));
                firedByA++;
                heartbeat.Done(timer.Id);
            }

            await heartbeat.HoldsAsync(claimed[0].Id);
            renewals = heartbeat.Renewals;
        }

        Assert.Multiple(() =>
        {
            Assert.That(claimed, Has.Count.EqualTo(6));
            Assert.That(clock.GetUtcNow().ToUnixTimeMilliseconds() - Rows.Now, Is.EqualTo(3 * LeaseMs), "three leases went by");
            Assert.That(takenByOther, Is.Empty);
            Assert.That(firedByA, Is.EqualTo(6));
            Assert.That(renewals, Is.GreaterThanOrEqualTo(5), "renewed as the clock moved");
        });
    }

    [Test]
    public async Task A_batch_that_stops_renewing_is_claimed_by_another_node_once_its_last_lease_has_run_out_not_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Rows.Now));
        var messages = Enumerable.Range(0, 4).Select(i => Message($"m-{i}")).ToList();
        await InTransaction(Db, w => OutboxStore.EnqueueAsync(w, messages));
        var now = () => clock.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-a", now(), Lease, 10));

        // node-a renews once, 5 s into its batch, then dies: its heartbeat stops with it.
        var heartbeat = new LeaseHeartbeat(Db, OutboxStore.Renew, "node-a", Lease, clock, claimed.Select(m => m.Id));
        clock.Advance(LeaseHeartbeat.Beat(Lease));
        await heartbeat.HoldsAsync(claimed[0].Id);
        var renewals = heartbeat.Renewals;
        var lastRenewal = now();
        await heartbeat.DisposeAsync();

        clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(lastRenewal + LeaseMs));
        var atLeaseEnd = await InTransaction(OtherNode, w => OutboxStore.ClaimDueAsync(w, "node-b", now(), Lease, 10));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var justAfter = await InTransaction(OtherNode, w => OutboxStore.ClaimDueAsync(w, "node-b", now(), Lease, 10));

        Assert.Multiple(() =>
        {
            Assert.That(renewals, Is.EqualTo(1));
            Assert.That(atLeaseEnd, Is.Empty, "20 s after the last renewal the lease still holds");
            Assert.That(justAfter.Select(m => m.Id), Is.EquivalentTo(messages.Select(m => m.Id)), "then every message is taken over");
        });
    }

    private static OutboxMessage Message(string key) => new()
    {
        Id = Rows.NewId(),
        IdempotencyKey = key,
        Channel = "mail",
        Recipient = "li.lei@example.com",
        Payload = """{"subject":"请填写自评"}""",
        NextAttemptAt = Rows.Now,
        CreatedAt = Rows.Now,
    };

    private Task<long?> LeaseOfTimer(string id) => InTransaction(Db, w =>
        w.Connection.ExecuteScalarAsync<long?>("SELECT lease_until FROM timers WHERE id = @Id", new { Id = id }, w.Transaction));
}
