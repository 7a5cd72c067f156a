using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace FormFlow.Api.Reports;

/// <summary>
/// <c>/api/reports</c>: the reports, rendered with their current template (the newest published, else the shipped) as
/// HTML, or their tables as CSV (UTF-8 with a BOM) or XLSX. A report the caller may not read answers exactly as one
/// that does not exist: 404, naming nobody.
/// </summary>
internal static class ReportsApi
{
    private const string CycleProgress = "cycle-progress";
    private const string PreInterview = "pre-interview";
    private const string FollowUp = "follow-up";
    private const string History = "history";

    /// <summary>What an HTML report may do in a browser: lay itself out with its own styles and inline images, nothing more.</summary>
    internal const string HtmlPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").RequireAuthorization().WithTags("Reports");
        Describe(group.MapGet("/cycle-progress/{cycleId}", CycleProgressAsync), "CycleProgressReport", "A cycle's progress (administrators, the cycle's HRBP) / 考核周期进度报表");
        Describe(group.MapGet("/pre-interview/{employeeId}", PreInterviewAsync), "PreInterviewReport", "Pre-interview analysis of an employee (their managers, department head, HRBP, administrators) / 面谈前分析");
        Describe(group.MapGet("/follow-up", FollowUpAsync), "FollowUpReport", "A manager's follow-up of their reports' plans (managerId= for HRBPs, administrators) / 计划跟进报表");
        Describe(group.MapGet("/history", HistoryAsync), "HistoryReport", "An employee's own history (employeeId= for HRBPs, administrators) / 个人历史");
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CycleProgressAsync(
        string cycleId,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        [FromQuery] string? format,
        [FromQuery] string? table,
        [FromQuery] string? lang,
        CancellationToken cancellationToken) =>
        await RenderAsync(context, database, clock, CycleProgress, cycleId, current.Id, format, table, lang, () =>
            ReportAccess.MayReadAsync(database, current.Id, CycleProgress, cycleId, cancellationToken), cancellationToken);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PreInterviewAsync(
        string employeeId,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        [FromQuery] string? format,
        [FromQuery] string? lang,
        CancellationToken cancellationToken) =>
        await RenderAsync(context, database, clock, PreInterview, employeeId, current.Id, format, null, lang, () =>
            ReportAccess.MayReadAsync(database, current.Id, PreInterview, employeeId, cancellationToken), cancellationToken);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FollowUpAsync(
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        [FromQuery] string? managerId,
        [FromQuery] string? format,
        [FromQuery] string? table,
        [FromQuery] string? lang,
        CancellationToken cancellationToken)
    {
        var subject = string.IsNullOrEmpty(managerId) ? current.Id : managerId;
        return await RenderAsync(context, database, clock, FollowUp, subject, current.Id, format, table, lang, () => ReportAccess.MayReadAsync(database, current.Id, FollowUp, subject, cancellationToken), cancellationToken);
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HistoryAsync(
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        [FromQuery] string? employeeId,
        [FromQuery] string? format,
        [FromQuery] string? table,
        [FromQuery] string? lang,
        CancellationToken cancellationToken)
    {
        var subject = string.IsNullOrEmpty(employeeId) ? current.Id : employeeId;
        return await RenderAsync(context, database, clock, History, subject, current.Id, format, table, lang, () => ReportAccess.MayReadAsync(database, current.Id, History, subject, cancellationToken), cancellationToken);
    }

    private static void Describe(RouteHandlerBuilder endpoint, string name, string summary) => endpoint
        .WithName(name)
        .WithSummary(summary)
        .Produces<byte[]>(StatusCodes.Status200OK, "text/html", "text/csv", ReportRendering.XlsxType)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);


    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RenderAsync(
        HttpContext context,
        Database database,
        TimeProvider clock,
        string key,
        string subjectId,
        string readerId,
        string? format,
        string? table,
        string? lang,
        Func<Task<bool>> allowed,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ReportFormat? chosen = (format ?? "html").ToUpperInvariant() switch
        {
            "HTML" => ReportFormat.Html,
            "CSV" => ReportFormat.Csv,
            "XLSX" => ReportFormat.Xlsx,
            _ => null,
        };
        var tables = ReportRendering.Tables(key);
        if (chosen is null || (chosen != ReportFormat.Html && tables.Count == 0))
        {
            errors.Add(new FieldError("format", "report.format", tables.Count == 0
                ? new LocalizedText("这份报表只有 html 格式。", "This report comes as html only.")
                : new LocalizedText("format 须为 html、csv 或 xlsx。", "format must be html, csv or xlsx.")));
        }
        else if (chosen != ReportFormat.Html && table is not null && !tables.Contains(table, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("table", "report.table", new LocalizedText($"table 须为 {string.Join("、", tables)} 之一。", $"table must be one of {string.Join(", ", tables)}.")));
        }
        else if (chosen == ReportFormat.Csv && table is null && tables.Count > 1)
        {
            errors.Add(new FieldError("table", "report.table-required", new LocalizedText($"CSV 一次一张表：请用 table 指定 {string.Join("、", tables)} 之一。", $"CSV is one table at a time: give table, one of {string.Join(", ", tables)}.")));
        }

        if (lang is not null && !lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !lang.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("lang", "report.lang", new LocalizedText("lang 须为 zh-CN 或 en。", "lang must be zh-CN or en.")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        if (!await allowed())
        {
            return NotFound(context);
        }

        var language = lang is null ? ProblemLanguage.Of(context) : ReportRendering.LanguageOf(lang);
        var report = await ReportRendering.RenderAsync(database, clock, key, subjectId, readerId, language, chosen!.Value, chosen == ReportFormat.Html ? null : table, cancellationToken);
        if (report is null)
        {
            return NotFound(context);
        }

        context.Response.Headers.ContentLanguage = language;
        if (chosen == ReportFormat.Html)
        {
            // A page to show: inline, with the name to save it under. Its template is an author's and its model holds
            // what people wrote, so the page is sandboxed: no script runs in this API's origin, nothing is fetched.
            var disposition = new ContentDispositionHeaderValue("inline");
            disposition.SetHttpFileName(report.FileName);
            context.Response.Headers.ContentDisposition = disposition.ToString();
            context.Response.Headers.ContentSecurityPolicy = HtmlPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(report.Content, report.ContentType);
        }

        return TypedResults.File(report.Content, report.ContentType, report.FileName);
    }

    private static ProblemHttpResult NotFound(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "report.not-found", new LocalizedText(
            "没有这份报表，或您无权查看。", "There is no such report, or you may not see it."));
}
