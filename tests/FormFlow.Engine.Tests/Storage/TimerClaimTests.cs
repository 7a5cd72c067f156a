using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class TimerClaimTests(string kind) : StorageTest(kind)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Two_claimers_take_every_one_of_10000_due_timers_exactly_once()
    {
        var instance = Rows.Instance();
        var timers = Enumerable.Range(0, 10_000).Select(i => Rows.Timer(instance.Id, Rows.Now - i)).ToList();
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TimerStore.InsertManyAsync(w, timers);
        });

        var claimed = await Task.WhenAll(ClaimAll(Db, "node-a"), ClaimAll(OtherNode, "node-b"));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.That(all, Has.Count.EqualTo(10_000), "claims in all");
        Assert.That(all.Distinct(), Is.EquivalentTo(timers.Select(t => t.Id)), "every timer, once");
    }

    [Test]
    public async Task A_claim_whose_lease_ran_out_is_claimed_again_and_the_first_owner_can_no_longer_fire_it()
    {
        var instance = Rows.Instance();
        var timer = Rows.Timer(instance.Id, Rows.Now);
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TimerStore.InsertManyAsync(w, [timer]);
        });

        var first = await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));
        var duringLease = await InTransaction(OtherNode, w => TimerStore.ClaimDueAsync(w, "node-b", Rows.Now + 10_000, Lease, 10));
        var afterLease = await InTransaction(OtherNode, w => TimerStore.ClaimDueAsync(w, "node-b", Rows.Now + 31_000, Lease, 10));
        var lateFire = async () => await InTransaction(Db, w => TimerStore.MarkFiredAsync(w, timer.Id, "node-a", Rows.Now + 32_000));
        await InTransaction(OtherNode, w => TimerStore.MarkFiredAsync(w, timer.Id, "node-b", Rows.Now + 32_000));
        var afterFiring = await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "node-a", Rows.Now + 3_600_000, Lease, 10));

        Assert.That(first.Select(t => (t.Id, t.Owner, t.LeaseUntil)), Is.EqualTo(new[] { (timer.Id, (string?)"node-a", (long?)(Rows.Now + 30_000)) }));
        Assert.That(duringLease, Is.Empty);
        Assert.That(afterLease.Select(t => (t.Id, t.Owner)), Is.EqualTo(new[] { (timer.Id, (string?)"node-b") }));
        Assert.That(lateFire, Throws.InstanceOf<ConcurrencyConflictException>());
        Assert.That(afterFiring, Is.Empty);
    }

    [Test]
    public async Task A_timer_not_yet_due_is_not_claimed()
    {
        var instance = Rows.Instance();
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TimerStore.InsertManyAsync(w, [Rows.Timer(instance.Id, Rows.Now + 1)]);
        });

        var claimed = await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));

        Assert.That(claimed, Is.Empty);
    }

    private static async Task<List<string>> ClaimAll(Database database, string owner)
    {
        var mine = new List<string>();
        while (true)
        {
            var batch = await InTransaction(database, w => TimerStore.ClaimDueAsync(w, owner, Rows.Now, Lease, 250));
            if (batch.Count == 0)
            {
                return mine;
            }

            mine.AddRange(batch.Select(t => t.Id));
            await Task.Yield();
        }
    }
}
