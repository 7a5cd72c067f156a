using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Actuals;

/// <summary>How an actual came in: typed on the page, imported from a file, or pushed by another system.</summary>
public static class ActualSource
{
    public const string Hand = "hand";
    public const string File = "file";
    public const string Api = "api";
}

/// <summary>
/// One actual to record: the person, the indicator (its library key or its name), the period as people write it
/// (<c>2026-W49</c>, <c>2026-12</c>, <c>2026-Q4</c>) and the value. <see cref="Row"/> is where it came from, for the
/// problems: the row of a file (the header is row 1), the index of a list.
/// </summary>
public sealed record ActualEntry(string? PersonId, string? Indicator, string? Period, double? Value, int Row = 0);

/// <summary>What recording actuals did: how many rows it wrote and the warnings it opened, or every problem (and nothing written).</summary>
public sealed record ActualsOutcome(int Written, int WarningsOpened, IReadOnlyList<ImportProblem> Problems)
{
    /// <summary>
    /// The problem code when the request's idempotency key was taken over by another request while this one ran (past
    /// <see cref="IdempotencyKeys.Abandoned"/>): nothing was written, the other request answers.
    /// </summary>
    public const string KeyTaken = "idempotency.in-flight";

    public bool Recorded => Problems.Count == 0;
}

/// <summary>
/// The one door actuals come in by (<see cref="KpiDesk.RecordAsync"/>): the page, the file import and the pushing API
/// all call it. It checks every entry — the person is one the caller may record for (the person themselves, their
/// managers up the chain, their department's head and HRBP, administrators: <see cref="Oversight"/>), the indicator is
/// one of theirs, the period is one of its frequency, the value a number — and writes all of them in one transaction or
/// none (with the idempotency key it answers for marked in it), then sweeps the people written for threshold warnings.
/// </summary>
internal static class ActualsCommand
{
    public const string PersonColumn = "person_id";
    public const string IndicatorColumn = "indicator";
    public const string PeriodColumn = "period";
    public const string ValueColumn = "value";

