using System.Security.Cryptography;
using FormFlow.Api.Identity;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;

namespace FormFlow.Api.Web;

/// <summary>
/// The web pages: the built single-page application from <see cref="WebOptions.Root"/>, <c>index.html</c> for every
/// page address (<c>/</c>, <c>/tasks/{id}</c> …) so that a deep link opens its page, and the API reference for
/// integrators at <see cref="ReferencePath"/>. Hashed assets (<c>/assets/…</c>) are cached for good, <c>index.html</c>
/// never without asking again. The API, its description, health and a missing asset file are never answered with the
/// page: they keep their own answers (404 for a missing file).
/// </summary>
internal static partial class WebPages
{
    public const string ReferencePath = "/api-reference";
    private const string IndexFile = "index.html";
    private const string AssetsPrefix = "/assets/";

    public static WebApplicationBuilder AddFormFlowWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section);
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<PagePathConstraint>(PagePathConstraint.Name));
        return builder;
    }

    /// <summary>The static files of the built pages; before authentication, as they hold nothing personal.</summary>
    public static WebApplication UseFormFlowWeb(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WebOptions>>().Value.RootFolder;
        if (!File.Exists(Path.Combine(root, IndexFile)))
        {
            LogNotBuilt(app.Logger, root);
            return app;
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments(AssetsPrefix.TrimEnd('/'), StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
                if (context.File.Name == IndexFile)
                {
                    PageHeaders(context.Context);
                }
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapFormFlowWeb(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapScalarApiReference(ReferencePath, (options, context) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            options.WithTitle("FormFlow API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .WithNonce(nonce);
            // Its developer toolbar links to Scalar's online services: integrators read the reference, offline too.
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            context.Response.Headers.ContentSecurityPolicy = ContentSecurity.ForReference(nonce);
        }).AllowAnonymous();

        app.MapMethods($"{{*path:nonfile:{PagePathConstraint.Name}}}", [HttpMethods.Get, HttpMethods.Head], ServePage)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);
        return app;
    }

    // index.html for a page address; 404 when the pages are not built (the status code page says so in Problem Details).
    private static IResult ServePage(HttpContext context, IOptions<WebOptions> options)
    {
        var file = Path.Combine(options.Value.RootFolder, IndexFile);
        if (!File.Exists(file))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        PageHeaders(context);
        return Results.File(file, "text/html; charset=utf-8");
    }

    private static void PageHeaders(HttpContext context)
    {
        var identity = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value;
        context.Response.Headers.ContentSecurityPolicy = ContentSecurity.ForPages(identity);
        context.Response.Headers[HeaderNames.XFrameOptions] = "DENY";
        context.Response.Headers["Referrer-Policy"] = "same-origin";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web pages are not built ({Root} has no index.html): / answers 404. dotnet build builds them (it needs Node.js and npm).")]
    private static partial void LogNotBuilt(ILogger logger, string root);
}

/// <summary>
/// A page address: not the API (<c>/api</c>), its description (<c>/openapi</c>), health (<c>/health</c>) or the API
/// reference. Those keep their own answers — a 404 or 405 in Problem Details — instead of the page.
/// </summary>
internal sealed class PagePathConstraint : IRouteConstraint
{
    public const string Name = "page";
    private static readonly string[] Reserved = ["api", "openapi", "health", WebPages.ReferencePath.TrimStart('/')];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        var path = values.TryGetValue(routeKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
        var first = path.Split('/', 2)[0];
        return !Reserved.Contains(first, StringComparer.OrdinalIgnoreCase);
    }
}
