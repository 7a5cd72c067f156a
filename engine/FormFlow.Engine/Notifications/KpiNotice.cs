using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Text;
using Scriban.Runtime;

namespace FormFlow.Notifications;

/// <summary>A period of a threshold warning as a notice shows it.</summary>
internal sealed record KpiNoticeValue(string Period, string Value);

/// <summary>
/// A threshold warning as its notice reads (<c>kpi.threshold-warning</c>): the indicator's name, unit and threshold,
/// which side is better in the recipient's language, the values of the periods that made the breach, and the link of
/// the employee's KPI board. Shown only to a recipient who sees the employee (the employee, their manager).
/// </summary>
internal sealed record KpiNotice(string Indicator, string? Unit, string? Threshold, string Direction, IReadOnlyList<KpiNoticeValue> Values, string Link)
{
    public static KpiNotice Of(JsonObject kpi, string locale, string baseUrl, string personId)
    {
        var lower = (string?)kpi["direction"] == "lower-better";
        return new KpiNotice(
            (string?)kpi["name"] ?? (string?)kpi["indicator"] ?? string.Empty,
            (string?)kpi["unit"],
            kpi["threshold"] is JsonValue threshold ? Number(threshold) : null,
            (lower ? new LocalizedText("越低越好", "lower is better") : new LocalizedText("越高越好", "higher is better")).For(locale),
            [.. (kpi["values"] as JsonArray ?? []).OfType<JsonObject>().Select(v => new KpiNoticeValue((string?)v["period"] ?? string.Empty, v["value"] is JsonValue n ? Number(n) : string.Empty))],
            $"{baseUrl.TrimEnd('/')}/kpi/board?person={Uri.EscapeDataString(personId)}");
    }

    /// <summary>The <c>kpi</c> object of every other notice: its members there, all null or empty.</summary>
    public static ScriptObject Empty() => new() { ["indicator"] = null, ["unit"] = null, ["threshold"] = null, ["direction"] = null, ["values"] = new ScriptArray(), ["link"] = null };

    public ScriptObject ToScriptObject()
    {
        var values = new ScriptArray();
        foreach (var value in Values)
        {
            values.Add(new ScriptObject { ["period"] = value.Period, ["value"] = value.Value });
        }

        return new ScriptObject { ["indicator"] = Indicator, ["unit"] = Unit, ["threshold"] = Threshold, ["direction"] = Direction, ["values"] = values, ["link"] = Link };
    }

    // 72.5, 65, 1200: as written, without a trailing .0 or a thousands separator.
    private static string Number(JsonValue value) =>
        double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("0.####", CultureInfo.InvariantCulture)
            : value.ToJsonString();
}
