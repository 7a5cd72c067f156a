using FormFlow.Api.Contracts;
using FormFlow.Organisation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Identity;

/// <summary>A department as other answers name it.</summary>
internal sealed record DepartmentRef(string Id, Texts Name);

/// <summary>The signed-in person: who they are, where they sit, and what they may do.</summary>
internal sealed record MeResponse(
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
    public static MeResponse From(PersonProfile person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(
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
}

/// <summary><c>GET /api/me</c>: the person the request's token names.</summary>
internal static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe)
            .WithName("GetMe")
            .WithTags("Identity")
            .WithSummary("The signed-in person and their roles / 当前登录人员及其角色")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    internal static Ok<MeResponse> GetMe(CurrentPerson current) => TypedResults.Ok(MeResponse.From(current.Profile));
}
