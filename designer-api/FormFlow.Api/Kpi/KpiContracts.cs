using FormFlow.Actuals;
using FormFlow.Api.Contracts;

namespace FormFlow.Api.Kpi;

/// <summary>One actual to record: the person's id, the indicator (library key or name), the period (2026-W49, 2026-12, 2026-Q4) and the value.</summary>
internal sealed record ActualRequest(string? PersonId = null, string? Indicator = null, string? Period = null, double? Value = null);

/// <summary>
/// Actuals to record, all or none. <c>source</c>: <c>hand</c> (typed on the page) or <c>api</c> (pushed by another
/// system, the default); it is kept with each row.
/// </summary>
internal sealed record RecordActualsRequest(IReadOnlyList<ActualRequest>? Entries = null, string? Source = null);

/// <summary>What recording did: the rows written and the threshold warnings it opened.</summary>
internal sealed record RecordActualsResponse(int Written, int WarningsOpened);

/// <summary>A period's value: the newest row, who wrote it and when, how it came in, how many rows the period has (corrections kept), and whether it is past the threshold.</summary>
internal sealed record ActualPointResponse(string Period, double Value, string RecordedBy, DateTimeOffset RecordedAt, string Source, int Rows, bool Breaches);

/// <summary>A period of a warning and its value.</summary>
internal sealed record WarningValueResponse(string Period, double Value);

/// <summary>A threshold warning: its indicator, the periods and values of the breach, when it opened and (once the indicator recovered) cleared.</summary>
internal sealed record KpiWarningResponse(string Id, string Indicator, string FirstPeriod, string LastPeriod, IReadOnlyList<WarningValueResponse> Values, DateTimeOffset OpenedAt, DateTimeOffset? ClearedAt, string? ClearedPeriod)
{
    public static KpiWarningResponse From(KpiWarning w) => new(
        w.Id, w.Indicator, w.FirstPeriod, w.LastPeriod, [.. w.Values.Select(v => new WarningValueResponse(v.Period, v.Value))], w.OpenedAt, w.ClearedAt, w.ClearedPeriod);
}

/// <summary>An indicator on the board: its settings as the person's KPI form holds them, the period to record now, its values over time, its open warning.</summary>
internal sealed record BoardIndicatorResponse(
    string Id,
    string? Key,
    string Name,
    string? Definition,
    string? Unit,
    string Direction,
    double? Target,
    double? Threshold,
    string Frequency,
    int WarnAfter,
    string LastPeriod,
    IReadOnlyList<ActualPointResponse> Points,
    KpiWarningResponse? Warning)
{
    public static BoardIndicatorResponse From(BoardIndicator line)
    {
        var i = line.Indicator;
        return new(i.Id, i.Key, i.Name, i.Definition, i.Unit, i.Direction, i.Target, i.Threshold, i.Frequency, i.WarnAfter, line.LastPeriod,
            [.. line.Points.Select(p => new ActualPointResponse(p.Period, p.Value, p.RecordedBy, p.RecordedAt, p.Source, p.Rows, p.Breaches))],
            line.Warning is null ? null : KpiWarningResponse.From(line.Warning));
    }
}

/// <summary>A person's KPI board: the person, their indicators, every warning they had (open and cleared).</summary>
internal sealed record KpiBoardResponse(PersonNameRef Person, IReadOnlyList<BoardIndicatorResponse> Indicators, IReadOnlyList<KpiWarningResponse> Warnings)
{
    public static KpiBoardResponse From(KpiBoard board) => new(
        new PersonNameRef(board.PersonId, Texts.From(board.Name)),
        [.. board.Indicators.Select(BoardIndicatorResponse.From)],
        [.. board.Warnings.Select(KpiWarningResponse.From)]);
}

/// <summary>The boards of the people the caller oversees (a manager's team), by id.</summary>
internal sealed record KpiTeamResponse(IReadOnlyList<KpiBoardResponse> People);

/// <summary>The people whose actuals the caller may enter: themselves first, then those they oversee.</summary>
internal sealed record KpiPeopleResponse(IReadOnlyList<PersonNameRef> Items);
