using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Calibrations;

/// <summary>A calibration session in a list: its cycle and department, open or closed, and its version (its ETag).</summary>
public sealed record CalibrationSummary(
    string Id,
    string CycleId,
    string CycleName,
    string DepartmentId,
    LocalizedText DepartmentName,
    string Status,
    PersonName OpenedBy,
    DateTimeOffset OpenedAt,
    PersonName? ClosedBy,
    DateTimeOffset? ClosedAt,
    int Version);

/// <summary>
/// One band of the guideline against the session's people: the guideline's percent and the count it means for the
/// rated people, and how many (and what percent of the rated) the proposed and the final ratings put in it.
/// </summary>
public sealed record CalibrationBand(
    LocalizedText Label,
    IReadOnlyList<int> Ratings,
    int GuidelinePercent,
    int GuidelineCount,
    int ProposedCount,
    int ProposedPercent,
    int FinalCount,
    int FinalPercent);

/// <summary>A piece of a person's evidence: a field of their instance the reader reads (a self-rating, the manager's summary), as written.</summary>
public sealed record CalibrationEvidence(string Form, string Field, LocalizedText Label, string? Role, string Value);

/// <summary>
/// One person of a session: their manager, the instance holding their rating, the proposed rating (as the form now holds
/// it; null: not rated yet), the final one (the adjusted rating, else the proposed), the latest adjustment's reason, who
/// and when, the row's version (the If-Match of an adjustment) and the evidence the reader reads.
/// </summary>
public sealed record CalibratedPerson(
    PersonName Person,
    PersonName? Manager,
    string InstanceId,
    int? Proposed,
    int? Final,
    bool Adjusted,
    string? Reason,
    PersonName? AdjustedBy,
    DateTimeOffset? AdjustedAt,
    int Version,
    IReadOnlyList<CalibrationEvidence> Evidence);

/// <summary>
/// A session as its reader sees it: the summary, the ratings the form allows, the guideline with the distribution in
/// each band, how many people are not rated yet, and the people, by name.
/// </summary>
public sealed record CalibrationView(
    CalibrationSummary Session,
    IReadOnlyList<int> RatingValues,
    IReadOnlyList<CalibrationBand> Bands,
    int People,
    int Rated,
    int NotRated,
    IReadOnlyList<CalibratedPerson> Persons);

/// <summary>How a calibration command ended.</summary>
public enum CalibrationOutcomeStatus
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>No such cycle or session — or the caller may not know of it.</summary>
    NotFound,

    /// <summary>The caller may see the session but not do this (a department head opening one).</summary>
    Forbidden,

    /// <summary>The input is wrong: <see cref="CalibrationOutcome.Problems"/> name the fields.</summary>
    Invalid,

    /// <summary>It moved on since the caller read it (a stale version), is closed, or its people are in another session.</summary>
    Conflict,
}

/// <summary>What a calibration command did: the status, the problems, the code and reason of a refusal, and the version written.</summary>
public sealed record CalibrationOutcome(CalibrationOutcomeStatus Status, IReadOnlyList<Templates.ValidationProblem> Problems, string? Id = null, int? Version = null)
{
    internal static CalibrationOutcome Of(CalibrationOutcomeStatus status, string code, LocalizedText reason) => new(status, [new Templates.ValidationProblem(string.Empty, code, reason)]);

    internal static CalibrationOutcome Done(string id, int version) => new(CalibrationOutcomeStatus.Done, [], id, version);
}
