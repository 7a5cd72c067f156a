using FormFlow.Api.Problems;
using FormFlow.Text;
using Microsoft.AspNetCore.Authorization;

namespace FormFlow.Api.Identity;

/// <summary>The caller's token names a person of the organisation. A valid token that names nobody is answered 403.</summary>
internal sealed class KnownPersonRequirement : IAuthorizationRequirement;

internal sealed class KnownPersonHandler(CurrentPerson current) : AuthorizationHandler<KnownPersonRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, KnownPersonRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var http = context.Resource as HttpContext;
        if (await current.ResolveAsync(context.User, http?.RequestAborted ?? CancellationToken.None) is not null)
        {
            context.Succeed(requirement);
        }
        else if (http is not null)
        {
            ApiProblems.Explain(http, "auth.unknown-person", new LocalizedText(
                "访问令牌有效，但组织中没有它所指的人员。",
                "The access token is valid but names nobody in the organisation."));
        }
    }
}
