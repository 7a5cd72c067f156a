using System.Globalization;
using System.Text.Json.Nodes;

namespace FormFlow.Reports;

/// <summary>
/// Reading values out of submitted form data for a report: a missing or mistyped value is an empty text or a null
/// number, never an exception, because a report must still render for data an older template version wrote.
/// </summary>
internal static class FormValues
{
    public static IEnumerable<JsonObject> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    public static string Text(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
        : string.Empty;

    public static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number
        : node is JsonValue other && other.TryGetValue<double>(out var real) && real == Math.Floor(real) ? (int)real
        : null;

    public static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    public static bool? Bool(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    /// <summary>A number as a person reads it: no trailing zeros, invariant digits.</summary>
    public static string Format(double number) => number.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The day of a moment in China Standard Time (no daylight saving), yyyy-MM-dd.</summary>
    public static string Day(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
