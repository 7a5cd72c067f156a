using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class ConcurrencyTests(string kind) : StorageTest(kind)
{
    [Test]
    public async Task Two_writers_to_one_task_one_wins_and_the_other_gets_a_conflict()
    {
        var instance = Rows.Instance();
        var task = Rows.Task(instance.Id);
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TaskStore.InsertAsync(w, task);
        });

        // Both read version 1 (two browser tabs, two nodes), then both write at once.
        var writes = new[] { ("node-a", Db, """{"by":"a"}"""), ("node-b", OtherNode, """{"by":"b"}""") }
            .Select(async write =>
            {
                try
                {
                    await InTransaction(write.Item2, w => TaskStore.UpdateAsync(w, task with { Data = write.Item3 }));
                    return (write.Item1, Outcome: "won");
                }
                catch (ConcurrencyConflictException conflict) when (conflict.Id == task.Id && conflict.ExpectedVersion == 1)
                {
                    return (write.Item1, Outcome: "conflict");
                }
            });
        var outcomes = await Task.WhenAll(writes);

        var stored = await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id));
        Assert.That(outcomes.Select(o => o.Outcome), Is.EquivalentTo(new[] { "won", "conflict" }));
        var winner = outcomes.Single(o => o.Outcome == "won").Item1;
        Assert.That(stored!.Data, Is.EqualTo(winner == "node-a" ? """{"by":"a"}""" : """{"by":"b"}"""));
        Assert.That(stored.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task A_stale_instance_write_fails_and_changes_nothing()
    {
        var instance = Rows.Instance();
        await InTransaction(Db, w => InstanceStore.InsertAsync(w, instance));
        await InTransaction(Db, w => InstanceStore.UpdateAsync(w, instance with { State = """{"step":"b"}""" }));

        var stale = async () => await InTransaction(Db, w => InstanceStore.UpdateAsync(w, instance with { State = """{"step":"c"}""" }));

        Assert.That(stale, Throws.InstanceOf<ConcurrencyConflictException>());
        var stored = await InTransaction(Db, w => InstanceStore.FindAsync(w, instance.Id));
        Assert.That((stored!.State, stored.Version), Is.EqualTo(("""{"step":"b"}""", 2)));
    }
}
