using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Expressions;
using FormFlow.Text;

namespace FormFlow.Processes;

/// <summary>
/// A process as published: immutable. Instances run on the version they started with, so nothing here may change
/// once an instance refers to it. <see cref="Forms"/> names the form documents an instance keeps (e.g. "record" is
/// an interview-record), each pinned to a template version at publish time.
/// </summary>
internal sealed record ProcessDefinition(
    string Key,
    LocalizedText Title,
    IReadOnlyDictionary<string, FormReference> Forms,
    string Start,
    IReadOnlyDictionary<string, Step> Steps)
{
    /// <summary>
    /// The notification templates this process uses instead of the organisation's for some events (event → template
    /// key), e.g. a gentler reminder for the feedback log.
    /// </summary>
    public IReadOnlyDictionary<string, string> Notifications { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The department that owns the process (<c>ownerDepartment</c>): its heads and HRBPs author and launch it
    /// (<see cref="Authoring.ProcessRights"/>). Null for a process of the whole organisation, which HRBPs and admins author.
    /// </summary>
    public string? OwnerDepartment { get; init; }

    /// <summary>
    /// Who may start one instance on demand, and for whom (<c>startableBy</c>, <see cref="Starters"/>): relations such as
    /// <c>manager</c> (for a direct report). Empty: only a cycle's launch starts it.
    /// </summary>
    public IReadOnlyList<string> StartableBy { get; init; } = [];

    /// <summary>
    /// Whether a condition of a step reads more of the subject than their id (<see cref="StepTasks.ReadSubjectFacts"/>),
    /// found when the process is read: every command, reminder and listed instance asked it, walking every condition.
    /// </summary>
    public bool ReadsSubjectFacts { get; init; }

    /// <summary>The events a process may choose its own notification template for.</summary>
    public static readonly IReadOnlyList<string> NotificationEvents =
    [
        "task.assigned", "task.reminder", "task.overdue", "task.overdue-copy", "task.reassigned", "task.returned",
        "task.approved", "task.confirmed", "process.message", "cycle.launched", "cycle.closing-soon", "plan.date-reminder",
        "plan.action-overdue", "plan.off-track",
        "interview.invitation", "interview.updated", "interview.cancelled", "recognition.announced",
    ];
}

/// <summary>A template a process fills: its key and, once published, the version pinned (null in a draft: the newest).</summary>
internal sealed record FormReference(string Template, int? Version)
{
    public override string ToString() => Version is { } v ? $"{Template}@{v}" : Template;
}

/// <summary>
/// Who acts, named by relationship to the instance's subject: subject, manager, skip-level, department-head,
/// hrbp; or role:NAME with one of FormFlow's roles (admin, hrbp, manager, employee); or person:ID, one named
/// person of the organisation whoever the subject is (the committee's secretary, the payroll officer).
/// </summary>
internal sealed record Assignee(string Relation, string? Role = null, string? PersonId = null)
{
    public const string Subject = "subject";
    public const string Manager = "manager";
    public const string SkipLevel = "skip-level";
    public const string DepartmentHead = "department-head";
    public const string Hrbp = "hrbp";
    public const string RolePrefix = "role:";
    public const string Person = "person";
    public const string PersonPrefix = "person:";

    public static readonly IReadOnlyList<string> Relations = [Subject, Manager, SkipLevel, DepartmentHead, Hrbp];

    /// <summary>The relations a step may show its form to besides the parts it gives (<c>visibleTo</c>): those who oversee the subject.</summary>
    public static readonly IReadOnlyList<string> Overseers = [Manager, SkipLevel, DepartmentHead, Hrbp];

    public static Assignee? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.StartsWith(RolePrefix, StringComparison.Ordinal) && Organisation.Role.IsKnown(text[RolePrefix.Length..]))
        {
            return new Assignee("role", text[RolePrefix.Length..]);
        }

        // An employee id as the organisation's file writes it: any text without white space (whether such a person
        // exists is lint's question, asked of the organisation when there is one).
        if (text.StartsWith(PersonPrefix, StringComparison.Ordinal) && text.Length > PersonPrefix.Length && !text.Skip(PersonPrefix.Length).Any(char.IsWhiteSpace))
        {
            return new Assignee(Person, PersonId: text[PersonPrefix.Length..]);
        }

        return Relations.Contains(text, StringComparer.Ordinal) ? new Assignee(text) : null;
    }

    /// <summary>The relation as people read it: 直属上级 / manager, 隔级上级 / skip-level manager, … (launch findings, lint, the dry run).</summary>
    public LocalizedText Name => Relation switch
    {
        Manager => new("直属上级", "manager"),
        SkipLevel => new("隔级上级", "skip-level manager"),
        DepartmentHead => new("部门负责人", "department head"),
        Hrbp => new("HRBP", "HRBP"),
        Subject => new("本人", "subject"),
        Person => new($"指定人员 {PersonId}", $"named person {PersonId}"),
        _ => new($"角色为 {Role} 的人", $"person with the role {Role}"),
    };

    public override string ToString() => Role is not null ? RolePrefix + Role : PersonId is not null ? PersonPrefix + PersonId : Relation;
}

