using FormFlow.Api.Identity;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;

namespace FormFlow.Api.Web;

/// <summary>
/// The web pages: the built single-page application from <see cref="WebOptions.Root"/>, <c>index.html</c> for every
/// page address (<c>/</c>, <c>/tasks/{id}</c> …) so that a deep link opens its page, and the API reference for
/// integrators at <see cref="ReferencePath"/>. Hashed assets (<c>/assets/…</c>) are cached for good and sent compressed
/// to a browser that takes it (<see cref="CompressedAssets"/>), <c>index.html</c>
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
        return builder;
    }

    /// <summary>
    /// The static files of the built pages, and <c>index.html</c> for a page address that no endpoint answers; before
    /// authentication, as they hold nothing personal. The page is served here, after routing has found no endpoint,
    /// rather than by a catch-all route: such a route would turn the API's 404 and 405 answers into the page or 405s.
    /// </summary>
    public static WebApplication UseFormFlowWeb(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WebOptions>>().Value.RootFolder;
        if (!File.Exists(Path.Combine(root, IndexFile)))
        {
            LogNotBuilt(app.Logger, root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.Use((context, next) => CompressedAssets.Choose(context, files, AssetsPrefix) ? next(context) : Task.CompletedTask);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new CompressedAssets.ContentTypes(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (CompressedAssets.CodingOf(context.File.Name) is { } coding)
                {
                    headers.ContentEncoding = coding;
                }

                headers.CacheControl = context.Context.Request.Path.StartsWithSegments(AssetsPrefix.TrimEnd('/'), StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
                if (context.File.Name == IndexFile)
                {
                    PageHeaders(context.Context);
                }
            },
        });
        var index = Path.Combine(root, IndexFile);
        app.Use((context, next) => context.GetEndpoint() is null && IsPageAddress(context.Request) ? ServePageAsync(context, index) : next(context));
        return app;
    }

    public static IEndpointRouteBuilder MapFormFlowWeb(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapScalarApiReference(ReferencePath, (options, context) =>
        {
            options.WithTitle("FormFlow API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .WithNonce();
            // Its developer toolbar links to Scalar's online services: integrators read the reference, offline too.
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            // Scalar makes a nonce for each page it renders and marks its scripts with it; the policy names that nonce.
            context.Response.OnStarting(() =>
            {
                if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value)
                {
                    context.Response.Headers.ContentSecurityPolicy = ContentSecurity.ForReference(value);
                }

                return Task.CompletedTask;
            });
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A GET or HEAD of a page address: not the API (<c>/api</c>), its description (<c>/openapi</c>), health
    /// (<c>/health</c>) or the API reference, and not a file — the built pages' files are the hashed assets
    /// (<c>/assets/…</c>) and a few at the root (<c>/favicon.svg</c>), so a missing one stays 404. A deeper address
    /// with a dot is a page: keys may have dots (<c>/design/texts/notifications/task.assigned</c>).
    /// </summary>
    internal static bool IsPageAddress(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var segments = (request.Path.Value ?? "/").Trim('/').Split('/');
        var first = segments[0];
        var fileAtRoot = segments.Length == 1 && first.Contains('.', StringComparison.Ordinal);
        return !Reserved.Contains(first, StringComparer.OrdinalIgnoreCase) && !fileAtRoot;
    }

    private static readonly string[] Reserved = ["api", "openapi", "health", "assets", ReferencePath.TrimStart('/')];

    private static async Task ServePageAsync(HttpContext context, string index)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        PageHeaders(context);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = new FileInfo(index).Length;
            return;
        }

        await context.Response.SendFileAsync(index, context.RequestAborted);
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
