using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class TaskCompletionTests(string kind) : StorageTest(kind)
{
    private static TaskCompletion Completion(TaskRow task, InstanceRow instance, string key) => new(
        task with { Status = "submitted", Data = """{"rating":4}""", CompletedAt = Rows.Now + 1 },
        instance with { State = """{"steps":["manager-review"]}""", UpdatedAt = Rows.Now + 1 },
        task.AssigneeId,
        [new OutboxMessage { Id = Rows.NewId(), IdempotencyKey = key, Channel = "mail", Recipient = "manager", Payload = "{}", NextAttemptAt = Rows.Now + 1, CreatedAt = Rows.Now + 1 }],
        new AuditEntry(Rows.Now + 1, task.AssigneeId, "task.submitted", "task", task.Id, "{}", """{"rating":4}"""));

    [Test]
    public async Task Completing_a_task_writes_the_task_its_revision_the_instance_the_message_and_the_audit_entry_together()
    {
        var (task, instance) = await Arrange();

        var (done, moved) = await InTransaction(Db, async w =>
        {
            var found = await TaskCompletionStore.FindAsync(w, task.Id);
            return await TaskCompletionStore.CompleteAsync(w, Completion(found!.Value.Task, found.Value.Instance, "t:submitted"));
        });

        var (storedTask, storedInstance, revisions, audit, messages) = await InTransaction(Db, async w => (
            await TaskStore.FindAsync(w, task.Id),
            await InstanceStore.FindAsync(w, instance.Id),
            await TaskStore.RevisionsAsync(w, task.Id),
            await AuditLog.ForAsync(w, "task", task.Id),
            await OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now + 1, TimeSpan.FromMinutes(1), 10)));
        Assert.That((done.Version, moved.Version), Is.EqualTo((2, 2)));
        Assert.That(storedTask, Is.EqualTo(done));
        Assert.That(storedInstance, Is.EqualTo(moved));
        Assert.That(revisions, Is.EqualTo(new[] { (1, """{"rating":4}""") }));
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "task.submitted" }));
        Assert.That(messages.Select(m => m.IdempotencyKey), Is.EqualTo(new[] { "t:submitted" }));
    }

    [Test]
    public async Task A_completion_based_on_a_stale_task_writes_nothing_at_all()
    {
        var (task, instance) = await Arrange();
        await InTransaction(Db, w => TaskStore.UpdateAsync(w, task with { Data = """{"draft":true}""" }));

        var stale = async () => await InTransaction(Db, w => TaskCompletionStore.CompleteAsync(w, Completion(task, instance, "t:stale")));

        Assert.That(stale, Throws.InstanceOf<ConcurrencyConflictException>().With.Property(nameof(ConcurrencyConflictException.Entity)).EqualTo("task"));
        var (storedInstance, revisions, audit, messages) = await InTransaction(Db, async w => (
            await InstanceStore.FindAsync(w, instance.Id),
            await TaskStore.RevisionsAsync(w, task.Id),
            await AuditLog.ForAsync(w, "task", task.Id),
            await OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now + 1, TimeSpan.FromMinutes(1), 10)));
        Assert.That(storedInstance!.Version, Is.EqualTo(1));
        Assert.That(revisions, Is.Empty);
        Assert.That(audit, Is.Empty);
        Assert.That(messages, Is.Empty);
    }

    [Test]
    public async Task A_completion_based_on_a_stale_instance_is_a_conflict()
    {
        var (task, instance) = await Arrange();
        await InTransaction(Db, w => InstanceStore.UpdateAsync(w, instance with { State = """{"steps":["other"]}""" }));

        var stale = async () => await InTransaction(Db, w => TaskCompletionStore.CompleteAsync(w, Completion(task, instance, "t:stale")));

        Assert.That(stale, Throws.InstanceOf<ConcurrencyConflictException>().With.Property(nameof(ConcurrencyConflictException.Entity)).EqualTo("process instance"));
        var storedTask = await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id));
        Assert.That((storedTask!.Status, storedTask.Version), Is.EqualTo(("open", 1)));
    }

    [Test]
    public async Task Two_completions_of_one_task_at_once_give_one_completion_and_one_conflict()
    {
        var (task, instance) = await Arrange();

        var attempts = new[] { (Db, "a"), (OtherNode, "b") }.Select(async attempt =>
        {
            try
            {
                await InTransaction(attempt.Item1, w => TaskCompletionStore.CompleteAsync(w, Completion(task, instance, "t:submitted") with
                {
                    Messages = [new OutboxMessage { Id = Rows.NewId(), IdempotencyKey = "t:submitted", Channel = "mail", Recipient = attempt.Item2, Payload = "{}", NextAttemptAt = Rows.Now + 1, CreatedAt = Rows.Now + 1 }],
                }));
                return "completed";
            }
            catch (ConcurrencyConflictException)
            {
                return "conflict";
            }
        });
        var outcomes = await Task.WhenAll(attempts);

        var (revisions, audit) = await InTransaction(Db, async w => (await TaskStore.RevisionsAsync(w, task.Id), await AuditLog.ForAsync(w, "task", task.Id)));
        Assert.That(outcomes, Is.EquivalentTo(new[] { "completed", "conflict" }));
        Assert.That(revisions, Has.Count.EqualTo(1));
        Assert.That(audit, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_completion_stores_exactly_the_rows_it_returns()
    {
        var (task, instance) = await Arrange();
        var completion = Completion(task, instance, "t:submitted") with
        {
            Task = task with { Status = "submitted", AssigneeId = "p-0009", DueAt = null, Data = "{}", CompletedAt = null },
            Instance = instance with { State = "{}", UpdatedAt = Rows.Now + 7 },
        };

        var (done, moved) = await InTransaction(Db, w => TaskCompletionStore.CompleteAsync(w, completion));

        var (storedTask, storedInstance) = await InTransaction(Db, async w => (await TaskStore.FindAsync(w, task.Id), await InstanceStore.FindAsync(w, instance.Id)));
        Assert.That(storedTask, Is.EqualTo(done));
        Assert.That(storedInstance, Is.EqualTo(moved));
    }

    private async Task<(TaskRow Task, InstanceRow Instance)> Arrange()
    {
        var instance = Rows.Instance();
        var task = Rows.Task(instance.Id);
        await InTransaction(Db, async w =>
        {
            await InstanceStore.InsertAsync(w, instance);
            await TaskStore.InsertAsync(w, task);
        });
        return (task, instance);
    }
}
