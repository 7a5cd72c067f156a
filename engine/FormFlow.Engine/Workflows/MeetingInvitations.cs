using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Processes;

namespace FormFlow.Workflows;

/// <summary>
/// Turns the meeting time a step's form holds into invitations (docs/processes.md, "meeting"). Called at the end of
/// every command that writes an instance: whatever step wrote the form — the booking step's submit or approval, a
/// revised round, a later step writing the same form — a time other than the one last sent invites (the first time)
/// or moves the meeting, a cleared time or an instance ending before the meeting cancels it. What was sent is kept in
/// the instance's state, so a repeated or later command sends nothing twice; a time already past sends nothing.
/// </summary>
internal static class MeetingInvitations
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    /// <summary>Sends what the instance's meetings need; <paramref name="ending"/> when the instance is being cancelled.</summary>
    public static async Task ReconcileAsync(Run run, bool ending = false)
    {
        if (run.DryRun is not null)
        {
            return;
        }

        ending |= run.Completed;
        foreach (var step in run.Process.Steps.Values)
        {
            var task = StepTasks.SpecOf(step);
            if (task?.Meeting is not { } meeting)
            {
                continue;
            }

            var form = run.State.Forms.GetValueOrDefault(task.Form);
            var at = ending ? null : TimeOf(form?[meeting.At]);
            var sent = run.State.Meetings?.GetValueOrDefault(step.Id);
            var live = sent is { Cancelled: false } && sent.At > run.NowMs;
            if (at is null)
            {
                if (live)
                {
                    Send(run, step, meeting, form, sent!, NoticeEvent.MeetingCancelled, sent!.At, sent.Attendees);
                }

                continue;
            }

            var start = at.Value.ToUnixTimeMilliseconds();
            if (start <= run.NowMs || (sent is { Cancelled: false } && sent.At == start))
            {
                continue;
            }

            var attendees = new List<string>();
            foreach (var with in meeting.With)
            {
                foreach (var person in await run.People.ResolveAsync(with, run.Instance.SubjectId))
                {
                    if (!attendees.Contains(person.Id))
                    {
                        attendees.Add(person.Id);
                    }
                }
            }

            if (attendees.Count == 0)
            {
                continue;
            }

            var organizer = sent?.Organizer
                ?? (attendees.Contains(run.Actor) ? run.Actor : attendees.FirstOrDefault(p => p != run.Instance.SubjectId) ?? attendees[0]);
            if (sent is null)
            {
                sent = new SentMeeting { Uid = $"{run.Instance.Id}.{step.Id}@formflow", Sequence = 0, Organizer = organizer };
                (run.State.Meetings ??= new(StringComparer.Ordinal))[step.Id] = sent;
                Send(run, step, meeting, form, sent, NoticeEvent.MeetingInvitation, start, attendees);
            }
            else
            {
                // Moved, or booked again after a cancellation: the same event, a higher sequence.
                sent.Sequence++;
                Send(run, step, meeting, form, sent, sent.Cancelled ? NoticeEvent.MeetingInvitation : NoticeEvent.MeetingUpdated, start, attendees);
            }
        }
    }

    private static void Send(Run run, Step step, Meeting meeting, JsonObject? form, SentMeeting sent, string @event, long start, List<string> attendees)
    {
        var cancel = @event == NoticeEvent.MeetingCancelled;
        if (cancel)
        {
            sent.Sequence++;
        }

        var previous = sent.At;
        var payload = new JsonObject
        {
            ["step"] = step.Id,
            ["uid"] = sent.Uid,
            ["sequence"] = sent.Sequence,
            ["method"] = cancel ? Cancel : Request,
            ["start"] = Iso(start),
            ["end"] = Iso(meeting.Length.AddTo(DateTimeOffset.FromUnixTimeMilliseconds(start)).ToUnixTimeMilliseconds()),
            ["previous"] = @event == NoticeEvent.MeetingUpdated ? Iso(previous) : null,
            ["place"] = meeting.Place is { } place ? Text(form?[place]) : null,
            ["agenda"] = meeting.Agenda is { } agenda ? Text(form?[agenda]) : null,
            ["organizer"] = sent.Organizer,
            ["attendees"] = new JsonArray([.. attendees.Select(a => (JsonNode?)JsonValue.Create(a))]),
        };
        foreach (var person in attendees)
        {
            run.Notify(new Notice(@event, person, Notice.Key($"{sent.Uid}:{sent.Sequence}:{person}")) { Step = step.Id, Meeting = (JsonObject)payload.DeepClone() });
        }

        var action = @event switch
        {
            NoticeEvent.MeetingInvitation => "meeting.invited",
            NoticeEvent.MeetingUpdated => "meeting.updated",
            _ => "meeting.cancelled",
        };
        run.Journal(action, step.Id, step.Id, new JsonObject { ["uid"] = sent.Uid, ["sequence"] = sent.Sequence, ["at"] = Iso(start) });
        sent.At = start;
        sent.Cancelled = cancel;
        sent.Attendees = attendees;
    }

    private static DateTimeOffset? TimeOf(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    private static string? Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
