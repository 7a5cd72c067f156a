using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class UnitOfWorkTests(string kind) : StorageTest(kind)
{
    [Test]
    public async Task A_unit_of_work_that_is_not_committed_leaves_nothing()
    {
        var instance = Rows.Instance();
        var task = Rows.Task(instance.Id);
        await using (var work = await UnitOfWork.BeginAsync(Db))
        {
            await InstanceStore.InsertAsync(work, instance);
            await TaskStore.InsertAsync(work, task);
            await TimerStore.InsertManyAsync(work, [Rows.Timer(instance.Id, Rows.Now)]);
            await AuditLog.AppendAsync(work, new AuditEntry(Rows.Now, "p-0001", "instance.started", "instance", instance.Id, null, "{}"));
        }

        var (foundInstance, foundTask, timers, audit) = await InTransaction(Db, async w => (
            await InstanceStore.FindAsync(w, instance.Id),
            await TaskStore.FindAsync(w, task.Id),
            await TimerStore.ClaimDueAsync(w, "node-a", Rows.Now, TimeSpan.FromMinutes(1), 10),
            await AuditLog.ForAsync(w, "instance", instance.Id)));
        Assert.That(foundInstance, Is.Null);
        Assert.That(foundTask, Is.Null);
        Assert.That(timers, Is.Empty);
        Assert.That(audit, Is.Empty);
    }

    [Test]
    public async Task A_committed_unit_of_work_keeps_everything_it_wrote()
    {
        var instance = Rows.Instance();
        var task = Rows.Task(instance.Id);
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TaskStore.InsertAsync(w, task);
            await TaskStore.AddRevisionAsync(w, task.Id, """{"rating":3}""", "p-0001", Rows.Now);
            await TaskStore.AddRevisionAsync(w, task.Id, """{"rating":4}""", "p-0001", Rows.Now + 1);
        });

        var (foundInstance, foundTask, revisions) = await InTransaction(Db, async w => (
            await InstanceStore.FindAsync(w, instance.Id),
            await TaskStore.FindAsync(w, task.Id),
            await TaskStore.RevisionsAsync(w, task.Id)));
        Assert.That(foundInstance, Is.EqualTo(instance));
        Assert.That(foundTask, Is.EqualTo(task));
        Assert.That(revisions, Is.EqualTo(new[] { (1, """{"rating":3}"""), (2, """{"rating":4}""") }));
    }
}
