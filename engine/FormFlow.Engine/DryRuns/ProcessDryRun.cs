using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Authoring;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.DryRuns;

/// <summary>
/// Runs a process for a population on simulated time and writes nothing: for each person, who gets which task when,
/// the reminders and escalations that would go out, and where the process would be stuck.
/// <para>
/// It runs the runtime itself, not a model of it. Every step is the one <see cref="Run"/> takes for real — the start
/// as a cycle's launch starts it, a task's completion through the commands' own code
/// (<see cref="ProcessRuntime.CompleteInDryRunAsync"/>), a due timer through <see cref="TimerEffects"/> — so the dry run
/// cannot drift from what people will see. The runtime's seam is that a command collects everything it would write in
/// its <see cref="Changes"/> and writes them at its end: the dry run never writes them and keeps each instance in memory
/// instead (its row, tasks and timers), opening the next command on that (<see cref="Run.Resume"/>). The database is
/// only read — published definitions and the organisation — in a read unit of work that is never committed.
/// </para>
/// </summary>
public static class ProcessDryRun
{
    /// <summary>People one dry run shows at most: it runs every one of them command by command.</summary>
    public const int MaxPeople = 200;

    private static readonly Duration DefaultHorizon = new(12, TimeSpan.Zero);
    private static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(5 * 366);

    // Commands one person's run may take before it counts as a loop (a process going round without waiting).
    private const int MaxCommands = 2_000;

    // Entries of one step before it counts as a loop: a process that comes back to a step again and again.
    private const int MaxEntries = 50;

    /// <summary>The assumptions a dry run makes, as its report states them.</summary>
    public static readonly IReadOnlyList<LocalizedText> Assumptions =
    [
        new("每个任务在截止时完成（没有截止时间的任务一开始就完成）；升级只在任务届时仍未完成时发出，所以列出的是“如果那时仍未完成”会发出的升级。",
            "Each task is done on its due date (a task without one as soon as it opens); an escalation goes out only for a task still open then, so those listed are the ones that would go out if it were."),
        new("试运行没有表单数据：读取表单的判断条件按不成立处理（依次看下一个分支，最后走 otherwise），只读取本人信息的条件照常判断；人员名单来自表单的步骤无人收到任务。",
            "A dry run has no form data: a decision's condition that reads the forms is taken as not holding (the next branch is tried, the otherwise branch last), one that reads only who the subject is is evaluated; a for-each step whose people come from a form gives nobody a task."),
        new("没有人退回表单；流程按当前的组织架构运行，不写入任何数据、不发出任何通知。",
            "Nobody returns a form; the process runs on the organisation as it is now, and nothing is written or sent."),
    ];

    public static async Task<DryRunOutcome> RunAsync(Database database, DryRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = Check(request, out var horizon);
        if (problems.Count > 0)
        {
            return Refused(DryRunStatus.Invalid, problems);
        }

        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        ProcessDefinition process;
        int? version = null;
        if (request.Definition is { } definition)
        {
            var check = await ProcessCatalog.CheckProcessAsync(work, definition);
            if (check.PinnedBody is null || check.Findings.Any(f => f.Severity == LintSeverity.Error) || ProcessReader.Read(check.PinnedBody).Process is not { } draft)
            {
                return new DryRunOutcome(DryRunStatus.DefinitionHasErrors, null, [], [.. check.Findings.Select(DefinitionAuthoring.From)]);
            }

            process = draft;
        }
        else
        {
            version = request.Version ?? await DefinitionStore.LatestVersionAsync(work, ProcessCatalog.ProcessKind, request.ProcessKey!);
            if (version is null || await ProcessCatalog.ProcessAsync(work, request.ProcessKey!, version.Value) is not { } published)
            {
                return Refused(DryRunStatus.NotFound, [new ValidationProblem(request.Version is null ? "/processKey" : "/version", "dry-run.unknown-process", request.Version is { } asked
                    ? new LocalizedText($"流程「{request.ProcessKey}」没有已发布的版本 {asked}", $"The process \"{request.ProcessKey}\" has no published version {asked}")
                    : ProcessCatalog.NotPublished(request.ProcessKey!))]);
            }

            process = published;
        }

        var chart = await OrganisationStore.LoadAsync(work);
        var (people, unknown) = CycleLauncher.Select(chart, request.Population!, problems);
        if (problems.Count == 0 && people.Count > MaxPeople)
        {
            problems.Add(new ValidationProblem("/population", "dry-run.too-many-people", new LocalizedText(
                $"试运行最多显示 {MaxPeople} 人，这个范围有 {people.Count} 人：请缩小范围",
                $"A dry run shows at most {MaxPeople} people and this population has {people.Count}: narrow it")));
        }

        if (problems.Count > 0)
        {
            return Refused(DryRunStatus.Invalid, problems);
        }

        var until = horizon.AddTo(request.StartsAt);
        var endsAt = request.EndsAt ?? until;
        var cycle = new CycleRow
        {
            Id = "dry-run",
            Name = process.Title.ZhCn,
            ProcessKey = process.Key,
            ProcessVersion = version ?? 0,
            StartsAt = request.StartsAt.ToUnixTimeMilliseconds(),
            EndsAt = endsAt.ToUnixTimeMilliseconds(),
            CreatedAt = request.StartsAt.ToUnixTimeMilliseconds(),
        };
        var world = new World(work, Relationships.InMemory(chart), chart.People.ToDictionary(p => p.Id, StringComparer.Ordinal), cycle, until, request.Actor);
        var runs = new List<DryRunPerson>();
        foreach (var person in people)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(await new PersonRun(world, person).RunAsync(process, version ?? 0, request.StartsAt));
        }

