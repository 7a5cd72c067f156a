using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>
/// A person's tasks, for a host: the inbox, a task opened as its assignee sees it, and the commands on it (draft,
/// submit, approve, return, confirm). Every call is for one person and only ever touches their own tasks: someone
/// else's task answers "not found". Holds nothing but its database and clock: the parsed definitions are the database's.
/// </summary>
public sealed class TaskDesk
{
    /// <summary>"Due soon" in the inbox counts: open tasks due within this long.</summary>
    public static readonly TimeSpan DueSoon = TimeSpan.FromDays(3);

    /// <summary>The fields of the subject's previous run shown as history (seed 002: the last plan and goals).</summary>
    public static readonly IReadOnlyList<string> HistoryFields = ["plan", "goals", "goal_results"];

    private readonly Database database;
    private readonly TimeProvider clock;
    private readonly ProcessRuntime runtime;

    public TaskDesk(Database database, TimeProvider clock)
    {
        this.database = database;
        this.clock = clock;
        runtime = new ProcessRuntime(database, clock);
    }

    /// <summary>The person's tasks matching <paramref name="query"/>: open ones soonest due first, then done ones latest first.</summary>
    public async Task<InboxPage> InboxAsync(string personId, InboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var pageSize = Math.Max(1, query.PageSize);
        var (tally, rows) = await InboxStore.ReadAsync(
            work, personId, query.ProcessKey, query.CycleId, query.Status, query.OverdueOnly, now, now + (long)DueSoon.TotalMilliseconds,
            (Math.Max(1, query.Page) - 1) * pageSize, pageSize);
        var names = new Names(work);
        // The page's subjects in one query, not one query a row (an HRBP's page of 20 asked 20).
        await names.KnowAsync(rows.Select(r => r.SubjectId));
        var items = new List<TaskItem>();
        foreach (var row in rows)
        {
            var process = await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion);
            items.Add(new TaskItem(
                row.Id, row.InstanceId, row.ProcessKey, process?.Title ?? Same(row.ProcessKey), row.Step, StepTitle(process, row.Step),
                await names.OfAsync(row.SubjectId), row.CycleId, row.Status, At(row.DueAt), At(row.CreatedAt)!.Value, At(row.CompletedAt), row.Version));
        }