/// <summary>Which sections of the step's form a person reads and writes; writing a section implies reading it.</summary>
internal sealed record Access(IReadOnlyList<string> Read, IReadOnlyList<string> Write, bool ReadsAll)
{
    public static readonly Access None = new([], [], false);
}

/// <summary>
/// When a task is due: <c>after</c> a duration from the step's start, or from the cycle's start; <c>before</c> the
/// cycle's end; or <c>at</c> a fixed time.
/// </summary>
internal sealed record Deadline(DeadlineAnchor Anchor, Duration Offset, DateTimeOffset? At = null);

internal enum DeadlineAnchor
{
    StepStart,
    CycleStart,
    CycleEnd,
    Fixed,
}

/// <summary>A reminder <c>before</c> the due time, or <c>after</c> the step's start.</summary>
internal sealed record Reminder(Duration Offset, bool BeforeDue);

internal enum EscalationAction
{
    /// <summary>Tell the assignee the task is overdue and copy their superior.</summary>
    CopySuperior,

    /// <summary>Hand the task to the assignee's superior, telling both.</summary>
    ReassignSuperior,
}

internal sealed record Escalation(Duration After, EscalationAction Action);

/// <summary>What a human step gives the person: the form, what they may read and write, when it is due, reminders, escalation.</summary>
internal sealed record TaskSpec(string Form, Access Access, Deadline? Due, IReadOnlyList<Reminder> Reminders, Escalation? Escalation)
{
    /// <summary>
    /// Sections of the step's form the subject reads although the step gives them no task — while <see cref="ReadGrant.When"/>
    /// holds: a feedback-log entry the manager chose to share. Null when the step shows the subject nothing of its own.
    /// </summary>
    public ReadGrant? VisibleToSubject { get; init; }

    /// <summary>
    /// Sections of the step's form shown to the people overseeing the subject, by their relation (<c>manager</c>,
    /// <c>skip-level</c>, <c>department-head</c>, <c>hrbp</c>; see <see cref="Workflows.Visibility"/>): the self-review the
    /// manager reads before the interview. Empty when the step shows them nothing beyond the parts it gives them.
    /// </summary>
    public IReadOnlyDictionary<string, ReadGrant> VisibleTo { get; init; } = new Dictionary<string, ReadGrant>(StringComparer.Ordinal);

    /// <summary>The meeting a form or review step books from its form's fields (<c>meeting</c>); null when it books none.</summary>
    public Meeting? Meeting { get; init; }
    /// <summary>
    /// Reminders of the dates people write into the step's form (<c>dateReminders</c>): an improvement plan's goal
    /// deadlines. Re-planned on every write of the form once the step has written it (<see cref="Workflows.DateReminders"/>).
    /// </summary>
    public IReadOnlyList<DateReminder> DateReminders { get; init; } = [];

