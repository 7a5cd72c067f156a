using System.Text.Json.Nodes;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>A person as answers name them: the id and the name in zh-CN and en.</summary>
public sealed record PersonName(string Id, LocalizedText Name);

/// <summary>A task as its assignee sees it in a list: what, about whom, by when, and its version (for If-Match).</summary>
public sealed record TaskItem(
    string Id,
    string InstanceId,
    string ProcessKey,
    LocalizedText ProcessTitle,
    string Step,
    LocalizedText StepTitle,
    PersonName Subject,
    string? CycleId,
    string Status,
    DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int Version);

/// <summary>Which of a person's tasks to list: by status (open, done), process, cycle, only the overdue; one page.</summary>
public sealed record InboxQuery
{
    public const string Open = "open";
    public const string Done = "done";

    /// <summary><see cref="Open"/>, <see cref="Done"/> (completed by the person), or null for both.</summary>
    public string? Status { get; init; }

    public string? ProcessKey { get; init; }

    public string? CycleId { get; init; }

    public bool OverdueOnly { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;
}

/// <summary>
/// Counts over the person's tasks of the process and cycle asked for (whatever the status, overdue and page filters):
/// all of them, the open ones, the open ones past due, and the open ones due within <see cref="TaskDesk.DueSoon"/>.
/// </summary>
public sealed record InboxCounts(int Total, int Open, int Overdue, int DueSoon);

/// <summary>One page of the inbox, how many tasks match the filters, and the counts.</summary>
public sealed record InboxPage(IReadOnlyList<TaskItem> Items, int Total, InboxCounts Counts);

/// <summary>A section of the form as the task shows it: its fields that the person reads, and whether they write them.</summary>
public sealed record FormSectionView(string Key, LocalizedText Title, IReadOnlyList<string> Fields, bool Writable);

/// <summary>A comment a reviewer made on a field of the form (a JSON Pointer) when returning it.</summary>
public sealed record TaskCommentView(string Id, string Field, PersonName Author, string Body, DateTimeOffset At, bool Resolved);

/// <summary>
/// The subject's previous run of the same process (seed 002: the last cycle's plan and goals), as far as the viewer
/// may read it: per form, only the history fields (<see cref="TaskDesk.HistoryFields"/>) of sections they read.
/// </summary>
public sealed record HistoryContext(string InstanceId, string? CycleId, DateTimeOffset StartedAt, JsonObject Forms);

/// <summary>
/// A return of a form, which ends a round of its loop: the round (the n-th return to the step it went back to), the
/// step it was returned at and the step it went back to, who returned it and when, why (null when the reader may not
/// read the reason, <see cref="InstanceDesk"/>), and the comments of that return on the fields the reader reads.
/// </summary>
public sealed record ReturnRound(int Round, string Step, string BackTo, PersonName ReturnedBy, DateTimeOffset At, string? Reason, IReadOnlyList<TaskCommentView> Comments);

/// <summary>
/// A task opened by its assignee: the template's JSON Schema and uiSchema reduced to the fields this step lets them
/// read (the ones they cannot write marked <c>readOnly</c> / <c>ui:readonly</c>), the data in those fields, the
/// comments on them, what they may do, the history context, and the returns of the form at this step (rounds).
/// </summary>
public sealed record TaskForm(
    TaskItem Task,
    string Kind,
    IReadOnlyList<string> Actions,
    string Template,
    int TemplateVersion,
    JsonObject Schema,
    JsonObject UiSchema,
    IReadOnlyList<FormSectionView> Sections,
    IReadOnlyList<string> Readable,
    IReadOnlyList<string> Writable,
    JsonObject Data,
    IReadOnlyList<TaskCommentView> Comments,
    HistoryContext? History,
    IReadOnlyList<ReturnRound> Returns)
{
    /// <summary>
    /// The template's texts for what the person reads: its <c>title</c> and <c>description</c>, and the <c>fields</c>
    /// entries (label, help, placeholder, option labels in zh-CN and en, by field path) of the readable fields — what a
    /// client needs to label the reduced form.
    /// </summary>
    public JsonObject Texts { get; init; } = [];

    /// <summary>
    /// The list of the form holding the subject's indicators (the template's <c>indicators.field</c>) when this open task
    /// writes it, else null: where the page offers the indicator library's proposals.
    /// </summary>
    public string? IndicatorField { get; init; }
}

/// <summary>How a command on a task ended.</summary>
public enum TaskOutcomeStatus
{
    Done,

    /// <summary>No such task, or not the caller's.</summary>
    NotFound,

    /// <summary>The data writes fields the step does not let the caller write (each named); nothing was saved.</summary>
    Forbidden,

    /// <summary>The data breaks the template's rules (each problem per field); nothing was saved.</summary>
    Invalid,

    /// <summary>The task is closed, or the action does not fit it (approving a form to fill).</summary>
    NotApplicable,

    /// <summary>The process cannot go on (its definition or data); nothing was saved; the problem says why.</summary>
    Blocked,

    /// <summary>The caller's version of the task (If-Match) is not the current one.</summary>
    Stale,

    /// <summary>Another command changed the task or its instance at the same moment; nothing was saved.</summary>
    Conflict,
}

/// <summary>The outcome of a command: the task as it now stands, or why not, with the problems per field.</summary>
public sealed record TaskOutcome(TaskOutcomeStatus Status, IReadOnlyList<ValidationProblem> Problems, TaskItem? Task = null);

/// <summary>A field comment given when returning a form: the field (JSON Pointer) and the text.</summary>
public sealed record ReturnComment(string Field, string Body);

/// <summary>A step of an instance that waits for people, with who holds its open tasks (nobody named for an anonymous step).</summary>
public sealed record OpenTaskView(string Step, LocalizedText StepTitle, PersonName? Assignee, DateTimeOffset? DueAt, bool Overdue);

/// <summary>
/// An instance as one person may see it: status, subject, the steps it waits at and who holds them, how the person
/// stands to it (<see cref="InstanceDesk"/>), the forms in the sections they may read and the answers they may see.
/// </summary>
public sealed record InstanceDetails(
    string Id,
    string ProcessKey,
    LocalizedText ProcessTitle,
    int ProcessVersion,
    string? CycleId,
    PersonName Subject,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Relations,
    IReadOnlyList<OpenTaskView> OpenTasks,
    JsonObject Forms,
    JsonObject Answers);

/// <summary>
/// One entry of an instance's timeline: when, who (null for the system or an anonymous answer), what, from which step
/// to which, and for a return (<c>task.returned</c>) the round it ended.
/// </summary>
public sealed record TimelineItem(DateTimeOffset At, string ActorKind, PersonName? Actor, string Action, string? From, string? To, ReturnRound? Return = null);

/// <summary>
/// An instance in a list: its subject, its cycle (with the cycle's name), and the steps it waits at with who holds them
/// and when they are due, as the viewer may see them (nobody named at an anonymous step).
/// </summary>
public sealed record InstanceListItem(string Id, string ProcessKey, LocalizedText ProcessTitle, string? CycleId, string Status, DateTimeOffset StartedAt, IReadOnlyList<string> Active)
{
    public required PersonName Subject { get; init; }

    public string? CycleName { get; init; }

    public required IReadOnlyList<OpenTaskView> OpenTasks { get; init; }
}

/// <summary>One page of instances and how many there are.</summary>
public sealed record InstancePage(IReadOnlyList<InstanceListItem> Items, int Total);
