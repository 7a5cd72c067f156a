using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>The <c>meeting</c> member of a form or review step (docs/processes.md, "meeting").</summary>
internal sealed partial class ProcessReader
{
    private static readonly string[] MeetingMembers = ["at", "place", "agenda", "duration", "with"];

    // The task with the meeting its step books; null when the meeting is written wrong (the step is then not read).
    private TaskSpec? WithMeeting(JObject step, TaskSpec? task)
    {
        if (step["meeting"] is not { } token)
        {
            return task;
        }

        if (token is not JObject meeting)
        {
            Add("process.wrong-type", token, "meeting 必须是对象：{ \"at\": 字段, \"with\": [处理人…] }", "meeting must be an object: { \"at\": field, \"with\": [assignees…] }");
            return null;
        }

        OnlyKnownMembers(meeting, MeetingMembers);
        var at = String(meeting, "at");
        var place = OptionalString(meeting, "place");
        var agenda = OptionalString(meeting, "agenda");
        var length = meeting["duration"] is null ? Meeting.DefaultLength : DurationOf(meeting, "duration");
        if (meeting["duration"] is not null && length is { } given && (given.IsNegative || given.IsZero))
        {
            Add("process.meeting-duration", meeting["duration"]!, $"会议时长「{(string?)meeting["duration"]}」必须大于零，如 PT1H", $"The meeting's duration \"{(string?)meeting["duration"]}\" must be above zero, e.g. PT1H");
            length = null;
        }

        var with = Assignees(meeting, "with");
        var placeBad = meeting["place"] is not null && place is null;
        var agendaBad = meeting["agenda"] is not null && agenda is null;
        return task is null || at is null || placeBad || agendaBad || length is null || with is null
            ? null
            : task with { Meeting = new Meeting(at, place, agenda, length.Value, with) };
    }
}