    /// <summary>
    /// Alerts raised when a task of the step hands in an item in a state someone must hear about at once (<c>alerts</c>):
    /// a check-in's goal marked off track tells the manager (<see cref="Workflows.PlanAlerts"/>).
    /// </summary>
    public IReadOnlyList<ItemAlert> Alerts { get; init; } = [];
}

/// <summary>
/// A reminder of each date a form field holds (<c>{ "field": "result_goals[].deadline", "before": "P3D", "to": [...] }</c>):
/// <see cref="Before"/> the date's 09:00 in China Standard Time (a date-time: before that moment), to each of
/// <see cref="To"/>. <see cref="Field"/> is a field path as a template's <c>fields</c> keys write it; <see cref="Text"/>
/// optionally names the field of the same item whose text the notice shows (the goal itself).
/// </summary>
internal sealed record DateReminder(FieldPath Field, Duration Before, IReadOnlyList<Assignee> To, FieldPath? Text)
{
    /// <summary>
    /// Set instead of <see cref="Before"/> (<c>"after": "P1D"</c>): the date is past and the item was not marked done in a
    /// check-in since, so the notice is an overdue alert (<c>plan.action-overdue</c>) rather than a reminder.
    /// </summary>
    public Duration? After { get; init; }

    /// <summary>The plan's support actions an overdue alert lists beside the item (<c>"support": "pip.manager_support[].commitment"</c>).</summary>
    public FormField? Support { get; init; }
}

/// <summary>
/// An alert on an item handed in (<c>{ "field": "goals[].status", "is": ["off-track"], "text": "goals[].goal", "to": ["manager"] }</c>):
/// when a task of the step hands in items whose <see cref="Field"/> holds one of <see cref="Is"/>, each of <see cref="To"/>
/// (but the person who handed it in) gets one <c>plan.off-track</c> notice listing the items' <see cref="Text"/> and the
/// plan's <see cref="Support"/> actions.
/// </summary>
internal sealed record ItemAlert(FieldPath Field, IReadOnlyList<string> Is, FieldPath? Text, IReadOnlyList<Assignee> To, FormField? Support);

/// <summary>A field of one of the process's forms, written <c>form.path</c>: <c>pip.manager_support[].commitment</c>.</summary>
internal sealed record FormField(string Form, FieldPath Path)
{
    public override string ToString() => $"{Form}.{Path}";
}

/// <summary>
/// A field path as a template's <c>fields</c> keys write it: <c>deadline</c>, <c>result_goals[].deadline</c>,
/// <c>development_goals[].actions[].deadline</c>. Each segment is a member name, <c>[]</c> after it when the member is a
/// list whose items the rest of the path reads into.
/// </summary>
internal sealed record FieldPath(string Text, IReadOnlyList<(string Name, bool Each)> Segments)
{
    public static FieldPath? Parse(string? text)
    {
        if (text is null || text.Length > 300)
        {
            return null;
        }

        var segments = new List<(string, bool)>();
        foreach (var part in text.Split('.'))
        {
            var each = part.EndsWith("[]", StringComparison.Ordinal);
            var name = each ? part[..^2] : part;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return null;
            }

            segments.Add((name, each));
        }

