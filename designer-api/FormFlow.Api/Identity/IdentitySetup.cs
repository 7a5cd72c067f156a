using System.Globalization;
using System.Threading.RateLimiting;
using FormFlow.Api.Problems;
using FormFlow.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FormFlow.Api.Identity;

/// <summary>
/// JWT bearer authentication from configuration, the current person of each request, authorisation that requires a
/// known person on every endpoint unless it says otherwise, and the sign-in rate limit.
/// </summary>
internal static partial class IdentitySetup
{
    public static WebApplicationBuilder AddFormFlowIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.Section)
            .Validate(o => o.SigningKeys.All(DevTokens.IsUsable), "FormFlow:Identity:SigningKeys must each be base64 of at least 32 bytes")
            .Validate(o => !o.DevSignIn.Enabled || DevTokens.IsUsable(o.DevSignIn.SigningKey), "FormFlow:Identity:DevSignIn:SigningKey must be base64 of at least 32 bytes when the development sign-in is enabled")
            .Validate(o => !o.DevSignIn.Enabled || (!string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience)), "FormFlow:Identity:Issuer and Audience are required when the development sign-in is enabled")
            .Validate(o => o.DevSignIn.TokenMinutes is > 0 and <= 24 * 60 && o.DevSignIn.PermitPerMinute > 0, "FormFlow:Identity:DevSignIn:TokenMinutes must be 1..1440 and PermitPerMinute positive")
            // Anyone reaching the address could sign in as anyone: a production host refuses to start with it.
            .Validate(o => !o.DevSignIn.Enabled || !builder.Environment.IsProduction(), "FormFlow:Identity:DevSignIn:Enabled must not be true in the Production environment: anyone could sign in as anyone")
            // The repository's development key is public: a production host accepting it would accept anyone's tokens.
            .Validate(o => !builder.Environment.IsProduction() || !o.SigningKeys.Contains(DevTokens.RepositoryKey, StringComparer.Ordinal), "FormFlow:Identity:SigningKeys must not hold the development key of the repository in the Production environment: it is public, so anyone could sign tokens")
            .Validate(o => o.MaxTokenHours is > 0 and <= 24 * 30, "FormFlow:Identity:MaxTokenHours must be 1..720")
            .Validate(o => !o.DevSignIn.Enabled || o.DevSignIn.TokenMinutes <= o.MaxTokenHours * 60, "FormFlow:Identity:DevSignIn:TokenMinutes must not exceed MaxTokenHours")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityOptions>, TimeProvider>((jwt, identity, clock) => Configure(jwt, identity.Value, clock));

        var knownPerson = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new KnownPersonRequirement())
            .Build();
        services.AddAuthorizationBuilder().SetDefaultPolicy(knownPerson).SetFallbackPolicy(knownPerson);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RoutingAnswers>();
        services.AddScoped<CurrentPerson>();
        services.AddScoped<IAuthorizationHandler, KnownPersonHandler>();
        services.AddSingleton<DevTokens>();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(DevSignInApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.DevSignIn.PermitPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                ApiProblems.Explain(context.HttpContext, "rate-limited", new LocalizedText("登录尝试过于频繁，请稍后再试。", "Too many sign-in attempts: try again later."));
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    public static WebApplication UseFormFlowIdentity(this WebApplication app)
    {
        var identity = app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value;
        if (string.IsNullOrWhiteSpace(identity.Authority) && identity.SigningKeys.Count == 0 && !identity.DevSignIn.Enabled)
        {
            LogNoIdentityProvider(app.Logger);
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static void Configure(JwtBearerOptions jwt, IdentityOptions identity, TimeProvider clock)
    {
        // Claims keep the names the token gives them ("sub" stays "sub").
        jwt.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(identity.Authority))
        {
            jwt.Authority = identity.Authority;
            jwt.RequireHttpsMetadata = identity.RequireHttpsMetadata;
        }

        var keys = identity.SigningKeys.Select(DevTokens.Key).ToList();
        if (identity.DevSignIn.Enabled && identity.DevSignIn.SigningKey is { } devKey)
        {
            keys.Add(DevTokens.Key(devKey));
        }

        var skew = TimeSpan.FromMinutes(1);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = identity.Issuer,
            ValidAudience = identity.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys,
            NameClaimType = identity.PersonClaim,
            ClockSkew = skew,

            // The token's lifetime is checked against the host's one clock, so that a test's fake clock holds here too.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (expires is { } late && late.ToUniversalTime() > now + TimeSpan.FromHours(identity.MaxTokenHours) + skew)
                {
                    throw new TokenTooLongLivedException();
                }

                return expires is { } end && now < end.ToUniversalTime() + skew && (notBefore is not { } start || now >= start.ToUniversalTime() - skew);
            },
        };
        jwt.Events = new JwtBearerEvents
        {
            // A token that names nobody is not a sign-in at all (401), not a sign-in of someone unknown (403).
            OnTokenValidated = context =>
            {
                if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(identity.PersonClaim)?.Value))
                {
                    context.Fail(new TokenWithoutPersonException(identity.PersonClaim));
                }

                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                if (context.AuthenticateFailure is { } failure)
                {
                    ApiProblems.Explain(context.HttpContext, "auth.invalid-token", failure switch
                    {
                        TokenTooLongLivedException => new LocalizedText(
                            $"访问令牌的有效期超过 {identity.MaxTokenHours} 小时，不予接受。", $"The access token is valid for longer than {identity.MaxTokenHours} hours: it is not accepted."),
                        TokenWithoutPersonException => new LocalizedText(
                            $"访问令牌没有指明人员（{identity.PersonClaim}）。", $"The access token names no person (its \"{identity.PersonClaim}\" claim is missing)."),
                        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => new LocalizedText("访问令牌已过期，请重新登录。", "The access token has expired: sign in again."),
                        _ => new LocalizedText("访问令牌无效（签发者、受众或签名不符）。", "The access token is not valid (its issuer, audience or signature does not match)."),
                    });
                }

                return Task.CompletedTask;
            },
        };
    }

    private sealed class TokenTooLongLivedException() : SecurityTokenInvalidLifetimeException("The token expires later than FormFlow:Identity:MaxTokenHours from now");

    private sealed class TokenWithoutPersonException(string claim) : SecurityTokenValidationException($"The token has no \"{claim}\" claim");

    [LoggerMessage(Level = LogLevel.Warning, Message = "No identity provider is configured (FormFlow:Identity:Authority or SigningKeys): every /api request will be refused with 401")]
    private static partial void LogNoIdentityProvider(ILogger logger);
}
