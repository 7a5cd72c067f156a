using FormFlow.Api.Contracts;
using FormFlow.Organisation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Identity;

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

    internal static Ok<PersonResponse> GetMe(CurrentPerson current) => TypedResults.Ok(PersonResponse.From(current.Profile));
}
