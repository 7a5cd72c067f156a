using System.Text;

namespace FormFlow.Organisation;

/// <summary>
/// Reads a CSV file as RFC 4180 describes it: comma-separated fields, double-quoted when they hold a comma, a
/// quote or a line break, a quote inside quotes doubled. Lines may end in CRLF, LF or CR. The text must be UTF-8
/// (a BOM is allowed): Excel on a Chinese Windows saves "CSV" in GB18030 unless asked for "CSV UTF-8", and a
/// file decoded wrongly would import garbled names, so it is refused with a hint instead.
/// </summary>
internal static class CsvSheet
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RawSheet Read(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        string text;
        try
        {
            text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return RawSheet.Unreadable(ImportProblems.NotUtf8());
        }

        return Parse(text.TrimStart('\uFEFF'));
    }

    private static RawSheet Parse(string text)
    {
        var rows = new List<RawRow>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var quoted = false; // the current field was quoted: a quote after its closing quote is an error
        var row = 1;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0 && !quoted)
            {
                var start = row;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return RawSheet.Unreadable(ImportProblems.CsvUnclosedQuote(start));
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    return RawSheet.Unreadable(ImportProblems.CsvTextAfterQuote(row));
                }

                quoted = true;
                continue;
            }

            var c = text[i++];
            switch (c)
            {
                case ',':
                    cells.Add(Take(field, ref quoted));
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i < text.Length && text[i] == '\n')
                    {
                        i++;
                    }

                    cells.Add(Take(field, ref quoted));
                    rows.Add(new RawRow(row++, cells));
                    cells = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || quoted || cells.Count > 0)
        {
            cells.Add(Take(field, ref quoted));
            rows.Add(new RawRow(row, cells));
        }

        return new RawSheet(rows, null);
    }

    private static string Take(StringBuilder field, ref bool quoted)
    {
        var value = field.ToString();
        field.Clear();
        quoted = false;
        return value;
    }
}
