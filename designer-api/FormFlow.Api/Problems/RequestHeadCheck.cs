using System.Globalization;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.Features;

namespace FormFlow.Api.Problems;

/// <summary>
/// Refuses a request whose address or headers are too long with Problem Details (414, 431), as every other error is
/// answered. Kestrel answers such requests itself with an empty body and no way to change it, so its own limits are
/// set to four times these (<see cref="ProblemsSetup"/>) and the limits a client meets are these; a request past even
/// Kestrel's still gets Kestrel's bare answer, as does a NUL in the path, which Kestrel refuses before any middleware.
/// </summary>
internal sealed class RequestHeadCheck(RequestDelegate next)
{
    /// <summary>The longest request target (path and query) answered, in characters.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The most header bytes (names and values) answered.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most headers answered.</summary>
    public const int MaxHeaderCount = 100;

    private static readonly string TargetLimit = MaxTargetLength.ToString("N0", CultureInfo.InvariantCulture);
    private static readonly string HeaderLimit = MaxHeaderBytes.ToString("N0", CultureInfo.InvariantCulture);

    public Task InvokeAsync(HttpContext context)
    {
        // The target as sent; a server that does not keep it (an in-process test server) gives the parsed one.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = string.IsNullOrEmpty(raw) ? context.Request.PathBase.Value + context.Request.Path.Value + context.Request.QueryString.Value : raw;
        if (target.Length > MaxTargetLength)
        {
            return RefuseAsync(context, StatusCodes.Status414UriTooLong, "request.uri-too-long", new LocalizedText(
                $"请求地址超过了 {TargetLimit} 个字符的上限。", $"The request's address is over the limit of {TargetLimit} characters."));
        }

        var count = 0;
        long bytes = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }

        if (count > MaxHeaderCount || bytes > MaxHeaderBytes)
        {
            return RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "request.headers-too-large", new LocalizedText(
                $"请求头过多或过大（上限 {MaxHeaderCount} 个、{HeaderLimit} 字节）。", $"The request's headers are too many or too large (the limit is {MaxHeaderCount} headers, {HeaderLimit} bytes)."));
        }

        return next(context);
    }

    private static async Task RefuseAsync(HttpContext context, int status, string code, LocalizedText message)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblems.Details(context, status, code, message),
        });
    }
}
