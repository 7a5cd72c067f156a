using FormFlow.Organisation;

namespace FormFlow.Api.Contracts;

/// <summary>A department as other answers name it.</summary>
internal sealed record DepartmentRef(string Id, Texts Name);

/// <summary>
/// A department as the department list shows it: its names, the department above it, its head and HRBP, how many
/// people are in it and in it with the departments below, and whether the caller may launch a cycle for it.
/// </summary>
internal sealed record DepartmentResponse(
    string Id,
    Texts Name,
    string? ParentId,
    PersonNameRef? Head,
    PersonNameRef? Hrbp,
    int People,
    int PeopleWithin,
    bool MayLaunch);

/// <summary>A person named in another answer: the id and the name in zh-CN and en.</summary>
internal sealed record PersonNameRef(string Id, Texts Name);

/// <summary>A person of the organisation as the API shows them (also the signed-in person, <c>GET /api/me</c>).</summary>
internal sealed record PersonResponse(
    string Id,
    Texts Name,
    string Email,
    string Locale,
    DepartmentRef? Department,
    string? ManagerId,
    string? Level,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> HeadOf,
    IReadOnlyList<string> HrbpOf)
{
    /// <summary>The person's role family (岗位类别, e.g. <c>sales-rep</c>), or null when the organisation file gives none.</summary>
    public string? RoleFamily { get; init; }

    public static PersonResponse From(PersonProfile person) => new(
        person.Id,
        Texts.From(person.Name),
        person.Email,
        person.Locale,
        person.DepartmentId is { } id ? new DepartmentRef(id, Texts.From(person.DepartmentName ?? new(id, id))) : null,
        person.ManagerId,
        person.Level,
        person.Roles,
        person.HeadOf,
        person.HrbpOf)
    {
        RoleFamily = person.RoleFamily,
    };
}

