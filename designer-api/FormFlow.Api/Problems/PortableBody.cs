using FormFlow.Templates;

namespace FormFlow.Api.Problems;

/// <summary>
/// Refuses a JSON request body that holds a broken character (a lone UTF-16 surrogate, <c>"\uD83D"</c>) or a number
/// beyond a double (<c>1e400</c>) with 400 naming each such value by its JSON Pointer, before any endpoint reads it:
/// System.Text.Json cannot read such a string, PostgreSQL cannot store it, and no browser can send such a number.
/// One rule for every body (<see cref="PortableJson"/>), so no endpoint can forget it.
/// </summary>
internal sealed class PortableBody(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsJson(context.Request) || context.Request.ContentLength == 0)
        {
            await next(context);
            return;
        }

        // The size limit ran before: the body is at most the limit, and the endpoint reads it again from the start.
        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        context.Request.Body.Position = 0;
        var problems = PortableJson.Check(body.GetBuffer().AsSpan(0, (int)body.Length));
        if (problems.Count == 0)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblems.InvalidDetails(context, problems.Select(p => new FieldError(p.Pointer, p.Code, p.Message))),
        });
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type
        && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