    public static async Task<ActualsOutcome> RecordAsync(
        Database database, TimeProvider clock, string actorId, IReadOnlyList<ActualEntry> entries, string source, IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        var problems = new List<ImportProblem>();
        var rows = new List<ActualRow>();
        await using (var work = await UnitOfWork.BeginAsync(database, cancellationToken))
        {
            var people = new Dictionary<string, IReadOnlyList<PersonIndicator>?>(StringComparer.Ordinal);
            var seen = new Dictionary<(string, string, int), int>();
            foreach (var entry in entries)
            {
                var person = entry.PersonId?.Trim();
                if (string.IsNullOrEmpty(person))
                {
                    problems.Add(Problem("actuals.person-missing", entry.Row, PersonColumn, "没有填写人员编号。", "The person's id is missing."));
                    continue;
                }

                if (!people.TryGetValue(person, out var indicators))
                {
                    indicators = await Oversight.RelationAsync(work, actorId, person) == SubjectRelation.None
                        ? null
                        : await PersonIndicators.OfAsync(work, person);
                    people[person] = indicators;
                }

                if (indicators is null)
                {
                    // The same words for someone who does not exist and someone the caller may not record for.
                    problems.Add(Problem("actuals.person-unknown", entry.Row, PersonColumn,
                        $"「{person}」不是您可以录入实际值的人员。", $"\"{person}\" is not a person you may record actuals for."));
                    continue;
                }

                var name = entry.Indicator?.Trim();
                var indicator = string.IsNullOrEmpty(name) ? null
                    : indicators.FirstOrDefault(i => i.Id == name) ?? indicators.FirstOrDefault(i => i.Key == name || string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
                if (indicator is null)
                {
                    problems.Add(string.IsNullOrEmpty(name)
                        ? Problem("actuals.indicator-missing", entry.Row, IndicatorColumn, "没有填写指标。", "The indicator is missing.")
                        : Problem("actuals.indicator-unknown", entry.Row, IndicatorColumn,
                            $"「{person}」的 KPI 中没有指标「{name}」。", $"\"{person}\" has no indicator \"{name}\" among their KPIs."));
                    continue;
                }

                var period = Period.Parse(indicator.Frequency, entry.Period);
                if (period is null)
                {
                    var form = Period.Form(indicator.Frequency);
                    problems.Add(Problem("actuals.period", entry.Row, PeriodColumn,
                        $"期间「{entry.Period}」不是指标「{indicator.Name}」的期间：请写成{form.ZhCn}。",
                        $"\"{entry.Period}\" is not a period of \"{indicator.Name}\": write {form.En}."));
                    continue;
                }

                if (period.Seq > Period.Of(indicator.Frequency, now).Seq)
                {
                    problems.Add(Problem("actuals.period-ahead", entry.Row, PeriodColumn,
                        $"期间「{period.Label}」还没有开始。", $"The period {period.Label} has not begun."));
                    continue;
                }

                if (entry.Value is not { } value || !double.IsFinite(value))
                {
                    problems.Add(Problem("actuals.value", entry.Row, ValueColumn, "实际值须为数字。", "The actual value must be a number."));
                    continue;
                }

                if (seen.TryGetValue((person, indicator.Id, period.Seq), out var first))
                {
                    problems.Add(Problem("actuals.repeated", entry.Row, PeriodColumn,
                        $"与第 {first} 行重复：同一人员、指标和期间只能有一个值。", $"Repeats row {first}: one value per person, indicator and period."));
                    continue;
                }

                seen[(person, indicator.Id, period.Seq)] = entry.Row;
                rows.Add(new ActualRow
                {
                    Id = Run.NewId(now),
                    PersonId = person,
                    Indicator = indicator.Id,
                    Name = indicator.Name,
                    Unit = indicator.Unit,
                    Period = period.Label,
                    PeriodSeq = period.Seq,
                    Value = value,
                    Source = source,
                    RecordedBy = actorId,
                    RecordedAt = at,
                    InstanceId = indicator.InstanceId,
                    Frequency = indicator.Frequency,
                    Direction = indicator.Direction,
                    Target = indicator.Target,
                    Threshold = indicator.Threshold,
                    WarnAfter = indicator.WarnAfter,
                });
            }

            if (entries.Count == 0)
            {
                problems.Add(Problem("actuals.empty", 0, null, "没有要录入的实际值。", "There are no actuals to record."));
            }

            if (problems.Count > 0)
            {
                return new ActualsOutcome(0, 0, problems);
            }

            await ActualsStore.InsertAsync(work, rows, cancellationToken);
            await AuditLog.AppendManyAsync(work, rows.GroupBy(r => r.PersonId, StringComparer.Ordinal).Select(g => new AuditEntry(
                at, actorId, "kpi.actuals-recorded", "person", g.Key, null, new JsonObject
                {
                    ["source"] = source,
                    ["actuals"] = new JsonArray([.. g.Select(r => (JsonNode)new JsonObject { ["indicator"] = r.Indicator, ["period"] = r.Period, ["value"] = r.Value })]),
                }.ToJsonString())), cancellationToken);
            if (mark is not null)
            {
                // In the write's own transaction, as every command marks its key: a retry after a stop between the
                // commit and the answer learns that the actuals were written, instead of writing them again.
                try
                {
                    await IdempotencyKeys.MarkCommittedAsync(work, mark);
                }
                catch (ConcurrencyConflictException)
                {
                    return new ActualsOutcome(0, 0, [Problem(ActualsOutcome.KeyTaken, 0, null,
                        "使用这个 Idempotency-Key 的另一个请求正在处理中：本次没有录入。", "Another request with this Idempotency-Key is being handled: nothing was recorded by this one.")]);
                }
            }

            await work.CommitAsync(cancellationToken);
        }

        // The warnings follow at once; the timer sweep would find them too, a little later.
        var swept = await new ThresholdSweep(database, clock).SweepPeopleAsync([.. rows.Select(r => r.PersonId)], cancellationToken);
        return new ActualsOutcome(rows.Count, swept.Opened, []);
    }

    /// <summary>
    /// Reads a file of actuals (.csv in UTF-8 or .xlsx, header in row 1: person_id, indicator, period, value; the
    /// Chinese headers 工号, 指标, 期间, 实际值 too) into entries, or the problems that stop it being read.
    /// </summary>
    public static (IReadOnlyList<ActualEntry> Entries, IReadOnlyList<ImportProblem> Problems) ReadFile(Stream stream, string fileName)
    {
        var sheet = Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".CSV" => CsvSheet.Read(stream),
            ".XLSX" => XlsxSheet.Read(stream),
            _ => RawSheet.Unreadable(ImportProblems.UnknownFileType(fileName)),
        };
        if (sheet.Problem is not null)
        {
            return ([], [sheet.Problem]);
        }

        if (sheet.Rows.Count == 0 || sheet.Rows[0].IsBlank)
        {
            return ([], [ImportProblems.Empty()]);
        }

        var columns = new Dictionary<string, ImportColumn>(StringComparer.Ordinal);
        var problems = new List<ImportProblem>();
        var header = sheet.Rows[0];
        for (var i = 0; i < header.Cells.Count; i++)
        {
            if (Recognise(header.Cell(i)) is { } name)
            {
                var column = new ImportColumn(name, header.Cell(i), i);
                if (!columns.TryAdd(name, column))
                {
                    problems.Add(ImportProblems.DuplicateColumn(columns[name], column));
                }
            }
        }

        foreach (var required in new[] { PersonColumn, IndicatorColumn, PeriodColumn, ValueColumn }.Where(c => !columns.ContainsKey(c)))
        {
            problems.Add(ImportProblems.MissingColumn(required));
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var entries = new List<ActualEntry>();
        foreach (var row in sheet.Rows.Skip(1).Where(r => !r.IsBlank))
        {
            var value = row.Cell(columns[ValueColumn].Index);
            double? number = null;
            if (double.TryParse(value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
            {
                number = parsed;
            }
            else
            {
                var column = columns[ValueColumn];
                problems.Add(new ImportProblem("actuals.value", row.Number, ValueColumn, new LocalizedText(
                    $"{ImportProblems.Zh(row.Number, column)}「{value}」不是数字。", $"{ImportProblems.En(row.Number, column)}: \"{value}\" is not a number.")));
            }

            entries.Add(new ActualEntry(row.Cell(columns[PersonColumn].Index), row.Cell(columns[IndicatorColumn].Index), row.Cell(columns[PeriodColumn].Index), number ?? double.NaN, row.Number));
        }

        return (entries, problems);
    }

    private static string? Recognise(string header) =>
        header.Trim().TrimEnd('*', '＊').Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_') switch
        {
            "person_id" or "person" or "id" or "工号" or "员工编号" or "人员编号" => PersonColumn,
            "indicator" or "kpi" or "指标" or "指标名称" or "指标键" => IndicatorColumn,
            "period" or "期间" or "周期" => PeriodColumn,
            "value" or "actual" or "实际值" or "实际" => ValueColumn,
            _ => null,
        };

    private static ImportProblem Problem(string code, int row, string? column, string zh, string en) =>
        new(code, row, column, new LocalizedText(row > 0 && column is not null ? $"第 {row} 行「{column}」：{zh}" : zh, row > 0 && column is not null ? $"Row {row}, {column}: {en}" : en));
}
