using System.Text.Json.Nodes;
using FormFlow.Text;

namespace FormFlow.Indicators;

/// <summary>
/// Whom an indicator (or one of its grades) is for: departments (a department includes those below it), levels and
/// role families. An empty list means any.
/// </summary>
public sealed record IndicatorScope(IReadOnlyList<string> Departments, IReadOnlyList<string> Levels, IReadOnlyList<string> RoleFamilies)
{
    public static IndicatorScope Any { get; } = new([], [], []);

    /// <summary>How many of the lists say something (a more specific scope is a better match).</summary>
    internal int Specificity => (Departments.Count > 0 ? 1 : 0) + (Levels.Count > 0 ? 1 : 0) + (RoleFamilies.Count > 0 ? 1 : 0);

    /// <summary>Whether a person of this role family, level and department chain (their department first, then those above) fits.</summary>
    internal bool Fits(IndicatorSubject subject) =>
        (Departments.Count == 0 || subject.Departments.Any(d => Departments.Contains(d, StringComparer.Ordinal)))
        && (Levels.Count == 0 || (subject.Level is { } level && Levels.Contains(level, StringComparer.OrdinalIgnoreCase)))
        && (RoleFamilies.Count == 0 || (subject.RoleFamily is { } family && RoleFamilies.Contains(family, StringComparer.OrdinalIgnoreCase)));

    internal JsonObject ToJson() => new()
    {
        ["departments"] = new JsonArray([.. Departments.Select(d => (JsonNode)d)]),
        ["levels"] = new JsonArray([.. Levels.Select(d => (JsonNode)d)]),
        ["roleFamilies"] = new JsonArray([.. RoleFamilies.Select(d => (JsonNode)d)]),
    };
}

/// <summary>A target and threshold of an indicator for the people a scope names (e.g. levels P7 and P8).</summary>
public sealed record IndicatorGrade(IndicatorScope Scope, double Target, double? Threshold);

/// <summary>
/// One published indicator of the library (<c>"formflow": "indicator/1"</c>, docs/indicators.md): what it measures,
/// which way is good, where its numbers come from and how often, its default target and threshold, how many periods
/// on the wrong side of the threshold make a warning, whom it is for, and the targets of its grades.
/// </summary>
public sealed record Indicator(
    string Key,
    LocalizedText Name,
    LocalizedText Definition,
    string Unit,
    string Direction,
    string DataSource,
    string Frequency,
    double Target,
    double? Threshold,
    int WarnAfter,
    IndicatorScope AppliesTo,
    IReadOnlyList<IndicatorGrade> Grades)
{
    public const string HigherBetter = "higher-better";
    public const string LowerBetter = "lower-better";

    /// <summary>What <see cref="WarnAfter"/> is when the document leaves it out.</summary>
    public const int DefaultWarnAfter = 2;

    public static IReadOnlyList<string> Directions { get; } = [HigherBetter, LowerBetter];

    public static IReadOnlyList<string> Frequencies { get; } = ["weekly", "biweekly", "monthly", "quarterly"];

    /// <summary>
    /// The indicator as one canonical document (every member, lists in order): what is published, and what two versions
    /// are compared by, so that a file read back from a spreadsheet is "unchanged" when it says the same.
    /// </summary>
    public string ToJson()
    {
        var document = new JsonObject
        {
            ["formflow"] = IndicatorLibrary.FormatMarker,
            ["key"] = Key,
            ["name"] = Texts(Name),
            ["definition"] = Texts(Definition),
            ["unit"] = Unit,
            ["direction"] = Direction,
            ["dataSource"] = DataSource,
            ["frequency"] = Frequency,
            ["target"] = Target,
            ["threshold"] = Threshold,
            ["warnAfter"] = WarnAfter,
            ["appliesTo"] = AppliesTo.ToJson(),
            ["grades"] = new JsonArray([.. Grades.Select(g =>
            {
                var grade = g.Scope.ToJson();
                grade["target"] = g.Target;
                grade["threshold"] = g.Threshold;
                return (JsonNode)grade;
            })]),
        };
        if (Threshold is null)
        {
            document.Remove("threshold");
        }

        foreach (var grade in document["grades"]!.AsArray().Select(g => g!.AsObject()).Where(g => g["threshold"] is null))
        {
            grade.Remove("threshold");
        }

        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject Texts(LocalizedText text) => new() { ["zh-CN"] = text.ZhCn, ["en"] = text.En };
}

/// <summary>Whom indicators are proposed for: their role family, level and department with those above it (nearest first).</summary>
public sealed record IndicatorSubject(string? RoleFamily, string? Level, IReadOnlyList<string> Departments);

/// <summary>
/// An indicator proposed for a person: the indicator, the target and threshold for them (their grade's when one fits,
/// else the defaults), and how well it fits (higher first).
/// </summary>
public sealed record IndicatorProposal(Indicator Indicator, double Target, double? Threshold, int Score);
