using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace FormFlow.Api.Identity;

/// <summary>
/// Lets routing's own answers through authorisation: a request for no address at all (404), or for an address but not
/// its method (405) or its content type (415), would be turned into 401 by the fallback policy — the disabled sign-in
/// and the anonymous sign-in too. Those answers reveal nothing and do nothing, so they go out as they are.
/// </summary>
internal sealed class RoutingAnswers : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        return endpoint is null || (endpoint is not RouteEndpoint && endpoint.Metadata.Count == 0)
            ? next(context)
            : standard.HandleAsync(next, context, policy, authorizeResult);
    }
}
