using FormFlow.Organisation;

namespace FormFlow.Api.Contracts;

/// <summary>A department as other answers name it.</summary>
internal sealed record DepartmentRef(string Id, Texts Name);

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
        person.HrbpOf);
}

