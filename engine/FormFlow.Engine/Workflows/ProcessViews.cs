using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>A task as its assignee sees it in the inbox.</summary>
internal sealed record TaskSummary(string Id, string InstanceId, string ProcessKey, string Step, string SubjectId, string Status, long? DueAt);

/// <summary>
/// A task opened by its assignee: the form reduced to what this step lets them read, the fields they may write,
/// the data as it stands (their draft over the form), and the comments made on the form's fields.
/// </summary>
internal sealed record TaskView(TaskSummary Task, string Template, int TemplateVersion, IReadOnlyList<string> Readable, IReadOnlyList<string> Writable, JsonObject Data, IReadOnlyList<FieldComment> Comments);

/// <summary>
/// An instance as one of its participants sees it: the forms in the sections their steps read, the steps it waits
/// at, and the answers of for-each steps — aggregated without names when the step is anonymous.
/// </summary>
internal sealed record InstanceView(string Id, string ProcessKey, string SubjectId, string Status, IReadOnlyList<string> Active, JsonObject Forms, JsonObject Answers);

/// <summary>One entry of an instance's timeline: when, who (or "anonymous"/"system"), what, from which step to which.</summary>
internal sealed record TimelineEntry(long At, string Actor, string Action, string? From, string? To);

/// <summary>
/// What people read of running processes. Each read is for one person and returns only what that person may see:
/// someone else's task answers null, as does an instance the person takes no part in. No read returns who wrote the
/// answers of an anonymous step.
/// </summary>
internal sealed class ProcessViews(Database database)
{
    // Fewer answers than this and the aggregate would show who said what.
    public const int MinimumAnonymousAnswers = 3;

    public async Task<IReadOnlyList<TaskSummary>> InboxAsync(string person)
    {
        await using var work = await UnitOfWork.BeginAsync(database);
        var summaries = new List<TaskSummary>();
        foreach (var task in await TaskStore.OpenForAsync(work, person))
        {
            var instance = (await InstanceStore.FindAsync(work, task.InstanceId))!;
            summaries.Add(Summary(task, instance));
        }

        return summaries;
    }

    public async Task<TaskView?> TaskAsync(string taskId, string person)
    {
        await using var work = await UnitOfWork.BeginAsync(database);
        if (await TaskCompletionStore.FindAsync(work, taskId) is not { } found || found.Task.AssigneeId != person)
        {
            return null;
        }

        var (task, instance) = found;
        var run = await Run.OpenAsync(work, instance, DateTimeOffset.UnixEpoch, person);
        var (template, access) = await ProcessRuntime.AccessAsync(work, run, task);
        var spec = StepTasks.SpecOf(run.Process.Steps[task.Step])!;
        var data = run.State.Forms.GetValueOrDefault(spec.Form)?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in JsonNode.Parse(task.Data)!.AsObject())
        {
            data[name] = value?.DeepClone();
        }

        var comments = new List<FieldComment>();
        foreach (var other in run.Tasks.Where(t => StepTasks.SpecOf(run.Process.Steps[t.Step])?.Form == spec.Form))
        {
            // Only comments on fields this person reads: a comment can say what the field holds.
            comments.AddRange((await FieldCommentStore.ForTaskAsync(work, other.Id)).Where(c => access.Readable.Contains(TopLevelField(c.Pointer))));
        }

