using System.Diagnostics;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FormFlow.Api.Problems;

/// <summary>
/// The one shape of every FormFlow error (RFC 9457 Problem Details): <c>status</c>, <c>title</c> and <c>detail</c> in
/// the caller's language, a stable <c>code</c>, the <c>traceId</c>, and for invalid requests <c>errors</c> keyed by
/// JSON Pointer, each with a code and a message. Endpoints return these; the exception handler, the status code
/// pages and the limits write them too.
/// </summary>
internal static class ApiProblems
{
    public const string CodeKey = "code";
    public const string ErrorsKey = "errors";
    public const string TraceIdKey = "traceId";

    /// <summary>task.stale: the task's current version.</summary>
    public const string CurrentVersionKey = "currentVersion";

    /// <summary>definition.has-errors: every finding of lint.</summary>
    public const string FindingsKey = "findings";

    /// <summary>An organisation file's problems, by row and column.</summary>
    public const string ProblemsKey = "problems";

    /// <summary>A problem with a status, a code and a detail of FormFlow's own.</summary>
    public static ProblemHttpResult Problem(HttpContext context, int status, string code, LocalizedText detail) =>
        TypedResults.Problem(Details(context, status, code, detail));

    /// <summary>400: the request's fields are wrong; nothing was done.</summary>
    public static ProblemHttpResult Invalid(HttpContext context, IEnumerable<FieldError> errors) =>
        TypedResults.Problem(InvalidDetails(context, errors));

    public static ProblemDetails InvalidDetails(HttpContext context, IEnumerable<FieldError> errors) =>
        WithErrorsDetails(context, StatusCodes.Status400BadRequest, "request.invalid", new LocalizedText("请求中有字段不正确，请按各字段的提示修改后重试。", "Some fields of the request are wrong; correct each as its message says and try again."), errors);

    /// <summary>A problem of any status whose <c>errors</c> name each field (JSON Pointer, or a parameter's or header's name).</summary>
    public static ProblemHttpResult WithErrors(HttpContext context, int status, string code, LocalizedText detail, IEnumerable<FieldError> errors) =>
        TypedResults.Problem(WithErrorsDetails(context, status, code, detail, errors));

    /// <summary>The one builder of <c>errors</c>: grouped by field, each entry a code and a message in the caller's language.</summary>
    public static ProblemDetails WithErrorsDetails(HttpContext context, int status, string code, LocalizedText detail, IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var details = Details(context, status, code, detail);
        details.Extensions[ErrorsKey] = errors
            .GroupBy(e => e.Pointer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => new FieldErrorBody(e.Code, ProblemLanguage.Say(context, e.Message))).ToList(), StringComparer.Ordinal);
        return details;
    }

    public static ProblemDetails Details(HttpContext context, int status, string code, LocalizedText detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var details = new ProblemDetails
        {
            Status = status,
            Title = ProblemLanguage.Say(context, Title(status)),
            Detail = ProblemLanguage.Say(context, detail),
            Instance = context.Request.Path,
        };
        details.Extensions[CodeKey] = code;
        return details;
    }

    /// <summary>Fills in what a problem lacks — a title and detail in the caller's language, a code, the trace id — whoever made it.</summary>
    public static void Complete(ProblemDetailsContext problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var context = problem.HttpContext;
        var details = problem.ProblemDetails;
        var status = details.Status ?? context.Response.StatusCode;
        if (!details.Extensions.ContainsKey(CodeKey))
        {
            // A problem the framework wrote (a status code page, the authentication handler): say it in the caller's language.
            var (code, detail) = context.Items.TryGetValue(typeof(ApiProblems), out var reason) && reason is (string c, LocalizedText d) ? (c, d) : Default(status);
            details.Title = ProblemLanguage.Say(context, Title(status));
            details.Detail = ProblemLanguage.Say(context, detail);
            details.Extensions[CodeKey] = code;
            details.Instance ??= context.Request.Path;
        }

        details.Extensions[TraceIdKey] = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Response.Headers.ContentLanguage = ProblemLanguage.Of(context);
    }

    /// <summary>Says why the status code page about to be written has its status (e.g. a valid token that names nobody).</summary>
    public static void Explain(HttpContext context, string code, LocalizedText detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[typeof(ApiProblems)] = (code, detail);
    }

    private static LocalizedText Title(int status) => status switch
    {
        400 => new("请求无效", "Bad request"),
        401 => new("需要登录", "Authentication required"),
        403 => new("无权访问", "Forbidden"),
        404 => new("未找到", "Not found"),
        405 => new("不支持该方法", "Method not allowed"),
        409 => new("冲突", "Conflict"),
        413 => new("请求体过大", "Request body too large"),
        415 => new("不支持的媒体类型", "Unsupported media type"),
        429 => new("请求过于频繁", "Too many requests"),
        >= 500 => new("服务器错误", "Server error"),
        _ => new("请求失败", "Request failed"),
    };

    private static (string Code, LocalizedText Detail) Default(int status) => status switch
    {
        400 => ("request.bad", new("请求格式不正确。", "The request is malformed.")),
        401 => ("auth.required", new("请先登录：请求须带有效的访问令牌（Authorization: Bearer …）。", "Sign in first: the request needs a valid access token (Authorization: Bearer …).")),
        403 => ("auth.forbidden", new("您无权执行此操作。", "You may not do this.")),
        404 => ("not-found", new("没有这个地址或资源。", "There is no such address or resource.")),
        405 => ("method-not-allowed", new("此地址不接受这个 HTTP 方法。", "This address does not take this HTTP method.")),
        413 => ("request.too-large", new("请求体过大。", "The request body is too large.")),
        415 => ("request.media-type", new("请求体须为 JSON（Content-Type: application/json）。", "The request body must be JSON (Content-Type: application/json).")),
        429 => ("rate-limited", new("请求过于频繁，请稍后再试。", "Too many requests: try again later.")),
        >= 500 => ("server.error", new("服务器出错了，请稍后再试；如果问题持续，请把 traceId 告诉管理员。", "Something went wrong on the server: try again later, and if it goes on, give the administrator the traceId.")),
        _ => ("request.failed", new("请求未能完成。", "The request could not be completed.")),
    };
}