        return new DryRunOutcome(
            DryRunStatus.Done,
            new DryRunReport(process.Key, version, process.Title, request.StartsAt, endsAt, until, runs, unknown, Assumptions),
            [],
            []);
    }

    private static DryRunOutcome Refused(DryRunStatus status, IReadOnlyList<ValidationProblem> problems) => new(status, null, problems, []);

    private static List<ValidationProblem> Check(DryRunRequest request, out Duration horizon)
    {
        var problems = new List<ValidationProblem>();
        horizon = DefaultHorizon;
        var byKey = !string.IsNullOrWhiteSpace(request.ProcessKey);
        var byDefinition = !string.IsNullOrWhiteSpace(request.Definition);
        if (byKey == byDefinition)
        {
            problems.Add(Problem(byKey ? "/definition" : "/processKey", "dry-run.process-one-of", "请给出已发布流程的 processKey（可加 version）或草稿定义 definition，二者选一", "Give either a published process's processKey (with a version, if you like) or a draft definition, one of the two"));
        }

        if (request.Version is { } version && (!byKey || version < 1))
        {
            problems.Add(Problem("/version", "dry-run.version-invalid", "version 是已发布流程的版本号（从 1 开始），且须同时给出 processKey", "version is a published process's version (from 1), given with its processKey"));
        }

        if (request.Horizon is { } text)
        {
            if (Duration.Parse(text) is not { IsNegative: false, IsZero: false } parsed || parsed.Approximate > MaxHorizon)
            {
                problems.Add(Problem("/horizon", "dry-run.horizon-invalid", $"horizon 须为不超过 5 年的 ISO 8601 时长（如 P6M），而不是「{text}」", $"horizon is an ISO 8601 duration of at most 5 years (such as P6M), not \"{text}\""));
            }
            else
            {
                horizon = parsed;
            }
        }

        if (request.StartsAt == default)
        {
            problems.Add(Problem("/startsAt", "dry-run.starts-at-missing", "请给出试运行的开始时间 startsAt", "Give the time the dry run starts at (startsAt)"));
        }

        if (request.EndsAt is { } endsAt && endsAt <= request.StartsAt)
        {
            problems.Add(Problem("/endsAt", "cycle.window-reversed", "周期的结束时间必须晚于开始时间", "The cycle must end after it starts"));
        }

        CycleLauncher.CheckPopulation(request.Population, problems);
        return problems;
    }

    private static ValidationProblem Problem(string pointer, string code, string zh, string en) => new(pointer, code, new LocalizedText(zh, en));

    internal static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private sealed record World(UnitOfWork Work, Relationships People, Dictionary<string, Person> ById, CycleRow Cycle, DateTimeOffset Until, string Actor)
    {
        public PersonName Name(string id) => new(id, ById.TryGetValue(id, out var person) ? person.Name : new LocalizedText(id, id));
    }

    // One instance held in memory between the commands of a dry run: what the database would hold for it.
    private sealed class Held(InstanceRow row, ProcessDefinition process)
    {
        public InstanceRow Row { get; set; } = row;

        public ProcessDefinition Process { get; } = process;

        public Dictionary<string, TaskRow> Tasks { get; } = new(StringComparer.Ordinal);

        public List<TimerRow> Timers { get; } = [];

        public bool Running => Row.Status == InstanceStatus.Running;
    }

    // The dry run of one person: their instance (and those it starts), the commands in time order, what they did.
    private sealed class PersonRun(World world, Person subject)
    {
        private readonly List<Held> held = [];
        private readonly List<DryRunEvent> events = [];
        private readonly List<DryRunStuck> stuck = [];
        private readonly DryRunLog log = new();
        private int notesSeen;

        // The simulated time of the last command: nothing happens before it, not even a deadline already past.
        private DateTimeOffset now;

        // What conditions know of the subject in the simulated organisation, read when the run starts.
        private SubjectFacts facts = null!;

        private PersonName Subject => world.Name(subject.Id);

        public async Task<DryRunPerson> RunAsync(ProcessDefinition process, int version, DateTimeOffset startsAt)
        {
            now = startsAt;
            facts = await world.People.SubjectAsync(subject.Id);
            var run = await Run.NewAsync(world.Work, world.People, process, version, subject.Id, world.Cycle, startsAt, world.Actor, log);
            held.Add(new Held(run.Instance, process));
            if (await CommandAsync(held[0], startsAt, () => run.StartAsync(announceCycle: true), run))
            {
                await GoOnAsync();
            }

            var halted = stuck.Any(s => s.Code != NoAssignee);
            var outcome = halted ? "stuck" : held.All(h => !h.Running) ? "completed" : "open-at-horizon";
            return new DryRunPerson(Subject, outcome, [.. events.OrderBy(e => e.At)], stuck);
        }

        private async Task GoOnAsync()
        {
            for (var commands = 0; ; commands++)
            {
                if (commands >= MaxCommands)
                {
                    Stop("loop", null, null, held[0].Row.UpdatedAt, new LocalizedText(
                        $"{Subject.Name.ZhCn} 的流程在 {MaxCommands} 次操作后仍未结束：流程在循环",
                        $"{Subject.Name.En}'s process has not ended after {MaxCommands} commands: it loops"));
                    return;
                }

                if (NextMove() is not { } move)
                {
                    if (held.Where(h => h.Running).ToList() is { Count: > 0 } waiting)
                    {
                        var steps = Titles(waiting);
                        Stop("waits-forever", null, null, waiting.Max(h => h.Row.UpdatedAt), new LocalizedText(
                            $"{Subject.Name.ZhCn} 的流程停在「{steps.ZhCn}」：之后没有任何任务或定时器能让它继续",
                            $"{Subject.Name.En}'s process stays at \"{steps.En}\": no task or timer is left to move it on"));
                    }

                    return;
                }

                if (move.At > world.Until)
                {
                    var steps = Titles(held.Where(h => h.Running));
                    events.Add(Event(DryRunEvents.Horizon, world.Until, held[0], null, null, [], null, null, new LocalizedText(
                        $"到 {When(world.Until)} 为止流程仍未结束，仍在等待：「{steps.ZhCn}」",
                        $"Still running at {When(world.Until)}, waiting at \"{steps.En}\"")));
                    return;
                }

                now = move.At;
                if (!await move.Act(move.At))
                {
                    return;
                }
            }
        }

        private sealed record Move(DateTimeOffset At, int Order, Func<DateTimeOffset, Task<bool>> Act);

        // The next thing that would happen: the soonest due timer that would still act, or the soonest completion of
        // an open task (on its due date); a timer before a completion at the same moment, a wait's end first of all.
        private Move? NextMove()
        {
            Move? next = null;
            void Consider(Move candidate)
            {
                candidate = candidate.At < now ? candidate with { At = now } : candidate;
                if (next is null || candidate.At < next.At || (candidate.At == next.At && candidate.Order < next.Order))
                {
                    next = candidate;
                }
            }

            foreach (var instance in held.Where(h => h.Running))
            {
                var view = Resume(instance, DateTimeOffset.FromUnixTimeMilliseconds(instance.Row.UpdatedAt), log);
                instance.Timers.RemoveAll(t => TimerEffects.Target(view, t) is null);
                foreach (var timer in instance.Timers.Where(t => t.Kind != TimerKind.Escalation))
                {
                    // A wait's end before other timers of the same moment, as the timer sweep orders them.
                    Consider(new Move(DateTimeOffset.FromUnixTimeMilliseconds(timer.DueAt), timer.Kind == TimerKind.Wait ? -1 : 0, at => FireAsync(instance, timer, at)));
                }

                foreach (var task in instance.Tasks.Values.Where(t => t.Status == TaskStatuses.Open))
                {
                    Consider(new Move(DateTimeOffset.FromUnixTimeMilliseconds(task.DueAt ?? task.CreatedAt), 1, at => CompleteAsync(instance, task, at)));
                }
            }

            return next;
        }

        private Run Resume(Held instance, DateTimeOffset now, DryRunLog notes) =>
            Run.Resume(world.Work, world.People, facts, instance.Row, instance.Process, world.Cycle, instance.Tasks.Values, now, "system", notes);

        private async Task<bool> FireAsync(Held instance, TimerRow timer, DateTimeOffset at)
        {
            instance.Timers.Remove(timer);
            var run = Resume(instance, at, log);
            return await CommandAsync(instance, at, () => TimerEffects.FireAsync(run, timer), run);
        }

        private async Task<bool> CompleteAsync(Held instance, TaskRow task, DateTimeOffset at)
        {
            await EscalationsAsync(instance, task);
            var run = Resume(instance, at, log);
            CommandResult? result = null;
            if (!await CommandAsync(instance, at, async () => result = await ProcessRuntime.CompleteInDryRunAsync(world.Work, run, run.Task(task.Id)!), run, before: () =>
            {
                var title = TaskDesk.StepTitle(instance.Process, task.Step);
                var name = world.Name(task.AssigneeId);
                events.Add(Event(DryRunEvents.TaskCompleted, at, instance, task.Step, name, [], task.DueAt is null ? null : at, null, task.DueAt is null
                    ? new LocalizedText($"{name.Name.ZhCn} 完成「{title.ZhCn}」（没有截止时间：假定一开始就完成）", $"{name.Name.En} completes \"{title.En}\" at once (no due date: assumed done as soon as it opens)")
                    : new LocalizedText($"{name.Name.ZhCn} 在截止时完成「{title.ZhCn}」（试运行的假定）", $"{name.Name.En} completes \"{title.En}\" on its due date (the dry run's assumption)")));
            }))
            {
                return false;
            }

            if (result is { Succeeded: false })
            {
                var reason = string.Join("; ", result.Problems.Select(p => p.Message.En));
                var reasonZh = string.Join("；", result.Problems.Select(p => p.Message.ZhCn));
                Stop("blocked", instance, task.Step, at.ToUnixTimeMilliseconds(), new LocalizedText(
                    $"{Subject.Name.ZhCn} 的流程在步骤「{TaskDesk.StepTitle(instance.Process, task.Step).ZhCn}」无法继续：{reasonZh}",
                    $"{Subject.Name.En}'s process cannot go on at the step \"{TaskDesk.StepTitle(instance.Process, task.Step).En}\": {reason}"));
                return false;
            }

            return true;
        }

        // The escalations of a task, as they would go out if it were still open when they fall due: each fired by the
        // runtime's own timer effect on a throw-away copy of the instance at that moment, whose changes are read and
        // dropped (the dry run itself completes the task on its due date).
        private async Task EscalationsAsync(Held instance, TaskRow task)
        {
            foreach (var timer in instance.Timers.Where(t => t.Kind == TimerKind.Escalation && t.TaskId == task.Id).ToList())
            {
                instance.Timers.Remove(timer);
                var at = DateTimeOffset.FromUnixTimeMilliseconds(timer.DueAt);
                var copy = Resume(instance, at, new DryRunLog());
                await TimerEffects.FireAsync(copy, timer);
                var title = TaskDesk.StepTitle(instance.Process, task.Step);
                foreach (var message in copy.Changes.Messages)
                {
                    var payload = JsonNode.Parse(message.Payload)!.AsObject();
                    var copies = (payload["cc"] as JsonArray ?? []).Select(c => world.Name((string)c!)).ToList();
                    var to = world.Name(message.Recipient);
                    var reassigned = (string?)payload["event"] == NoticeEvent.Reassigned;
                    var action = reassigned ? "reassign-superior" : copies.Count > 0 ? "copy-superior" : "notify-assignee";
                    var text = reassigned
                        ? new LocalizedText(
                            $"若「{title.ZhCn}」届时仍未完成：任务转交给上级 {to.Name.ZhCn}，并告知 {Join(copies, true)}",
                            $"If \"{title.En}\" is still open then: the task goes to the superior {to.Name.En}, and {Join(copies, false)} is told")
                        : copies.Count > 0
                            ? new LocalizedText(
                                $"若「{title.ZhCn}」届时仍未完成：告知 {to.Name.ZhCn} 已逾期，并抄送上级 {Join(copies, true)}",
                                $"If \"{title.En}\" is still open then: {to.Name.En} is told it is overdue, with a copy to the superior {Join(copies, false)}")
                            : new LocalizedText(
                                $"若「{title.ZhCn}」届时仍未完成：告知 {to.Name.ZhCn} 已逾期（没有上级可以抄送）",
                                $"If \"{title.En}\" is still open then: {to.Name.En} is told it is overdue (there is no superior to copy)");
                    events.Add(Event(DryRunEvents.Escalation, at, instance, task.Step, to, copies, DateTimeOffset.FromUnixTimeMilliseconds(task.DueAt!.Value), action, text));
                }
            }
        }

        // One command of the dry run on <paramref name="instance"/>: runs it, keeps what it changed in memory and tells
        // what happened; false when the process cannot go on (then the person is stuck there).
        private async Task<bool> CommandAsync(Held instance, DateTimeOffset at, Func<Task> command, Run run, Action? before = null)
        {
            try
            {
                await command();
            }
            catch (Exception error) when (ProcessRuntime.Blocking(error) is { } reason)
            {
                Blocked(instance, at, error, reason);
                return false;
            }

            before?.Invoke();
            await KeepAsync(instance, run);
            return !stuck.Any(s => s.Code == "loop");
        }

        private void Blocked(Held instance, DateTimeOffset at, Exception error, LocalizedText reason)
        {
            if (error is UnassignableStepException unassignable)
            {
                var relation = Assignee.Parse(unassignable.Assignee) is { } wanted ? wanted.Name : new LocalizedText(unassignable.Assignee, unassignable.Assignee);
                Stop("unassignable", instance, null, at.ToUnixTimeMilliseconds(), new LocalizedText(
                    $"{Subject.Name.ZhCn} 没有{relation.ZhCn}，也没有 HRBP 或管理员可以代为处理：流程在 {When(at)} 停住",
                    $"{Subject.Name.En} has no {relation.En}, and there is no HRBP or administrator to fall back to: the process stops at {When(at)}"), unassignable.Assignee);
                return;
            }

            Stop(error is ProcessLoopException ? "loop" : "blocked", instance, (error as StepBlockedException)?.Step, at.ToUnixTimeMilliseconds(), new LocalizedText(
                $"{Subject.Name.ZhCn} 的流程在 {When(at)} 停住：{reason.ZhCn}",
                $"{Subject.Name.En}'s process stops at {When(at)}: {reason.En}"));
        }

        private void Stop(string code, Held? instance, string? step, long at, LocalizedText message, string? wanted = null) =>
            stuck.Add(new DryRunStuck(code, DateTimeOffset.FromUnixTimeMilliseconds(at), (instance ?? held[0]).Process.Key, step, step is null ? null : TaskDesk.StepTitle((instance ?? held[0]).Process, step), wanted, null, message));

        // Keeps what a command changed, as the database would hold it, and tells what it did.
        private async Task KeepAsync(Held instance, Run run)
        {
            var changes = run.Changes;
            instance.Row = run.Finished();
            foreach (var task in run.Tasks)
            {
                instance.Tasks[task.Id] = task;
            }

            foreach (var started in changes.NewInstances.Where(i => i.Id != instance.Row.Id))
            {
                var process = (await ProcessCatalog.ProcessAsync(world.Work, started.ProcessKey, started.ProcessVersion))!;
                var child = new Held(started, process);
                foreach (var task in changes.NewTasks.Where(t => t.InstanceId == started.Id))
                {
                    child.Tasks[task.Id] = task;
                }

                held.Add(child);
                events.Add(Event(DryRunEvents.ProcessStarted, run.Now, child, null, null, [], null, null, new LocalizedText(
                    $"启动流程「{process.Title.ZhCn}」", $"Starts the process \"{process.Title.En}\"")));
            }

            foreach (var timer in changes.Timers)
            {
                held.FirstOrDefault(h => h.Row.Id == timer.InstanceId)?.Timers.Add(timer);
            }

            Tell(run, changes);
            foreach (var state in held.Where(h => h.Running))
            {
                foreach (var (stepId, step) in InstanceState.Parse(state.Row.State).Steps.Where(s => s.Value.Entry > MaxEntries))
                {
                    if (!stuck.Any(s => s.Code == "loop"))
                    {
                        var title = TaskDesk.StepTitle(state.Process, stepId);
                        Stop("loop", state, stepId, run.NowMs, new LocalizedText(
                            $"{Subject.Name.ZhCn} 的流程在步骤「{title.ZhCn}」循环：已进入 {step.Entry} 次",
                            $"{Subject.Name.En}'s process loops at the step \"{title.En}\": entered {step.Entry} times"));
                    }
                }
            }
        }

        // What a command did, as events: the decisions it took (before the tasks they lead to), the tasks it opened,
        // the assignees it had to find elsewhere, the reminders and messages it queued, the instances it completed.
        private void Tell(Run run, Changes changes)
        {
            Held Of(string instanceId) => held.First(h => h.Row.Id == instanceId);
            foreach (var note in log.Notes.Skip(notesSeen))
            {
                var instance = Of(note.InstanceId);
                var title = TaskDesk.StepTitle(instance.Process, note.Step);
                var at = DateTimeOffset.FromUnixTimeMilliseconds(note.At);
                if (note.Next is null)
                {
                    events.Add(Event(DryRunEvents.Decision, at, instance, note.Step, null, [], null, null, new LocalizedText(
                        $"「{title.ZhCn}」的人员名单来自表单数据，试运行没有这些数据：无人收到任务",
                        $"The people of \"{title.En}\" come from form data a dry run does not have: nobody gets a task")));
                    continue;
                }

                var next = TaskDesk.StepTitle(instance.Process, note.Next);
                var zh = string.Join("、", note.DependsOnData.Select(b => $"{b.When.Source}（→「{TaskDesk.StepTitle(instance.Process, b.Next).ZhCn}」）"));
                var en = string.Join(", ", note.DependsOnData.Select(b => $"{b.When.Source} (→ \"{TaskDesk.StepTitle(instance.Process, b.Next).En}\")"));
                events.Add(Event(DryRunEvents.Decision, at, instance, note.Step, null, [], null, note.Next, note.DependsOnData.Count == 0
                    ? new LocalizedText($"「{title.ZhCn}」走向「{next.ZhCn}」", $"\"{title.En}\" goes on to \"{next.En}\"")
                    : new LocalizedText(
                        $"「{title.ZhCn}」走向「{next.ZhCn}」：条件 {zh} 取决于表单数据，试运行没有这些数据，按不成立处理",
                        $"\"{title.En}\" goes on to \"{next.En}\": the conditions {en} depend on form data a dry run does not have and are taken as not holding")));
            }

            notesSeen = log.Notes.Count;

            var fallbacks = changes.Journal.Where(j => j.Action == "assignee.fallback").Select(j => JsonNode.Parse(j.AfterJson!)!.AsObject()).ToList();
            foreach (var task in changes.NewTasks)
            {
                var instance = Of(task.InstanceId);
                var title = TaskDesk.StepTitle(instance.Process, task.Step);
                var name = world.Name(task.AssigneeId);
                var due = task.DueAt is { } dueAt ? DateTimeOffset.FromUnixTimeMilliseconds(dueAt) : (DateTimeOffset?)null;
                events.Add(Event(DryRunEvents.TaskOpened, DateTimeOffset.FromUnixTimeMilliseconds(task.CreatedAt), instance, task.Step, name, [], due, null, due is { } d
                    ? new LocalizedText($"{name.Name.ZhCn} 收到任务「{title.ZhCn}」，{When(d)} 截止", $"{name.Name.En} gets the task \"{title.En}\", due {When(d)}")
                    : new LocalizedText($"{name.Name.ZhCn} 收到任务「{title.ZhCn}」，没有截止时间", $"{name.Name.En} gets the task \"{title.En}\", with no due date")));
                if (fallbacks.FirstOrDefault(f => (string?)f["assignee"] == task.AssigneeId) is { } fallback)
                {
                    fallbacks.Remove(fallback);
                    NoAssigneeAt(instance, task, (string)fallback["wanted"]!);
                }
            }

            foreach (var message in changes.Messages)
            {
                var payload = JsonNode.Parse(message.Payload)!.AsObject();
                var instance = Of(message.InstanceId!);
                var to = world.Name(message.Recipient);
                var stepId = (string?)payload["step"];
                var at = DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt);
                switch ((string?)payload["event"])
                {
                    case NoticeEvent.Reminder:
                        var title = TaskDesk.StepTitle(instance.Process, stepId!);
                        var due = payload["dueAt"] is { } dueText ? DateTimeOffset.Parse((string)dueText!, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
                        events.Add(Event(DryRunEvents.Reminder, at, instance, stepId, to, [], due, null, new LocalizedText(
                            $"提醒 {to.Name.ZhCn}：「{title.ZhCn}」{(due is { } d1 ? $"将于 {When(d1)} 截止" : "尚未完成")}",
                            $"Reminder to {to.Name.En}: \"{title.En}\" {(due is { } d2 ? $"is due {When(d2)}" : "is still open")}")));
                        break;
                    case NoticeEvent.Message:
                        var body = payload["message"] as JsonObject;
                        events.Add(Event(DryRunEvents.Message, at, instance, stepId, to, [], null, null, new LocalizedText(
                            $"通知 {to.Name.ZhCn}：{(string?)body?["zh-CN"]}", $"Message to {to.Name.En}: {(string?)body?["en"]}")));
                        break;
                }
            }

            foreach (var done in changes.Journal.Where(j => j.Action == "instance.completed"))
            {
                var instance = Of(done.EntityId);
                events.Add(Event(DryRunEvents.Completed, run.Now, instance, null, null, [], null, null, new LocalizedText(
                    $"流程「{instance.Process.Title.ZhCn}」结束", $"The process \"{instance.Process.Title.En}\" ends")));
            }
        }

        // The relation a step names finds nobody for the subject: the runtime hands the task to the HRBP (or an
        // administrator) and goes on — not stuck in the runtime's sense, but a gap the person launching must see.
        private void NoAssigneeAt(Held instance, TaskRow task, string wanted)
        {
            var title = TaskDesk.StepTitle(instance.Process, task.Step);
            var relation = Assignee.Parse(wanted) is { } assignee ? assignee.Name : new LocalizedText(wanted, wanted);
            var instead = world.Name(task.AssigneeId);
            var isHrbp = world.ById.TryGetValue(task.AssigneeId, out var person) && person.HasRole(Role.Hrbp) && !person.HasRole(Role.Admin);
            var role = isHrbp ? new LocalizedText("HRBP", "HRBP") : new LocalizedText("管理员", "administrator");
            if (stuck.Any(s => s.Code == NoAssignee && s.Step == task.Step && s.Wanted == wanted && s.Process == instance.Process.Key))
            {
                return;
            }

            stuck.Add(new DryRunStuck(NoAssignee, DateTimeOffset.FromUnixTimeMilliseconds(task.CreatedAt), instance.Process.Key, task.Step, title, wanted, instead, new LocalizedText(
                $"{Subject.Name.ZhCn} 没有{relation.ZhCn}：步骤「{title.ZhCn}」的任务将交给 {role.ZhCn} {instead.Name.ZhCn}",
                $"{Subject.Name.En} has no {relation.En}: the task of the step \"{title.En}\" goes to the {role.En} {instead.Name.En} instead")));
        }

        private static DryRunEvent Event(string kind, DateTimeOffset at, Held instance, string? step, PersonName? to, IReadOnlyList<PersonName> copies, DateTimeOffset? due, string? action, LocalizedText text) =>
            new(kind, at, instance.Process.Key, step, step is null ? null : TaskDesk.StepTitle(instance.Process, step), to, copies, due, action, text);

        private static LocalizedText Titles(IEnumerable<Held> instances)
        {
            var titles = instances.SelectMany(h => InstanceState.Parse(h.Row.State).Active.Select(step => TaskDesk.StepTitle(h.Process, step))).ToList();
            return new LocalizedText(string.Join("」「", titles.Select(t => t.ZhCn)), string.Join("\", \"", titles.Select(t => t.En)));
        }

        private static string Join(IReadOnlyList<PersonName> people, bool chinese) =>
            string.Join(chinese ? "、" : ", ", people.Select(p => chinese ? p.Name.ZhCn : p.Name.En));

        private const string NoAssignee = "no-assignee";
    }
}