        return new InboxPage(items, tally.Matching, new InboxCounts(tally.Total, tally.OpenTasks, tally.Overdue, tally.DueSoon));
    }

    /// <summary>The person's task, opened; null when there is no such task or it is not theirs.</summary>
    public async Task<TaskForm?> OpenAsync(string taskId, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await TaskCompletionStore.FindAsync(work, taskId) is not { } found || found.Task.AssigneeId != personId)
        {
            return null;
        }

        var (task, instance) = found;
        var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), personId);
        var (template, access) = await ProcessRuntime.AccessAsync(work, run, task);
        var step = run.Process.Steps[task.Step];
        var spec = StepTasks.SpecOf(step)!;
        if (task.Status != TaskStatuses.Open)
        {
            access = await SeenSinceAsync(work, run, personId, spec.Form, template, access);
        }
        var part = run.State.Steps.GetValueOrDefault(task.Step)?.Tasks.GetValueOrDefault(task.Id) ?? TaskPart.Fill;

        // The task's starting data: the document it works on (a check-in's reviewer: that occurrence's answer), the
        // person's draft over it, and the lists the template fills in for them while they have written none (prefill).
        var data = run.DocumentOf(task);
        foreach (var (name, value) in JsonNode.Parse(task.Data)!.AsObject())
        {
            data[name] = value?.DeepClone();
        }

        if (task.Status == TaskStatuses.Open)
        {
            template.Prefill(data, access.Readable, access.Writable);

            // A checkpoint's last week: read from the actuals as the board reads them, as of when the task opened (a
            // follow-up: when the occurrence it follows up opened, the same week), for whoever reads the list; never
            // written by anyone, so a draft cannot hold it.
            if (template.ActualsField is { } actuals && access.Readable.Contains(actuals) && data[actuals] is null)
            {
                data[actuals] = await Actuals.KpiDesk.LastPeriodAsync(work, personId, run.Instance.SubjectId, run.ActualsAsOf(task));
            }
        }

        var names = new Names(work);
        var comments = new List<TaskCommentView>();
        foreach (var other in run.Tasks.Where(t => StepTasks.SpecOf(run.Process.Steps[t.Step])?.Form == spec.Form))
        {
            // Only comments on fields this person reads: a comment can say what the field holds.
            foreach (var comment in await FieldCommentStore.ForTaskAsync(work, other.Id))
            {
                if (access.Readable.Contains(TopLevelField(comment.Pointer)))
                {
                    comments.Add(new TaskCommentView(comment.Id, comment.Pointer, await names.OfAsync(comment.AuthorId), comment.Body, At(comment.CreatedAt)!.Value, comment.ResolvedAt is not null));
                }
            }
        }

        var reference = run.Process.Forms[spec.Form];
        // The template's document kept parsed beside the template (a published version never changes); Reduce copies
        // what it takes from it.
        var document = await work.PublishedAsync(ProcessCatalog.TemplateKind, reference.Template, reference.Version ?? 0, PublishedDefinitions.Document)
            ?? throw new InvalidOperationException($"template {reference} is not published");
        var computed = template.ComputedFields.ToHashSet(StringComparer.Ordinal);
        var (schema, ui) = FormReduction.Reduce(document, access.Readable, access.Writable.Where(f => !computed.Contains(f)).ToHashSet(StringComparer.Ordinal));
        var sections = template.Sections
            .Select(s => new FormSectionView(s.Key, s.Title, [.. s.Fields.Where(access.Readable.Contains)], s.Fields.Any(access.Writable.Contains)))
            .Where(s => s.Fields.Count > 0)
            .ToList();

        var (kind, actions) = KindOf(step, part);
        if (task.Status != TaskStatuses.Open || instance.Status != InstanceStatus.Running)
        {
            actions = [];
        }

        var history = await HistoryAsync(work, instance, personId);

        // The returns of the form at this step, round by round: the comments in them as the task shows comments.
        var journal = await AuditLog.ForAsync(work, "instance", instance.Id);
        var rounds = await InstanceDesk.ReturnsAsync(work, run, await Visibility.ForAsync(work, run, personId), names, journal, (form, field) => Task.FromResult(form == spec.Form && access.Readable.Contains(field)));
        var returns = rounds.Values.Where(r => r.BackTo == task.Step || r.Step == task.Step).ToList();
        return new TaskForm(
            ItemOf(task, instance, run.Process, await names.OfAsync(instance.SubjectId)),
            kind,
            actions,
            reference.Template,
            reference.Version ?? 0,
            schema,
            ui,
            sections,
            [.. access.Readable.Order(StringComparer.Ordinal)],
            [.. access.Writable.Order(StringComparer.Ordinal)],
            access.View(data),
            comments,
            history,
            returns)
        {
            Texts = FormReduction.Texts(document, access.Readable),
            IndicatorField = task.Status == TaskStatuses.Open && template.IndicatorField is { } indicators && access.Writable.Contains(indicators) ? indicators : null,
        };
    }

    // A task handed in shows its form as the instance shows it to this person now (Visibility: what the later steps
    // show beyond their tasks), read only: the employee reads on her report the feedback her manager wrote after it.
    private static async Task<FormAccess> SeenSinceAsync(UnitOfWork work, Run run, string personId, string form, FormTemplate template, FormAccess atTask)
    {
        var sight = await Visibility.ForAsync(work, run, personId);
        var seen = sight.SeesInstance ? sight.Form(form, template) : null;
        var fields = atTask.Readable.Union(seen?.Readable ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal);
        var sections = template.Sections.Where(s => s.Fields.Any(fields.Contains)).Select(s => s.Key).ToList();
        var seenSince = new FormAccess(template, new Access(sections, [], ReadsAll: false));
        // A field read neither at the task nor now (a rating a calibration holds back) stays out though its section is in.
        foreach (var unread in seenSince.Readable.Where(f => !fields.Contains(f)).ToList())
        {
            seenSince = seenSince.Without(unread);
        }

        return seenSince;
    }

    /// <summary>Keeps a draft: only the fields the step lets the person write; not validated.</summary>
    public Task<TaskOutcome> SaveDraftAsync(string taskId, string personId, JsonObject data, int? expectedVersion, CancellationToken cancellationToken = default) =>
        RunAsync(taskId, personId, () => runtime.SaveDraftAsync(taskId, personId, data, expectedVersion, cancellationToken), cancellationToken);

    /// <summary>Submits the form: validated, merged, and the process moves on.</summary>
    public Task<TaskOutcome> SubmitAsync(string taskId, string personId, JsonObject data, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        RunAsync(taskId, personId, () => runtime.SubmitAsync(taskId, personId, data, expectedVersion, mark, cancellationToken), cancellationToken);

    /// <summary>
    /// Approves an approval or review task, with the fields the step lets the approver write: validated as a submit is
    /// (without data, the form as it stands), so that a required field the approver writes cannot be left out.
    /// </summary>
    public Task<TaskOutcome> ApproveAsync(string taskId, string personId, JsonObject? data, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        RunAsync(taskId, personId, () => runtime.ApproveAsync(taskId, personId, data, expectedVersion, mark, cancellationToken), cancellationToken);

    /// <summary>Returns the form with a reason and comments on its fields.</summary>
    public Task<TaskOutcome> ReturnAsync(string taskId, string personId, string reason, IReadOnlyList<ReturnComment> comments, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var notes = comments.Select(c => new FieldNote(c.Field, c.Body)).ToList();
        return RunAsync(taskId, personId, async () => Renamed(await runtime.ReturnAsync(taskId, personId, reason, notes, expectedVersion, mark, cancellationToken)), cancellationToken);

        // The engine names a comment's field "pointer"; the API's body calls it "field".
        static CommandResult Renamed(CommandResult result) => result with
        {
            Problems = [.. result.Problems.Select(p => p with { Pointer = p.Pointer.Replace("/notes/", "/comments/", StringComparison.Ordinal).Replace("/pointer", "/field", StringComparison.Ordinal) })],
        };
    }

    /// <summary>Confirms the record as one party of a confirmation, validated in the fields that party writes as a submit is.</summary>
    public Task<TaskOutcome> ConfirmAsync(string taskId, string personId, JsonObject? data, int? expectedVersion, IdempotencyMark? mark = null, CancellationToken cancellationToken = default) =>
        RunAsync(taskId, personId, () => runtime.ConfirmAsync(taskId, personId, data, expectedVersion, mark, cancellationToken), cancellationToken);

    private async Task<TaskOutcome> RunAsync(string taskId, string personId, Func<Task<CommandResult>> command, CancellationToken cancellationToken)
    {
        CommandResult result;
        try
        {
            result = await command();
        }
        catch (ConcurrencyConflictException)
        {
            return new TaskOutcome(TaskOutcomeStatus.Conflict, [new ValidationProblem(string.Empty, "task.conflict", new LocalizedText("任务刚被另一个操作修改：请重新打开后再试", "Another action changed the task at the same moment: open it again and retry"))]);
        }

        var status = result.Status switch
        {
            CommandStatus.Done => TaskOutcomeStatus.Done,
            CommandStatus.NotFound => TaskOutcomeStatus.NotFound,
            CommandStatus.Forbidden => TaskOutcomeStatus.Forbidden,
            CommandStatus.Invalid => TaskOutcomeStatus.Invalid,
            CommandStatus.NotApplicable => TaskOutcomeStatus.NotApplicable,
            CommandStatus.Blocked => TaskOutcomeStatus.Blocked,
            CommandStatus.Stale => TaskOutcomeStatus.Stale,
            _ => throw new InvalidOperationException($"unknown command status {result.Status}"),
        };
        // A command that wrote the task answers with the item it wrote; a stale one (nothing written) with the task as
        // it now stands.
        var item = status switch
        {
            TaskOutcomeStatus.Done => result.Item ?? await ItemAsync(taskId, personId, cancellationToken),
            TaskOutcomeStatus.Stale => await ItemAsync(taskId, personId, cancellationToken),
            _ => null,
        };
        return new TaskOutcome(status, result.Problems, item);
    }

    /// <summary>The person's task as a list shows it; null when it is not theirs.</summary>
    public async Task<TaskItem?> ItemAsync(string taskId, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await TaskCompletionStore.FindAsync(work, taskId) is not { } found || found.Task.AssigneeId != personId)
        {
            return null;
        }

        var (task, instance) = found;
        var process = await ProcessCatalog.ProcessAsync(work, instance.ProcessKey, instance.ProcessVersion);
        return ItemOf(task, instance, process, await new Names(work).OfAsync(instance.SubjectId));
    }

    /// <summary>A task as a list shows it, from its row, its instance, the instance's process and the subject's name.</summary>
    internal static TaskItem ItemOf(TaskRow task, InstanceRow instance, ProcessDefinition? process, PersonName subject) => new(
        task.Id, instance.Id, instance.ProcessKey, process?.Title ?? Same(instance.ProcessKey), task.Step, StepTitle(process, task.Step),
        subject, instance.CycleId, task.Status, At(task.DueAt), At(task.CreatedAt)!.Value, At(task.CompletedAt), task.Version);

    // The subject's previous run of the same process, in the history fields the viewer may read there.
    private async Task<HistoryContext?> HistoryAsync(UnitOfWork work, InstanceRow instance, string viewerId)
    {
        var previousId = (await work.Connection.QueryAsync<string>(
            "SELECT id FROM process_instances WHERE subject_id = @Subject AND process_key = @Process AND id <> @Id AND created_at < @Created ORDER BY created_at DESC",
            new { Subject = instance.SubjectId, Process = instance.ProcessKey, instance.Id, Created = instance.CreatedAt },
            work.Transaction)).FirstOrDefault();
        if (previousId is null || await InstanceStore.FindAsync(work, previousId) is not { } previous)
        {
            return null;
        }

        var run = await Run.OpenAsync(work, previous, clock.GetUtcNow(), viewerId);
        var sight = await Visibility.ForAsync(work, run, viewerId);
        var forms = new JsonObject();
        foreach (var (name, document) in run.State.Forms)
        {
            if (!sight.SeesInstance || sight.Form(name, await ProcessCatalog.FormAsync(work, run.Process, name)) is not { } reading)
            {
                continue;
            }

            var view = reading.View(document);
            var kept = new JsonObject();
            foreach (var field in HistoryFields)
            {
                if (view[field] is { } value)
                {
                    kept[field] = value.DeepClone();
                }
            }

            if (kept.Count > 0)
            {
                forms[name] = kept;
            }
        }

        return forms.Count == 0 ? null : new HistoryContext(previous.Id, previous.CycleId, At(previous.CreatedAt)!.Value, forms);
    }

    internal static (string Kind, IReadOnlyList<string> Actions) KindOf(Step step, string part) => part switch
    {
        TaskPart.Reviewer => ("review", ["draft", "approve", "return"]),
        TaskPart.Approver => ("approval", step is ApprovalStep ? ["draft", "approve", "return"] : ["draft", "approve"]),
        _ when part.StartsWith("party-", StringComparison.Ordinal) =>
            ("confirmation", step is ConfirmationStep { ReturnTo: not null } ? ["draft", "confirm", "return"] : ["draft", "confirm"]),
        _ => ("form", ["draft", "submit"]),
    };

    internal static LocalizedText StepTitle(ProcessDefinition? process, string step) =>
        process?.Steps.GetValueOrDefault(step)?.Title ?? Same(step);

    internal static LocalizedText Same(string text) => new(text, text);

    internal static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    internal static string TopLevelField(string pointer) =>
        pointer.Length > 1 ? pointer[1..].Split('/')[0].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : string.Empty;
}

