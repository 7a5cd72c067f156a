using System.Text;
using FormFlow.Organisation;
using MiniExcelLibs;

namespace FormFlow.Tests.Organisation;

/// <summary>One row of a test organisation file: a valid person of department D1 by default, changed with <c>with</c>.</summary>
internal sealed record PersonLine
{
    public required string Id { get; init; }

    public string NameZh { get; init; } = "张三";

    public string NameEn { get; init; } = "Zhang San";

    public string? Email { get; init; }

    public string Locale { get; init; } = "zh-CN";

    public string DepartmentId { get; init; } = "D1";

    public string DepartmentNameZh { get; init; } = "研发部";

    public string DepartmentNameEn { get; init; } = "R&D";

    public string ParentDepartmentId { get; init; } = "";

    public string ManagerId { get; init; } = "";

    public string Roles { get; init; } = "employee";

    public bool IsDepartmentHead { get; init; }

    public string IsHrbpOf { get; init; } = "";

    public string Level { get; init; } = "";

    public string HiredOn { get; init; } = "";

    public static PersonLine Of(string id, string manager = "") => new() { Id = id, ManagerId = manager };

    public string?[] Cells() =>
    [
        Id, NameZh, NameEn, Email ?? $"{Id.ToLowerInvariant()}@example.com", Locale, DepartmentId, DepartmentNameZh, DepartmentNameEn,
        ParentDepartmentId, ManagerId, Roles, IsDepartmentHead ? "true" : "false", IsHrbpOf, Level, HiredOn,
    ];
}

/// <summary>Writes test people as the files HR teams upload: CSV (UTF-8, RFC 4180) or .xlsx, English or Chinese headers.</summary>
internal sealed class OrgFile(IEnumerable<PersonLine> lines, IReadOnlyList<string>? header = null)
{
    public static readonly IReadOnlyList<string> EnglishHeader =
    [
        "id", "name_zh", "name_en", "email", "locale", "department_id", "department_name_zh", "department_name_en",
        "parent_department_id", "manager_id", "roles", "is_department_head", "is_hrbp_of", "level", "hired_on",
    ];

    public static readonly IReadOnlyList<string> ChineseHeader =
    [
        "工号", "姓名", "英文名", "邮箱", "语言", "部门编号", "部门", "部门英文名", "上级部门", "上级", "角色", "部门负责人", "HRBP负责部门", "职级", "入职日期",
    ];

    public IReadOnlyList<PersonLine> Lines { get; } = [.. lines];

    public IReadOnlyList<string> Header { get; } = header ?? EnglishHeader;

    public string CsvText()
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Header.Select(Quote))).Append("\r\n");
        foreach (var line in Lines)
        {
            text.Append(string.Join(',', line.Cells().Select(Quote))).Append("\r\n");
        }

        return text.ToString();
    }

    public MemoryStream Csv(bool bom = true) => new([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(CsvText())]);

    public ImportResult Parse() => OrganisationImport.Parse(Csv(), "people.csv");

    /// <summary>Writes the first sheet of a workbook; the head column is written as real Excel booleans.</summary>
    public string WriteXlsx(string folder)
    {
        var path = Path.Combine(folder, $"people-{Guid.NewGuid():N}.xlsx");
        var head = EnglishHeader.ToList().IndexOf("is_department_head");
        var rows = Lines.Select(line =>
        {
            var cells = line.Cells();
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < Header.Count; i++)
            {
                row[Header[i]] = i == head ? bool.Parse(cells[i]!) : cells[i];
            }

            return row;
        });
        MiniExcel.SaveAs(path, rows);
        return path;
    }

    private static string Quote(string? value) =>
        value is not null && value.IndexOfAny([',', '"', '\r', '\n']) >= 0
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value ?? "";
}

/// <summary>Reads the problems of a result the way the assertions compare them.</summary>
internal static class ProblemList
{
    public static IEnumerable<string> Codes(this ImportResult result) => result.Problems.Select(p => p.Code);

    public static IEnumerable<(string Code, int Row, string? Column)> Places(this ImportResult result) =>
        result.Problems.Select(p => (p.Code, p.Row, p.Column));

    public static string Describe(this ImportResult result) =>
        string.Join(Environment.NewLine, result.Problems.Select(p => p.ToString()).DefaultIfEmpty("no problem"));
}
