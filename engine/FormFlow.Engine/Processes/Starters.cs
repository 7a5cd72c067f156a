namespace FormFlow.Processes;

/// <summary>
/// Who may start one instance of a process on demand, and for whom (<c>startableBy</c>): the relations of
/// <see cref="Assignee"/>, read from the starter's side. <c>subject</c> starts it for themselves, <c>manager</c> for a
/// direct report, <c>skip-level</c> for a report's report, <c>department-head</c> and <c>hrbp</c> for the people whose
/// department head or HRBP they are — the same relation a step's assignee names, resolved by
/// <see cref="Organisation.Relationships"/>.
/// </summary>
internal static class Starters
{
    /// <summary>The values <c>startableBy</c> takes; anything else is lint's <c>process.unknown-starter</c>.</summary>
    public static readonly IReadOnlyList<string> Relations = [Assignee.Subject, Assignee.Manager, Assignee.SkipLevel, Assignee.DepartmentHead, Assignee.Hrbp];

    public static bool IsKnown(string relation) => Relations.Contains(relation, StringComparer.Ordinal);
}
