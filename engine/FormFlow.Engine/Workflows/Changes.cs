using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>
/// What one command writes: collected while the command runs, written together at its end, in the command's one
/// transaction. Rows are written in an order that satisfies the foreign keys (instances before their tasks).
/// </summary>
internal sealed class Changes
{
    private readonly List<InstanceRow> newInstances = [];
    private readonly List<TaskRow> newTasks = [];
    private readonly Dictionary<string, TaskRow> changedTasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskRow> heldTasks = new(StringComparer.Ordinal);
    private readonly List<TaskRevision> revisions = [];
    private readonly List<TimerRow> timers = [];
    private readonly List<OutboxMessage> messages = [];
    private readonly List<AuditEntry> journal = [];
    private readonly List<FieldComment> comments = [];

    public IReadOnlyList<TaskRow> NewTasks => newTasks;

    public IReadOnlyList<OutboxMessage> Messages => messages;

    public IReadOnlyList<AuditEntry> Journal => journal;

    public IReadOnlyList<TimerRow> Timers => timers;

    public IReadOnlyList<InstanceRow> NewInstances => newInstances;

    public void Add(InstanceRow instance) => newInstances.Add(instance);

    public void Add(TaskRow task) => newTasks.Add(task);

    /// <summary>Records a change to a task that exists in the database (at its version as read).</summary>
    public void Change(TaskRow task)
    {
        var index = newTasks.FindIndex(t => t.Id == task.Id);
        if (index >= 0)
        {
            newTasks[index] = task;
        }
        else
        {
            changedTasks[task.Id] = task;
        }
    }

    /// <summary>
    /// Records that what the command writes holds only while <paramref name="task"/> is still at its version as read
    /// (a reminder or an overdue notice about an open task), without changing the task.
    /// </summary>
    public void Hold(TaskRow task) => heldTasks[task.Id] = task;

    public void Revision(string taskId, string data, string by, long at) => revisions.Add(new TaskRevision(taskId, data, by, at));

    public void Add(TimerRow timer) => timers.Add(timer);

    public void Add(OutboxMessage message) => messages.Add(message);

    public void Add(AuditEntry entry) => journal.Add(entry);

    public void Add(FieldComment comment) => comments.Add(comment);

    /// <summary>Takes over what another run wrote (an instance started by this one's start-process step).</summary>
    public void Absorb(Changes other)
    {
        newInstances.AddRange(other.newInstances);
        newTasks.AddRange(other.newTasks);
        timers.AddRange(other.timers);
        messages.AddRange(other.messages);
        journal.AddRange(other.journal);
        foreach (var (id, task) in other.heldTasks)
        {
            heldTasks[id] = task;
        }
    }

    /// <summary>
    /// Writes it all (<see cref="CommandWrites"/>), with <paramref name="changedInstance"/> at its next version, and marks
    /// the idempotency key the command answers for in the same write; a notice about an open task is written only while
    /// the task is still as the command read it (<see cref="Hold"/>).
    /// </summary>
    public Task WriteAsync(UnitOfWork work, InstanceRow? changedInstance, IdempotencyMark? mark = null) =>
        CommandWrites.WriteAsync(work, Write(changedInstance, mark));

    /// <summary>
    /// Writes it all as <see cref="WriteAsync"/> does and commits the command's transaction: the end of a command. On
    /// PostgreSQL the commit travels with the writes (<see cref="CommandWrites.WriteAndCommitAsync"/>).
    /// </summary>
    public Task CommitAsync(UnitOfWork work, InstanceRow? changedInstance, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        CommandWrites.WriteAndCommitAsync(work, Write(changedInstance, mark), cancellationToken);

    private CommandWrite Write(InstanceRow? changedInstance, IdempotencyMark? mark) => new(
        changedInstance, changedTasks.Values, newInstances, newTasks, revisions, comments, timers, messages, journal, mark,
        [.. heldTasks.Values.Where(t => !changedTasks.ContainsKey(t.Id))]);
}