/// <summary>People's names, looked up once each within one unit of work.</summary>
internal sealed class Names(UnitOfWork work)
{
    private readonly Dictionary<string, PersonName> known = new(StringComparer.Ordinal);

    public async Task<PersonName> OfAsync(string id)
    {
        if (!known.TryGetValue(id, out var name))
        {
            known[id] = name = Of(id, (await OrganisationStore.FindPersonAsync(work, id))?.Name);
        }

        return name;
    }

    /// <summary>Looks up the names of <paramref name="ids"/> not yet known in one query (a page of a list), as <see cref="OfAsync"/> would one by one.</summary>
    public async Task KnowAsync(IEnumerable<string> ids)
    {
        var unknown = ids.Where(id => !known.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var found = (await work.Connection.QueryAsync<(string Id, string NameZh, string NameEn)>(
            $"SELECT id, name_zh, name_en FROM people WHERE id IN ({JsonIds.Select(work.Dialect)})", new { Ids = JsonIds.Of(unknown) }, work.Transaction))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var id in unknown)
        {
            known[id] = Of(id, found.TryGetValue(id, out var person) ? new LocalizedText(person.NameZh, person.NameEn) : null);
        }
    }

    /// <summary>Person <paramref name="id"/> with the <paramref name="name"/> read for them; the id itself when nobody has it.</summary>
    public static PersonName Of(string id, LocalizedText? name) => new(id, name ?? TaskDesk.Same(id));
}
