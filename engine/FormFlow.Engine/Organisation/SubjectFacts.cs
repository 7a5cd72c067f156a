using Scriban.Runtime;

namespace FormFlow.Organisation;

/// <summary>
/// What a process's conditions know of the person an instance is about (<c>subject.level</c>,
/// <c>subject.departments</c>, ...): read once per command, so that a condition evaluates without a query. A subject
/// who has left the organisation is known by id only: their level and department are null, their lists empty, and a
/// condition over them does not hold.
/// </summary>
internal sealed record SubjectFacts(string Id, string? Level, string? DepartmentId, IReadOnlyList<string> Departments, IReadOnlyList<string> Roles)
{
    /// <summary>The members a condition may read after <c>subject.</c>, as the process designer's builder offers them.</summary>
    public static IReadOnlyList<string> Members { get; } = ["id", "level", "department", "departments", "roles"];

    public static SubjectFacts IdOnly(string id) => new(id, null, null, [], []);

    public static SubjectFacts Of(Person person, IReadOnlyList<string> departments) => new(
        person.Id,
        string.IsNullOrWhiteSpace(person.Level) ? null : person.Level,
        person.DepartmentId,
        departments,
        [.. person.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>The subject as conditions read it: <c>subject.id</c>, <c>.level</c>, <c>.department</c>, <c>.departments</c>, <c>.roles</c>.</summary>
    public ScriptObject ToScript() => new()
    {
        ["id"] = Id,
        ["level"] = Level,
        ["department"] = DepartmentId,
        ["departments"] = new ScriptArray(Departments),
        ["roles"] = new ScriptArray(Roles),
    };
}
