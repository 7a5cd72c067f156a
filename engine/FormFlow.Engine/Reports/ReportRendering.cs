using System.Text;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>How a report is delivered: the page its template lays out, or its tables as CSV or an XLSX workbook.</summary>
public enum ReportFormat
{
    Html = 0,
    Csv = 1,
    Xlsx = 2,
}

/// <summary>A rendered report: its bytes, their media type, and the file name to save it under.</summary>
public sealed record RenderedReport(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Builds a report's model from the database and renders it, for a server: HTML through the current template of the
/// report (the newest published version, else the shipped one — <see cref="ReportCatalog.RenderAsync"/>), CSV (UTF-8
/// with a BOM, so that Excel reads the Chinese headers) or XLSX (a sheet per table). Authorisation is the caller's.
/// </summary>
public static class ReportRendering
{
    public const string HtmlType = "text/html; charset=utf-8";
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The reports by key: <c>cycle-progress</c>, <c>pre-interview</c>, <c>follow-up</c>, <c>history</c>.</summary>
    public static IReadOnlyList<string> Keys => ReportTemplates.Keys;

    /// <summary>The names of a report's tables (for <c>table=</c>); none for a report that is a page only.</summary>
    public static IReadOnlyList<string> Tables(string key) => key switch
    {
        ReportTemplates.CycleProgress => ["departments", "managers", "overdue", "ratings"],
        ReportTemplates.FollowUp => ["actions"],
        ReportTemplates.History => ["ratings"],
        _ => [],
    };

    /// <summary>
    /// Renders report <paramref name="key"/> about <paramref name="subjectId"/> (the cycle of <c>cycle-progress</c>, the
    /// employee of <c>pre-interview</c> and <c>history</c>, the manager of <c>follow-up</c>) for <paramref name="readerId"/>
    /// in <paramref name="locale"/>'s language; null when there is no such subject (or, for <c>pre-interview</c>, no annual
    /// review of theirs the reader sees). Whether the reader may read the report at all is the caller's to decide; what it
    /// holds is what the processes let the reader read (<see cref="Workflows.InstanceDesk"/>). CSV is one table:
    /// <paramref name="table"/>, or the report's only one; XLSX is <paramref name="table"/>'s sheet, or every table.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown key or table, or CSV of several tables without <paramref name="table"/>.</exception>
    public static async Task<RenderedReport?> RenderAsync(Database database, TimeProvider clock, string key, string subjectId, string readerId, string locale, ReportFormat format, string? table = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(subjectId);
        if (!Keys.Contains(key, StringComparer.Ordinal))
        {
            throw new ArgumentException($"there is no report {key}", nameof(key));
        }

        var names = Tables(key);
        if (format != ReportFormat.Html && (names.Count == 0 || (table is not null && !names.Contains(table, StringComparer.Ordinal)) || (format == ReportFormat.Csv && table is null && names.Count > 1)))
        {
            throw new ArgumentException($"report {key} has the tables [{string.Join(", ", names)}]; CSV is one of them", nameof(table));
        }

        var built = await BuildAsync(database, clock, key, subjectId, readerId, locale, cancellationToken);
        if (built is null)
        {
            return null;
        }

        var (model, tables) = built.Value;
        var stem = key + "-" + Safe(subjectId);
        switch (format)
        {
            case ReportFormat.Html:
                await using (var work = await UnitOfWork.BeginReadAsync(database, cancellationToken))
                {
                    var rendered = await ReportCatalog.RenderAsync(work, key, locale, model);
                    if (rendered.Error is { } error)
                    {
                        throw new InvalidOperationException($"the report {key} did not render: {error}");
                    }

                    return new RenderedReport(Encoding.UTF8.GetBytes(rendered.Text!), HtmlType, stem + ".html");
                }

            case ReportFormat.Csv:
                var one = tables.Single(t => t.Name == (table ?? names[0]));
                return new RenderedReport([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(one.ToCsv())], CsvType, $"{stem}-{one.Name}.csv");

            default:
                using (var output = new MemoryStream())
                {
                    ReportTable.WriteXlsx(output, [.. tables.Where(t => table is null || t.Name == table)]);
                    return new RenderedReport(output.ToArray(), XlsxType, stem + (table is null ? "" : "-" + table) + ".xlsx");
                }
        }
    }

    internal static async Task<(ScriptObject Model, IReadOnlyList<ReportTable> Tables)?> BuildAsync(Database database, TimeProvider clock, string key, string subjectId, string readerId, string locale, CancellationToken cancellationToken)
    {
        switch (key)
        {
            case ReportTemplates.CycleProgress:
                var progress = await CycleProgressModel.BuildAsync(database, clock, subjectId, readerId, locale, cancellationToken: cancellationToken);
                return progress is null ? null : (progress.ToScriptObject(), progress.Tables());
            case ReportTemplates.PreInterview:
                var preInterview = await PreInterviewModel.BuildAsync(database, clock, subjectId, readerId, locale, cancellationToken);
                return preInterview is null ? null : (preInterview.ToScriptObject(), []);
            case ReportTemplates.FollowUp:
                var followUp = await FollowUpModel.BuildAsync(database, clock, subjectId, readerId, locale, cancellationToken);
                return followUp is null ? null : (followUp.ToScriptObject(), [followUp.Table()]);
            default:
                var history = await HistoryModel.BuildAsync(database, clock, subjectId, readerId, locale, cancellationToken);
                return history is null ? null : (history.ToScriptObject(), [history.Ratings()]);
        }
    }

    // A file name that every browser and file system takes: the id's letters, digits, '-' and '_', others as '_'.
    private static string Safe(string id) =>
        new([.. id.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    /// <summary>The language a report is written in for <paramref name="locale"/>: <c>zh-CN</c> or <c>en</c>.</summary>
    public static string LanguageOf(string? locale) => NotificationTemplate.LanguageOf(locale);
}
