using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FormFlow.Workflows;

/// <summary>
/// Everything an instance knows between two commands, stored as JSON in its row: the steps it waits at, the form
/// documents, the per-step bookkeeping, and the answers of for-each and recurring steps. Nothing about an instance
/// lives in memory between commands, so any node can take the next command after a crash.
/// </summary>
internal sealed class InstanceState
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The steps the instance waits at, in the order they were entered.</summary>
    public List<string> Active { get; set; } = [];

    /// <summary>The form documents by the process's form names, as written so far.</summary>
    public Dictionary<string, JsonObject> Forms { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, StepState> Steps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The answers of for-each and recurring steps, one document per task. Answers of an anonymous step are kept
    /// without who wrote them.
    /// </summary>
    public Dictionary<string, List<Response>> Responses { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Instances this one started (a PIP started by the annual review).</summary>
    public List<string> Started { get; set; } = [];

    /// <summary>
    /// The meetings booked so far, by the step that books each (<see cref="Processes.Meeting"/>): what was last sent,
    /// so that a command after a restart sends only what changed. Null until a step books one.
    /// </summary>
    public Dictionary<string, SentMeeting>? Meetings { get; set; }

    /// <summary>
    /// The date reminders planned from the forms, by the step declaring them, then by the rule's index and the
    /// date's pointer (<c>0/result_goals/1/deadline</c>): what is scheduled now (<see cref="DateReminders"/>). Null
    /// until a step with date reminders has written its form.
    /// </summary>
    public Dictionary<string, Dictionary<string, PlannedDate>>? DatePlans { get; set; }

    public string Serialize() => JsonSerializer.Serialize(this, Options);

    public static InstanceState Parse(string json) =>
        JsonSerializer.Deserialize<InstanceState>(json, Options) ?? throw new JsonException("the instance state is empty");

    public StepState Step(string id) => Steps.TryGetValue(id, out var state) ? state : throw new InvalidOperationException($"step {id} has no state");
}

/// <summary>The bookkeeping of one step while it is active.</summary>
internal sealed class StepState
{
    /// <summary>How many times the step has been entered; a timer set for an earlier entry finds it moved on.</summary>
    public int Entry { get; set; }

    public long StartedAt { get; set; }

    /// <summary>The review loop's round, from 1.</summary>
    public int Round { get; set; } = 1;

    /// <summary>The next approver of a sequence, or the occurrences of a recurring step created so far.</summary>
    public int Index { get; set; }

    /// <summary>Tasks done, and how many must be done before the step completes.</summary>
    public int Done { get; set; }

    public int Needed { get; set; }

    /// <summary>A recurring step's period when a form field chose it at the step's entry (<c>P14D</c>); null: the step's own.</summary>
    public string? Every { get; set; }

    /// <summary>When a recurring step that starts on a weekday opened (opens) its first occurrence, Unix ms; null: one period after its entry.</summary>
    public long? FirstAt { get; set; }

    /// <summary>Branches a join still waits for.</summary>
    public int Awaited { get; set; }

    /// <summary>The step's tasks by id, with the part each plays: fill, author, reviewer, approver, party-N, person, occurrence-N.</summary>
    public Dictionary<string, string> Tasks { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// What the people invited to a meeting were last sent: its iCalendar UID and SEQUENCE, its start (Unix ms), who
/// organises it and who was invited, and whether it was cancelled.
/// </summary>
internal sealed class SentMeeting
{
    public required string Uid { get; set; }

    public int Sequence { get; set; }

    public long At { get; set; }

    public required string Organizer { get; set; }

    public List<string> Attendees { get; set; } = [];

    public bool Cancelled { get; set; }
}

/// <summary>
/// One answer of a for-each or recurring step. <see cref="By"/> is null for anonymous answers. A recurring step's
/// reviewer writes into the answer of the occurrence they follow up: <see cref="ReviewedBy"/> and <see cref="ReviewedAt"/>
/// say who and when (null until then, and for steps without a reviewer).
/// </summary>
internal sealed record Response(string? By, int? Occurrence, long At, JsonObject Data)
{
    public string? ReviewedBy { get; init; }

    public long? ReviewedAt { get; init; }

    /// <summary>
    /// When the occurrence handed in had opened (ms): the week its form read its actuals as of, kept so that the
    /// follow-up shows the same week's values the assignee saw, not the week the follow-up is opened in.
    /// </summary>
    public long? OpenedAt { get; init; }
}

/// <summary>One date reminder as planned: its timer, the date as the form writes it, and when it fires (ms since the epoch).</summary>
internal sealed record PlannedDate(string Timer, string Date, long At);
