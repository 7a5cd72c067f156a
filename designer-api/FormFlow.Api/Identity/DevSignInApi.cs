using FormFlow.Api.Contracts;
using FormFlow.Api.Hosting;
using FormFlow.Api.Problems;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Identity;

/// <summary>What the development sign-in takes: the id of a person of the organisation.</summary>
internal sealed record DevSignInRequest(string PersonId);

/// <summary>A person one may sign in as with the development sign-in: names and department in both languages, roles.</summary>
internal sealed record DevPersonResponse(string Id, Texts Name, IReadOnlyList<string> Roles, DepartmentRef? Department, bool Suggested);

/// <summary>A bearer token for the person, and when it expires.</summary>
internal sealed record DevSignInResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string PersonId);

/// <summary>
/// <c>POST /api/auth/dev-sign-in</c>: a token for any person by id, without a password — for demos and development —
/// and <c>GET /api/auth/dev-people</c>: whom one may pick on the sign-in page. Both exist only when
/// <c>FormFlow:Identity:DevSignIn:Enabled</c> is true (otherwise the addresses answer 404), and are rate-limited per
/// client address.
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
        app.MapGet("/api/auth/dev-people", PeopleAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("GetDevPeople")
            .WithTags("Identity")
            .WithSummary("Development sign-in: the people one may sign in as, the demo team first (development only) / 开发登录：可选人员，演示团队在前（仅限开发）")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>Everybody in the organisation: an administrator and the demo team (<see cref="DemoTeam"/>) first, marked suggested, then the others by id.</summary>
    internal static async Task<Ok<IReadOnlyList<DevPersonResponse>>> PeopleAsync(Database database, CancellationToken cancellationToken)
    {
        var people = await OrganisationDirectory.PeopleAsync(database, cancellationToken);
        var team = await DemoTeam.FindAsync(database, people, cancellationToken);
        var suggested = new List<PersonProfile>();
        if (people.FirstOrDefault(p => p.HasRole(Role.Admin)) is { } admin)
        {
            suggested.Add(admin);
        }

        if (team is not null)
        {
            suggested.AddRange([team.Hrbp, team.Manager, .. team.Reports]);
        }

        var first = suggested.DistinctBy(p => p.Id).ToList();
        var ids = first.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<DevPersonResponse> answer =
        [
            .. first.Select(p => Describe(p, suggested: true)),
            .. people.Where(p => !ids.Contains(p.Id)).OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => Describe(p, suggested: false)),
        ];
        return TypedResults.Ok(answer);
    }

    private static DevPersonResponse Describe(PersonProfile person, bool suggested)
    {
        var described = PersonResponse.From(person);
        return new DevPersonResponse(described.Id, described.Name, described.Roles, described.Department, suggested);
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
