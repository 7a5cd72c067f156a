using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Identity;

/// <summary>How the web pages may sign a person in: the development sign-in, OpenID Connect, or both.</summary>
internal sealed record AuthConfigResponse(bool DevSignIn, OidcConfigResponse? Oidc);

/// <summary>What a browser needs for the OpenID Connect authorization code flow with PKCE.</summary>
internal sealed record OidcConfigResponse(string Authority, string ClientId, string Scope);

/// <summary><c>GET /api/auth/config</c>: anonymous; tells the sign-in page which ways in exist. Holds no secret.</summary>
internal static class AuthConfigApi
{
    public static IEndpointRouteBuilder MapAuthConfigApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/auth/config", GetConfig)
            .AllowAnonymous()
            .WithName("GetAuthConfig")
            .WithTags("Identity")
            .WithSummary("How to sign in: the development sign-in, OpenID Connect settings / 登录方式：开发登录、OpenID Connect 设置");
        return app;
    }

    internal static Ok<AuthConfigResponse> GetConfig(IOptions<IdentityOptions> options)
    {
        var identity = options.Value;
        var oidc = string.IsNullOrWhiteSpace(identity.Authority) || string.IsNullOrWhiteSpace(identity.Web.ClientId)
            ? null
            : new OidcConfigResponse(identity.Authority, identity.Web.ClientId, identity.Web.Scope);
        return TypedResults.Ok(new AuthConfigResponse(identity.DevSignIn.Enabled, oidc));
    }
}
