using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Workflows;

internal enum CommandStatus
{
    Done,

    /// <summary>No such task, or not the caller's: the two answer alike so that nothing is revealed.</summary>
    NotFound,

    /// <summary>The data writes a field the step does not let this person write; nothing was saved.</summary>
    Forbidden,

    /// <summary>The data breaks the template's rules; nothing was saved.</summary>
    Invalid,

    /// <summary>The caller acted on a version of the task that is no longer current (If-Match); nothing was saved.</summary>
    Stale,

    /// <summary>The task is no longer open, or the action does not fit it (approving a form to fill).</summary>
    NotApplicable,

    /// <summary>
    /// The process cannot go on from here (nobody can take the next step, a condition fails on the data, a list is too
    /// long, the process loops): nothing was saved, and the problem says why for whoever maintains the process.
    /// </summary>
    Blocked,
}

/// <summary>The outcome of a command on a task: done (with the task as it now stands) or why not, with the problems per field.</summary>
internal sealed record CommandResult(CommandStatus Status, IReadOnlyList<ValidationProblem> Problems, TaskRow? Task = null)
{
    /// <summary>
    /// The task as a list shows it once the command committed, from what the command read and wrote (so that the
    /// answer needs no read of its own); null when the command wrote nothing.
    /// </summary>
    public TaskItem? Item { get; init; }

    public static readonly CommandResult NotFound = new(CommandStatus.NotFound, []);

    public bool Succeeded => Status == CommandStatus.Done;

    public static CommandResult NotApplicable(string zh, string en) =>
        new(CommandStatus.NotApplicable, [new ValidationProblem(string.Empty, "task.not-applicable", new LocalizedText(zh, en))]);
}

/// <summary>A comment a reviewer attaches to one field (a JSON Pointer into the form) when returning it.</summary>
internal sealed record FieldNote(string Pointer, string Body);

/// <summary>
/// Runs published processes: starts instances, takes people's drafts, submissions, approvals, returns and
/// confirmations, and fires due timers. Every command is one transaction; two commands racing on one instance end
/// with one of them done and the other failing with <see cref="ConcurrencyConflictException"/>, and nothing half-written.
/// </summary>
internal sealed class ProcessRuntime(Database database, TimeProvider clock)
{
    /// <summary>Starts the newest published version of a process for one subject, outside any cycle.</summary>
    public async Task<InstanceRow> StartAsync(string processKey, string subjectId, string actor, CancellationToken cancellationToken = default) =>
        (await StartAsync(processKey, subjectId, actor, admit: null, cancellationToken: cancellationToken)).Instance
            ?? throw new InvalidOperationException(ProcessCatalog.NotPublished(processKey).En);

    /// <summary>
    /// Starts the newest published version of a process for one subject, outside any cycle, when
    /// <paramref name="admit"/> (asked in the same transaction, over the process as published) lets the
    /// <paramref name="actor"/>; null and nothing written when it does not, or when the process was never published.
    /// The journal names <paramref name="actor"/> as who started it; the tasks it opened come back with it.
    /// </summary>
    public async Task<(InstanceRow? Instance, IReadOnlyList<TaskRow> Tasks)> StartAsync(
        string processKey, string subjectId, string actor, Func<UnitOfWork, ProcessDefinition, Task<bool>>? admit, IdempotencyMark? mark = null, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        if (await DefinitionStore.LatestVersionAsync(work, ProcessCatalog.ProcessKind, processKey) is not { } version)
        {
            return (null, []);
        }

        var process = (await ProcessCatalog.ProcessAsync(work, processKey, version))!;
        if (admit is not null && !await admit(work, process))
        {
            return (null, []);
        }

        if (await OrganisationStore.FindPersonAsync(work, subjectId) is null)
        {
            throw new ArgumentException($"no person {subjectId} in the organisation", nameof(subjectId));
        }

        var run = await Run.NewAsync(work, Relationships.InStore(work), process, version, subjectId, cycle: null, clock.GetUtcNow(), actor);
        await run.StartAsync();
        await run.Changes.CommitAsync(work, changedInstance: null, mark, cancellationToken);
        return (run.Changes.NewInstances[0], run.Changes.NewTasks);
    }

    /// <summary>Keeps what the person wrote so far, without validating it; only the fields they may write.</summary>
    public Task<CommandResult> SaveDraftAsync(string taskId, string actor, JsonObject data, CancellationToken cancellationToken = default) =>
        SaveDraftAsync(taskId, actor, data, null, cancellationToken);

    /// <summary>Keeps a draft, when the task is still at <paramref name="expectedVersion"/> (any version when null).</summary>

    public Task<CommandResult> SaveDraftAsync(string taskId, string actor, JsonObject data, int? expectedVersion, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, actor, expectedVersion, mark: null, async (run, task, access) =>
        {
            var (_, refused) = access.Merge(Current(run, task), data);
            if (refused.Count > 0)
            {
                return new CommandResult(CommandStatus.Forbidden, refused);
            }

            var draft = new JsonObject();
            foreach (var (name, value) in data)
            {
                if (access.Writable.Contains(name))
                {
                    draft[name] = value?.DeepClone();
                }
            }

            var saved = task with { Data = draft.ToJsonString() };
            run.Update(saved);
            var anonymous = run.Process.Steps[task.Step] is ForEachStep { Anonymous: true };
            run.Journal("task.draft-saved", task.Step, task.Step, new JsonObject { ["task"] = anonymous ? null : task.Id }, JournalActor(run, task));
            return await Task.FromResult(new CommandResult(CommandStatus.Done, [], saved));
        }, cancellationToken);

