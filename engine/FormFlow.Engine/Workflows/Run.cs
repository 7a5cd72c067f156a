using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.DryRuns;
using FormFlow.Expressions;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using Scriban.Runtime;

namespace FormFlow.Workflows;

/// <summary>
/// One command on one instance: the instance as read, its process, its state, and what the command writes. Steps
/// are entered and left here; whatever a step does (a task, a timer, a message, the next step) goes into
/// <see cref="Changes"/> and reaches the database in the command's one transaction, or not at all.
/// </summary>
internal sealed class Run
{
    // A process that moves through more steps than this in one command loops without waiting for anyone; the
    // instances it starts (start-process) count against the same budget, so a process starting itself stops too.
    private const int MaxStepsPerCommand = 200;

    // A for-each step's people come from a form someone filled: a list longer than this is refused, not served.
    private const int MaxPeoplePerStep = 200;

    private readonly UnitOfWork work;
    private readonly Dictionary<string, TaskRow> tasks;
    private readonly StepBudget budget;
    private bool announcing;

    // Who the instance is about as conditions see them, read once when the run is opened (when a condition of the
    // process reads more than their id): conditions evaluate synchronously (a decision, what a reader may see) and
    // never query.
    private readonly SubjectFacts subject;

    // The ids of the rows this run writes, ascending within its time (a launch's runs share one sequence).
    private readonly RowIds ids;

    private Run(UnitOfWork work, Relationships people, SubjectFacts subject, InstanceRow instance, ProcessDefinition process, InstanceState state, CycleRow? cycle, IReadOnlyList<TaskRow> tasks, DateTimeOffset now, string actor, StepBudget? budget = null, DryRunLog? dryRun = null, RowIds? ids = null)
    {
        this.subject = subject;
        this.ids = ids ?? new RowIds();
        this.budget = budget ?? new StepBudget();
        DryRun = dryRun;
        this.work = work;
        People = people;
        Instance = instance;
        Process = process;
        State = state;
        Cycle = cycle;
        Now = now;
        Actor = actor;
        this.tasks = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public InstanceRow Instance { get; }

    public ProcessDefinition Process { get; }

    public InstanceState State { get; }

    public CycleRow? Cycle { get; }

    public DateTimeOffset Now { get; }

    public long NowMs => Now.ToUnixTimeMilliseconds();

    public string Actor { get; }

    public Relationships People { get; }

    public Changes Changes { get; } = new();

    /// <summary>
    /// Set when the run is part of a dry run (<see cref="DryRuns.ProcessDryRun"/>): its changes are never written, its
    /// tasks are completed without data, and what it decides without the data that would decide it is noted here.
    /// </summary>
    public DryRunLog? DryRun { get; }

    public IReadOnlyCollection<TaskRow> Tasks => tasks.Values;

    public bool Completed => State.Active.Count == 0;

    /// <summary>Opens a command on an existing instance.</summary>
    public static async Task<Run> OpenAsync(UnitOfWork work, InstanceRow instance, DateTimeOffset now, string actor)
    {
        var process = await ProcessOfAsync(work, instance);
        var cycle = instance.CycleId is null ? null : await CycleStore.FindAsync(work, instance.CycleId);
        var tasks = await TaskStore.ForInstanceAsync(work, instance.Id);
        return await OpenAsync(work, Relationships.InStore(work), instance, process, cycle, tasks, now, actor);
    }

    /// <summary>
    /// Opens a command on an existing instance whose cycle and tasks were read beforehand in the same transaction (a
    /// timer sweep reads those of many instances in one query each).
    /// </summary>
    public static async Task<Run> OpenAsync(UnitOfWork work, InstanceRow instance, CycleRow? cycle, IReadOnlyList<TaskRow> tasks, DateTimeOffset now, string actor) =>
        await OpenAsync(work, Relationships.InStore(work), instance, await ProcessOfAsync(work, instance), cycle, tasks, now, actor);

    /// <summary>As above, asking <paramref name="people"/> (which may know the subject's circle already) about the organisation.</summary>
    public static async Task<Run> OpenAsync(UnitOfWork work, Relationships people, InstanceRow instance, CycleRow? cycle, IReadOnlyList<TaskRow> tasks, DateTimeOffset now, string actor) =>
        await OpenAsync(work, people, instance, await ProcessOfAsync(work, instance), cycle, tasks, now, actor);

    /// <summary>
    /// Opens existing instances to read them, as a page of a list does: the tasks of all of them in one query and each
    /// cycle once, not both again for every instance (a page of the team's instances asked ten statements a row:
    /// docs/performance.md, "Lists"). Their processes must be published.
    /// </summary>
    public static async Task<IReadOnlyList<Run>> OpenManyAsync(UnitOfWork work, IReadOnlyList<InstanceRow> instances, DateTimeOffset now, string actor)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var tasks = instances.Count == 0
            ? Enumerable.Empty<TaskRow>().ToLookup(t => t.InstanceId, StringComparer.Ordinal)
            : (await TaskStore.ForInstancesAsync(work, [.. instances.Select(i => i.Id)])).ToLookup(t => t.InstanceId, StringComparer.Ordinal);
        // The subjects of the processes whose conditions read them are read at once (Relationships.SubjectsAsync), as
        // OpenAsync reads one.
        var processes = new List<ProcessDefinition>(instances.Count);
        foreach (var instance in instances)
        {
            processes.Add(await ProcessOfAsync(work, instance));
        }

        var people = Relationships.InStore(work);
        var subjects = await people.SubjectsAsync([.. instances.Where((_, i) => processes[i].ReadsSubjectFacts).Select(i => i.SubjectId)]);
        var cycles = new Dictionary<string, CycleRow?>(StringComparer.Ordinal);
        var runs = new List<Run>(instances.Count);
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            CycleRow? cycle = null;
            if (instance.CycleId is { } id && !cycles.TryGetValue(id, out cycle))
            {
                cycles[id] = cycle = await CycleStore.FindAsync(work, id);
            }

            var subject = subjects.GetValueOrDefault(instance.SubjectId) ?? SubjectFacts.IdOnly(instance.SubjectId);
            runs.Add(new Run(work, people, subject, instance, processes[i], InstanceState.Parse(instance.State), cycle, [.. tasks[instance.Id]], now, actor));
        }

