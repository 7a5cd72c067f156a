using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>
/// A step's meeting as it is planned now, for a person who reads its time: when (null once cancelled), where, whether
/// it was moved since the first invitation, who booked it, and whether this person may still move or cancel it.
/// </summary>
public sealed record PlannedMeeting(
    string Step,
    LocalizedText? StepTitle,
    DateTimeOffset? At,
    string? Place,
    bool Moved,
    bool Cancelled,
    string? Organizer,
    bool CanChange);

public enum MeetingChangeStatus
{
    Done,

    /// <summary>No such instance for this person, or no meeting at that step: answered alike.</summary>
    NotFound,

    /// <summary>They see the instance but did not book the meeting.</summary>
    Forbidden,

    /// <summary>The new time or place is wrong; nothing was saved.</summary>
    Invalid,

    /// <summary>The instance no longer runs, or the meeting is behind us or already cancelled.</summary>
    NotApplicable,

    /// <summary>The instance changed since the caller read it (or at the same moment); nothing was saved.</summary>
    Stale,
}

/// <summary>The outcome of moving or cancelling a meeting: the meeting as now planned, or why not.</summary>
public sealed record MeetingChange(MeetingChangeStatus Status, IReadOnlyList<ValidationProblem> Problems, PlannedMeeting? Meeting = null)
{
    internal static readonly MeetingChange NotFound = new(MeetingChangeStatus.NotFound, []);

    internal static MeetingChange Refused(MeetingChangeStatus status, string pointer, string code, string zh, string en) =>
        new(status, [new ValidationProblem(pointer, code, new LocalizedText(zh, en))]);
}

/// <summary>
/// Reads a step's meeting from its form and knows who booked it: the assignee of the step's task that handed the form
/// in (the filler of a form step, the author of a review). Only they may move or cancel it afterwards
/// (<see cref="ProcessRuntime.RescheduleMeetingAsync"/>), and only while it lies ahead.
/// </summary>
internal static class MeetingPlans
{
    /// <summary>The longest place a person may type.</summary>
    public const int MaxPlace = 200;

    /// <summary>Who booked the meeting of <paramref name="step"/>: the assignee of the last of its writing tasks handed in; null before.</summary>
    public static string? Booker(Run run, Step step)
    {
        var parts = run.State.Steps.GetValueOrDefault(step.Id)?.Tasks;
        return run.Tasks
            .Where(t => t.Step == step.Id && t.Status is TaskStatuses.Submitted or TaskStatuses.Approved or TaskStatuses.Confirmed
                && parts?.GetValueOrDefault(t.Id) is TaskPart.Fill or TaskPart.Author)
            .OrderByDescending(t => t.CompletedAt ?? 0)
            .FirstOrDefault()?.AssigneeId;
    }

    /// <summary>The time the form holds for the meeting; null when none (never booked, or cancelled).</summary>
    public static DateTimeOffset? TimeOf(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    /// <summary>A time as the form keeps it: local time with its offset, to the second.</summary>
    public static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Whether the meeting of <paramref name="step"/> lies ahead, booked and not cancelled, in a running instance.</summary>
    public static bool Ahead(Run run, Step step, Meeting meeting, string form) =>
        run.Instance.Status == InstanceStatus.Running
        && TimeOf(run.State.Forms.GetValueOrDefault(form)?[meeting.At]) is { } at
        && at.ToUnixTimeMilliseconds() > run.NowMs
        && run.State.Meetings?.GetValueOrDefault(step.Id) is { Cancelled: false };

    /// <summary>The meeting of <paramref name="step"/> as planned now, seen by <paramref name="personId"/>; null when it was never booked.</summary>
    public static PlannedMeeting? View(Run run, Step step, string personId)
    {
        if (StepTasks.SpecOf(step) is not { Meeting: { } meeting } spec)
        {
            return null;
        }

        var sent = run.State.Meetings?.GetValueOrDefault(step.Id);
        var form = run.State.Forms.GetValueOrDefault(spec.Form);
        var at = TimeOf(form?[meeting.At]);
        if (sent is null && at is null)
        {
            return null;
        }

        var place = meeting.Place is { } field && form?[field] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        var booker = Booker(run, step);
        return new PlannedMeeting(
            step.Id,
            step.Title,
            at,
            place,
            Moved: sent is { Sequence: > 0, Cancelled: false },
            Cancelled: at is null && sent is not null,
            booker ?? sent?.Organizer,
            CanChange: booker == personId && Ahead(run, step, meeting, spec.Form));
    }
}
