using FormFlow.Text;

namespace FormFlow.Templates;

/// <summary>
/// What a template's fields mean, whatever they are called (<c>roles</c>: field path → role): the rating a
/// calibration reads and releases, the self-rating, the 3-3 preparation, a plan's actions, an indicator. Code that
/// needs "the rating of this form" asks the role, never a field name, so an app built from new templates works too.
/// </summary>
public static class FieldRoles
{
    /// <summary>The manager's overall rating of the period: what calibration compares and adjusts. At most one per template.</summary>
    public const string Rating = "rating";

    /// <summary>The employee's rating of themselves (overall or per goal).</summary>
    public const string SelfRating = "self-rating";

    /// <summary>Strengths seen in the period (3-3 preparation).</summary>
    public const string Strengths = "strengths";

    /// <summary>Gaps seen in the period (3-3 preparation).</summary>
    public const string Gaps = "gaps";

    /// <summary>The support the manager commits to.</summary>
    public const string Support = "support";

    /// <summary>An action of a development or improvement plan.</summary>
    public const string PlanAction = "plan-action";

    /// <summary>The due date of a plan's action.</summary>
    public const string PlanDue = "plan-due";

    /// <summary>Where a plan's action stands.</summary>
    public const string PlanStatus = "plan-status";

    /// <summary>A key performance indicator.</summary>
    public const string Kpi = "kpi";

    /// <summary>The potential rated beside performance (the 9-box).</summary>
    public const string Potential = "potential";

    /// <summary>Every role, with its name in both languages.</summary>
    public static IReadOnlyDictionary<string, LocalizedText> Names { get; } = new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
    {
        [Rating] = new("绩效评分", "Rating"),
        [SelfRating] = new("自评分", "Self-rating"),
        [Strengths] = new("优势", "Strengths"),
        [Gaps] = new("差距", "Gaps"),
        [Support] = new("支持措施", "Support"),
        [PlanAction] = new("计划行动", "Plan action"),
        [PlanDue] = new("计划截止日期", "Plan due date"),
        [PlanStatus] = new("计划进展", "Plan status"),
        [Kpi] = new("关键指标", "KPI"),
        [Potential] = new("潜力", "Potential"),
    };

    /// <summary>The roles whose field holds a rating number: an integer with bounds, or numbers to choose from.</summary>
    internal static IReadOnlySet<string> Numeric { get; } = new HashSet<string>([Rating, SelfRating, Potential], StringComparer.Ordinal);

    /// <summary>The roles a template gives to one field at most.</summary>
    internal static IReadOnlySet<string> Single { get; } = new HashSet<string>([Rating, Potential], StringComparer.Ordinal);
}
