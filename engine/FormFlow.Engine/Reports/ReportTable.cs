using System.Text;
using MiniExcelLibs;

namespace FormFlow.Reports;

/// <summary>One table of a report (a sheet of its XLSX, a CSV file of its own): a name, headers in the report's language, rows of text.</summary>
internal sealed record ReportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>RFC 4180 CSV with CRLF line ends; a cell that a spreadsheet would run as a formula is prefixed with a quote.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        Line(csv, Headers);
        foreach (var row in Rows)
        {
            Line(csv, row);
        }

        return csv.ToString();
    }

    /// <summary>Every table as one sheet of an XLSX workbook, headers on the first row.</summary>
    public static void WriteXlsx(Stream output, IReadOnlyList<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = new List<Dictionary<string, object>>();
            foreach (var row in table.Rows)
            {
                var cells = new Dictionary<string, object>(StringComparer.Ordinal);
                for (var i = 0; i < table.Headers.Count; i++)
                {
                    cells[table.Headers[i]] = i < row.Count ? Defused(row[i]) : string.Empty;
                }

                rows.Add(cells);
            }

            if (rows.Count == 0)
            {
                rows.Add(table.Headers.ToDictionary(h => h, _ => (object)string.Empty, StringComparer.Ordinal));
            }

            sheets[table.Name] = rows;
        }

        output.SaveAs(sheets);
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var cell = Defused(cells[i]);
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(cell);
            }
        }

        csv.Append("\r\n");
    }

    // A name typed as "=HYPERLINK(...)" must stay a name when HR opens the file in Excel. The six characters are
    // OWASP's: a spreadsheet also starts a formula after a leading tab or carriage return. A number stays a number.
    private static string Defused(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _)
        ? "'" + cell
        : cell;
}
