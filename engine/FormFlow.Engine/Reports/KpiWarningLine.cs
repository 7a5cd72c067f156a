using System.Globalization;
using FormFlow.Actuals;
using FormFlow.Storage;
using FormFlow.Text;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>A period's value of a KPI warning, as written (<c>72.5</c>).</summary>
internal sealed record KpiWarningValue(string Period, string Value);

/// <summary>
/// An open threshold warning of the employee (docs/kpi-actuals.md) as a report shows it: the indicator's name and unit,
/// its threshold, which side is better (worded), the periods and values of the breach, and since when it is open
/// (yyyy-MM-dd, China Standard Time).
/// </summary>
internal sealed record KpiWarningLine(string Indicator, string Unit, string Threshold, string Direction, IReadOnlyList<KpiWarningValue> Values, string Since)
{
    /// <summary>The employee's open warnings, oldest first, named as their newest actual names the indicator.</summary>
    public static async Task<IReadOnlyList<KpiWarningLine>> OpenAsync(UnitOfWork work, string employeeId, string language)
    {
        var open = await KpiDesk.OpenWarningsAsync(work, [employeeId]);
        if (open.Count == 0)
        {
            return [];
        }

        var newest = (await ActualsStore.OfPeopleAsync(work, [employeeId]))
            .GroupBy(r => r.Indicator, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => (r.PeriodSeq, r.RecordedAt))!, StringComparer.Ordinal);
        return [.. open.Select(w =>
        {
            var row = newest.GetValueOrDefault(w.Indicator);
            return new KpiWarningLine(
                row?.Name ?? w.Indicator,
                row?.Unit ?? string.Empty,
                row?.Threshold is { } threshold ? Number(threshold) : string.Empty,
                (row?.Direction == PersonIndicator.LowerBetter ? new LocalizedText("越低越好", "lower is better") : new LocalizedText("越高越好", "higher is better")).For(language),
                [.. w.Values.Select(v => new KpiWarningValue(v.Period, Number(v.Value)))],
                w.OpenedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        })];
    }

    public static ScriptObject ToScriptObject(KpiWarningLine w)
    {
        var values = new ScriptArray();
        foreach (var v in w.Values)
        {
            values.Add(new ScriptObject { ["period"] = v.Period, ["value"] = v.Value });
        }

        return new ScriptObject
        {
            ["indicator"] = w.Indicator, ["unit"] = w.Unit, ["threshold"] = w.Threshold, ["direction"] = w.Direction, ["values"] = values, ["since"] = w.Since,
        };
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
