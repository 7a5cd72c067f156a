using FormFlow.Organisation;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Indicators;

/// <summary>What an imported row does to the library.</summary>
public enum IndicatorChange
{
    /// <summary>A key the library does not have: published as version 1.</summary>
    New,

    /// <summary>Says something else than the newest published version: published as the next version.</summary>
    Changed,

    /// <summary>Says what the newest published version says: nothing written.</summary>
    Unchanged,
}

/// <summary>One row of an imported sheet: its number, the indicator's key, what it changes, and the version now current (after applying).</summary>
public sealed record IndicatorImportRow(int Row, string Key, IndicatorChange Change, int? Version);

/// <summary>
/// An import of the library: refused with every problem (a row and column each; nothing written), or what each row
/// changes — only said when <see cref="Applied"/> is false (the preview), published when true.
/// </summary>
public sealed record IndicatorImportOutcome(bool Refused, bool Applied, IReadOnlyList<IndicatorImportRow> Rows, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// The library as an .xlsx workbook, and back (docs/indicators.md#import-and-export): all or nothing — a file with any bad
/// row publishes nothing and names every bad row and column; a good one publishes each new or changed indicator as its
/// next version, in one transaction. A preview says the same without writing.
/// </summary>
public static class IndicatorImport
{
    /// <summary>Writes the published library as an .xlsx workbook, headers in <paramref name="language"/>.</summary>
    public static async Task ExportAsync(Database database, Stream output, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var library = await IndicatorLibrary.PublishedAsync(database, cancellationToken);
        ReportTable.WriteXlsx(output, [IndicatorSheet.Table(library, language)]);
    }

    /// <summary>
    /// Reads a sheet (.xlsx, or .csv in UTF-8, by <paramref name="fileName"/>) and says what each row changes; with
    /// <paramref name="apply"/>, publishes the new and changed indicators, all in one transaction.
    /// </summary>
    public static async Task<IndicatorImportOutcome> ImportAsync(Database database, Stream file, string fileName, bool apply, string by, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(clock);
        var (indicators, problems) = IndicatorSheet.Read(file, fileName);
        if (problems.Count > 0)
        {
            return new IndicatorImportOutcome(true, false, [], problems);
        }

        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var work = apply ? await UnitOfWork.BeginAsync(database, cancellationToken) : await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var rows = new List<IndicatorImportRow>();
        try
        {
            foreach (var (row, indicator) in indicators)
            {
                var body = indicator.ToJson();
                var latest = await DefinitionStore.LatestVersionAsync(work, IndicatorLibrary.Kind, indicator.Key);
                var current = latest is { } version ? await DefinitionStore.FindAsync(work, IndicatorLibrary.Kind, indicator.Key, version) : null;
                var change = current is null ? IndicatorChange.New : IndicatorLibrary.Same(current.Body, body) ? IndicatorChange.Unchanged : IndicatorChange.Changed;
                var now = latest;
                if (apply && change != IndicatorChange.Unchanged)
                {
                    now = await DefinitionStore.PublishBodyAsync(work, IndicatorLibrary.Kind, indicator.Key, body, by, at);
                }

                rows.Add(new IndicatorImportRow(row, indicator.Key, change, now));
            }

            if (apply)
            {
                await work.CommitAsync(cancellationToken);
            }
        }
        catch (ConcurrencyConflictException)
        {
            return new IndicatorImportOutcome(true, false, [], [new ImportProblem("import-conflict", 0, null, new LocalizedText(
                "另一位作者同时发布了相同的指标，请重新导入。", "Another author published the same indicator at the same moment: import again."))]);
        }

        return new IndicatorImportOutcome(false, apply, rows, []);
    }
}
