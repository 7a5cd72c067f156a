using FormFlow.Authoring;
using FormFlow.Cycles;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.DryRuns;

/// <summary>
/// What a dry run takes: a published process (<see cref="ProcessKey"/>, <see cref="Version"/> or its newest) or an
/// unpublished <see cref="Definition"/> (a draft's JSON), the people to run it for (as a cycle's launch names them),
/// when it starts, when the cycle would end (for deadlines counted back from it; the horizon's end when not given) and
/// how far to look (an ISO 8601 duration from the start, <c>P1Y</c> when not given).
/// </summary>
public sealed record DryRunRequest
{
    public string? ProcessKey { get; init; }

    public int? Version { get; init; }

    public string? Definition { get; init; }

    public Population? Population { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public string? Horizon { get; init; }

    /// <summary>Who runs it: whom a launch would name as the actor.</summary>
    public string Actor { get; init; } = "system";
}

/// <summary>
/// One thing that would happen to one person's instance, at simulated time <see cref="At"/>: <see cref="Kind"/> is one
/// of <see cref="DryRunEvents"/>; the step, the person it goes to, who is copied, the task's due time; for an
/// escalation its action (<c>copy-superior</c>, <c>reassign-superior</c>, <c>notify-assignee</c>), for a decision the
/// step it goes on to; and a sentence that says it all.
/// </summary>
public sealed record DryRunEvent(
    string Kind,
    DateTimeOffset At,
    string Process,
    string? Step,
    LocalizedText? StepTitle,
    PersonName? To,
    IReadOnlyList<PersonName> Copies,
    DateTimeOffset? DueAt,
    string? Action,
    LocalizedText Text);

/// <summary>The kinds of <see cref="DryRunEvent"/>.</summary>
public static class DryRunEvents
{
    public const string TaskOpened = "task-opened";
    public const string Reminder = "reminder";

    /// <summary>What would go out if the task were still open then (the dry run completes it on its due date).</summary>
    public const string Escalation = "escalation";
    public const string TaskCompleted = "task-completed";
    public const string Decision = "decision";
    public const string Message = "message";
    public const string ProcessStarted = "process-started";
    public const string Completed = "completed";
    public const string Horizon = "horizon";
}

/// <summary>
/// Where a person's process would be stuck, or go astray: <see cref="Code"/> <c>no-assignee</c> (the step's relation
/// names nobody for them; the runtime hands the task to <see cref="Instead"/>), <c>unassignable</c> (nobody at all: the
/// process stops), <c>blocked</c> (a step cannot go on), <c>loop</c>, or <c>waits-forever</c> (nothing left that would
/// move it on); a message naming the people.
/// </summary>
public sealed record DryRunStuck(
    string Code,
    DateTimeOffset At,
    string Process,
    string? Step,
    LocalizedText? StepTitle,
    string? Wanted,
    PersonName? Instead,
    LocalizedText Message);

/// <summary>One person's simulated run: <see cref="Outcome"/> <c>completed</c>, <c>open-at-horizon</c> or <c>stuck</c>; the events in time order.</summary>
public sealed record DryRunPerson(PersonName Person, string Outcome, IReadOnlyList<DryRunEvent> Events, IReadOnlyList<DryRunStuck> Stuck);

/// <summary>
/// What a dry run found: the process run, the simulated window (start, the cycle's end, the horizon's end), each
/// person's run, the named people the organisation does not know, and the assumptions the dry run makes.
/// </summary>
public sealed record DryRunReport(
    string ProcessKey,
    int? Version,
    LocalizedText ProcessTitle,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset Until,
    IReadOnlyList<DryRunPerson> People,
    IReadOnlyList<NotStarted> Unknown,
    IReadOnlyList<LocalizedText> Assumptions);

public enum DryRunStatus
{
    Done = 0,

    /// <summary>The process key (at that version) has no published version.</summary>
    NotFound = 1,

    /// <summary>The request is wrong: the problems name each field.</summary>
    Invalid = 2,

    /// <summary>The draft definition does not read or has lint errors: the findings say where.</summary>
    DefinitionHasErrors = 3,
}

/// <summary>The outcome of a dry run: the report, or why there is none.</summary>
public sealed record DryRunOutcome(DryRunStatus Status, DryRunReport? Report, IReadOnlyList<ValidationProblem> Problems, IReadOnlyList<DefinitionFinding> Findings);