        return runs;
    }

    private static async Task<ProcessDefinition> ProcessOfAsync(UnitOfWork work, InstanceRow instance) =>
        await ProcessCatalog.ProcessAsync(work, instance.ProcessKey, instance.ProcessVersion)
            ?? throw new InvalidOperationException($"instance {instance.Id} runs on {instance.ProcessKey}@{instance.ProcessVersion}, which is not published");

    private static async Task<Run> OpenAsync(UnitOfWork work, Relationships people, InstanceRow instance, ProcessDefinition process, CycleRow? cycle, IReadOnlyList<TaskRow> tasks, DateTimeOffset now, string actor)
    {
        var subject = process.ReadsSubjectFacts ? await people.SubjectAsync(instance.SubjectId) : SubjectFacts.IdOnly(instance.SubjectId);
        return new Run(work, people, subject, instance, process, InstanceState.Parse(instance.State), cycle, tasks, now, actor);
    }

    /// <summary>
    /// The next command of a dry run on an instance held in memory — its row and tasks as the previous command left
    /// them, never read from or written to the database.
    /// </summary>
    public static Run Resume(UnitOfWork work, Relationships people, SubjectFacts subject, InstanceRow instance, ProcessDefinition process, CycleRow? cycle, IEnumerable<TaskRow> tasks, DateTimeOffset now, string actor, DryRunLog dryRun) =>
        new(work, people, subject, instance, process, InstanceState.Parse(instance.State), cycle, [.. tasks], now, actor, dryRun: dryRun);

    /// <summary>
    /// A new instance of <paramref name="process"/> for <paramref name="subjectId"/>, not yet started; its rows' ids
    /// continue <paramref name="ids"/> when given (a launch's runs, all at the launch's time, share one sequence).
    /// </summary>
    public static async Task<Run> NewAsync(UnitOfWork work, Relationships people, ProcessDefinition process, int version, string subjectId, CycleRow? cycle, DateTimeOffset now, string actor, DryRunLog? dryRun = null, RowIds? ids = null) =>
        New(work, people, process.ReadsSubjectFacts ? await people.SubjectAsync(subjectId) : SubjectFacts.IdOnly(subjectId), process, version, cycle, now, actor, dryRun: dryRun, ids: ids ?? new RowIds());

    private static Run New(UnitOfWork work, Relationships people, SubjectFacts subject, ProcessDefinition process, int version, CycleRow? cycle, DateTimeOffset now, string actor, StepBudget? budget = null, DryRunLog? dryRun = null, RowIds? ids = null)
    {
        ids ??= new RowIds();
        var instance = new InstanceRow
        {
            Id = ids.New(now),
            CycleId = cycle?.Id,
            ProcessKey = process.Key,
            ProcessVersion = version,
            SubjectId = subject.Id,
            Status = InstanceStatus.Running,
            State = "{}",
            Version = 1,
            CreatedAt = now.ToUnixTimeMilliseconds(),
            UpdatedAt = now.ToUnixTimeMilliseconds(),
        };
        return new Run(work, people, subject, instance, process, new InstanceState(), cycle, [], now, actor, budget, dryRun, ids);
    }

    public static string NewId(DateTimeOffset now) => RowIds.Single(now);

    public string NewId() => ids.New(Now);

    /// <summary>Starts a new instance at its start step; the instance row goes into <see cref="Changes"/>.</summary>
    /// <summary>
    /// Starts the instance at the process's start step. When <paramref name="announceCycle"/> (a cycle's launch), the
    /// tasks it opens are announced with <c>cycle.launched</c> — the cycle and the first task in one mail — instead of
    /// <c>task.assigned</c>, so that nobody gets two mails for one launch.
    /// </summary>
    public async Task StartAsync(bool announceCycle = false)
    {
        Journal("instance.started", null, Process.Start);
        announcing = announceCycle && Cycle is not null;
        try
        {
            await EnterAsync(Process.Start, null);
        }
        finally
        {
            announcing = false;
        }

        Changes.Add(Finished());
    }

    /// <summary>The instance row as the command leaves it: its state, status and time (the version is the one read).</summary>
    public InstanceRow Finished()
    {
        var status = Instance.Status == InstanceStatus.Running && Completed ? InstanceStatus.Completed : Instance.Status;
        return Instance with { State = State.Serialize(), Status = status, UpdatedAt = NowMs };
    }

    public TaskRow? Task(string id) => tasks.GetValueOrDefault(id);

    /// <summary>Moves from one step to the next: the first is left (its open tasks cancelled), the second entered.</summary>
    public async Task ContinueAsync(string from, string to)
    {
        Leave(from);
        await EnterAsync(to, from);
    }

    public void Leave(string stepId)
    {
        State.Active.Remove(stepId);
        if (State.Steps.TryGetValue(stepId, out var step))
        {
            foreach (var taskId in step.Tasks.Keys)
            {
                if (tasks.TryGetValue(taskId, out var task) && task.Status == TaskStatuses.Open)
                {
                    Update(task with { Status = TaskStatuses.Cancelled, CompletedAt = NowMs });
                }
            }
        }
    }

    public async Task EnterAsync(string stepId, string? from)
    {
        if (++budget.Entered > MaxStepsPerCommand)
        {
            throw new ProcessLoopException(Process.Key, stepId, MaxStepsPerCommand);
        }

        var step = Process.Steps[stepId];
        if (step is not JoinStep && State.Active.Contains(stepId))
        {
            // Entered again while still waiting (a return into one branch of a parallel): its old tasks end here,
            // or they would stay in inboxes, reminded, belonging to no step.
            Leave(stepId);
        }

        var previous = State.Steps.GetValueOrDefault(stepId);
        var state = new StepState { Entry = (previous?.Entry ?? 0) + 1, StartedAt = NowMs };
        State.Steps[stepId] = state;
        if (from is not null)
        {
            Journal("step.entered", from, stepId);
        }

        switch (step)
        {
            case FormStep form:
                Assign(form, form.Task, await AssigneeAsync(form.Assignee), TaskPart.Fill);
                Wait(stepId);
                break;
            case ReviewStep review:
                Assign(review, review.Task, await AssigneeAsync(review.Author), TaskPart.Author);
                Wait(stepId);
                break;
            case ApprovalStep approval:
                await EnterApprovalAsync(approval, state);
                Wait(stepId);
                break;
            case ConfirmationStep confirmation:
                for (var i = 0; i < confirmation.Parties.Count; i++)
                {
                    Assign(confirmation, confirmation.Task, await AssigneeAsync(confirmation.Parties[i].Assignee), TaskPart.Party(i));
                }

                state.Needed = confirmation.Parties.Count;
                Wait(stepId);
                break;
            case DecisionStep decision:
                await ContinueAsync(stepId, Decide(decision));
                break;
            case ParallelStep parallel:
                State.Steps[parallel.Join] = new StepState { Entry = (State.Steps.GetValueOrDefault(parallel.Join)?.Entry ?? 0) + 1, StartedAt = NowMs, Awaited = parallel.Branches.Count };
                Wait(parallel.Join);
                foreach (var branch in parallel.Branches)
                {
                    await EnterAsync(branch, stepId);
                }

                break;
            case JoinStep join:
                // The join's state was set by its parallel step; this entry is one branch arriving.
                State.Steps[stepId] = previous ?? state;
                if (join.First)
                {
                    // The first branch to arrive ends the others: their open tasks are cancelled and their timers
                    // (a recurrence, a wait) no longer count, as their steps are no longer active.
                    foreach (var other in BranchStepsOf(join).Where(State.Active.Contains).ToList())
                    {
                        Journal("step.left", other, stepId);
                        Leave(other);
                    }

                    await ContinueAsync(stepId, join.Next);
                }
                else if (--State.Steps[stepId].Awaited <= 0)
                {
                    await ContinueAsync(stepId, join.Next);
                }

                break;
            case ForEachStep forEach:
                await EnterForEachAsync(forEach, state);
                break;
            case WaitStep wait:
                var until = wait.Until ?? wait.For!.Value.AddTo(Now);
                Schedule(TimerKind.Wait, stepId, state.Entry, until, taskId: null);
                Wait(stepId);
                break;
            case RecurringStep recurring:
                var period = PeriodOf(recurring);
                state.Every = recurring.EveryFrom is null ? null : period.ToString();
                var first = recurring.StartOn is { } day ? NextWeekdayAtNine(Now, day) : period.AddTo(Now);
                state.FirstAt = recurring.StartOn is null ? null : first.ToUnixTimeMilliseconds();
                Schedule(TimerKind.Recurrence, stepId, state.Entry, first, taskId: null);
                Wait(stepId);
                break;
            case NotifyStep notify:
                foreach (var to in notify.To)
                {
                    foreach (var person in await People.ResolveAsync(to, Instance.SubjectId))
                    {
                        Notify(new Notice(NoticeEvent.Message, person.Id, Notice.Key($"{Instance.Id}:{stepId}:{state.Entry}:{person.Id}")) { Step = stepId, Message = notify.Message });
                    }
                }

                await ContinueAsync(stepId, notify.Next);
                break;
            case AnnounceStep announce:
                await AnnounceAsync(announce, state);
                await ContinueAsync(stepId, announce.Next);
                break;
            case StartProcessStep start:
                await StartChildAsync(start);
                await ContinueAsync(stepId, start.Next);
                break;
            case EndStep:
                Journal("step.ended", stepId, null);
                State.Active.Remove(stepId);
                if (State.Active.Count == 0)
                {
                    Journal("instance.completed", stepId, null);
                }

                break;
        }
    }

    // The steps of the branches of the parallel that names this join, up to the join.
    private HashSet<string> BranchStepsOf(JoinStep join)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Process.Steps.Values.OfType<ParallelStep>().Where(p => p.Join == join.Id).SelectMany(p => p.Branches));
        while (pending.TryPop(out var id))
        {
            if (id != join.Id && Process.Steps.ContainsKey(id) && seen.Add(id))
            {
                foreach (var next in Process.Steps[id].Successors)
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    private void Wait(string stepId)
    {
        if (!State.Active.Contains(stepId))
        {
            State.Active.Add(stepId);
        }
    }

    // The rating goes to the subject's team channels only when the subject said yes in the form; otherwise the
    // journal says why nothing was posted. Which channels take it is the delivery's to decide (OutboxDispatcher).
    private async Task AnnounceAsync(AnnounceStep announce, StepState state)
    {
        var form = State.Forms.GetValueOrDefault(announce.Consent.Form);
        if (form?[announce.Consent.Field] is not JsonValue consent || !consent.TryGetValue<bool>(out var agreed) || !agreed)
        {
            Journal("announce.no-consent", announce.Id, null, new JsonObject { ["consent"] = announce.Consent.ToString() });
            return;
        }

        var rating = State.Forms.GetValueOrDefault(announce.Rating.Form)?[announce.Rating.Field];
        var department = (await People.FindAsync(Instance.SubjectId))?.DepartmentId;
        if (rating is null || department is null)
        {
            Journal(rating is null ? "announce.no-rating" : "announce.no-department", announce.Id, null, new JsonObject { ["rating"] = announce.Rating.ToString() });
            return;
        }

        Notify(new Notice(NoticeEvent.RecognitionAnnounced, Instance.SubjectId, Notice.Key($"{Instance.Id}:{announce.Id}:{state.Entry}:team"))
        {
            Step = announce.Id,
            TeamOf = department,
            Rating = rating.DeepClone(),
        });
    }

    private async Task EnterApprovalAsync(ApprovalStep approval, StepState state)
    {
        if (approval.Mode == ApprovalMode.Sequence)
        {
            state.Needed = approval.Approvers.Count;
            Assign(approval, approval.Task, await AssigneeAsync(approval.Approvers[0]), TaskPart.Approver);
            state.Index = 1;
            return;
        }

        var approvers = new List<string>();
        foreach (var assignee in approval.Approvers)
        {
            var person = await AssigneeAsync(assignee);
            if (!approvers.Contains(person))
            {
                approvers.Add(person);
            }
        }

        foreach (var person in approvers)
        {
            Assign(approval, approval.Task, person, TaskPart.Approver);
        }

        state.Needed = approval.Mode == ApprovalMode.All ? approvers.Count : 1;
    }

    private async Task EnterForEachAsync(ForEachStep forEach, StepState state)
    {
        var people = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (forEach.People.Evaluate(ConditionData()) is System.Collections.IEnumerable values and not string)
        {
            foreach (var value in values)
            {
                if (value is string id && id != Instance.SubjectId && seen.Add(id))
                {
                    if (seen.Count > MaxPeoplePerStep)
                    {
                        throw new StepBlockedException(forEach.Id, new Text.LocalizedText(
                            $"步骤「{forEach.Id}」的人员名单超过 {MaxPeoplePerStep} 人", $"The list of people of the step \"{forEach.Id}\" is longer than {MaxPeoplePerStep}"));
                    }

                    if (await People.FindAsync(id) is not null)
                    {
                        people.Add(id);
                    }
                }
            }
        }

        foreach (var person in people)
        {
            Assign(forEach, forEach.Task, person, TaskPart.Person);
        }

        state.Needed = forEach.Quorum.Needed(people.Count);
        if (DryRun is not null && (forEach.People.References.Count > 0 || forEach.People.ReadsWholeForm))
        {
            // The list comes from a form a dry run has no data of: the step is noted as depending on it.
            DryRun.Notes.Add(new DryRunNote(Instance.Id, forEach.Id, NowMs, null, []));
        }

        State.Responses[forEach.Id] = [];
        if (state.Needed == 0)
        {
            await ContinueAsync(forEach.Id, forEach.Next);
            return;
        }

        Wait(forEach.Id);
    }

    private async Task StartChildAsync(StartProcessStep start)
    {
        var version = await DefinitionStore.LatestVersionAsync(work, ProcessCatalog.ProcessKind, start.Process)
            ?? throw new InvalidOperationException(ProcessCatalog.NotPublished(start.Process).En);
        var process = (await ProcessCatalog.ProcessAsync(work, start.Process, version))!;
        // Same subject, same command: what conditions know of them is shared, and so is the step budget.
        var child = New(work, People, subject, process, version, Cycle, Now, Actor, budget, DryRun, ids);
        await CarryAsync(start, child);
        await child.StartAsync();
        State.Started.Add(child.Instance.Id);
        Changes.Absorb(child.Changes);
    }

    // What the step carries goes into the new instance's forms before its first step runs, so that its first task opens
    // with it. Lint checked both ends when this process was published; the target may have been published again since,
    // so they are checked again here, and a carry that no longer fits stops the command (nothing is written). An empty
    // source copies nothing: a form not yet written, a field left empty.
    private async Task CarryAsync(StartProcessStep start, Run child)
    {
        foreach (var carry in start.Carry)
        {
            var source = await ProcessCatalog.FormAsync(work, Process, carry.FromForm);
            var target = child.Process.Forms.ContainsKey(carry.ToForm) ? await ProcessCatalog.FormAsync(work, child.Process, carry.ToForm) : null;
            if (carry.Mismatch(start.Id, source, start.Process, target) is { } reason)
            {
                throw new StepBlockedException(start.Id, reason);
            }

            var form = State.Forms.GetValueOrDefault(carry.FromForm);
            var value = carry.FromField is null ? form : form?[carry.FromField];
            if (value is null || (value is JsonObject { Count: 0 }) || (value is JsonArray { Count: 0 }) || (value is JsonValue text && text.TryGetValue<string>(out var s) && s.Length == 0))
            {
                continue;
            }

            if (carry.ToField is null)
            {
                child.State.Forms[carry.ToForm] = (JsonObject)value.DeepClone();
            }
            else
            {
                var into = child.State.Forms.GetValueOrDefault(carry.ToForm) ?? [];
                into[carry.ToField] = value.DeepClone();
                child.State.Forms[carry.ToForm] = into;
            }
        }
    }

    /// <summary>
    /// Which branch a decision takes: the first whose condition holds, else its otherwise. A dry run has no form data:
    /// there a condition that reads the forms is taken as not holding (the next branch is tried, the otherwise branch
    /// last) and noted in <see cref="DryRun"/> as depending on data; one that reads only who the subject is decides as
    /// it would for real.
    /// </summary>
    public string Decide(DecisionStep decision)
    {
        var data = ConditionData();
        var dependsOnData = new List<Branch>();
        string? next = null;
        foreach (var branch in decision.Branches)
        {
            if (DryRun is not null && (branch.When.References.Count > 0 || branch.When.ReadsWholeForm))
            {
                dependsOnData.Add(branch);
                continue;
            }

            if (branch.When.EvaluateCondition(data))
            {
                next = branch.Next;
                break;
            }
        }

        next ??= decision.Otherwise;
        DryRun?.Notes.Add(new DryRunNote(Instance.Id, decision.Id, NowMs, next, dependsOnData));
        return next;
    }

    /// <summary>
    /// Whether a condition holds over the instance as it stands — for reads (what the subject may see), where a
    /// condition that cannot be evaluated counts as not holding: a view fails closed instead of failing.
    /// </summary>
    public bool HoldsForReading(FormExpression condition)
    {
        try
        {
            return condition.EvaluateCondition(ConditionData());
        }
        catch (ExpressionException)
        {
            return false;
        }
    }

    // What conditions see: the forms as written so far, the variables, and who the subject is (SubjectFacts.Members).
    private Dictionary<string, object?> ConditionData()
    {
        var forms = new ScriptObject();
        foreach (var (name, _) in Process.Forms)
        {
            forms[name] = State.Forms.TryGetValue(name, out var document) ? ScriptData.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(document)) : new ScriptObject();
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["forms"] = forms,
            ["vars"] = new ScriptObject(),
            ["subject"] = subject.ToScript(Now),
        };
    }

    /// <summary>
    /// The person who takes a step's task — every task: a form, an author, a reviewer, each approver of a sequence,
    /// each occurrence of a recurring step. When the relationship names nobody (the CEO has no manager), the task
    /// goes to the subject's HRBP, else to an administrator, and the journal says so: a process never stalls on a gap
    /// in the organisation, nobody is handed a task on their own behalf, and lint warns of such gaps before publishing.
    /// </summary>
    public async Task<string> AssigneeAsync(Assignee assignee)
    {
        var found = await People.ResolveAsync(assignee, Instance.SubjectId);
        if (found.Count > 0)
        {
            return found[0].Id;
        }

        var hrbp = await People.ResolveAsync(new Assignee(Assignee.Hrbp), Instance.SubjectId);
        var admins = hrbp.Count > 0 ? [] : await People.ResolveAsync(new Assignee("role", Role.Admin), Instance.SubjectId);
        var fallback = hrbp.Count > 0 ? hrbp[0] : admins.Count > 0 ? admins[0] : throw new UnassignableStepException(Instance.SubjectId, assignee.ToString());
        Journal("assignee.fallback", null, null, new JsonObject { ["wanted"] = assignee.ToString(), ["assignee"] = fallback.Id });
        return fallback.Id;
    }

    /// <summary>Creates a task, its reminder and escalation timers, and the "assigned" notice.</summary>
    public TaskRow Assign(Step step, TaskSpec spec, string assigneeId, string part)
    {
        var state = State.Step(step.Id);
        var due = DueAt(spec, Now);
        var task = new TaskRow
        {
            Id = NewId(),
            InstanceId = Instance.Id,
            Step = step.Id,
            AssigneeId = assigneeId,
            DueAt = due?.ToUnixTimeMilliseconds(),
            Status = TaskStatuses.Open,
            Data = "{}",
            Version = 1,
            CreatedAt = NowMs,
        };
        tasks[task.Id] = task;
        Changes.Add(task);
        state.Tasks[task.Id] = part;
        // A reminder after the start needs no due time; one before it does. Neither is sent once the task is due.
        foreach (var reminder in spec.Reminders.Where(r => !r.BeforeDue || due is not null))
        {
            var at = reminder.BeforeDue ? reminder.Offset.SubtractFrom(due!.Value) : reminder.Offset.AddTo(Now);
            if (at > Now && (due is null || at < due))
            {
                Schedule(TimerKind.Reminder, step.Id, state.Entry, at, task.Id);
            }
        }

        if (due is { } overdueAt && spec.Escalation is { } escalation)
        {
            Schedule(TimerKind.Escalation, step.Id, state.Entry, escalation.After.AddTo(overdueAt), task.Id);
        }

        Notify(new Notice(announcing ? NoticeEvent.CycleLaunched : NoticeEvent.Assigned, assigneeId, Notice.Key($"{task.Id}:assigned")) { TaskId = task.Id, Step = step.Id, DueAt = task.DueAt });
        return task;
    }

    private DateTimeOffset? DueAt(TaskSpec spec, DateTimeOffset start) => spec.Due switch
    {
        null => null,
        { Anchor: DeadlineAnchor.Fixed, At: var at } => at,
        { Anchor: DeadlineAnchor.CycleStart } due when Cycle is not null => due.Offset.AddTo(DateTimeOffset.FromUnixTimeMilliseconds(Cycle.StartsAt)),
        { Anchor: DeadlineAnchor.CycleEnd } due when Cycle is not null => due.Offset.AddTo(DateTimeOffset.FromUnixTimeMilliseconds(Cycle.EndsAt)),
        // Outside a cycle there is no end to count back from (counting back from the start would make the task
        // overdue the moment it opens): the task has no due time.
        { Anchor: DeadlineAnchor.CycleEnd } => null,
        // Outside a cycle, a deadline counted from the cycle's start counts from the step's start.
        var due => due.Offset.AddTo(start),
    };

    /// <summary>Sets a timer; <paramref name="detail"/> adds to its payload (a date reminder's date). Returns its id.</summary>
    public string Schedule(string kind, string stepId, int entry, DateTimeOffset at, string? taskId, JsonObject? detail = null)
    {
        var payload = detail ?? [];
        payload["step"] = stepId;
        payload["entry"] = entry;
        var timer = new TimerRow
        {
            Id = NewId(),
            InstanceId = Instance.Id,
            TaskId = taskId,
            Kind = kind,
            DueAt = at.ToUnixTimeMilliseconds(),
            Payload = payload.ToJsonString(),
        };
        Changes.Add(timer);
        return timer.Id;
    }

    /// <summary>
    /// Keeps what a step's task wrote as the form, and re-plans the reminders of the dates in it
    /// (<see cref="DateReminders"/>): every write of a form goes through here.
    /// </summary>
    public void WriteForm(string stepId, string form, JsonObject written)
    {
        State.Forms[form] = written;
        DateReminders.Plan(this, stepId, form);
    }

    /// <summary>
    /// The document a task works on: the instance's form as written so far — except for a recurring step's occurrence
    /// already handed in (its reviewer's task, and the handed-in task read again), whose answer is kept apart from the
    /// form: then that occurrence's answer over the form, the reviewer's feedback in it once written. Never another
    /// occurrence's.
    /// </summary>
    public JsonObject DocumentOf(TaskRow task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var step = Process.Steps[task.Step];
        var document = State.Forms.GetValueOrDefault(StepTasks.SpecOf(step)!.Form)?.DeepClone().AsObject() ?? [];
        if (AnswerOf(task) is { } answer)
        {
            foreach (var (name, value) in answer.Data)
            {
                document[name] = value?.DeepClone();
            }
        }

        return document;
    }

    /// <summary>
    /// When the task's form reads its actuals as of (docs/kpi-actuals.md, the weekly checkpoint): when the task opened —
    /// for a recurring step's follow-up, when the occurrence it follows up opened, as that answer records it, so the
    /// manager reads the week the employee read.
    /// </summary>
    public DateTimeOffset ActualsAsOf(TaskRow task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var part = State.Steps.GetValueOrDefault(task.Step)?.Tasks.GetValueOrDefault(task.Id);
        var opened = part is not null && TaskPart.IsOccurrenceReview(part) && AnswerOf(task)?.OpenedAt is { } at ? at : task.CreatedAt;
        return DateTimeOffset.FromUnixTimeMilliseconds(opened);
    }

    // A recurring step's answer of the task's occurrence, in the step's current entry: answers of an earlier entry
    // (the same occurrence numbers, entered again) are not this task's.
    private Response? AnswerOf(TaskRow task) =>
        Process.Steps[task.Step] is RecurringStep && State.Steps.GetValueOrDefault(task.Step) is { } state && state.Tasks.GetValueOrDefault(task.Id) is { } part
            ? State.Responses.GetValueOrDefault(task.Step)?.LastOrDefault(r => r.Occurrence == TaskPart.Number(part) && r.At >= state.StartedAt)
            : null;

    /// <summary>The first <paramref name="day"/> at 09:00 China Standard Time (no daylight saving) at or after <paramref name="now"/>.</summary>
    internal static DateTimeOffset NextWeekdayAtNine(DateTimeOffset now, DayOfWeek day)
    {
        var local = now.ToOffset(TimeSpan.FromHours(8));
        var nine = new DateTimeOffset(local.Year, local.Month, local.Day, 9, 0, 0, local.Offset);
        var at = nine.AddDays(((int)day - (int)nine.DayOfWeek + 7) % 7);
        return at >= now ? at : at.AddDays(7);
    }

    /// <summary>
    /// A recurring step's period: its own, or the one a form field chooses, read now (at the step's entry). A dry run
    /// has no data: it takes the default, else the first period of the map.
    /// </summary>
    private Duration PeriodOf(RecurringStep recurring)
    {
        if (recurring.EveryFrom is not { } from)
        {
            return recurring.Every;
        }

        var value = State.Forms.GetValueOrDefault(from.Form)?[from.Field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (value is not null && from.Map.TryGetValue(value, out var chosen))
        {
            return chosen;
        }

        if (from.Default is { } fallback && (value is null || value.Length == 0))
        {
            return fallback;
        }

        if (DryRun is not null)
        {
            return from.Default ?? from.Map.Values.First();
        }

        throw new StepBlockedException(recurring.Id, new Text.LocalizedText(
            $"步骤「{recurring.Id}」的重复间隔取自「{from.Form}.{from.Field}」，而它的值「{value}」没有对应的间隔",
            $"The step \"{recurring.Id}\" takes its period from \"{from.Form}.{from.Field}\", whose value \"{value}\" has no period"));
    }

    public void Update(TaskRow task)
    {
        tasks[task.Id] = task;
        Changes.Change(task);
    }

    /// <summary>What this command writes stands only while <paramref name="task"/> is still as read; see <see cref="Changes.Hold"/>.</summary>
    public void Hold(TaskRow task) => Changes.Hold(task);

    public void Notify(Notice notice) => Changes.Add(notice.ToOutbox(Instance, NewId(), NowMs));

    /// <summary>An entry of the instance's journal: who did what, moving from which step to which.</summary>
    public void Journal(string action, string? from, string? to, JsonObject? detail = null, string? actor = null)
    {
        var after = detail ?? [];
        after["from"] = from;
        after["to"] = to;
        Changes.Add(new AuditEntry(NowMs, actor ?? Actor, action, "instance", Instance.Id, null, after.ToJsonString()));
    }

    public static string Ordinal(int n) => n.ToString(CultureInfo.InvariantCulture);
}

internal static class InstanceStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}

