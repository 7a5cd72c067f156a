using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>The events the runtime tells people about; each becomes an outbox message rendered and sent later.</summary>
internal static class NoticeEvent
{
    public const string Assigned = "task.assigned";
    public const string Reminder = "task.reminder";
    public const string Overdue = "task.overdue";
    public const string Reassigned = "task.reassigned";
    public const string Returned = "task.returned";
    public const string Approved = "task.approved";
    public const string Confirmed = "task.confirmed";
    public const string Message = "process.message";
    public const string CycleLaunched = "cycle.launched";
    public const string CycleClosingSoon = "cycle.closing-soon";
    public const string MeetingInvitation = "interview.invitation";
    public const string MeetingUpdated = "interview.updated";
    public const string MeetingCancelled = "interview.cancelled";
    public const string DateReminder = "plan.date-reminder";
    public const string ActionOverdue = "plan.action-overdue";
    public const string OffTrack = "plan.off-track";
    public const string RecognitionAnnounced = "recognition.announced";
    public const string KpiThresholdWarning = "kpi.threshold-warning";
}

/// <summary>Who an outbox message is for: a person (mail, and the webhooks that want it), or their team's channels only.</summary>
internal static class NoticeAudience
{
    /// <summary>The outbox channel of a message for a department's team channels until it is delivered (never mail).</summary>
    public const string Team = "team";
}

/// <summary>
/// One notification as the outbox keeps it: the event, the recipient, who is copied, and the ids the renderer
/// needs to build its model (task, instance, subject, step). The idempotency key makes a repeated command or a
/// re-fired timer queue it once.
/// </summary>
internal sealed record Notice(string Event, string Recipient, string IdempotencyKey)
{
    /// <summary>A key of at most 64 characters (what every dialect's column holds): long keys are hashed.</summary>
    public static string Key(string natural) =>
        natural.Length <= 64 ? natural : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(natural)));

    public IReadOnlyList<string> Cc { get; init; } = [];

    public string? TaskId { get; init; }

    public string? Step { get; init; }

    public long? DueAt { get; init; }

    /// <summary>A <c>notify</c> step's message; the recipient reads the text of their language.</summary>
    public LocalizedText? Message { get; init; }

    public string? Reason { get; init; }

    /// <summary>
    /// For a return or an approval: the step where it was decided and the task of the person who decided it (whose
    /// comments a return carries); <see cref="Step"/> is then the step of the recipient's own work.
    /// </summary>
    public string? DecisionStep { get; init; }

    public string? DecisionTask { get; init; }

    /// <summary>A meeting's invitation, update or cancellation: the event as sent (see <see cref="MeetingInvitations"/>).</summary>
    public JsonObject? Meeting { get; init; }
    /// <summary>A date reminder: the JSON Pointer of the date in the step's form (<c>/result_goals/1/deadline</c>).</summary>
    public string? Field { get; init; }

    /// <summary>A date reminder: the date as the form writes it (<c>2027-03-15</c>).</summary>
    public string? Date { get; init; }

    /// <summary>A date reminder: the text of the item the date belongs to (the goal), when the rule names one.</summary>
    public string? Item { get; init; }

    /// <summary>
    /// An announcement: the department whose team channels it is posted to (the subject's), and nobody mailed; null
    /// for a notice to a person.
    /// </summary>
    public string? TeamOf { get; init; }

    /// <summary>An announcement: the rating as the form holds it when the step posted it (its label is looked up when rendered).</summary>
    public JsonNode? Rating { get; init; }

    /// <summary>An off-track alert: the texts of the items handed in off track.</summary>
    public IReadOnlyList<string>? Items { get; init; }

    /// <summary>An alert (off track or overdue): the plan's support actions, and the field they were read from (<c>pip.manager_support[].commitment</c>).</summary>
    public IReadOnlyList<string>? Support { get; init; }

    public string? SupportField { get; init; }

    /// <summary>A threshold warning: the indicator (id, name, unit, direction, threshold) and the values of the periods that made the breach.</summary>
    public JsonObject? Kpi { get; init; }

    public OutboxMessage ToOutbox(InstanceRow instance, string id, long now) =>
        ToOutbox(instance.ProcessKey, instance.ProcessVersion, instance.Id, instance.CycleId, instance.SubjectId, id, now);

    public OutboxMessage ToOutbox(string processKey, int processVersion, string instanceId, string? cycleId, string subjectId, string id, long now)
    {
        var payload = new JsonObject
        {
            ["event"] = Event,
            ["recipient"] = Recipient,
            ["cc"] = new JsonArray([.. Cc.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["process"] = processKey,
            ["processVersion"] = processVersion,
            ["instanceId"] = instanceId,
            ["cycleId"] = cycleId,
            ["subjectId"] = subjectId,
            ["step"] = Step,
            ["taskId"] = TaskId,
            ["dueAt"] = DueAt is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due).ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null,
            ["message"] = Message is null ? null : new JsonObject { ["zh-CN"] = Message.ZhCn, ["en"] = Message.En },
            ["reason"] = Reason,
            ["decisionStep"] = DecisionStep,
            ["decisionTask"] = DecisionTask,
        };
        if (Meeting is not null)
        {
            payload["meeting"] = Meeting.DeepClone();
        }

        if (Field is not null)
        {
            // Only a date reminder carries these: other events' payloads stay as they were.
            payload["field"] = Field;
            payload["date"] = Date;
            payload["item"] = Item;
        }

        if (Items is not null)
        {
            payload["items"] = new JsonArray([.. Items.Select(i => (JsonNode?)JsonValue.Create(i))]);
        }

        if (Support is not null)
        {
            payload["support"] = new JsonArray([.. Support.Select(i => (JsonNode?)JsonValue.Create(i))]);
            payload["supportField"] = SupportField;
        }

        if (Kpi is not null)
        {
            payload["kpi"] = Kpi.DeepClone();
        }

        if (TeamOf is not null)
        {
            // Only an announcement carries these: the dispatcher posts it to the department's channels, never by mail.
            payload["audience"] = NoticeAudience.Team;
            payload["department"] = TeamOf;
            payload["rating"] = Rating?.DeepClone();
        }

        return new OutboxMessage
        {
            Id = id,
            IdempotencyKey = IdempotencyKey,
            Channel = TeamOf is null ? "mail" : NoticeAudience.Team,
            Recipient = Recipient,
            Payload = payload.ToJsonString(),
            InstanceId = instanceId,
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }
}