    /// <summary>Submits a form: validated in the fields this step writes, merged into the form, and the process moves on.</summary>
    public Task<CommandResult> SubmitAsync(string taskId, string actor, JsonObject data, CancellationToken cancellationToken = default) =>
        SubmitAsync(taskId, actor, data, null, cancellationToken: cancellationToken);

    /// <summary>Submits, when the task is still at <paramref name="expectedVersion"/> (any version when null).</summary>

    public Task<CommandResult> SubmitAsync(string taskId, string actor, JsonObject data, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, actor, expectedVersion, mark, (run, task, access) => SubmitOnAsync(run, task, access, data), cancellationToken);

    /// <summary>Approves an approval task, or accepts a reviewed form; may carry the fields the step lets the approver write.</summary>
    public Task<CommandResult> ApproveAsync(string taskId, string actor, JsonObject? data = null, CancellationToken cancellationToken = default) =>
        ApproveAsync(taskId, actor, data, null, cancellationToken: cancellationToken);

    /// <summary>Approves, when the task is still at <paramref name="expectedVersion"/> (any version when null).</summary>

    public Task<CommandResult> ApproveAsync(string taskId, string actor, JsonObject? data, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, actor, expectedVersion, mark, (run, task, access) => ApproveOnAsync(run, task, access, data), cancellationToken);

    /// <summary>
    /// Returns a form with a reason and comments on its fields: a review goes back to its author for another round,
    /// an approval or confirmation to the step the process names.
    /// </summary>
    public Task<CommandResult> ReturnAsync(string taskId, string actor, string reason, IReadOnlyList<FieldNote> notes, CancellationToken cancellationToken = default) =>
        ReturnAsync(taskId, actor, reason, notes, null, cancellationToken: cancellationToken);

    /// <summary>Returns, when the task is still at <paramref name="expectedVersion"/> (any version when null).</summary>

