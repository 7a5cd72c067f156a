using FormFlow.Api.Problems;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Identity;

/// <summary>What the development sign-in takes: the id of a person of the organisation.</summary>
internal sealed record DevSignInRequest(string PersonId);

/// <summary>A bearer token for the person, and when it expires.</summary>
internal sealed record DevSignInResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string PersonId);

/// <summary>
/// <c>POST /api/auth/dev-sign-in</c>: a token for any person by id, without a password — for demos and development. It
/// exists only when <c>FormFlow:Identity:DevSignIn:Enabled</c> is true (otherwise the address answers 404), and is
/// rate-limited per client address.
/// </summary>
internal static class DevSignInApi
{
    public const string RateLimitPolicy = "dev-sign-in";

    public static IEndpointRouteBuilder MapDevSignInApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.DevSignIn.Enabled)
        {
            return app;
        }

        app.MapPost("/api/auth/dev-sign-in", SignInAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("DevSignIn")
            .WithTags("Identity")
            .WithSummary("Development sign-in: a token for a person by id (development only) / 开发登录：按人员编号签发令牌（仅限开发）")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    internal static async Task<Results<Ok<DevSignInResponse>, ProblemHttpResult>> SignInAsync(
        DevSignInRequest request,
        HttpContext context,
        Database database,
        DevTokens tokens,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.PersonId))
        {
            return ApiProblems.Invalid(context, [new FieldError("/personId", "identity.person-required", new LocalizedText("请填写人员编号。", "Give the person's id."))]);
        }

        if (await OrganisationDirectory.FindPersonAsync(database, request.PersonId, cancellationToken) is not { } person)
        {
            return ApiProblems.Invalid(context, [new FieldError("/personId", "identity.unknown-person", new LocalizedText(
                $"组织中没有编号为「{request.PersonId}」的人员。",
                $"Nobody in the organisation has the id \"{request.PersonId}\"."))]);
        }

        var (token, expiresAt) = tokens.Issue(person.Id);
        return TypedResults.Ok(new DevSignInResponse(token, "Bearer", expiresAt, person.Id));
    }
}
