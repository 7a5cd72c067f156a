using Dapper;
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

    [Test]
    public async Task A_read_unit_of_work_has_nothing_to_commit_in_any_dialect()
    {
        await using var read = await UnitOfWork.BeginReadAsync(Db);

        Assert.That(await InstanceStore.FindAsync(read, Rows.Instance().Id), Is.Null);
        Assert.ThrowsAsync<InvalidOperationException>(() => read.CommitAsync());
    }

    [Test]
    public async Task A_read_unit_of_work_on_PostgreSQL_runs_each_statement_on_its_own_and_elsewhere_in_one_transaction()
    {
        await using var read = await UnitOfWork.BeginReadAsync(Db);

        if (Db.Dialect == StorageDialect.PostgreSql)
        {
            // READ COMMITTED gives each statement its own snapshot anyway: no transaction, so no ROLLBACK round trip.
            // Outside a transaction each statement is a transaction of its own: two statements, two transaction ids.
            var first = await read.Connection.ExecuteScalarAsync<long>("SELECT txid_current()", transaction: read.Transaction);
            var second = await read.Connection.ExecuteScalarAsync<long>("SELECT txid_current()", transaction: read.Transaction);
            Assert.That((read.Transaction is null, second > first), Is.EqualTo((true, true)));
        }
        else
        {
            // SQLite's deferred transaction gives the reads one snapshot beside the writer.
            Assert.That(read.Transaction, Is.Not.Null);
        }
    }
}