    public Task<CommandResult> ReturnAsync(string taskId, string actor, string reason, IReadOnlyList<FieldNote> notes, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, actor, expectedVersion, mark, async (run, task, access) =>
        {
            var part = run.State.Step(task.Step).Tasks[task.Id];
            var step = run.Process.Steps[task.Step];
            var returnTo = step switch
            {
                ReviewStep => step.Id,
                ApprovalStep approval => approval.ReturnTo,
                ConfirmationStep { ReturnTo: { } to } => to,
                _ => null,
            };
            if (returnTo is null || part is TaskPart.Author or TaskPart.Fill)
            {
                return CommandResult.NotApplicable("此任务不能退回", "This task cannot be returned");
            }

            if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2_000)
            {
                return new CommandResult(CommandStatus.Invalid, [new ValidationProblem("/reason", "return.reason-required", new LocalizedText("退回时请说明原因（最多 2000 字）", "Say why the form goes back (at most 2,000 characters)"))]);
            }

            if (NoteProblems(notes, access) is { Count: > 0 } noteProblems)
            {
                return new CommandResult(CommandStatus.Invalid, noteProblems);
            }

            var done = Close(run, task, TaskStatuses.Returned, JsonNode.Parse(task.Data)!.AsObject());
            foreach (var note in notes)
            {
                run.Changes.Add(new FieldComment(run.NewId(), task.Id, note.Pointer, run.Actor, note.Body, run.NowMs, null));
            }

            run.Journal("task.returned", task.Step, returnTo, new JsonObject { ["task"] = task.Id, ["reason"] = reason });
            if (step is ReviewStep review)
            {
                var state = run.State.Step(review.Id);
                state.Round++;
                var author = state.Tasks.First(t => t.Value == TaskPart.Author);
                var revision = run.Assign(review, review.Task, run.Task(author.Key)!.AssigneeId, TaskPart.Author);
                run.Notify(new Notice(NoticeEvent.Returned, revision.AssigneeId, Notice.Key($"{revision.Id}:returned"))
                {
                    TaskId = revision.Id, Step = review.Id, Reason = reason, DecisionStep = review.Id, DecisionTask = task.Id,
                });
            }
            else
            {
                await run.ContinueAsync(step.Id, returnTo);
                foreach (var reopened in run.Changes.NewTasks.Where(t => t.Step == returnTo))
                {
                    run.Notify(new Notice(NoticeEvent.Returned, reopened.AssigneeId, Notice.Key($"{reopened.Id}:returned"))
                    {
                        TaskId = reopened.Id, Step = returnTo, Reason = reason, DecisionStep = step.Id, DecisionTask = task.Id,
                    });
                }
            }

            return new CommandResult(CommandStatus.Done, [], done);
        }, cancellationToken);

    /// <summary>Confirms the record as one party of a confirmation, with the fields that party writes.</summary>
    public Task<CommandResult> ConfirmAsync(string taskId, string actor, JsonObject? data = null, CancellationToken cancellationToken = default) =>
        ConfirmAsync(taskId, actor, data, null, cancellationToken: cancellationToken);

    /// <summary>Confirms, when the task is still at <paramref name="expectedVersion"/> (any version when null).</summary>

    public Task<CommandResult> ConfirmAsync(string taskId, string actor, JsonObject? data, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, actor, expectedVersion, mark, (run, task, access) => ConfirmOnAsync(run, task, access, data), cancellationToken);

    /// <summary>Cancels a running instance: its open tasks close, its timers find nothing to do.</summary>
    public async Task<bool> CancelAsync(string instanceId, string actor, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var instance = await InstanceStore.FindAsync(work, instanceId);
        if (instance is null || instance.Status != InstanceStatus.Running)
        {
            return false;
        }

        var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), actor);
        foreach (var step in run.State.Active.ToList())
        {
            run.Leave(step);
        }

        run.Journal("instance.cancelled", null, null);
        await MeetingInvitations.ReconcileAsync(run, ending: true);
        await run.Changes.CommitAsync(work, run.Finished() with { Status = InstanceStatus.Cancelled }, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>
    /// The meetings of an instance as <paramref name="personId"/> reads them: those booked whose time field they may
    /// read (<see cref="Visibility"/>); null when they do not see the instance.
    /// </summary>
    public async Task<IReadOnlyList<PlannedMeeting>?> MeetingsAsync(string instanceId, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await InstanceStore.FindAsync(work, instanceId) is not { } instance)
        {
            return null;
        }

        var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), personId);
        var visibility = await Visibility.ForAsync(work, run, personId);
        if (!visibility.SeesInstance)
        {
            return null;
        }

        var meetings = new List<PlannedMeeting>();
        foreach (var step in run.Process.Steps.Values)
        {
            if (await ReadsMeetingAsync(work, run, visibility, step) && MeetingPlans.View(run, step, personId) is { } planned)
            {
                meetings.Add(planned);
            }
        }

        return meetings;
    }

    /// <summary>
    /// Moves the meeting a step booked to <paramref name="at"/> (null: cancels it), and its place when given: only the
    /// person who booked it, only while the instance runs and the meeting lies ahead. The new time is written into the
    /// booking step's form like any write of it, so the date reminders are planned again and the attendees receive the
    /// update or the cancellation (<see cref="MeetingInvitations"/>); nothing else of the form changes. With
    /// <paramref name="expectedVersion"/>, only while the instance is still at that version. A claimed idempotency key
    /// (<paramref name="mark"/>) is marked in the same write, as a task command marks it.
    /// </summary>
    public async Task<MeetingChange> RescheduleMeetingAsync(
        string instanceId, string stepId, string personId, DateTimeOffset? at, string? place, int? expectedVersion = null, IdempotencyMark? mark = null,
        CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        if (await InstanceStore.FindAsync(work, instanceId) is not { } instance)
        {
            return MeetingChange.NotFound;
        }

        var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), personId);
        var visibility = await Visibility.ForAsync(work, run, personId);
        if (!visibility.SeesInstance || !run.Process.Steps.TryGetValue(stepId, out var step) || StepTasks.SpecOf(step) is not { Meeting: { } meeting } spec)
        {
            return MeetingChange.NotFound;
        }

        // Whoever sees the instance knows its process's steps: telling them it is not theirs to move reveals nothing more.
        if (MeetingPlans.Booker(run, step) != personId)
        {
            return MeetingChange.Refused(MeetingChangeStatus.Forbidden, string.Empty, "meeting.not-organizer",
                "只有预约这次面谈的人可以改期或取消。", "Only the person who booked this meeting may move or cancel it.");
        }

        if (instance.Status != InstanceStatus.Running)
        {
            return MeetingChange.Refused(MeetingChangeStatus.NotApplicable, string.Empty, "meeting.instance-ended",
                "流程已结束，面谈不能再改期或取消。", "The process has ended: the meeting can no longer be moved or cancelled.");
        }

        if (expectedVersion is { } expected && expected != instance.Version)
        {
            return Stale();
        }

        if (!MeetingPlans.Ahead(run, step, meeting, spec.Form))
        {
            return MeetingChange.Refused(MeetingChangeStatus.NotApplicable, "/at", "meeting.not-ahead",
                $"面谈时间（{meeting.At}）已过或面谈已取消，不能再改期或取消。",
                $"The meeting time ({meeting.At}) has passed or the meeting was cancelled: it can no longer be moved or cancelled.");
        }

        var problems = new List<ValidationProblem>();
        if (at is { } time && time.ToUnixTimeMilliseconds() <= run.NowMs)
        {
            problems.Add(new ValidationProblem("/at", "meeting.at-past", new LocalizedText(
                $"新的面谈时间（{meeting.At}）须在将来。", $"The new meeting time ({meeting.At}) must lie in the future.")));
        }

        if (place is not null && meeting.Place is null)
        {
            problems.Add(new ValidationProblem("/place", "meeting.no-place", new LocalizedText("这次面谈没有地点字段。", "This meeting has no place field.")));
        }
        else if (place is { Length: > MeetingPlans.MaxPlace })
        {
            problems.Add(new ValidationProblem("/place", "meeting.place-long", new LocalizedText(
                $"面谈地点（{meeting.Place}）最多 {MeetingPlans.MaxPlace} 个字符。", $"The meeting place ({meeting.Place}) is at most {MeetingPlans.MaxPlace} characters.")));
        }

        if (problems.Count > 0)
        {
            return new MeetingChange(MeetingChangeStatus.Invalid, problems);
        }

        var written = run.State.Forms[spec.Form].DeepClone().AsObject();
        if (at is { } moved)
        {
            written[meeting.At] = MeetingPlans.Format(moved);
        }
        else
        {
            written.Remove(meeting.At);
        }

        if (place is not null && meeting.Place is { } placeField)
        {
            written[placeField] = place.Trim();
        }

        run.WriteForm(step.Id, spec.Form, written);
        run.Journal(at is null ? "meeting.withdrawn" : "meeting.rescheduled", step.Id, step.Id, new JsonObject
        {
            ["at"] = at is { } journalled ? MeetingPlans.Format(journalled) : null,
            ["place"] = place,
        });
        await MeetingInvitations.ReconcileAsync(run);
        try
        {
            await run.Changes.CommitAsync(work, run.Finished(), mark, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Stale();
        }

        return new MeetingChange(MeetingChangeStatus.Done, [], MeetingPlans.View(run, step, personId));

        static MeetingChange Stale() => MeetingChange.Refused(MeetingChangeStatus.Stale, string.Empty, "meeting.stale",
            "流程刚被修改：请刷新后再试。", "The process changed in the meantime: refresh and retry.");
    }

    // Whether the person reads the time of the meeting a step books (rule 2 of Visibility, over the step's form).
    private static async Task<bool> ReadsMeetingAsync(UnitOfWork work, Run run, Visibility visibility, Step step)
    {
        if (StepTasks.SpecOf(step) is not { Meeting: { } meeting } spec || visibility.Sections(spec.Form) is null)
        {
            return false;
        }

        var template = await ProcessCatalog.FormAsync(work, run.Process, spec.Form);
        return visibility.Form(spec.Form, template)?.Readable.Contains(meeting.At) == true;
    }

    /// <summary>
    /// Fires one claimed timer in its own transaction: a reminder, an escalation, the end of a wait, or the next
    /// occurrence of a recurring check-in. A timer whose task or step has moved on is marked fired and does nothing.
    /// Throws <see cref="ConcurrencyConflictException"/> when the claim was lost (the lease ran out and another node
    /// took the timer): then nothing is written.
    /// </summary>
    public async Task FireAsync(TimerRow timer, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var now = clock.GetUtcNow();
        await TimerStore.MarkFiredAsync(work, timer.Id, owner, now.ToUnixTimeMilliseconds());
        var instance = await InstanceStore.FindAsync(work, timer.InstanceId);
        if (instance is { Status: InstanceStatus.Running })
        {
            var run = await Run.OpenAsync(work, instance, now, "system");
            var changed = await TimerEffects.FireAsync(run, timer);
            if (changed)
            {
                await MeetingInvitations.ReconcileAsync(run);
            }

            await run.Changes.WriteAsync(work, changed ? run.Finished() : null);
        }

        // Not with the write, unlike a person's command: a node killed while its write waits (a lock, a slow disk) must
        // leave the timers to the node that takes its lease over, and a COMMIT already sent behind the write would
        // commit it on the server all the same once the wait ends.
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the timers due now for <paramref name="owner"/> for <paramref name="lease"/> (20 s unless given) and fires
    /// each, a chunk of them per transaction (one by one when a chunk fails), renewing the lease of those not fired yet
    /// every quarter of it; returns how many fired.
    /// </summary>
    public async Task<int> FireDueTimersAsync(string owner, int limit = 500, TimeSpan? lease = null, CancellationToken cancellationToken = default)
    {
        var held = lease ?? LeasedClaim.DefaultLease;
        IReadOnlyList<TimerRow> due;
        await using (var work = await UnitOfWork.BeginAsync(database, cancellationToken))
        {
            due = await TimerStore.ClaimDueAsync(work, owner, clock.GetUtcNow().ToUnixTimeMilliseconds(), held, limit);
            await work.CommitAsync(cancellationToken);
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var fired = 0;
        await using var heartbeat = new LeaseHeartbeat(database, TimerStore.Renew, owner, held, clock, due.Select(t => t.Id));
        // Soonest first: the claim's RETURNING has no order, and two timers of one instance due in one sweep (a date
        // reminder and a check-in) must act in the order they fell due, whichever node fires them.
        // At the same moment a wait's end goes first: it moves the process on, and what it leaves (the weekly
        // checkpoint beside the quarter's wait) must not open a task that is cancelled at once.
        foreach (var chunk in Chunks(due.OrderBy(t => t.DueAt).ThenBy(t => t.Kind == TimerKind.Wait ? 0 : 1).ThenBy(t => t.Id, StringComparer.Ordinal)))
        {
            var inHand = new List<TimerRow>(chunk.Count);
            foreach (var timer in chunk)
            {
                if (await heartbeat.HoldsAsync(timer.Id))
                {
                    inHand.Add(timer);
                }
                else
                {
                    heartbeat.Done(timer.Id);
                }
            }

            if (inHand.Count > 1 && await FireTogetherAsync(inHand, owner, cancellationToken))
            {
                fired += inHand.Count;
                inHand.ForEach(t => heartbeat.Done(t.Id));
            }
            else
            {
                fired += await FireOneByOneAsync(inHand, owner, heartbeat, cancellationToken);
            }
        }

        return fired;
    }

    // How many timers fire in one transaction: a round trip per chunk instead of several per timer, while a chunk that
    // fails and is fired again one by one costs little.
    internal const int ChunkSize = 50;

    // Consecutive timers of the sweep's order, up to ChunkSize, no instance twice in a chunk: the second timer of an
    // instance must see what the first changed, so it opens the next chunk, which reads the instance again.
    private static IEnumerable<List<TimerRow>> Chunks(IEnumerable<TimerRow> timers)
    {
        var chunk = new List<TimerRow>();
        var instances = new HashSet<string>(StringComparer.Ordinal);
        foreach (var timer in timers)
        {
            if (chunk.Count == ChunkSize || !instances.Add(timer.InstanceId))
            {
                yield return chunk;
                chunk = [];
                instances.Clear();
                instances.Add(timer.InstanceId);
            }

            chunk.Add(timer);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// Fires claimed timers of distinct instances in one transaction, all or none: one statement marks them fired, one
    /// reads their instances, one their tasks, and the messages and journal entries of their reminders are written
    /// together. False when anything failed (a claim lost, a process that cannot go on, the database): nothing was
    /// written, and the caller fires them one by one, where each failure meets its own handling.
    /// </summary>
    private async Task<bool> FireTogetherAsync(IReadOnlyList<TimerRow> timers, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
            var now = clock.GetUtcNow();
            await TimerStore.MarkManyFiredAsync(work, [.. timers.Select(t => t.Id)], owner, now.ToUnixTimeMilliseconds());
            var running = (await InstanceStore.FindManyAsync(work, [.. timers.Select(t => t.InstanceId)]))
                .Where(i => i.Status == InstanceStatus.Running)
                .ToDictionary(i => i.Id, StringComparer.Ordinal);
            // The chunk's instances opened together (their tasks in one query, each cycle and process once), a run for
            // each timer.
            var due = timers.Where(t => running.ContainsKey(t.InstanceId)).ToList();
            var runs = await Run.OpenManyAsync(work, [.. due.Select(t => running[t.InstanceId])], now, "system");

            // A reminder only adds a message and a journal entry: those of the chunk are written together.
            var reminders = new Changes();
            foreach (var (timer, run) in due.Zip(runs))
            {
                var changed = await TimerEffects.FireAsync(run, timer);
                if (changed)
                {
                    await MeetingInvitations.ReconcileAsync(run);
                }

                if (timer.Kind == TimerKind.Reminder && !changed)
                {
                    reminders.Absorb(run.Changes);
                }
                else
                {
                    await run.Changes.WriteAsync(work, changed ? run.Finished() : null);
                }
            }

            await reminders.WriteAsync(work, changedInstance: null);
            await work.CommitAsync(cancellationToken); // not with the write: see FireAsync
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            return false;
        }
    }

    // Each timer in its own transaction, as when a chunk failed: a lost claim is skipped, a timer its process cannot
    // act on is set aside, and nothing else stops the others.
    private async Task<int> FireOneByOneAsync(IReadOnlyList<TimerRow> timers, string owner, LeaseHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        var fired = 0;
        foreach (var timer in timers)
        {
            // Our lease lapsed and another node took the timer: it fires it (firing it here would be refused anyway).
            if (!await heartbeat.HoldsAsync(timer.Id))
            {
                continue;
            }

            try
            {
                await FireAsync(timer, owner, cancellationToken);
                fired++;
            }
            catch (ConcurrencyConflictException)
            {
                // Another node holds the timer now (our lease ran out) or moved the instance on first: the timer
                // keeps its claim until its lease ends and is taken again then.
            }
            catch (Exception error) when (Blocking(error) is { } reason)
            {
                // A timer its process cannot act on (nobody to take the next step, a failing condition) is set aside
                // with the reason in the journal: left claimed, it would come back first in every sweep and hold up
                // the timers claimed with it.
                await SetAsideAsync(timer, owner, reason, cancellationToken);
            }
            finally
            {
                heartbeat.Done(timer.Id);
            }
        }

        return fired;
    }

    private async Task SetAsideAsync(TimerRow timer, string owner, LocalizedText reason, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await TimerStore.MarkFiredAsync(work, timer.Id, owner, now);
        }
        catch (ConcurrencyConflictException)
        {
            // Another node has it now; it will meet the same reason and set it aside itself.
            return;
        }

        await AuditLog.AppendAsync(work, new AuditEntry(now, "system", "timer.failed", "instance", timer.InstanceId, null, new JsonObject
        {
            ["timer"] = timer.Id,
            ["kind"] = timer.Kind,
            ["reason"] = reason.En,
            ["reasonZh"] = reason.ZhCn,
        }.ToJsonString()));
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes a task of a dry run's instance as its assignee would, with no data of their own: a form or a check-in
    /// is submitted, an approval or a review approved, a confirmation confirmed — by the commands' own code, so that
    /// what follows (the next step, its tasks and timers, the notices) is what it would be for real.
    /// </summary>
    public static async Task<CommandResult> CompleteInDryRunAsync(UnitOfWork work, Run run, TaskRow task)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.DryRun is null)
        {
            throw new InvalidOperationException("only a dry run completes tasks without the assignee's data");
        }

        var (_, access) = await AccessAsync(work, run, task);
        var part = run.State.Step(task.Step).Tasks[task.Id];
        if (part is TaskPart.Reviewer or TaskPart.Approver)
        {
            return await ApproveOnAsync(run, task, access, null);
        }

        return part.StartsWith("party-", StringComparison.Ordinal)
            ? await ConfirmOnAsync(run, task, access, null)
            : await SubmitOnAsync(run, task, access, []);
    }

    private static async Task<CommandResult> SubmitOnAsync(Run run, TaskRow task, FormAccess access, JsonObject data)
    {
        var part = run.State.Step(task.Step).Tasks[task.Id];
        var step = run.Process.Steps[task.Step];
        if (part is TaskPart.Reviewer or TaskPart.Approver || part.StartsWith("party-", StringComparison.Ordinal))
        {
            return CommandResult.NotApplicable("此任务需要审批、退回或确认，而不是提交", "This task is approved, returned or confirmed, not submitted");
        }

        if (!TryComplete(run, task, access, data, TaskStatuses.Submitted, out var done, out var written, out var refused))
        {
            return refused;
        }

        await PlanAlerts.RaiseAsync(run, step, task, written);

        switch (step)
        {
            case FormStep form:
                run.WriteForm(form.Id, form.Task.Form, written);
                run.Journal("task.submitted", task.Step, form.Next, new JsonObject { ["task"] = task.Id });
                await run.ContinueAsync(form.Id, form.Next);
                break;
            case ReviewStep review:
                run.WriteForm(review.Id, review.Task.Form, written);
                run.Journal("task.submitted", task.Step, task.Step, new JsonObject { ["task"] = task.Id, ["round"] = run.State.Step(review.Id).Round });
                run.Assign(review, review.Task, await run.AssigneeAsync(review.Reviewer), TaskPart.Reviewer);
                break;
            case ForEachStep forEach:
                await AnswerAsync(run, forEach, task, access, written);
                break;
            case RecurringStep recurring:
                await CheckInAsync(run, recurring, task, part, access, written);
                break;
        }

        return new CommandResult(CommandStatus.Done, [], done);
    }

    private static async Task<CommandResult> ApproveOnAsync(Run run, TaskRow task, FormAccess access, JsonObject? data)
    {
        var part = run.State.Step(task.Step).Tasks[task.Id];
        if (part is not (TaskPart.Reviewer or TaskPart.Approver))
        {
            return CommandResult.NotApplicable("只有审批和审阅任务可以通过", "Only approval and review tasks are approved");
        }

        var step = run.Process.Steps[task.Step];
        var form = step is ReviewStep r ? r.Task.Form : ((ApprovalStep)step).Task.Form;
        if (!TryComplete(run, task, access, data, TaskStatuses.Approved, out var done, out var written, out var refused))
        {
            return refused;
        }

        run.WriteForm(task.Step, form, written);
        var state = run.State.Step(task.Step);
        switch (step)
        {
            case ReviewStep review:
                run.Journal("task.approved", task.Step, review.Next, new JsonObject { ["task"] = task.Id });
                var author = state.Tasks.Last(t => t.Value == TaskPart.Author).Key;
                TellApproved(run, [run.Task(author)!.AssigneeId], review.Id, review.Id, task.Id);
                await run.ContinueAsync(review.Id, review.Next);
                break;
            case ApprovalStep { Mode: ApprovalMode.Sequence } sequence when state.Index < sequence.Approvers.Count:
                run.Journal("task.approved", task.Step, task.Step, new JsonObject { ["task"] = task.Id });
                var next = sequence.Approvers[state.Index++];
                run.Assign(sequence, sequence.Task, await run.AssigneeAsync(next), TaskPart.Approver);
                break;
            case ApprovalStep approval:
                if (++state.Done >= state.Needed || approval.Mode is ApprovalMode.Sequence)
                {
                    run.Journal("task.approved", task.Step, approval.Next, new JsonObject { ["task"] = task.Id });
                    TellApproved(run, WritersAt(run, approval.ReturnTo), approval.ReturnTo, approval.Id, task.Id);
                    await run.ContinueAsync(approval.Id, approval.Next);
                }
                else
                {
                    run.Journal("task.approved", task.Step, task.Step, new JsonObject { ["task"] = task.Id });
                }

                break;
        }

        return new CommandResult(CommandStatus.Done, [], done);
    }

    private static async Task<CommandResult> ConfirmOnAsync(Run run, TaskRow task, FormAccess access, JsonObject? data)
    {
        var part = run.State.Step(task.Step).Tasks[task.Id];
        if (run.Process.Steps[task.Step] is not ConfirmationStep confirmation || !part.StartsWith("party-", StringComparison.Ordinal))
        {
            return CommandResult.NotApplicable("只有确认任务可以确认", "Only confirmation tasks are confirmed");
        }

        if (!TryComplete(run, task, access, data, TaskStatuses.Confirmed, out var done, out var written, out var refused))
        {
            return refused;
        }

        run.WriteForm(confirmation.Id, confirmation.Task.Form, written);
        var state = run.State.Step(confirmation.Id);
        var complete = ++state.Done >= state.Needed;
        run.Journal("task.confirmed", task.Step, complete ? confirmation.Next : task.Step, new JsonObject { ["task"] = task.Id });
        if (complete)
        {
            Tell(run, NoticeEvent.Confirmed, [.. state.Tasks.Keys.Select(id => run.Task(id)!.AssigneeId).Distinct(StringComparer.Ordinal)], confirmation.Id);
            await run.ContinueAsync(confirmation.Id, confirmation.Next);
        }

        return new CommandResult(CommandStatus.Done, [], done);
    }

    private delegate Task<CommandResult> TaskAction(Run run, TaskRow task, FormAccess access);

    // The frame of every command on a task: find it (only the assignee's), check it is open, run the action, write
    // what it changed in one transaction.
    private async Task<CommandResult> OnTaskAsync(string taskId, string actor, int? expectedVersion, IdempotencyMark? mark, TaskAction action, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        // The task is read with the instance's other tasks, by one statement: a run acts on the task as it was
        // checked, and a command that committed since is met by the version check of the write.
        var opening = await TaskCompletionStore.OpenAsync(work, taskId);
        if (opening is null || opening.Task.AssigneeId != actor)
        {
            return CommandResult.NotFound;
        }

        var (task, instance, cycle, tasks, circle) = opening;
        if (task.Status != TaskStatuses.Open || instance.Status != InstanceStatus.Running)
        {
            return CommandResult.NotApplicable("此任务已经完成或已取消", "This task is already done or cancelled");
        }

        if (expectedVersion is { } expected && expected != task.Version)
        {
            // The row's own version check would catch a race; this catches a client that read an older version.
            return new CommandResult(CommandStatus.Stale, [new ValidationProblem(string.Empty, "task.stale", new LocalizedText("任务已被修改：请重新打开后再保存", "The task has changed since you opened it: open it again and retry"))], task);
        }

        var people = Relationships.InStore(work, circle);
        var run = await Run.OpenAsync(work, people, instance, cycle, tasks, clock.GetUtcNow(), actor);
        if (run.Process.Steps[task.Step] is ForEachStep { Anonymous: true })
        {
            // Whatever this answer moves on, the journal must not tell who gave it.
            run = await Run.OpenAsync(work, people, instance, cycle, tasks, clock.GetUtcNow(), Anonymous);
        }

        var (_, access) = await AccessAsync(work, run, task);
        CommandResult result;
        try
        {
            result = await action(run, run.Task(task.Id)!, access);
        }
        catch (Exception error) when (Blocking(error) is { } reason)
        {
            // Nothing is written: the transaction ends without commit.
            return new CommandResult(CommandStatus.Blocked, [new ValidationProblem(string.Empty, "process.blocked", reason)]);
        }

        if (!result.Succeeded)
        {
            return result;
        }

        // A saved draft changes the task alone; anything that closes a task moves the instance, at its version.
        var movesInstance = result.Task?.Status != TaskStatuses.Open;
        if (movesInstance)
        {
            // Whatever step wrote the form, the meetings it books follow what it now holds (a draft books nothing).
            await MeetingInvitations.ReconcileAsync(run);
        }

        // The key is marked with the command's writes: it says "done" exactly when they are there.
        await run.Changes.CommitAsync(work, movesInstance ? run.Finished() : null, mark, cancellationToken);
        if (result.Task is not { } written)
        {
            return result;
        }

        // The write raised the task's version by one; the instance's key, process, subject and cycle never change.
        var committed = written with { Version = written.Version + 1 };
        return result with { Task = committed, Item = TaskDesk.ItemOf(committed, instance, run.Process, Names.Of(instance.SubjectId, circle.Subject?.Name)) };
    }

    /// <summary>Why the process cannot go on, for the errors a process's definition or data can cause; null for others.</summary>
    public static LocalizedText? Blocking(Exception error) => error switch
    {
        StepBlockedException blocked => blocked.Reason,
        UnassignableStepException unassignable => new LocalizedText($"下一步无人可以处理：{unassignable.Message}", $"Nobody can take the next step: {unassignable.Message}"),
        ProcessLoopException loop => new LocalizedText($"流程在一次操作中循环：{loop.Message}", $"The process loops within one command: {loop.Message}"),
        Expressions.ExpressionException expression => new LocalizedText($"流程条件无法计算：{expression.Message}", $"A condition of the process fails: {expression.Message}"),
        _ => null,
    };

    /// <summary>The template of a task's form and what its assignee may read and write in it.</summary>
    public static async Task<(FormTemplate Template, FormAccess Access)> AccessAsync(UnitOfWork work, Run run, TaskRow task)
    {
        var step = run.Process.Steps[task.Step];
        var part = run.State.Steps.GetValueOrDefault(task.Step)?.Tasks.GetValueOrDefault(task.Id) ?? TaskPart.Fill;
        var spec = StepTasks.SpecOf(step) ?? throw new InvalidOperationException($"step {step.Id} has no tasks");
        var access = StepTasks.AccessOf(step, part);
        var template = await ProcessCatalog.FormAsync(work, run.Process, spec.Form);
        return (template, await Visibility.OfTaskAsync(work, run, task, template, new FormAccess(template, access)));
    }

    // The form as the task starts from (Run.DocumentOf): the instance's document as written so far, or the check-in a
    // recurring step's reviewer follows up.
    private static JsonObject Current(Run run, TaskRow task) => run.DocumentOf(task);

    // Tells people a step ended well (approved, confirmed); no task link, the step is behind them.
    private static void Tell(Run run, string noticeEvent, IReadOnlyList<string> people, string stepId)
    {
        var entry = run.State.Step(stepId).Entry;
        foreach (var person in people)
        {
            run.Notify(new Notice(noticeEvent, person, Notice.Key($"{run.Instance.Id}:{stepId}:{entry}:{noticeEvent}:{person}")) { Step = stepId });
        }
    }

    // Tells the people whose work was approved — what they wrote at <paramref name="theirStep"/> — that it was, at
    // <paramref name="decidedAt"/>: nobody else, for a subject who wrote nothing there would learn of a decision about
    // them that no step has shown them yet.
    private static void TellApproved(Run run, IReadOnlyList<string> people, string theirStep, string decidedAt, string decisionTask)
    {
        var entry = run.State.Step(decidedAt).Entry;
        foreach (var person in people)
        {
            run.Notify(new Notice(NoticeEvent.Approved, person, Notice.Key($"{run.Instance.Id}:{decidedAt}:{entry}:{NoticeEvent.Approved}:{person}"))
            {
                Step = theirStep, DecisionStep = decidedAt, DecisionTask = decisionTask,
            });
        }
    }

    // The people who wrote the form at <paramref name="stepId"/> in its latest entry: the tasks completed there by a
    // part that writes something (an author and a reviewer who rated, a filler, a confirming party who wrote).
    private static List<string> WritersAt(Run run, string stepId)
    {
        if (run.State.Steps.GetValueOrDefault(stepId) is not { } state)
        {
            return [];
        }

        var step = run.Process.Steps[stepId];
        return [.. state.Tasks
            .Where(t => StepTasks.AccessOf(step, t.Value).Write.Count > 0 && run.Task(t.Key) is { Status: TaskStatuses.Submitted or TaskStatuses.Approved or TaskStatuses.Confirmed })
            .Select(t => run.Task(t.Key)!.AssigneeId)
            .Distinct(StringComparer.Ordinal)];
    }

    private const int MaxNotes = 50;

    // Comments go on fields the returner reads, a page at most each: they are shown to whoever revises the form.
    private static List<ValidationProblem> NoteProblems(IReadOnlyList<FieldNote> notes, FormAccess access)
    {
        var problems = new List<ValidationProblem>();
        if (notes.Count > MaxNotes)
        {
            problems.Add(new ValidationProblem("/notes", "return.too-many-notes", new LocalizedText($"一次退回最多 {MaxNotes} 条字段意见", $"At most {MaxNotes} field comments per return")));
            return problems;
        }

        for (var i = 0; i < notes.Count; i++)
        {
            var (pointer, body) = (notes[i].Pointer, notes[i].Body);
            var field = pointer.Length > 1 && pointer[0] == '/' ? pointer[1..].Split('/')[0].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : null;
            if (field is null || pointer.Length > 500 || !access.Readable.Contains(field))
            {
                problems.Add(new ValidationProblem($"/notes/{i}/pointer", "return.note-field", new LocalizedText($"意见只能写在你能看到的字段上：「{pointer}」不是", $"A comment goes on a field you can read: \"{pointer}\" is not one")));
            }

            if (string.IsNullOrWhiteSpace(body) || body.Length > 2_000)
            {
                problems.Add(new ValidationProblem($"/notes/{i}/body", "return.note-body", new LocalizedText("字段意见不能为空，最多 2000 字", "A field comment is not empty and at most 2,000 characters")));
            }
        }

        return problems;
    }

    /// <summary>
    /// Completes a task — every way of doing so goes through here: a submit, an approval or a review's acceptance, a
    /// confirmation by any party. What the person sends, or without data the form as they read it, is merged into the
    /// form and validated in the fields their part writes, required ones included, exactly as a submit; only then does
    /// the task close with it. A return is no completion and does not come here.
    /// </summary>
    private static bool TryComplete(
        Run run,
        TaskRow task,
        FormAccess access,
        JsonObject? data,
        string status,
        [NotNullWhen(true)] out TaskRow? done,
        [NotNullWhen(true)] out JsonObject? written,
        [NotNullWhen(false)] out CommandResult? refused)
    {
        (done, written, refused) = (null, null, null);
        var current = Current(run, task);
        var (merged, forbidden) = access.Merge(current, data ?? access.View(current));
        if (merged is null)
        {
            refused = new CommandResult(CommandStatus.Forbidden, forbidden);
            return false;
        }

        // A dry run has no data: the form is taken as the assignee would send it, valid by assumption.
        var (valid, problems) = run.DryRun is null ? access.Validate(merged) : (merged, []);
        if (valid is null)
        {
            refused = new CommandResult(CommandStatus.Invalid, problems);
            return false;
        }

        (done, written) = (Close(run, task, status, valid), valid);
        return true;
    }

    private static TaskRow Close(Run run, TaskRow task, string status, JsonObject data)
    {
        var closed = task with { Status = status, Data = data.ToJsonString(), CompletedAt = run.NowMs };
        run.Update(closed);
        run.Changes.Revision(task.Id, closed.Data, JournalActor(run, task), run.NowMs);
        return closed;
    }

    // Who the journal names for a task's action: nobody, for an answer to an anonymous step.
    private static string JournalActor(Run run, TaskRow task) =>
        run.Process.Steps[task.Step] is ForEachStep { Anonymous: true } ? Anonymous : task.AssigneeId;

    private const string Anonymous = "anonymous";

    private static async Task AnswerAsync(Run run, ForEachStep forEach, TaskRow task, FormAccess access, JsonObject written)
    {
        var answer = new JsonObject();
        foreach (var field in access.Writable)
        {
            if (written[field] is { } value)
            {
                answer[field] = value.DeepClone();
            }
        }

        run.State.Responses[forEach.Id].Add(new Response(forEach.Anonymous ? null : task.AssigneeId, null, run.NowMs, answer));
        var state = run.State.Step(forEach.Id);
        var complete = ++state.Done >= state.Needed;
        run.Journal("task.submitted", forEach.Id, complete ? forEach.Next : forEach.Id, new JsonObject { ["task"] = forEach.Anonymous ? null : task.Id }, JournalActor(run, task));
        if (complete)
        {
            await run.ContinueAsync(forEach.Id, forEach.Next);
        }
    }

    // An occurrence handed in is kept as an answer with its number; with a reviewer, the reviewer's task for it opens
    // then, and what the reviewer hands in joins that answer. An occurrence counts as done when handed in, or with a
    // reviewer once reviewed: the step goes on after the last one.
    private static async Task CheckInAsync(Run run, RecurringStep recurring, TaskRow task, string part, FormAccess access, JsonObject written)
    {
        var answer = new JsonObject();
        foreach (var field in access.Writable)
        {
            if (written[field] is { } value)
            {
                answer[field] = value.DeepClone();
            }
        }

        var occurrence = TaskPart.Number(part);
        if (!run.State.Responses.TryGetValue(recurring.Id, out var responses))
        {
            run.State.Responses[recurring.Id] = responses = [];
        }

        var state = run.State.Step(recurring.Id);
        var reviewing = TaskPart.IsOccurrenceReview(part);
        if (reviewing)
        {
            var at = responses.FindLastIndex(r => r.Occurrence == occurrence);
            var handedIn = responses[at];
            var data = handedIn.Data.DeepClone().AsObject();
            foreach (var field in access.Writable)
            {
                data.Remove(field);
                if (answer[field] is { } value)
                {
                    data[field] = value.DeepClone();
                }
            }

            responses[at] = handedIn with { Data = data, ReviewedBy = task.AssigneeId, ReviewedAt = run.NowMs };
        }
        else
        {
            responses.Add(new Response(task.AssigneeId, occurrence, run.NowMs, answer) { OpenedAt = task.CreatedAt });
        }

        var done = reviewing || recurring.Reviewer is null;
        var complete = done && ++state.Done >= recurring.Count;
        run.Journal("task.submitted", recurring.Id, complete ? recurring.Next : recurring.Id, new JsonObject { ["task"] = task.Id, ["occurrence"] = occurrence });
        if (!reviewing && recurring.Reviewer is { } reviewer)
        {
            run.Assign(recurring, recurring.Task, await run.AssigneeAsync(reviewer), TaskPart.OccurrenceReview(occurrence));
        }

        if (complete)
        {
            await run.ContinueAsync(recurring.Id, recurring.Next);
        }
    }
}
