using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Actuals;

/// <summary>One period's value as the board shows it: the newest row, who wrote it and when, and how many rows the period has (corrections kept).</summary>
public sealed record ActualPoint(string Period, double Value, string RecordedBy, DateTimeOffset RecordedAt, string Source, int Rows, bool Breaches);

/// <summary>A threshold warning: the periods and values of the breach, when it opened, and when and at which period it cleared (null while open).</summary>
public sealed record KpiWarning(string Id, string PersonId, string Indicator, string FirstPeriod, string LastPeriod, IReadOnlyList<(string Period, double Value)> Values, DateTimeOffset OpenedAt, DateTimeOffset? ClearedAt, string? ClearedPeriod)
{
    public bool IsOpen => ClearedAt is null;
}

/// <summary>One indicator of a person on the board: its settings, the period to record now, its values over time and its open warning.</summary>
public sealed record BoardIndicator(PersonIndicator Indicator, string LastPeriod, IReadOnlyList<ActualPoint> Points, KpiWarning? Warning);

/// <summary>A person's KPI board: who, their indicators (from their newest KPI form), and every warning they had.</summary>
public sealed record KpiBoard(string PersonId, LocalizedText Name, IReadOnlyList<BoardIndicator> Indicators, IReadOnlyList<KpiWarning> Warnings);

/// <summary>
/// KPI actuals and warnings for the host (docs/kpi-actuals.md): record them (the one door of the page, the file and the
/// API), read a person's board and a manager's team board. Everyone reads and writes the actuals of the people they
/// oversee and their own (<see cref="Oversight"/>); anyone else is told nothing exists.
/// </summary>
public sealed class KpiDesk(Database database, TimeProvider clock)
{
    /// <summary>
    /// Records the entries, all or none (see <see cref="ActualsCommand"/>), marking the claimed idempotency key
    /// <paramref name="mark"/> in the same transaction. When that claim was taken over by another request, nothing is
    /// written and the one problem is <see cref="ActualsOutcome.KeyTaken"/>.
    /// </summary>
    public Task<ActualsOutcome> RecordAsync(string actorId, IReadOnlyList<ActualEntry> entries, string source, IdempotencyMark? mark = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return ActualsCommand.RecordAsync(database, clock, actorId, entries, source, mark, cancellationToken);
    }

    /// <summary>
    /// What recording <paramref name="entries"/> did, for a retry whose first answer was lost after the command committed
    /// (it marked its key) at or after <paramref name="since"/> (Unix milliseconds): all of them were written, since the
    /// command writes all or none; the warnings are those opened since for the people written, after sweeping them again,
    /// since the node may have stopped before its own sweep.
    /// </summary>
    public async Task<ActualsOutcome> RecordedAsync(IReadOnlyList<ActualEntry> entries, long since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string[] people = [.. entries.Select(e => e.PersonId?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal)];
        await new ThresholdSweep(database, clock).SweepPeopleAsync(people, cancellationToken);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var opened = (await ActualsStore.WarningsOfAsync(work, people)).Count(w => w.OpenedAt >= since);
        return new ActualsOutcome(entries.Count, opened, []);
    }

    /// <summary>Imports a file of actuals (.csv or .xlsx), all rows or none: every bad row is named with its row, column and why.</summary>
    public async Task<ActualsOutcome> ImportAsync(string actorId, Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var (entries, problems) = ActualsCommand.ReadFile(stream, fileName);
        if (entries.Count == 0 && problems.Count > 0)
        {
            return new ActualsOutcome(0, 0, problems);
        }

        var outcome = await ActualsCommand.RecordAsync(database, clock, actorId, problems.Count > 0 ? [.. entries.Select(e => e with { Value = e.Value ?? double.NaN })] : entries, ActualSource.File, mark: null, cancellationToken);
        if (problems.Count == 0)
        {
            return outcome;
        }

        // A cell the file could not read is named once, by the reader.
        var named = problems.Select(p => (p.Row, p.Column)).ToHashSet();
        return new ActualsOutcome(0, 0, [.. problems.Concat(outcome.Problems.Where(p => !named.Contains((p.Row, p.Column)))).OrderBy(p => p.Row)]);
    }

    /// <summary>The people whose actuals <paramref name="viewerId"/> may enter: themselves first, then the people they oversee.</summary>
    public async Task<IReadOnlyList<PersonProfile>> PeopleAsync(string viewerId, CancellationToken cancellationToken = default)
    {
        var ids = new List<string> { viewerId };
        ids.AddRange(await Oversight.OverseenAsync(database, viewerId, cancellationToken));
        var people = new List<PersonProfile>();
        foreach (var id in ids.Take(500))
        {
            if (await OrganisationDirectory.FindPersonAsync(database, id, cancellationToken) is { } person)
            {
                people.Add(person);
            }
        }

        return people;
    }

    /// <summary>A person's board as <paramref name="viewerId"/> may read it; null when they may not (or nobody has that id).</summary>
    public async Task<KpiBoard?> BoardAsync(string viewerId, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await Oversight.RelationAsync(work, viewerId, personId) == SubjectRelation.None)
        {
            return null;
        }

