using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FormFlow.Web.Tests;

/// <summary>
/// A real OpenID Connect provider for the tests (OpenIddict, in memory, on a port of 127.0.0.1): authorization code
/// with PKCE for the public client <see cref="ClientId"/>, refresh tokens, end session, and a login form that takes a
/// person's id and <see cref="Password"/>. Access tokens are plain JWTs for the audience <see cref="Audience"/>, with
/// the person's id as <c>sub</c>, and live <see cref="AccessTokenLifetime"/> so that a test sees one renewed.
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "formflow-web";
    public const string Audience = "formflow";
    public const string ApiScope = "formflow";
    public const string Password = "formflow-test-password";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(75);

    private readonly WebApplication app;
    private int refreshGrants;
    private int signOuts;

    private TestIdentityProvider(WebApplication app, string address)
    {
        this.app = app;
        Authority = address + "/";
    }

    /// <summary>The provider's address, which is also its issuer: http://127.0.0.1:port/</summary>
    public string Authority { get; }

    /// <summary>How many times a client exchanged a refresh token for new tokens.</summary>
    public int RefreshGrants => Volatile.Read(ref refreshGrants);

    /// <summary>How many times someone ended their session here.</summary>
    public int SignOuts => Volatile.Read(ref signOuts);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var store = "oidc-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<DbContext>(o =>
        {
            o.UseInMemoryDatabase(store);
            o.UseOpenIddict();
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.LoginPath = "/login");
        builder.Services.AddAuthorization();
        builder.Services.AddCors();
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, ApiScope);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.SetAccessTokenLifetime(AccessTokenLifetime);
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        TestIdentityProvider? provider = null;
        app.UseCors(c => c.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/connect/token" && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync();
                if (form[Parameters.GrantType] == GrantTypes.RefreshToken && provider is not null)
                {
                    Interlocked.Increment(ref provider.refreshGrants);
                }
            }

            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/login", (HttpContext context) => Results.Content(LoginForm(context.Request.Query["ReturnUrl"], failed: false), "text/html; charset=utf-8"));
        app.MapPost("/login", (Delegate)LoginAsync);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            Interlocked.Increment(ref provider!.signOuts);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        provider = new TestIdentityProvider(app, address);
        return provider;
    }

    /// <summary>Registers the web pages at <paramref name="appAddress"/> as the public client, with their sign-in and sign-out return addresses.</summary>
    public async Task RegisterClientAsync(string appAddress)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "FormFlow",
            RedirectUris = { new Uri(appAddress + "/signin/callback") },
            PostLogoutRedirectUris = { new Uri(appAddress + "/signin?signedOut=1") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Prefixes.Scope + ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<IResult> LoginAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        var person = form["username"].ToString().Trim();
        if (person.Length == 0 || form["password"] != Password || !returnUrl.StartsWith('/'))
        {
            return Results.Content(LoginForm(returnUrl, failed: true), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity([new Claim(Claims.Subject, person)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var signedIn = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!signedIn.Succeeded)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString }, [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        var person = signedIn.Principal!.FindFirst(Claims.Subject)!.Value;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, person));
        identity.AddClaim(new Claim(Claims.Name, person));
        identity.SetScopes(request.GetScopes());
        identity.SetResources(Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string LoginForm(string? returnUrl, bool failed)
    {
        var back = HtmlEncoder.Default.Encode(returnUrl ?? "/");
        var error = failed ? "<p role=\"alert\">Wrong id or password.</p>" : "";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
            <body><main><h1>Company sign-in (test provider)</h1>{{error}}
            <form method="post" action="/login">
              <input type="hidden" name="returnUrl" value="{{back}}">
              <label for="username">Employee id</label> <input id="username" name="username" autocomplete="username">
              <label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
              <button type="submit">Sign in</button>
            </form></main></body></html>
            """;
    }
}