        var reference = run.Process.Forms[spec.Form];
        return new TaskView(
            Summary(task, instance),
            reference.Template,
            reference.Version ?? 0,
            [.. access.Readable.Order(StringComparer.Ordinal)],
            [.. access.Writable.Order(StringComparer.Ordinal)],
            access.View(data),
            comments);
    }

    public async Task<InstanceView?> InstanceAsync(string instanceId, string person)
    {
        await using var work = await UnitOfWork.BeginAsync(database);
        if (await InstanceStore.FindAsync(work, instanceId) is not { } instance)
        {
            return null;
        }

        var run = await Run.OpenAsync(work, instance, DateTimeOffset.UnixEpoch, person);
        var mine = run.Tasks.Where(t => t.AssigneeId == person).ToList();
        if (mine.Count == 0 && !(instance.SubjectId == person && SubjectTakesPart(run)))
        {
            return null;
        }

        var forms = new JsonObject();
        foreach (var (name, document) in run.State.Forms)
        {
            if (ReadableSections(run, name, instance.SubjectId == person, mine) is { } access)
            {
                var template = await ProcessCatalog.FormAsync(work, run.Process, name);
                forms[name] = new FormAccess(template, access).View(document);
            }
        }

        var answers = new JsonObject();
        foreach (var (stepId, responses) in run.State.Responses)
        {
            if (run.Process.Steps[stepId] is ForEachStep { Anonymous: true })
            {
                answers[stepId] = AnonymousAnswers(run.State, stepId);
            }
            else if (instance.SubjectId == person || mine.Any(t => t.Step == stepId))
            {
                answers[stepId] = new JsonArray([.. responses.Select(r => (JsonNode?)new JsonObject { ["by"] = r.By, ["occurrence"] = r.Occurrence, ["at"] = r.At, ["data"] = r.Data.DeepClone() })]);
            }
        }

        return new InstanceView(instance.Id, instance.ProcessKey, instance.SubjectId, instance.Status, [.. run.State.Active], forms, answers);
    }

    /// <summary>The instance's journal as a participant may read it: entries about anonymous steps name nobody.</summary>
    public async Task<IReadOnlyList<TimelineEntry>?> TimelineAsync(string instanceId, string person)
    {
        await using var work = await UnitOfWork.BeginAsync(database);
        if (await InstanceStore.FindAsync(work, instanceId) is not { } instance)
        {
            return null;
        }

        var run = await Run.OpenAsync(work, instance, DateTimeOffset.UnixEpoch, person);
        if (run.Tasks.All(t => t.AssigneeId != person) && !(instance.SubjectId == person && SubjectTakesPart(run)))
        {
            return null;
        }

        var anonymousSteps = run.Process.Steps.Values.OfType<ForEachStep>().Where(s => s.Anonymous).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var entries = new List<TimelineEntry>();
        foreach (var entry in await AuditLog.ForAsync(work, "instance", instanceId))
        {
            var detail = JsonNode.Parse(entry.AfterJson ?? "{}")!.AsObject();
            var (from, to) = ((string?)detail["from"], (string?)detail["to"]);
            var concernsAnonymousAnswers = entry.Action != "step.entered" && from is not null && anonymousSteps.Contains(from);
            entries.Add(new TimelineEntry(entry.At, concernsAnonymousAnswers ? "anonymous" : entry.Actor, entry.Action, from, to));
        }

        return entries;
    }

    /// <summary>
    /// Whether the subject takes part in the instance: the process gives them a part at some step (a task of theirs,
    /// whether or not it was reached), or a step's <c>visibleToSubject</c> holds now. Otherwise the instance is none
    /// of the subject's business as it stands — a feedback-log entry the manager keeps private — and the subject's
    /// views do not reveal even that it exists.
    /// </summary>
    private static bool SubjectTakesPart(Run run) =>
        run.Process.Steps.Values.SelectMany(StepTasks.AccessesOf).Any(a => a.Assignee?.Relation == Assignee.Subject)
        || SharedWithSubject(run).Any();

    // The visibleToSubject reads of the process whose condition holds over the forms as they stand.
    private static IEnumerable<(string Form, SubjectRead Read)> SharedWithSubject(Run run) =>
        run.Process.Steps.Values
            .Select(StepTasks.SpecOf)
            .OfType<TaskSpec>()
            .Where(spec => spec.VisibleToSubject is { } shown && (shown.When is null || run.HoldsForReading(shown.When)))
            .Select(spec => (spec.Form, spec.VisibleToSubject!));

    private static string TopLevelField(string pointer) =>
        pointer.Length > 1 ? pointer[1..].Split('/')[0].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : string.Empty;

    private static TaskSummary Summary(TaskRow task, InstanceRow instance) =>
        new(task.Id, task.InstanceId, instance.ProcessKey, task.Step, instance.SubjectId, task.Status, task.DueAt);

    // The sections of a form a person reads: those of the parts they play in the steps they hold tasks at (the
    // author's part of a review, not the reviewer's), and for the subject also the parts the process gives the
    // subject. Null when none.
    private static Access? ReadableSections(Run run, string form, bool isSubject, IReadOnlyList<TaskRow> theirs)
    {
        var parts = new List<Access>();
        foreach (var task in theirs)
        {
            var step = run.Process.Steps[task.Step];
            if (StepTasks.SpecOf(step)?.Form == form && run.State.Steps.GetValueOrDefault(task.Step)?.Tasks.GetValueOrDefault(task.Id) is { } part)
            {
                parts.Add(StepTasks.AccessOf(step, part));
            }
        }

        if (isSubject)
        {
            parts.AddRange(run.Process.Steps.Values
                .SelectMany(StepTasks.AccessesOf)
                .Where(a => a.Spec.Form == form && a.Assignee?.Relation == Assignee.Subject)
                .Select(a => a.Access));
            parts.AddRange(SharedWithSubject(run).Where(s => s.Form == form).Select(s => s.Read.Access));
        }

        var sections = parts.SelectMany(a => a.Read.Concat(a.Write)).ToHashSet(StringComparer.Ordinal);
        var readsAll = parts.Any(a => a.ReadsAll);
        return readsAll || sections.Count > 0 ? new Access([.. sections], [], readsAll) : null;
    }

    /// <summary>
    /// What anyone may read of the answers to anonymous for-each step <paramref name="stepId"/>: only that they are
    /// pending while the step runs — an aggregate watched as answers arrive gives each one away by difference — and
    /// <see cref="Aggregate"/> once it is over.
    /// </summary>
    public static JsonObject AnonymousAnswers(InstanceState state, string stepId) =>
        state.Active.Contains(stepId) ? new JsonObject { ["pending"] = true } : Aggregate(state.Responses.GetValueOrDefault(stepId) ?? []);

    /// <summary>
    /// Anonymous answers as the subject sees them: per field, the mean of numbers, the texts in alphabetical order —
    /// never in the order they came, and nothing until enough answers make it impossible to tell who said what.
    /// </summary>
    public static JsonObject Aggregate(IReadOnlyList<Response> responses)
    {
        var result = new JsonObject { ["count"] = responses.Count };
        if (responses.Count < MinimumAnonymousAnswers)
        {
            result["withheld"] = true;
            return result;
        }

        var numbers = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        var texts = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var response in responses)
        {
            Collect(response.Data, string.Empty, numbers, texts);
        }

        var means = new JsonObject();
        foreach (var (path, values) in numbers)
        {
            means[path] = Math.Round(values.Average(), 2);
        }

        var comments = new JsonObject();
        foreach (var (path, values) in texts)
        {
            comments[path] = new JsonArray([.. values.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        result["means"] = means;
        result["texts"] = comments;
        return result;
    }

    private static void Collect(JsonNode? node, string path, SortedDictionary<string, List<double>> numbers, SortedDictionary<string, List<string>> texts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    Collect(value, path.Length == 0 ? name : path + "." + name, numbers, texts);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, path + "[]", numbers, texts);
                }

                break;
            case JsonValue value when value.TryGetValue<double>(out var number):
                (numbers.TryGetValue(path, out var list) ? list : numbers[path] = []).Add(number);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0:
                (texts.TryGetValue(path, out var strings) ? strings : texts[path] = []).Add(text);
                break;
        }
    }
}
