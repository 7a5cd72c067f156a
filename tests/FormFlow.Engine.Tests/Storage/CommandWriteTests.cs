using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class CommandWriteTests(string kind) : StorageTest(kind)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(Rows.Now);

    [Test]
    public async Task A_command_writes_the_instance_its_tasks_revision_comment_timer_message_and_journal_together()
    {
        var (task, instance) = await Arrange();
        var next = Rows.Task(instance.Id) with { Step = "manager-review", AssigneeId = "p-0002" };
        var comment = new FieldComment(Rows.NewId(), task.Id, "/rating", "p-0002", "请补充例子 / add an example", Rows.Now + 1, null);

        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write(task, instance, "t:submitted") with
        {
            NewTasks = [next],
            Comments = [comment],
            Timers = [Rows.Timer(instance.Id, Rows.Now + 10) with { TaskId = next.Id }],
        }));

        var (storedTask, storedNext, storedInstance, revisions, comments, timers, journal, messages) = await InTransaction(Db, async w => (
            await TaskStore.FindAsync(w, task.Id),
            await TaskStore.FindAsync(w, next.Id),
            await InstanceStore.FindAsync(w, instance.Id),
            await TaskStore.RevisionsAsync(w, task.Id),
            await FieldCommentStore.ForTaskAsync(w, task.Id),
            await TimerStore.UnfiredForAsync(w, instance.Id),
            await AuditLog.ForAsync(w, "task", task.Id),
            await OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now + 1, TimeSpan.FromMinutes(1), 10)));
        Assert.That((storedTask!.Status, storedTask.Version, storedTask.Data), Is.EqualTo(("submitted", 2, """{"rating":4}""")));
        Assert.That(storedNext, Is.EqualTo(next));
        Assert.That((storedInstance!.State, storedInstance.Version), Is.EqualTo(("""{"steps":["manager-review"]}""", 2)));
        Assert.That(revisions, Is.EqualTo(new[] { (1, """{"rating":4}""") }));
        Assert.That(comments, Is.EqualTo(new[] { comment }));
        Assert.That(timers.Select(t => (t.TaskId, t.DueAt)), Is.EqualTo(new[] { ((string?)next.Id, Rows.Now + 10) }));
        Assert.That(journal.Select(a => a.Action), Is.EqualTo(new[] { "task.submitted", "task.reviewed" }));
        Assert.That(messages.Select(m => m.IdempotencyKey), Is.EqualTo(new[] { "t:submitted" }));
    }

    [Test]
    public async Task Revisions_written_together_are_numbered_on_from_the_tasks_last_in_their_order()
    {
        var (task, instance) = await Arrange();
        await InTransaction(Db, w => TaskStore.AddRevisionAsync(w, task.Id, """{"first":1}""", "p-0001", Rows.Now));

        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write(task, instance, "t:submitted") with
        {
            Revisions = [new TaskRevision(task.Id, """{"second":2}""", "p-0001", Rows.Now + 1), new TaskRevision(task.Id, """{"third":3}""", "p-0002", Rows.Now + 2)],
        }));

        var revisions = await InTransaction(Db, w => TaskStore.RevisionsAsync(w, task.Id));
        Assert.That(revisions, Is.EqualTo(new[] { (1, """{"first":1}"""), (2, """{"second":2}"""), (3, """{"third":3}""") }));
    }

    [Test]
    public async Task A_write_based_on_a_stale_task_writes_nothing_at_all()
    {
        var (task, instance) = await Arrange();
        await InTransaction(Db, w => TaskStore.UpdateAsync(w, task with { Data = """{"draft":true}""" }));

        var stale = async () => await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write(task, instance, "t:stale") with
        {
            NewTasks = [Rows.Task(instance.Id)],
            Timers = [Rows.Timer(instance.Id, Rows.Now + 10)],
        }));

        Assert.That(stale, Throws.InstanceOf<ConcurrencyConflictException>()
            .With.Property(nameof(ConcurrencyConflictException.Entity)).EqualTo("task")
            .And.Property(nameof(ConcurrencyConflictException.Id)).EqualTo(task.Id));
        var (storedInstance, tasks, revisions, timers, journal, messages) = await InTransaction(Db, async w => (
            await InstanceStore.FindAsync(w, instance.Id),
            await TaskStore.ForInstanceAsync(w, instance.Id),
            await TaskStore.RevisionsAsync(w, task.Id),
            await TimerStore.UnfiredForAsync(w, instance.Id),
            await AuditLog.ForAsync(w, "task", task.Id),
            await OutboxStore.ClaimDueAsync(w, "node-a", Rows.Now + 1, TimeSpan.FromMinutes(1), 10)));
        Assert.That(storedInstance!.Version, Is.EqualTo(1));
        Assert.That(tasks, Has.Count.EqualTo(1));
        Assert.That(revisions, Is.Empty);
        Assert.That(timers, Is.Empty);
        Assert.That(journal, Is.Empty);
        Assert.That(messages, Is.Empty);
    }

    [Test]
    public async Task A_write_based_on_a_stale_instance_is_a_conflict_and_leaves_the_task_as_it_was()
    {
        var (task, instance) = await Arrange();
        await InTransaction(Db, w => InstanceStore.UpdateAsync(w, instance with { State = """{"steps":["other"]}""" }));

        var stale = async () => await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write(task, instance, "t:stale")));

        Assert.That(stale, Throws.InstanceOf<ConcurrencyConflictException>().With.Property(nameof(ConcurrencyConflictException.Entity)).EqualTo("process instance"));
        var storedTask = await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id));
        Assert.That((storedTask!.Status, storedTask.Version), Is.EqualTo(("open", 1)));
    }

    [Test]
    public async Task A_notice_about_a_task_that_moved_on_since_it_was_read_writes_nothing_and_one_about_an_unchanged_task_leaves_it_as_it_was()
    {
        var (task, instance) = await Arrange();
        var notice = Write() with
        {
            HeldTasks = [task],
            Messages = [Message("t:reminder", task.AssigneeId)],
            Journal = [new AuditEntry(Rows.Now + 1, "system", "task.reminded", "task", task.Id, null, null)],
        };
        await InTransaction(Db, w => TaskStore.UpdateAsync(w, task with { Status = "submitted" }));

        var late = async () => await InTransaction(Db, w => CommandWrites.WriteAsync(w, notice));

        Assert.That(late, Throws.InstanceOf<ConcurrencyConflictException>().With.Property(nameof(ConcurrencyConflictException.Id)).EqualTo(task.Id));
        Assert.That(await InTransaction(Db, w => AuditLog.ForAsync(w, "task", task.Id)), Is.Empty);

        var current = (await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id)))!;
        await InTransaction(Db, w => CommandWrites.WriteAsync(w, notice with { HeldTasks = [current] }));
        Assert.That(await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id)), Is.EqualTo(current));
        Assert.That((await InTransaction(Db, w => AuditLog.ForAsync(w, "task", task.Id))).Select(a => a.Action), Is.EqualTo(new[] { "task.reminded" }));
    }

    [Test]
    public async Task Two_commands_moving_one_task_at_once_give_one_write_and_one_conflict([Values] bool commitWithTheWrite)
    {
        var (task, instance) = await Arrange();

        var attempts = new[] { (Db, "a"), (OtherNode, "b") }.Select(async attempt =>
        {
            try
            {
                // Both queue the same message key: the loser must meet the version check, not the key's uniqueness.
                var write = Write(task, instance, "t:submitted") with
                {
                    Messages = [Message("t:submitted", attempt.Item2)],
                    Revisions = [new TaskRevision(task.Id, "{}", attempt.Item2, Rows.Now + 1)],
                };
                if (commitWithTheWrite)
                {
                    await using var work = await UnitOfWork.BeginAsync(attempt.Item1);
                    await CommandWrites.WriteAndCommitAsync(work, write);
                }
                else
                {
                    await InTransaction(attempt.Item1, w => CommandWrites.WriteAsync(w, write));
                }

                return "written";
            }
            catch (ConcurrencyConflictException)
            {
                return "conflict";
            }
        });
        var outcomes = await Task.WhenAll(attempts);

        var (revisions, journal) = await InTransaction(Db, async w => (await TaskStore.RevisionsAsync(w, task.Id), await AuditLog.ForAsync(w, "task", task.Id)));
        Assert.That(outcomes, Is.EquivalentTo(new[] { "written", "conflict" }));
        Assert.That(revisions, Has.Count.EqualTo(1));
        Assert.That(journal, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_command_marks_its_idempotency_key_with_its_writes_and_writes_nothing_when_the_key_was_taken_over()
    {
        var (task, instance) = await Arrange();
        var (claim, takenOver) = await ClaimTakenOverAsync();

        var late = async () => await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write(task, instance, "t:late") with
        {
            Mark = new IdempotencyMark("p-0001", "k1", claim.ClaimedAt, 200),
        }));
        Assert.That(late, Throws.InstanceOf<ConcurrencyConflictException>().With.Property(nameof(ConcurrencyConflictException.Entity)).EqualTo("idempotency key"));
        Assert.That((await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id)))!.Version, Is.EqualTo(1));

        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write(task, instance, "t:current") with
        {
            Mark = new IdempotencyMark("p-0001", "k1", takenOver.ClaimedAt, 200),
        }));
        var retry = await IdempotencyKeys.ClaimAsync(Db, "p-0001", "k1", "submit", Start + IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(2));
        Assert.That((retry.Outcome, retry.Status), Is.EqualTo((IdempotencyOutcome.Committed, (int?)200)));
    }

    [Test]
    public async Task A_write_committed_with_its_statement_is_there_for_another_node()
    {
        var (task, instance) = await Arrange();

        await using (var work = await UnitOfWork.BeginAsync(Db))
        {
            await CommandWrites.WriteAndCommitAsync(work, Write(task, instance, "t:submitted"));
        }

        var (storedTask, journal) = await InTransaction(OtherNode, async w => (await TaskStore.FindAsync(w, task.Id), await AuditLog.ForAsync(w, "task", task.Id)));
        Assert.That((storedTask!.Status, storedTask.Version), Is.EqualTo(("submitted", 2)));
        Assert.That(journal, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_stale_write_committed_with_its_statement_is_a_conflict_and_takes_back_what_its_command_wrote_before_it()
    {
        var (task, instance) = await Arrange();
        await InTransaction(Db, w => TaskStore.UpdateAsync(w, task with { Data = """{"draft":true}""" }));
        var before = new AuditEntry(Rows.Now + 1, "system", "timer.fired", "instance", instance.Id, null, null);

        var stale = async () =>
        {
            await using var work = await UnitOfWork.BeginAsync(Db);
            await AuditLog.AppendAsync(work, before);
            await CommandWrites.WriteAndCommitAsync(work, Write(task, instance, "t:stale") with { NewTasks = [Rows.Task(instance.Id)] });
        };

        Assert.That(stale, Throws.InstanceOf<ConcurrencyConflictException>());
        var (tasks, instanceJournal, taskJournal, storedInstance) = await InTransaction(Db, async w => (
            await TaskStore.ForInstanceAsync(w, instance.Id),
            await AuditLog.ForAsync(w, "instance", instance.Id),
            await AuditLog.ForAsync(w, "task", task.Id),
            await InstanceStore.FindAsync(w, instance.Id)));
        Assert.That(tasks.Select(t => (t.Id, t.Version)), Is.EqualTo(new[] { (task.Id, 2) }));
        Assert.That(instanceJournal, Is.Empty);
        Assert.That(taskJournal, Is.Empty);
        Assert.That(storedInstance!.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task A_write_committed_with_its_statement_after_its_idempotency_key_was_taken_over_is_a_conflict_and_writes_nothing()
    {
        var (task, instance) = await Arrange();
        var (claim, takenOver) = await ClaimTakenOverAsync();

        var late = async () =>
        {
            await using var work = await UnitOfWork.BeginAsync(Db);
            await CommandWrites.WriteAndCommitAsync(work, Write(task, instance, "t:late") with { Mark = new IdempotencyMark("p-0001", "k1", claim.ClaimedAt, 200) });
        };

        Assert.That(late, Throws.InstanceOf<ConcurrencyConflictException>());
        Assert.That((await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id)))!.Version, Is.EqualTo(1));
        Assert.That(await InTransaction(Db, w => AuditLog.ForAsync(w, "task", task.Id)), Is.Empty);
    }

    [Test]
    public async Task A_write_of_new_rows_only_committed_with_its_statement_stores_them_and_marks_its_idempotency_key()
    {
        var instance = Rows.Instance();
        var task = Rows.Task(instance.Id);
        var claim = await IdempotencyKeys.ClaimAsync(Db, "p-0001", "k2", "start", Start);

        await using (var work = await UnitOfWork.BeginAsync(Db))
        {
            await CommandWrites.WriteAndCommitAsync(work, Write() with
            {
                NewInstances = [instance],
                NewTasks = [task],
                Journal = [new AuditEntry(Rows.Now, "p-0001", "instance.started", "instance", instance.Id, null, null)],
                Mark = new IdempotencyMark("p-0001", "k2", claim.ClaimedAt, 201),
            });
        }

        var (storedTask, journal) = await InTransaction(OtherNode, async w => (await TaskStore.FindAsync(w, task.Id), await AuditLog.ForAsync(w, "instance", instance.Id)));
        Assert.That(storedTask, Is.EqualTo(task));
        Assert.That(journal.Select(e => e.Action), Is.EqualTo(new[] { "instance.started" }));
        var retry = await IdempotencyKeys.ClaimAsync(Db, "p-0001", "k2", "start", Start + TimeSpan.FromSeconds(1));
        Assert.That((retry.Outcome, retry.Status), Is.EqualTo((IdempotencyOutcome.Committed, (int?)201)));
    }

    [Test]
    public async Task A_write_of_many_rows_at_once_stores_them_all()
    {
        var instances = Enumerable.Range(0, 700).Select(_ => Rows.Instance()).ToArray();
        var tasks = instances.Select(i => Rows.Task(i.Id)).ToArray();

        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Write() with
        {
            NewInstances = instances,
            NewTasks = tasks,
            Journal = [.. instances.Select(i => new AuditEntry(Rows.Now, "hrbp", "instance.started", "instance", i.Id, null, null))],
        }));

        var stored = await InTransaction(Db, async w => (await TaskStore.FindAsync(w, tasks[0].Id), await TaskStore.FindAsync(w, tasks[^1].Id)));
        Assert.That(stored, Is.EqualTo((tasks[0], tasks[^1])));
        Assert.That(await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instances[^1].Id)), Has.Count.EqualTo(1));
    }

    private static CommandWrite Write() => new(null, [], [], [], [], [], [], [], [], null);

    private static CommandWrite Write(TaskRow task, InstanceRow instance, string messageKey) => Write() with
    {
        ChangedInstance = instance with { State = """{"steps":["manager-review"]}""", UpdatedAt = Rows.Now + 1 },
        ChangedTasks = [task with { Status = "submitted", Data = """{"rating":4}""", CompletedAt = Rows.Now + 1 }],
        Revisions = [new TaskRevision(task.Id, """{"rating":4}""", task.AssigneeId, Rows.Now + 1)],
        Messages = [Message(messageKey, "manager")],
        Journal =
        [
            new AuditEntry(Rows.Now + 1, task.AssigneeId, "task.submitted", "task", task.Id, "{}", """{"rating":4}"""),
            new AuditEntry(Rows.Now + 1, task.AssigneeId, "task.reviewed", "task", task.Id, null, null),
        ],
    };

    private static OutboxMessage Message(string key, string recipient) =>
        new() { Id = Rows.NewId(), IdempotencyKey = key, Channel = "mail", Recipient = recipient, Payload = "{}", NextAttemptAt = Rows.Now + 1, CreatedAt = Rows.Now + 1 };

    // A claim of key k1 and the claim that took it over once the first was abandoned.
    private async Task<(IdempotencyClaim Claim, IdempotencyClaim TakenOver)> ClaimTakenOverAsync()
    {
        var claim = await IdempotencyKeys.ClaimAsync(Db, "p-0001", "k1", "submit", Start);
        var takenOver = await IdempotencyKeys.ClaimAsync(Db, "p-0001", "k1", "submit", Start + IdempotencyKeys.Abandoned + TimeSpan.FromSeconds(1));
        Assume.That((claim.Outcome, takenOver.Outcome), Is.EqualTo((IdempotencyOutcome.Claimed, IdempotencyOutcome.Claimed)));
        return (claim, takenOver);
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

public class CommandWriteStatementTests
{
    [Test]
    public void A_commands_statement_on_PostgreSQL_has_a_part_only_for_what_it_writes()
    {
        var instance = Rows.Instance();
        var task = Rows.Task(instance.Id);
        var submit = new CommandWrite(instance, [task], [], [Rows.Task(instance.Id)], [new TaskRevision(task.Id, "{}", "p-0001", Rows.Now)], [],
            [Rows.Timer(instance.Id, Rows.Now)], [], [new AuditEntry(Rows.Now, "p-0001", "task.submitted", "task", task.Id, null, null)], null);

        var statement = CommandWrites.PostgresStatement(CommandWrites.PartsOf(submit, commit: true));

        Assert.That(statement, Does.Contain("moved_instance AS").And.Contain("moved_tasks AS").And.Contain("new_tasks AS").And.Contain("revisions AS")
            .And.Contain("timers AS").And.Contain("journal AS").And.EndsWith("COMMIT"));
        Assert.That(statement, Does.Not.Contain("held_tasks").And.Not.Contain("new_instances").And.Not.Contain("field_comments")
            .And.Not.Contain("outbox").And.Not.Contain("idempotency_keys"));
    }
}
