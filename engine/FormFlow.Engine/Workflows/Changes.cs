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
    private readonly List<(string TaskId, string Data, string By, long At)> revisions = [];
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

    public void Revision(string taskId, string data, string by, long at) => revisions.Add((taskId, data, by, at));

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
    }

    public async Task WriteAsync(UnitOfWork work, InstanceRow? changedInstance)
    {
        if (changedInstance is not null)
        {
            await InstanceStore.UpdateAsync(work, changedInstance);
        }

        foreach (var task in changedTasks.Values)
        {
            await TaskStore.UpdateAsync(work, task);
        }

        foreach (var task in heldTasks.Values.Where(t => !changedTasks.ContainsKey(t.Id)))
        {
            await TaskStore.HoldAsync(work, task);
        }

        await InstanceStore.InsertManyAsync(work, newInstances);
        await TaskStore.InsertManyAsync(work, newTasks);
        foreach (var (taskId, data, by, at) in revisions)
        {
            await TaskStore.AddRevisionAsync(work, taskId, data, by, at);
        }

        foreach (var comment in comments)
        {
            await FieldCommentStore.AddAsync(work, comment);
        }

        await TimerStore.InsertManyAsync(work, timers);
        await OutboxStore.EnqueueAsync(work, messages);
        await AuditLog.AppendManyAsync(work, journal);
    }
}
