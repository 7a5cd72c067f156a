using System.Data.Common;
using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class OutboxTests(string kind) : StorageTest(kind)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static OutboxMessage Message(string key, long nextAttemptAt = Rows.Now) => new()
    {
        Id = Rows.NewId(),
        IdempotencyKey = key,
        Channel = "mail",
        Recipient = "li.lei@example.com",
        Payload = """{"subject":"请填写自评"}""",
        NextAttemptAt = nextAttemptAt,
        CreatedAt = Rows.Now,
    };

    [Test]
    public async Task A_message_queued_twice_under_one_key_is_refused_and_the_command_writes_nothing()
    {
        await InTransaction(Db, w => OutboxStore.EnqueueAsync(w, [Message("task-1:assigned")]));
        var retry = Message("task-1:assigned");

        var again = async () => await InTransaction(Db, w => OutboxStore.EnqueueAsync(w, [Message("task-2:assigned"), retry]));

        Assert.That(again, Throws.InstanceOf<DbException>());
        var claimed = await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));
        Assert.That(claimed.Select(m => m.IdempotencyKey), Is.EqualTo(new[] { "task-1:assigned" }));
    }

    [Test]
    public async Task A_failed_message_waits_for_its_next_attempt_and_a_dead_one_is_never_claimed_again()
    {
        var message = Message("task-1:reminder");
        await InTransaction(Db, w => OutboxStore.EnqueueAsync(w, [message]));

        await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now, Lease, 10));
        await InTransaction(Db, w => OutboxStore.MarkFailedAsync(w, message.Id, "node-a", "SMTP 451", Rows.Now + 60_000, dead: false));
        var beforeRetry = await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-b", Rows.Now + 59_000, Lease, 10));
        var atRetry = await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-b", Rows.Now + 60_000, Lease, 10));
        await InTransaction(Db, w => OutboxStore.MarkFailedAsync(w, message.Id, "node-b", "SMTP 550", Rows.Now + 120_000, dead: true));
        var afterDeath = await InTransaction(Db, w => OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now + 3_600_000, Lease, 10));
        var stored = await InTransaction(Db, w => OutboxStore.FindAsync(w, message.Id));

        Assert.That(beforeRetry, Is.Empty);
        Assert.That(atRetry.Select(m => (m.Id, m.Attempts)), Is.EqualTo(new[] { (message.Id, 1) }));
        Assert.That(afterDeath, Is.Empty);
        Assert.That((stored!.Status, stored.Attempts, stored.LastError), Is.EqualTo((OutboxStatus.Dead, 2, "SMTP 550")));
    }

    [Test]
    public async Task Two_dispatchers_send_each_message_once()
    {
        var messages = Enumerable.Range(0, 2_000).Select(i => Message($"m-{i}")).ToList();
        await InTransaction(Db, w => OutboxStore.EnqueueAsync(w, messages));

        var sent = await Task.WhenAll(Dispatch(Db, "node-a"), Dispatch(OtherNode, "node-b"));

        var all = sent.SelectMany(s => s).ToList();
        Assert.That(all, Has.Count.EqualTo(2_000));
        Assert.That(all, Is.EquivalentTo(messages.Select(m => m.Id)));
    }

    private static async Task<List<string>> Dispatch(Database database, string owner)
    {
        var sent = new List<string>();
        while (true)
        {
            var batch = await InTransaction(database, w => OutboxStore.ClaimDueAsync(w, owner, Rows.Now, Lease, 100));
            if (batch.Count == 0)
            {
                return sent;
            }

            await InTransaction(database, async w =>
            {
                foreach (var message in batch)
                {
                    await OutboxStore.MarkSentAsync(w, message.Id, owner, Rows.Now, ["mail"]);
                }
            });
            sent.AddRange(batch.Select(m => m.Id));
        }
    }
}
