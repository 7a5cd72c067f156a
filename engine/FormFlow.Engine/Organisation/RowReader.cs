using System.Globalization;

namespace FormFlow.Organisation;

/// <summary>
/// Reads data rows cell by cell against the header: required cells, lengths, email, locale, booleans, roles.
/// Checks that need other rows (duplicates, managers, departments) come later, in <see cref="OrgChecks"/>.
/// </summary>
internal sealed class RowReader(IReadOnlyDictionary<string, ImportColumn> columns, List<ImportProblem> problems)
{
    // The widths of the narrowest dialect (SQL Server nvarchar): a longer value would fail only at the database.
    private const int IdLimit = 64;
    private const int TextLimit = 320;

    private static readonly char[] ListSeparators = [' ', ',', '，', '、', ';', '；', '\t', '\u3000'];

    public ImportColumn Column(string name) => columns[name];

    /// <summary>The row, or null when a cell the later checks rely on (id, department) is unusable.</summary>
    public PersonRow? Read(RawRow raw)
    {
        var n = raw.Number;

        // An .xlsx cell can hold a lone surrogate (an _xD83D_ escape): no database stores it, no screen shows it.
        var broken = columns.Values.Where(c => HasLoneSurrogate(raw.Cell(c.Index))).ToList();
        if (broken.Count > 0)
        {
            problems.AddRange(broken.Select(c => ImportProblems.BrokenText(n, c)));
            return null;
        }

        var id = Required(raw, ImportColumns.Id, IdLimit);
        var nameZh = Required(raw, ImportColumns.NameZh, TextLimit);
        var email = Required(raw, ImportColumns.Email, TextLimit);
        var departmentId = Required(raw, ImportColumns.DepartmentId, IdLimit);
        if (email is not null && !IsEmail(email))
        {
            problems.Add(ImportProblems.BadEmail(n, columns[ImportColumns.Email], email));
        }

        var row = new PersonRow
        {
            Number = n,
            Id = id ?? "",
            NameZh = nameZh ?? "",
            NameEn = Optional(raw, ImportColumns.NameEn, TextLimit),
            Email = email ?? "",
            Locale = Locale(raw),
            DepartmentId = departmentId ?? "",
            DepartmentNameZh = Optional(raw, ImportColumns.DepartmentNameZh, TextLimit),
            DepartmentNameEn = Optional(raw, ImportColumns.DepartmentNameEn, TextLimit),
            ParentDepartmentId = Optional(raw, ImportColumns.ParentDepartmentId, IdLimit),
            ManagerId = Optional(raw, ImportColumns.ManagerId, IdLimit),
            Roles = RoleList(raw),
            Level = Optional(raw, ImportColumns.Level, IdLimit),
            HiredOn = Date(raw, ImportColumns.HiredOn),
            RoleFamily = Optional(raw, ImportColumns.RoleFamily, IdLimit),
            IsDepartmentHead = Boolean(raw, ImportColumns.IsDepartmentHead),
            HrbpOf = List(raw, ImportColumns.IsHrbpOf),
        };
        return id is null || departmentId is null ? null : row;
    }

    /// <summary>
    /// Deliberately simple: one @, something before it, a dotted domain after it, no spaces. The mail server is
    /// the real judge; this catches the slips of a hand-kept sheet (a missing @, a name in the email column).
    /// </summary>
    internal static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || value.Any(c => char.IsWhiteSpace(c) || c is ',' or ';' or '<' or '>'))
        {
            return false;
        }

        var domain = value[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') &&
               !domain.Contains("..", StringComparison.Ordinal);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private string? Value(RawRow raw, string name) => columns.TryGetValue(name, out var column) ? raw.Cell(column.Index) : null;

    private string? Required(RawRow raw, string name, int limit)
    {
        var value = Value(raw, name);
        if (string.IsNullOrEmpty(value))
        {
            problems.Add(ImportProblems.EmptyCell(raw.Number, columns[name]));
            return null;
        }

        return Limited(raw, name, value, limit);
    }

    private string? Optional(RawRow raw, string name, int limit)
    {
        var value = Value(raw, name);
        return string.IsNullOrEmpty(value) ? null : Limited(raw, name, value, limit);
    }

    private string? Limited(RawRow raw, string name, string value, int limit)
    {
        if (value.Length <= limit)
        {
            return value;
        }

        problems.Add(ImportProblems.TooLong(raw.Number, columns[name], limit));
        return null;
    }

    private string Locale(RawRow raw)
    {
        var value = Value(raw, ImportColumns.Locale);
        if (string.IsNullOrEmpty(value) || value.Equals("zh-CN", StringComparison.OrdinalIgnoreCase))
        {
            return "zh-CN";
        }

        if (value.Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            return "en";
        }

        problems.Add(ImportProblems.BadLocale(raw.Number, columns[ImportColumns.Locale], value));
        return "zh-CN";
    }

    // A date as people type it in a sheet: 2021-03-15, 2021/3/15 or 2021.3.15; a spreadsheet's date cell arrives as
    // yyyy-MM-dd (XlsxSheet). Anything else, a serial number included, is refused with the cell named.
    private DateOnly? Date(RawRow raw, string name)
    {
        var value = Value(raw, name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        string[] formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d"];
        if (DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(ImportProblems.BadDate(raw.Number, columns[name], value));
        return null;
    }

    private bool Boolean(RawRow raw, string name)
    {
        var value = Value(raw, name);
        switch (value?.ToUpperInvariant())
        {
            case null or "" or "FALSE" or "0" or "NO" or "N" or "否":
                return false;
            case "TRUE" or "1" or "YES" or "Y" or "是":
                return true;
            default:
                problems.Add(ImportProblems.BadBoolean(raw.Number, columns[name], value));
                return false;
        }
    }

    private List<string> RoleList(RawRow raw)
    {
        var roles = List(raw, ImportColumns.Roles).Select(r => r.ToLower(CultureInfo.InvariantCulture)).ToList();
        foreach (var unknown in roles.Where(r => !Role.IsKnown(r)))
        {
            problems.Add(ImportProblems.UnknownRole(raw.Number, columns[ImportColumns.Roles], unknown));
        }

        return roles.Count == 0 ? [Role.Employee] : roles;
    }

    private List<string> List(RawRow raw, string name) =>
        [.. (Value(raw, name) ?? "").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
