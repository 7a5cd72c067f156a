using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;

namespace FormFlow.Workflows;

/// <summary>
/// Who sees what of a process instance: the one rule. Every read asks it, for the person it reads for — the inbox,
/// a task, an instance, its timeline, the lists of instances and their counts, the history a task shows and the
/// history report, the other reports, and the model of every notification.
/// <list type="number">
/// <item><b>The instance.</b> A person sees that an instance exists — its status, the steps it waits at and who holds
/// them, its timeline — when they hold or held a task in it; when they oversee its subject (<see cref="Oversight"/>: a
/// manager up the chain, the head or the HRBP of the subject's department or of one above, an administrator); or, as
/// its subject, while a step it has reached shows them its form (<c>visibleToSubject</c>). To anyone else it does not
/// exist: not shown, not listed, not counted — a feedback-log entry the manager keeps private is nothing to the
/// employee, not even a date.</item>
/// <item><b>Forms.</b> Of each form a person reads the sections of the parts they play or played in it (a task's part:
/// an author reads what the author reads, not the reviewer's sections); of the parts the process gives their relation
/// to the subject (a manager up the chain the <c>manager</c> and <c>skip-level</c> parts, a department head the
/// <c>department-head</c> parts, an HRBP the <c>hrbp</c> parts, an administrator none); and what a step shows them
/// (<c>visibleToSubject</c>; <c>visibleTo</c> by the same relations) while its condition holds. A part or a step's
/// showing counts once the process has reached that step, never before: nobody reads a decision before the step that
/// takes it.</item>
/// <item><b>Answers</b> of for-each and recurring steps: in the fields the person reads of the step's form, with who gave
/// them — except at an anonymous step, whose answers are read only as an aggregate, once the step is over and only
/// with at least <see cref="MinimumAnonymousAnswers"/> answers.</item>
/// <item><b>Names.</b> Who did what, who holds a task, who commented or returned a form: named to whoever sees the
/// instance, except at an anonymous step, where nobody is.</item>
/// <item><b>Returns.</b> That a form went back, in which round, by whom and when: to whoever sees the instance. Why (the
/// reason): to the person who returned it, the people it went back to, and whoever reads at least every section the
/// returner read. A comment on a field: to whoever reads the field.</item>
/// <item><b>A task</b> is its assignee's alone, showing the fields their part reads and writes and the comments on
/// those fields (<see cref="ProcessRuntime.AccessAsync"/> gives the part).</item>
/// <item><b>Ratings under calibration.</b> While a calibration session that holds the instance is open
/// (<see cref="Calibrations.CalibrationDesk"/>), its subject does not read the field its template marks as the rating
/// (<see cref="FieldRoles.Rating"/>) — not on a task, the instance, its timeline, a report or a notice; once the session
/// closes they read the final rating as every reader reads it. The journal's calibration entries (<c>rating.calibrated</c>,
/// <c>rating.released</c>) are read by whoever reads the rating, their reasons by those overseeing the subject.</item>
/// <item><b>Notices</b> are built for their recipient through this rule: what a notice carries, the recipient could read
/// on screen.</item>
/// </list>
/// A read for one person that shows another's data (an HRBP reading an employee's history, an administrator
/// previewing a notice sent to someone) holds what both may see (<see cref="AsFarAs"/>).
/// </summary>
internal sealed class Visibility
{
    /// <summary>Fewer anonymous answers than this and an aggregate would show who said what.</summary>
    public const int MinimumAnonymousAnswers = 3;

    private readonly Run run;
    private readonly IReadOnlyList<Reader> readers;

    private Visibility(Run run, IReadOnlyList<Reader> readers)
    {
        this.run = run;
        this.readers = readers;
    }

    /// <summary>The person this reads for (the first, when it reads as far as another may see too).</summary>
    public string PersonId => readers[0].Id;

    /// <summary>Rule 1: whether the instance exists for the person (and for everyone <see cref="AsFarAs"/> added).</summary>
    public bool SeesInstance => readers.All(SeesInstanceAs);

