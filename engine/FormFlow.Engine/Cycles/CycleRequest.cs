namespace FormFlow.Cycles;

/// <summary>
/// What launching a cycle asks for. The id is the client's: launching the same id again starts only the people not
/// yet in the cycle. The process's newest published version is pinned into the cycle when it is first launched.
/// </summary>
public sealed record CycleRequest(
    string CycleId,
    string Name,
    string ProcessKey,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    Population Population,
    string Actor);

/// <summary>
/// Who a cycle is launched for: everyone in a department and all the departments below it (of those, only the
/// people with one of <see cref="Roles"/> when any are given), or the people named one by one.
/// </summary>
public sealed record Population
{
    public string? DepartmentId { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>When any are given, only the people of the department at one of these levels (职级).</summary>
    public IReadOnlyList<string> Levels { get; init; } = [];

    public IReadOnlyList<string>? PersonIds { get; init; }

    public static Population Department(string departmentId, params string[] roles) => new() { DepartmentId = departmentId, Roles = roles };

    public static Population People(params string[] personIds) => new() { PersonIds = personIds };
}
