using FormFlow.Storage;

namespace FormFlow.Organisation;

/// <summary>
/// Imports the organisation from one file of people (.csv in UTF-8 or .xlsx, header in row 1; see
/// docs/organisation.md). All or nothing: the file is checked whole, every problem is reported with its row and
/// column, and only a file without problems replaces the stored organisation.
/// </summary>
internal static class OrganisationImport
{
    /// <summary>Reads and checks a file; <paramref name="fileName"/> tells its type by its extension.</summary>
    public static ImportResult Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var sheet = Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".CSV" => CsvSheet.Read(stream),
            ".XLSX" => XlsxSheet.Read(stream),
            _ => RawSheet.Unreadable(ImportProblems.UnknownFileType(fileName)),
        };
        if (sheet.Problem is not null)
        {
            return ImportResult.Rejected([sheet.Problem]);
        }

        if (sheet.Rows.Count == 0 || sheet.Rows[0].IsBlank)
        {
            return ImportResult.Rejected([ImportProblems.Empty()]);
        }

        var problems = new List<ImportProblem>();
        var columns = Header(sheet.Rows[0], problems);
        if (problems.Count > 0)
        {
            // Without the columns the rows cannot be read; one problem per missing column is the useful report.
            return ImportResult.Rejected(problems);
        }

        var reader = new RowReader(columns, problems);
        var rows = sheet.Rows.Skip(1).Where(r => !r.IsBlank).Select(reader.Read).OfType<PersonRow>().ToList();
        var organisation = new OrgChecks(reader, problems).Check(rows);
        return organisation is null ? ImportResult.Rejected(problems) : ImportResult.Of(organisation);
    }

    /// <summary>
    /// Parses the file and, when it has no problem, replaces the organisation in <paramref name="work"/>; the
    /// caller commits. A file with problems writes nothing.
    /// </summary>
    public static async Task<ImportResult> ImportAsync(UnitOfWork work, Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        var result = Parse(stream, fileName);
        if (result.Organisation is not null)
        {
            await OrganisationStore.ReplaceAsync(work, result.Organisation, cancellationToken);
        }

        return result;
    }

    /// <summary>The recognised columns by canonical name; unknown headers are ignored (a sheet may carry notes).</summary>
    private static Dictionary<string, ImportColumn> Header(RawRow header, List<ImportProblem> problems)
    {
        var columns = new Dictionary<string, ImportColumn>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var text = header.Cell(i);
            if (ImportColumns.Recognise(text) is not { } name)
            {
                continue;
            }

            var column = new ImportColumn(name, text, i);
            if (!columns.TryAdd(name, column))
            {
                problems.Add(ImportProblems.DuplicateColumn(columns[name], column));
            }
        }

        problems.AddRange(ImportColumns.Required.Where(c => !columns.ContainsKey(c)).Select(ImportProblems.MissingColumn));
        return columns;
    }
}