internal static class TaskStatuses
{
    public const string Open = "open";
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Returned = "returned";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";
}

internal static class TimerKind
{
    public const string Reminder = "reminder";
    public const string Escalation = "escalation";
    public const string Wait = "wait";
    public const string Recurrence = "recurrence";
    public const string DateReminder = "date-reminder";
}

/// <summary>The part a task plays in its step.</summary>
internal static class TaskPart
{
    public const string Fill = "fill";
    public const string Author = "author";
    public const string Reviewer = "reviewer";
    public const string Approver = "approver";
    public const string Person = "person";

    public static string Party(int index) => "party-" + index.ToString(CultureInfo.InvariantCulture);

    public static string Occurrence(int index) => "occurrence-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A recurring step's reviewer's part for occurrence <paramref name="index"/>, opened once that occurrence is handed in.</summary>
    public static string OccurrenceReview(int index) => StepTasks.OccurrenceReviewPrefix + index.ToString(CultureInfo.InvariantCulture);

    public static bool IsOccurrenceReview(string part) => part.StartsWith(StepTasks.OccurrenceReviewPrefix, StringComparison.Ordinal);

    public static int Number(string part) => int.Parse(part[(part.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
}

/// <summary>The steps one command has entered, shared with the instances it starts.</summary>
internal sealed class StepBudget
{
    public int Entered { get; set; }
}

/// <summary>A step cannot go on (a list too long, a condition that fails on the data): the command is refused, with why.</summary>
internal sealed class StepBlockedException(string step, Text.LocalizedText reason) : Exception(reason.En)
{
    public string Step { get; } = step;

    public Text.LocalizedText Reason { get; } = reason;
}

/// <summary>A process moved through too many steps in one command without waiting: a loop lint should have caught.</summary>
internal sealed class ProcessLoopException(string process, string step, int limit)
    : Exception($"process {process} passed {limit} steps in one command without waiting for anyone (last: {step}); it loops");

/// <summary>Nobody can take a step: the relationship names nobody, the subject has no HRBP, and there is no administrator.</summary>
internal sealed class UnassignableStepException(string subjectId, string assignee)
    : Exception($"nobody can take the step's task for {subjectId}: \"{assignee}\" names nobody, and there is no HRBP or administrator to fall back to")
{
    /// <summary>The relationship or role that named nobody, as the process writes it ("manager", "role:hrbp").</summary>
    public string Assignee => assignee;
}