        // The path ends at a value, not at a list: "goals[]" names no date.
        return segments[^1].Item2 ? null : new FieldPath(text, segments);
    }

    /// <summary>The top-level field the path starts at: the one a section holds.</summary>
    public string TopLevel => Segments[0].Name;

    /// <summary>The path up to and including its last <c>[]</c>: the item a value belongs to (empty outside lists).</summary>
    public string Item => Text.LastIndexOf("[]", StringComparison.Ordinal) is var at and >= 0 ? Text[..(at + 2)] : string.Empty;

    /// <summary>
    /// Every value the path reaches in <paramref name="form"/>, with its JSON Pointer (<c>/result_goals/1/deadline</c>)
    /// and the index of each list item on the way: one per item of each list, in order.
    /// </summary>
    public IEnumerable<(string Pointer, IReadOnlyList<int> Items, JsonNode? Value)> Values(JsonObject form)
    {
        IEnumerable<(string, IReadOnlyList<int>, JsonNode?)> reached = [(string.Empty, [], form)];
        foreach (var (name, each) in Segments)
        {
            reached = reached.SelectMany(r => Into(r.Item1, r.Item2, r.Item3, name, each));
        }

        return reached;

        static IEnumerable<(string, IReadOnlyList<int>, JsonNode?)> Into(string pointer, IReadOnlyList<int> items, JsonNode? node, string name, bool each)
        {
            if (node is not JsonObject owner || !owner.TryGetPropertyValue(name, out var value))
            {
                return [];
            }

            var at = pointer + "/" + name;
            return !each
                ? [(at, items, value)]
                : value is JsonArray list
                    ? list.Select((item, i) => (at + "/" + i.ToString(CultureInfo.InvariantCulture), (IReadOnlyList<int>)[.. items, i], item))
                    : [];
        }
    }

    /// <summary>The value this path reaches in the list items <paramref name="items"/> (the goal's text beside its deadline); null when none.</summary>
    public JsonNode? ValueAt(JsonObject form, IReadOnlyList<int> items)
    {
        JsonNode? node = form;
        var n = 0;
        foreach (var (name, each) in Segments)
        {
            node = node is JsonObject owner ? owner[name] : null;
            if (each)
            {
                node = node is JsonArray list && n < items.Count && items[n] < list.Count ? list[items[n]] : null;
                n++;
            }
        }

        return node;
    }

    public override string ToString() => Text;
}

/// <summary>
/// A recurring step's period read from a form field when the step is entered
/// (<c>{ "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M", "biweekly": "P14D" }, "default": "P1M" }</c>):
/// the field's value chooses the period; an empty field takes <see cref="Default"/>.
/// </summary>
internal sealed record PeriodFromField(string Form, string Field, IReadOnlyDictionary<string, Duration> Map, Duration? Default);

/// <summary>
/// What a step lets someone read of its form without a task of theirs (<c>visibleToSubject</c>, <c>visibleTo</c>): the
/// sections, and the condition over the forms as written (null: always) under which they do. Read-only: nobody writes
/// anything through it.
/// </summary>
internal sealed record ReadGrant(Access Access, FormExpression? When);

internal enum ApprovalMode
{
    One,
    All,
    Any,
    Sequence,
}

internal sealed record Party(Assignee Assignee, Access Access);

internal sealed record Branch(FormExpression When, string Next);

/// <summary>How many of a for-each step's tasks complete it: all, any one, or a count.</summary>
internal sealed record Quorum(int? Count, bool All)
{
    public static readonly Quorum Every = new(null, true);

    public int Needed(int total) => All ? total : Math.Min(Count ?? 1, total);
}

internal abstract record Step(string Id, LocalizedText? Title)
{
    /// <summary>The steps this one can move to.</summary>
    public abstract IEnumerable<string> Successors { get; }
}

internal sealed record FormStep(string Id, LocalizedText? Title, Assignee Assignee, TaskSpec Task, string Next) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next];
}

internal sealed record ApprovalStep(string Id, LocalizedText? Title, IReadOnlyList<Assignee> Approvers, ApprovalMode Mode, TaskSpec Task, string Next, string ReturnTo) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next, ReturnTo];
}

/// <summary>The author fills, the reviewer comments on fields and returns or accepts; repeated until accepted.</summary>
internal sealed record ReviewStep(string Id, LocalizedText? Title, Assignee Author, Assignee Reviewer, TaskSpec Task, Access ReviewerAccess, string Next) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next];
}

internal sealed record ConfirmationStep(string Id, LocalizedText? Title, IReadOnlyList<Party> Parties, TaskSpec Task, string Next, string? ReturnTo) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => ReturnTo is null ? [Next] : [Next, ReturnTo];
}

internal sealed record DecisionStep(string Id, LocalizedText? Title, IReadOnlyList<Branch> Branches, string Otherwise) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [.. Branches.Select(b => b.Next), Otherwise];
}