        var boards = await BoardsAsync(work, [personId]);
        return boards.Count == 0 ? null : boards[0];
    }

    /// <summary>The boards of the people <paramref name="viewerId"/> oversees (a manager's team, at most 200 people), by id.</summary>
    public async Task<IReadOnlyList<KpiBoard>> TeamAsync(string viewerId, CancellationToken cancellationToken = default)
    {
        var people = await Oversight.OverseenAsync(database, viewerId, cancellationToken);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await BoardsAsync(work, [.. people.Take(200)]);
    }

    /// <summary>The open warnings of a person (for the pre-interview report and the team dashboard), oldest first.</summary>
    internal static async Task<IReadOnlyList<KpiWarning>> OpenWarningsAsync(UnitOfWork work, IReadOnlyCollection<string> people) =>
        [.. (await ActualsStore.WarningsOfAsync(work, people)).Where(w => w.ClearedAt is null).Select(Warning)];

    /// <summary>
    /// The subject's indicators with the value of the period before <paramref name="at"/> (last week, for weekly ones),
    /// as <paramref name="viewerId"/> may read them — the board's own reading and rule; empty when they may not. The list a
    /// checkpoint task starts with (a template's <c>actuals</c>).
    /// </summary>
    internal static async Task<System.Text.Json.Nodes.JsonArray> LastPeriodAsync(UnitOfWork work, string viewerId, string personId, DateTimeOffset at)
    {
        var items = new System.Text.Json.Nodes.JsonArray();
        if (await Oversight.RelationAsync(work, viewerId, personId) == SubjectRelation.None)
        {
            return items;
        }

        foreach (var line in (await BoardsAsync(work, [personId], at)).SelectMany(b => b.Indicators))
        {
            var point = line.Points.LastOrDefault(p => p.Period == line.LastPeriod);
            var item = new JsonObject { ["name"] = line.Indicator.Name };
            if (line.Indicator.Unit is { } unit)
            {
                item["unit"] = unit;
            }

            if (line.Indicator.Target is { } target)
            {
                item["target"] = target;
            }

            if (line.Indicator.Threshold is { } threshold)
            {
                item["threshold"] = threshold;
            }

            if (point is not null)
            {
                item["value"] = point.Value;
            }

            item["breaches"] = point?.Breaches ?? false;
            items.Add(item);
        }

        return items;
    }

    private Task<IReadOnlyList<KpiBoard>> BoardsAsync(UnitOfWork work, IReadOnlyList<string> people) => BoardsAsync(work, people, clock.GetUtcNow());

    private static async Task<IReadOnlyList<KpiBoard>> BoardsAsync(UnitOfWork work, IReadOnlyList<string> people, DateTimeOffset now)
    {
        var actuals = (await ActualsStore.OfPeopleAsync(work, people)).ToLookup(r => r.PersonId, StringComparer.Ordinal);
        var warnings = (await ActualsStore.WarningsOfAsync(work, people)).ToLookup(w => w.PersonId, StringComparer.Ordinal);
        var boards = new List<KpiBoard>();
        foreach (var id in people)
        {
            if (await OrganisationStore.FindPersonAsync(work, id) is not { } person)
            {
                continue;
            }

            var theirs = warnings[id].Select(Warning).ToList();
            var indicators = await PersonIndicators.OfAsync(work, id);
            var lines = indicators.Select(indicator =>
            {
                var points = actuals[id].Where(r => r.Indicator == indicator.Id)
                    .GroupBy(r => r.PeriodSeq)
                    .OrderBy(g => g.Key)
                    .Select(g =>
                    {
                        var newest = g.OrderBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Last();
                        return new ActualPoint(newest.Period, newest.Value, newest.RecordedBy, DateTimeOffset.FromUnixTimeMilliseconds(newest.RecordedAt), newest.Source, g.Count(), indicator.Breaches(newest.Value));
                    })
                    .ToList();
                return new BoardIndicator(indicator, Period.Last(indicator.Frequency, now).Label, points, theirs.LastOrDefault(w => w.Indicator == indicator.Id && w.IsOpen));
            }).ToList();
            boards.Add(new KpiBoard(id, person.Name, lines, theirs));
        }

        return boards;
    }

    private static KpiWarning Warning(WarningRow row) => new(
        row.Id,
        row.PersonId,
        row.Indicator,
        row.FirstPeriod,
        row.LastPeriod,
        [.. (JsonNode.Parse(row.BreachValues) as JsonArray ?? []).OfType<JsonObject>().Select(v => ((string?)v["period"] ?? string.Empty, (double?)v["value"] ?? 0))],
        DateTimeOffset.FromUnixTimeMilliseconds(row.OpenedAt),
        row.ClearedAt is { } cleared ? DateTimeOffset.FromUnixTimeMilliseconds(cleared) : null,
        row.ClearedPeriod);
}
