using System.Text.Json;
using FormFlow.Text;
using Microsoft.AspNetCore.Diagnostics;

namespace FormFlow.Api.Problems;

/// <summary>
/// Every exception an endpoint lets out becomes a Problem Details answer: a body that is not JSON, has a wrong type or
/// an unknown field → 400 naming the field; another bad request → its status; anything else → 500 with no internals
/// (the error is logged with the trace id the answer carries).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: there is nobody to answer.
            return true;
        }

        var details = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => ApiProblems.InvalidDetails(httpContext, [JsonErrors.Describe(json)]),
            JsonException json => ApiProblems.InvalidDetails(httpContext, [JsonErrors.Describe(json)]),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiProblems.Details(httpContext, StatusCodes.Status413PayloadTooLarge, "request.too-large", new LocalizedText("请求体过大。", "The request body is too large.")),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ApiProblems.Details(httpContext, StatusCodes.Status415UnsupportedMediaType, "request.media-type", new LocalizedText("请求体须为 JSON（Content-Type: application/json）。", "The request body must be JSON (Content-Type: application/json).")),
            BadHttpRequestException bad => ApiProblems.Details(httpContext, bad.StatusCode, "request.bad", new LocalizedText("请求格式不正确：请检查请求体和参数。", "The request is malformed: check its body and parameters.")),
            _ => null,
        };
        if (details is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            details = ApiProblems.Details(httpContext, StatusCodes.Status500InternalServerError, "server.error", new LocalizedText(
                "服务器出错了，请稍后再试；如果问题持续，请把 traceId 告诉管理员。",
                "Something went wrong on the server: try again later, and if it goes on, give the administrator the traceId."));
        }

        httpContext.Response.StatusCode = details.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception error, string method, string path);
}