internal sealed record ParallelStep(string Id, LocalizedText? Title, IReadOnlyList<string> Branches, string Join) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => Branches;
}

/// <summary>
/// Where the branches of a parallel meet. <see cref="First"/> (<c>"awaits": "first"</c>): it moves on when the first
/// branch arrives and leaves the others — the weekly checkpoints beside the quarter's wait stop when the quarter ends.
/// </summary>
internal sealed record JoinStep(string Id, LocalizedText? Title, string Next, bool First = false) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next];
}

/// <summary>One task per person of a list read at run time; anonymous answers are shown to the subject without names.</summary>
internal sealed record ForEachStep(string Id, LocalizedText? Title, FormExpression People, Quorum Quorum, bool Anonymous, TaskSpec Task, string Next) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next];
}

internal sealed record WaitStep(string Id, LocalizedText? Title, Duration? For, DateTimeOffset? Until, string Next) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next];
}

/// <summary>A form task that recurs: <see cref="Count"/> occurrences, <see cref="Every"/> apart, the first after one period.</summary>
internal sealed record RecurringStep(string Id, LocalizedText? Title, Assignee Assignee, Duration Every, int Count, TaskSpec Task, string Next) : Step(Id, Title)
{
    /// <summary>When set, the period comes from a form field read at the step's entry, and <see cref="Every"/> is unused.</summary>
    public PeriodFromField? EveryFrom { get; init; }

    /// <summary>
    /// When set (<c>startOn</c>), the first occurrence opens on the next such day at 09:00 China Standard Time after the
    /// step's entry, not one period after it; the period is then whole weeks, so every occurrence falls on that day.
    /// </summary>
    public DayOfWeek? StartOn { get; init; }

    /// <summary>
    /// Who follows up each occurrence once it is handed in (<c>reviewer</c>): the manager reads the employee's progress and
    /// writes their feedback into the same occurrence's answer. Null: the occurrences are the assignee's alone.
    /// </summary>
    public Assignee? Reviewer { get; init; }

    /// <summary>What the reviewer reads (<c>reviewerRead</c>, every section by default) and writes (<c>reviewerWrite</c>).</summary>
    public Access ReviewerAccess { get; init; } = Access.None;

    public override IEnumerable<string> Successors => [Next];
}

internal sealed record NotifyStep(string Id, LocalizedText? Title, LocalizedText Message, IReadOnlyList<Assignee> To, string Next) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [Next];
}

/// <summary>
/// Posts the subject's rating to their team's channels (the webhooks of the subject's department that want
/// <c>recognition.announced</c>), never by mail, and only when the subject's consent field is true: without it the
/// step journals why and moves on. What it posts names the person, the rating and the cycle — nothing else of the form.
/// </summary>
internal sealed record AnnounceStep(string Id, LocalizedText? Title, FormFieldName Rating, FormFieldName Consent, string Next) : Step(Id, Title)
{
    /// <summary>What the step is for, shown to designers (the annual review's says how to remove it).</summary>
    public LocalizedText? Description { get; init; }

    /// <summary>How the rating's values read in the announcement (<c>"5"</c> → 远超预期); a value without a label is shown as it is.</summary>
    public IReadOnlyDictionary<string, LocalizedText> Labels { get; init; } = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);

    public override IEnumerable<string> Successors => [Next];
}

/// <summary>A top-level field of one of the process's forms, written <c>form.field</c> (<c>record.overall_rating</c>).</summary>
internal sealed record FormFieldName(string Form, string Field)
{
    public override string ToString() => $"{Form}.{Field}";
}

internal sealed record StartProcessStep(string Id, LocalizedText? Title, string Process, string Next) : Step(Id, Title)
{
    /// <summary>What the step copies of this instance's forms into the one it starts (<c>carry</c>), in order; empty: nothing.</summary>
    public IReadOnlyList<Carry> Carry { get; init; } = [];

    public override IEnumerable<string> Successors => [Next];
}

internal sealed record EndStep(string Id, LocalizedText? Title) : Step(Id, Title)
{
    public override IEnumerable<string> Successors => [];
}