    /// <summary>
    /// How the person stands to the instance, as answers say it: <c>subject</c>, <c>participant</c> (holds or held a
    /// task), <c>manager</c>, <c>department-head</c>, <c>hrbp</c>, <c>admin</c>. Empty when they do not see it.
    /// </summary>
    public IReadOnlyList<string> Relations
    {
        get
        {
            var reader = readers[0];
            if (!SeesInstanceAs(reader))
            {
                return [];
            }

            var relations = new List<string>();
            if (reader.IsSubject(run))
            {
                relations.Add("subject");
            }

            if (run.Tasks.Any(t => t.AssigneeId == reader.Id))
            {
                relations.Add("participant");
            }

            foreach (var (flag, name) in new[] { (SubjectRelation.Manager, "manager"), (SubjectRelation.DepartmentHead, "department-head"), (SubjectRelation.Hrbp, "hrbp"), (SubjectRelation.Admin, "admin") })
            {
                if (reader.Relation.HasFlag(flag))
                {
                    relations.Add(name);
                }
            }

            return relations;
        }
    }

    /// <summary>What <paramref name="personId"/> sees of the instance of <paramref name="run"/>, their relation to its subject read in <paramref name="work"/>.</summary>
    public static async Task<Visibility> ForAsync(UnitOfWork work, Run run, string personId)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run, [new Reader(personId, await Oversight.RelationAsync(work, personId, run.Instance.SubjectId), await RatingHeldAsync(work, run, personId))]);
    }

    /// <summary>
    /// What <paramref name="personId"/> sees of each instance of <paramref name="runs"/>, as <see cref="ForAsync(UnitOfWork, Run, string)"/>
    /// says for one, their relations to the subjects read at once (a page of a list: docs/performance.md, "The team's instances").
    /// </summary>
    internal static async Task<IReadOnlyList<Visibility>> ForAsync(UnitOfWork work, IReadOnlyList<Run> runs, string personId)
    {
        var relations = await Oversight.RelationsAsync(work, personId, [.. runs.Select(r => r.Instance.SubjectId)]);
        var sights = new List<Visibility>(runs.Count);
        foreach (var run in runs)
        {
            sights.Add(new(run, [new Reader(personId, relations[run.Instance.SubjectId], await RatingHeldAsync(work, run, personId))]));
        }

        return sights;
    }

    /// <summary>What this person sees, as far as <paramref name="otherId"/> may see it too.</summary>
    public async Task<Visibility> AsFarAsAsync(UnitOfWork work, string otherId) =>
        otherId == PersonId ? this : new(run, [.. readers, new Reader(otherId, await Oversight.RelationAsync(work, otherId, run.Instance.SubjectId), await RatingHeldAsync(work, run, otherId))]);

    /// <summary>
    /// Rule 7 on a task: <paramref name="access"/> (what the task's part reads and writes of <paramref name="template"/>)
    /// without the rating while a calibration holds it back from the task's assignee, the subject.
    /// </summary>
    public static async Task<FormAccess> OfTaskAsync(UnitOfWork work, Run run, TaskRow task, FormTemplate template, FormAccess access)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(access);
        return template.FieldOf(FieldRoles.Rating) is { } field && await RatingHeldAsync(work, run, task.AssigneeId) ? access.Without(field) : access;
    }

    /// <summary>Rule 7 for the journal: whether the person reads an entry of a calibration (its rating), and its reason.</summary>
    public (bool Entry, bool Reason) ReadsCalibration(string form, FormTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var reads = template.FieldOf(FieldRoles.Rating) is { } field && Form(form, template)?.Readable.Contains(field) == true;
        return (reads, reads && readers.All(r => (r.Relation & (SubjectRelation.Manager | SubjectRelation.DepartmentHead | SubjectRelation.Hrbp | SubjectRelation.Admin)) != 0));
    }

    // Rule 7: whether an open calibration holds the instance's rating back from the person — its subject.
    private static async Task<bool> RatingHeldAsync(UnitOfWork work, Run run, string personId) =>
        personId == run.Instance.SubjectId && await CalibrationStore.HeldAsync(work, run.Instance.Id);

    /// <summary>Rule 2: the sections of <paramref name="form"/> the person reads; null when none (or the instance is not theirs to see).</summary>
    public Access? Sections(string form)
    {
        Access? common = null;
        foreach (var reader in readers)
        {
            if (!SeesInstanceAs(reader) || SectionsAs(reader, form) is not { } access)
            {
                return null;
            }

            common = common is null ? access : Both(common, access);
            if (!common.ReadsAll && common.Read.Count == 0)
            {
                return null;
            }
        }

        return common;
    }

    /// <summary>The person's reading of <paramref name="form"/> (a document of <paramref name="template"/>); null when they read none of it.</summary>
    public FormAccess? Form(string form, FormTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (Sections(form) is not { } access)
        {
            return null;
        }

        var reading = new FormAccess(template, access);
        if (readers.Any(r => r.RatingHeld) && template.FieldOf(FieldRoles.Rating) is { } rating)
        {
            reading = reading.Without(rating);
        }

        return reading.Readable.Count > 0 ? reading : null;
    }

    /// <summary>
    /// Rule 3: the answers of for-each or recurring step <paramref name="stepId"/> as the person reads them (its form
    /// being <paramref name="template"/>): <c>[{ by, occurrence, at, data }]</c> in the fields they read, or for an
    /// anonymous step <see cref="AnonymousAnswers"/> over those fields. Null when they read none of them.
    /// </summary>
    public JsonNode? Answers(string stepId, FormTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!run.State.Responses.TryGetValue(stepId, out var responses) || StepTasks.SpecOf(run.Process.Steps[stepId]) is not { } spec
            || Form(spec.Form, template) is not { } reading)
        {
            return null;
        }

        var written = new FormAccess(template, spec.Access).Writable.Union(run.Process.Steps[stepId] is RecurringStep recurring ? new FormAccess(template, recurring.ReviewerAccess).Writable : []);
        if (!written.Any(reading.Readable.Contains))
        {
            return null;
        }

        if (run.Process.Steps[stepId] is ForEachStep { Anonymous: true })
        {
            return run.State.Active.Contains(stepId)
                ? new JsonObject { ["pending"] = true }
                : Aggregate([.. responses.Select(r => r with { Data = reading.View(r.Data) })]);
        }

        return new JsonArray([.. responses
            .Select(r => (Response: r, Data: reading.View(r.Data)))
            .Where(r => r.Data.Count > 0)
            .Select(r => (JsonNode?)Answer(r.Response, r.Data))]);
    }

    // One answer as read: who gave it, its occurrence, when, the fields read; and who followed it up and when, once a
    // recurring step's reviewer did.
    private static JsonObject Answer(Response response, JsonObject data)
    {
        var answer = new JsonObject { ["by"] = response.By, ["occurrence"] = response.Occurrence, ["at"] = response.At, ["data"] = data };
        if (response.ReviewedAt is { } reviewedAt)
        {
            answer["reviewedBy"] = response.ReviewedBy;
            answer["reviewedAt"] = reviewedAt;
        }

        return answer;
    }

    /// <summary>Rule 4: whether people are named at <paramref name="stepId"/> (null: no step) — not at an anonymous step.</summary>
    public bool NamesPeopleAt(string? stepId) =>
        stepId is null || run.Process.Steps.GetValueOrDefault(stepId) is not ForEachStep { Anonymous: true };

    /// <summary>Rule 4 for the journal: whether an entry names who did it (an entry about an anonymous step's answers does not).</summary>
    public bool NamesActorOf(AuditEntry entry, string? from) =>
        entry.Actor != "anonymous" && (entry.Action == "step.entered" || NamesPeopleAt(from));

    /// <summary>Rule 5: whether the person reads why a form went back (<paramref name="returned"/>).</summary>
    public bool ReadsReasonOf(ReturnFacts returned)
    {
        ArgumentNullException.ThrowIfNull(returned);
        return readers.All(reader => SeesInstanceAs(reader)
            && (reader.Id == returned.ReturnerId || returned.Revisers.Contains(reader.Id)
                || (SectionsAs(reader, returned.Form) is { } access && Covers(access, returned.ReturnerAccess))));
    }

    /// <summary>The facts of a return: the journal entry (<c>task.returned</c>), who returned and what they read, who it went back to.</summary>
    public ReturnFacts? Return(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var detail = JsonNode.Parse(entry.AfterJson ?? "{}")!.AsObject();
        if (entry.Action != "task.returned" || (string?)detail["from"] is not { } from || (string?)detail["to"] is not { } to
            || run.Process.Steps.GetValueOrDefault(from) is not { } step || StepTasks.SpecOf(step) is not { } spec)
        {
            return null;
        }

        var taskId = (string?)detail["task"];
        var part = taskId is null ? null : run.State.Steps.GetValueOrDefault(from)?.Tasks.GetValueOrDefault(taskId);
        var returnerAccess = (step, part) switch
        {
            (_, not null) => StepTasks.AccessOf(step, part),
            (ReviewStep review, null) => StepTasks.ReviewerAccess(review),
            // The party is no longer known (the step was entered again since): the widest reading of them all, so that
            // nobody is told more than the returner may have read.
            (ConfirmationStep confirmation, null) => confirmation.Parties.Select(p => p.Access).Aggregate(Access.None, Either),
            _ => spec.Access,
        };
        var revisers = run.Tasks.Where(t => t.Step == to && t.CreatedAt == entry.At).Select(t => t.AssigneeId).ToHashSet(StringComparer.Ordinal);
        return new ReturnFacts(from, to, spec.Form, taskId, entry.Actor, returnerAccess, revisers, (string?)detail["reason"], entry.At);
    }

    /// <summary>
    /// The answers of an anonymous step as anyone may read them: only that they are pending while the step runs — an
    /// aggregate watched as answers arrive gives each one away by difference — and <see cref="Aggregate"/> once it is over.
    /// </summary>
    public static JsonObject AnonymousAnswers(InstanceState state, string stepId)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Active.Contains(stepId) ? new JsonObject { ["pending"] = true } : Aggregate(state.Responses.GetValueOrDefault(stepId) ?? []);
    }

    /// <summary>
    /// Anonymous answers aggregated: per field, the mean of numbers, the texts in alphabetical order — never in the
    /// order they came, and nothing until enough answers make it impossible to tell who said what.
    /// </summary>
    public static JsonObject Aggregate(IReadOnlyList<Response> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
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

    // Rule 1 for one reader.
    private bool SeesInstanceAs(Reader reader) =>
        run.Tasks.Any(t => t.AssigneeId == reader.Id)
        || (reader.Relation & (SubjectRelation.Manager | SubjectRelation.DepartmentHead | SubjectRelation.Hrbp | SubjectRelation.Admin)) != 0
        || (reader.IsSubject(run) && Reached().Any(step => StepTasks.SpecOf(step)?.VisibleToSubject is { } shown && Holds(shown)));

    // Rule 2 for one reader: the union of what their parts, their relation's parts and the steps' showings give.
    private Access? SectionsAs(Reader reader, string form)
    {
        var parts = new List<Access>();
        foreach (var task in run.Tasks.Where(t => t.AssigneeId == reader.Id))
        {
            var step = run.Process.Steps[task.Step];
            if (StepTasks.SpecOf(step)?.Form == form && PartOf(step, task) is { } part)
            {
                parts.Add(StepTasks.AccessOf(step, part));
                if (step is RecurringStep recurring)
                {
                    // The check-in thread: whoever hands in an occurrence reads the reviewer's feedback on it.
                    parts.Add(StepTasks.ThreadOf(recurring));
                }
            }
        }

        var relations = reader.OverseerRelations;
        foreach (var step in Reached())
        {
            if (StepTasks.SpecOf(step) is not { } spec || spec.Form != form)
            {
                continue;
            }

            parts.AddRange(StepTasks.AccessesOf(step).Where(a => a.Assignee is { } who && relations.Contains(who.Relation)).Select(a => a.Access));
            if (reader.IsSubject(run) && spec.VisibleToSubject is { } shown && Holds(shown))
            {
                parts.Add(shown.Access);
            }

            parts.AddRange(spec.VisibleTo.Where(g => relations.Contains(g.Key) && Holds(g.Value)).Select(g => g.Value.Access));
        }

        var union = parts.Aggregate(Access.None, Either);
        return union.ReadsAll || union.Read.Count > 0 ? union : null;
    }

    // The part a task plays; for a step entered again since (its bookkeeping holds only the new entry's tasks), the
    // step's one part when it has only one — else unknown, and the task shows nothing more than the relation does.
    private string? PartOf(Step step, TaskRow task) =>
        run.State.Steps.GetValueOrDefault(task.Step)?.Tasks.GetValueOrDefault(task.Id)
        ?? (step is FormStep or ApprovalStep or ForEachStep or RecurringStep { Reviewer: null } ? TaskPart.Fill : null);

    // The steps the process has entered at least once.
    private IEnumerable<Step> Reached() => run.Process.Steps.Values.Where(s => run.State.Steps.ContainsKey(s.Id));

    private bool Holds(ReadGrant grant) => grant.When is null || run.HoldsForReading(grant.When);

    // Reading and writing both count as reading here: a view never writes.
    private static Access Either(Access a, Access b) =>
        new([.. a.Read.Concat(a.Write).Union(b.Read.Concat(b.Write), StringComparer.Ordinal)], [], a.ReadsAll || b.ReadsAll);

    private static Access Both(Access a, Access b) => (a.ReadsAll, b.ReadsAll) switch
    {
        (true, true) => new([], [], true),
        (true, false) => b,
        (false, true) => a,
        _ => new([.. a.Read.Intersect(b.Read, StringComparer.Ordinal)], [], false),
    };

    // Whether reading <paramref name="wider"/> reads at least everything <paramref name="narrower"/> reads.
    private static bool Covers(Access wider, Access narrower) =>
        wider.ReadsAll || (!narrower.ReadsAll && narrower.Read.Concat(narrower.Write).All(s => wider.Read.Contains(s, StringComparer.Ordinal)));

    private sealed record Reader(string Id, SubjectRelation Relation, bool RatingHeld = false)
    {
        // The relations of the process's parts this reader's oversight of the subject gives them.
        public IReadOnlySet<string> OverseerRelations { get; } = OverseerRelationsOf(Relation);

        public bool IsSubject(Run run) => run.Instance.SubjectId == Id;

        private static HashSet<string> OverseerRelationsOf(SubjectRelation relation)
        {
            var relations = new HashSet<string>(StringComparer.Ordinal);
            if (relation.HasFlag(SubjectRelation.Manager))
            {
                relations.UnionWith([Assignee.Manager, Assignee.SkipLevel]);
            }

            if (relation.HasFlag(SubjectRelation.DepartmentHead))
            {
                relations.Add(Assignee.DepartmentHead);
            }

            if (relation.HasFlag(SubjectRelation.Hrbp))
            {
                relations.Add(Assignee.Hrbp);
            }

            return relations;
        }
    }
}

/// <summary>
/// One return of a form, from its journal entry: the step it was returned at and the step it went back to, the form,
/// the returner's task, who returned it and what their part read, the people it went back to, why, and when.
/// </summary>
internal sealed record ReturnFacts(string From, string To, string Form, string? TaskId, string ReturnerId, Access ReturnerAccess, IReadOnlySet<string> Revisers, string? Reason, long At);
