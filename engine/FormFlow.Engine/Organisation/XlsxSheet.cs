using System.Globalization;
using System.Xml;
using MiniExcelLibs;

namespace FormFlow.Organisation;

/// <summary>
/// Reads the first sheet of an .xlsx workbook as text cells. Excel stores typed values: a numeric id comes back
/// as 1001 (not "1001.0"), a boolean as true/false, so that the checks see what the person typed.
/// </summary>
internal static class XlsxSheet
{
    public static RawSheet Read(Stream stream)
    {
        // The workbook is a zip archive, which needs a seekable stream; an upload may not be one.
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        try
        {
            var rows = new List<RawRow>();

            // MiniExcel yields every row from the first, blank ones included, so the n-th row is row n in Excel.
            foreach (IDictionary<string, object?> cells in buffer.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                rows.Add(new RawRow(rows.Count + 1, Texts(cells)));
            }

            return new RawSheet(rows, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only the uploaded bytes are read here (no database, no network): whatever a malformed workbook makes
            // the parser throw (a shared-string index with no shared strings throws NullReferenceException) is
            // the file's problem, reported as such.
            return RawSheet.Unreadable(ImportProblems.Unreadable(e.Message));
        }
    }

    private static List<string> Texts(IDictionary<string, object?> cells)
    {
        // Keys are column letters (A, B, ..., AA); place each value by its letter, not by enumeration order.
        var texts = new List<string>();
        foreach (var (letter, value) in cells)
        {
            var index = ColumnIndex(letter);
            while (texts.Count <= index)
            {
                texts.Add("");
            }

            texts[index] = Text(value);
        }

        return texts;
    }

    private static int ColumnIndex(string letters) => letters.Aggregate(0, (n, c) => (n * 26) + (char.ToUpperInvariant(c) - 'A' + 1)) - 1;

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
