using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>
/// A timer of an instance that will still act when it falls due: <see cref="Kind"/> <c>reminder</c>,
/// <c>escalation</c> (with its <see cref="Action"/>), <c>wait</c>, <c>check-in</c> or <c>date-reminder</c> (a date written in a form); the step; when; and for whom —
/// the person holding the task (the next check-in's person), nobody at an anonymous step or for a wait.
/// </summary>
public sealed record PendingTimer(string Kind, string? Action, string Step, LocalizedText StepTitle, DateTimeOffset DueAt, PersonName? For);

/// <summary>
/// A notice an instance sent, or is about to send, to one person: the event, whether they were copied on it (the
/// superior's copy of an overdue task), the step, its status (<c>pending</c>, <c>retrying</c>, <c>held</c> for the
/// daily digest, <c>sent</c>, <c>dead</c>), the channels it went out on, when it was queued and sent.
/// </summary>
public sealed record SentNotice(string Id, string Event, bool Copy, string? Step, LocalizedText? StepTitle, string Status, IReadOnlyList<string> Channels, DateTimeOffset QueuedAt, DateTimeOffset? SentAt);

/// <summary>What an instance's schedule holds for one viewer: its pending timers, and the notices it sent to them.</summary>
public sealed record InstanceSchedule(string InstanceId, IReadOnlyList<PendingTimer> Pending, IReadOnlyList<SentNotice> Notices);

/// <summary>
/// The schedule of an instance as a viewer who may see the instance sees it (<see cref="InstanceDesk.ScheduleAsync"/>):
/// every timer that would still act, as the instance's open tasks are shown to them (nobody named at an anonymous
/// step); of the notices, only those addressed to the viewer or copying them — never another person's.
/// </summary>
internal static class ScheduleView
{
    public const string Reminder = "reminder";
    public const string Escalation = "escalation";
    public const string Wait = "wait";
    public const string CheckIn = "check-in";
    public const string DateReminder = "date-reminder";

    public static async Task<InstanceSchedule> ForAsync(UnitOfWork work, Run run, Visibility sight)
    {
        var viewerId = sight.PersonId;
        var names = new Names(work);
        var pending = new List<PendingTimer>();
        if (run.Instance.Status == InstanceStatus.Running)
        {
            foreach (var timer in await TimerStore.UnfiredForAsync(work, run.Instance.Id))
            {
                if (TimerEffects.Target(run, timer) is not var (step, task))
                {
                    continue;
                }

                var anonymous = !sight.NamesPeopleAt(step.Id);
                var (kind, action, person) = timer.Kind switch
                {
                    TimerKind.Reminder => (Reminder, null, task!.AssigneeId),
                    TimerKind.Escalation => (Escalation, anonymous ? "notify-assignee" : ActionOf(StepTasks.SpecOf(step)!.Escalation!), task!.AssigneeId),
                    TimerKind.Recurrence => (CheckIn, null, await CheckInPersonAsync(run, (RecurringStep)step)),
                    // A date reminder goes to the several people its rule names: none is named.
                    TimerKind.DateReminder => (DateReminder, null, null),
                    _ => (Wait, (string?)null, (string?)null),
                };
                var name = anonymous || person is null ? null : await names.OfAsync(person);
                pending.Add(new PendingTimer(kind, action, step.Id, TaskDesk.StepTitle(run.Process, step.Id), DateTimeOffset.FromUnixTimeMilliseconds(timer.DueAt), name));
            }
        }

        var notices = new List<SentNotice>();
        foreach (var message in await OutboxStore.ForInstanceAsync(work, run.Instance.Id))
        {
            var payload = JsonNode.Parse(message.Payload) as JsonObject ?? [];
            var copied = (payload["cc"] as JsonArray ?? []).Any(c => (string?)c == viewerId);
            if (message.Recipient != viewerId && !copied)
            {
                continue;
            }

            var copy = message.Recipient != viewerId;
            var status = OutboxStatus.Shown(message);
            // A message held for its recipient's digest has mailed its copies already.
            status = copy && status == OutboxStatus.Held ? OutboxStatus.Sent : status;
            var stepId = (string?)payload["step"];
            notices.Add(new SentNotice(
                message.Id,
                (string?)payload["event"] ?? string.Empty,
                copy,
                stepId,
                stepId is null ? null : TaskDesk.StepTitle(run.Process, stepId),
                status,
                message.Channels,
                DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt),
                TaskDesk.At(message.SentAt)));
        }

        return new InstanceSchedule(run.Instance.Id, pending, notices);
    }

    private static string ActionOf(Escalation escalation) =>
        escalation.Action == EscalationAction.ReassignSuperior ? "reassign-superior" : "copy-superior";

    // Who the next check-in goes to, as the step names them now; nobody when the organisation names nobody (the
    // runtime then falls back to the HRBP when it opens the check-in).
    private static async Task<string?> CheckInPersonAsync(Run run, RecurringStep recurring)
    {
        var people = await run.People.ResolveAsync(recurring.Assignee, run.Instance.SubjectId);
        return people.Count > 0 ? people[0].Id : null;
    }
}
