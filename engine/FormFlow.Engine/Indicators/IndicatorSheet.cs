using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Reports;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Indicators;

/// <summary>
/// The indicator library as a spreadsheet (docs/indicators.md#import-and-export): one row per indicator, headers in the
/// reader's language (either language is read back), lists in a cell separated by commas, and the grades in one cell, one
/// grade per line (<c>levels=P7,P8 target=150 threshold=120</c>, or <c>职级=P7,P8 目标=150 阈值=120</c>).
/// </summary>
internal static class IndicatorSheet
{
    /// <summary>A column: its canonical name, its headers, whether a row must fill it.</summary>
    internal sealed record Column(string Name, string Zh, string En, bool Required);

    public static IReadOnlyList<Column> Columns { get; } =
    [
        new("key", "指标标识", "Key", true),
        new("name_zh", "名称（中文）", "Name (Chinese)", true),
        new("name_en", "名称（英文）", "Name (English)", true),
        new("definition_zh", "定义（中文）", "Definition (Chinese)", true),
        new("definition_en", "定义（英文）", "Definition (English)", true),
        new("unit", "单位", "Unit", true),
        new("direction", "方向", "Direction", true),
        new("data_source", "数据来源", "Data source", true),
        new("frequency", "更新频率", "Update frequency", true),
        new("target", "默认目标值", "Default target", true),
        new("threshold", "默认预警阈值", "Default threshold", false),
        new("warn_after", "连续几期预警", "Periods before a warning", false),
        new("departments", "适用部门", "Departments", false),
        new("levels", "适用职级", "Levels", false),
        new("role_families", "适用岗位类别", "Role families", false),
        new("grades", "分级目标", "Grades", false),
    ];

    private static readonly Dictionary<string, LocalizedText> DirectionTexts = new(StringComparer.Ordinal)
    {
        [Indicator.HigherBetter] = new("越高越好", "Higher is better"),
        [Indicator.LowerBetter] = new("越低越好", "Lower is better"),
    };

    private static readonly Dictionary<string, LocalizedText> FrequencyTexts = new(StringComparer.Ordinal)
    {
        ["weekly"] = new("每周", "Weekly"),
        ["biweekly"] = new("每两周", "Every two weeks"),
        ["monthly"] = new("每月", "Monthly"),
        ["quarterly"] = new("每季度", "Quarterly"),
    };

    // The words of a grade: written in the reader's language, read in either.
    private static readonly (string Member, string Zh, string En)[] GradeWords =
    [
        ("departments", "部门", "departments"),
        ("levels", "职级", "levels"),
        ("roleFamilies", "岗位类别", "roleFamilies"),
        ("target", "目标", "target"),
        ("threshold", "阈值", "threshold"),
    ];

    private static readonly char[] ListSeparators = [',', '，', '、', ';', '；', ' ', '\n'];

    /// <summary>The published library as one sheet, headers and option texts in <paramref name="language"/>.</summary>
    public static ReportTable Table(IReadOnlyList<Indicator> library, string language)
    {
        var en = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var rows = library.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => (IReadOnlyList<string>)
        [
            i.Key, i.Name.ZhCn, i.Name.En, i.Definition.ZhCn, i.Definition.En, i.Unit,
            DirectionTexts[i.Direction].For(language), i.DataSource, FrequencyTexts[i.Frequency].For(language),
            Number(i.Target), i.Threshold is { } threshold ? Number(threshold) : "", i.WarnAfter.ToString(CultureInfo.InvariantCulture),
            string.Join(", ", i.AppliesTo.Departments), string.Join(", ", i.AppliesTo.Levels), string.Join(", ", i.AppliesTo.RoleFamilies),
            string.Join("\n", i.Grades.Select(g => Grade(g, en))),
        ]).ToList();
        return new ReportTable(en ? "Indicators" : "指标库", [.. Columns.Select(c => en ? c.En : c.Zh)], rows);
    }

    /// <summary>
    /// The indicator documents a sheet holds, each with its row, or every problem (a row and column for each): the
    /// header must name the required columns; each cell is checked, then each document is linted as publishing would.
    /// </summary>
    public static (IReadOnlyList<(int Row, Indicator Indicator)> Indicators, IReadOnlyList<ImportProblem> Problems) Read(Stream stream, string fileName)
    {
        var sheet = Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".CSV" => CsvSheet.Read(stream),
            ".XLSX" => XlsxSheet.Read(stream),
            _ => RawSheet.Unreadable(new ImportProblem("file-type-unknown", 0, null, new(
                $"无法识别文件「{fileName}」的类型：请上传 .xlsx 或 .csv（UTF-8）文件。", $"\"{fileName}\" is neither an .xlsx nor a .csv (UTF-8) file."))),
        };
        if (sheet.Problem is not null)
        {
            return ([], [sheet.Problem]);
        }

        if (sheet.Rows.Count == 0 || sheet.Rows[0].IsBlank)
        {
            return ([], [new ImportProblem("file-empty", 0, null, new("文件是空的：第 1 行应为表头。", "The file is empty: row 1 should be the header."))]);
        }

        var problems = new List<ImportProblem>();
        var columns = Header(sheet.Rows[0], problems);
        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var indicators = new List<(int Row, Indicator Indicator)>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows.Skip(1).Where(r => !r.IsBlank))
        {
            var document = Document(row, columns, problems);
            if (document is null)
            {
                continue;
            }

            var loaded = IndicatorLibrary.Load(document.ToJsonString());
            foreach (var finding in loaded.Findings.Where(f => f.Severity == LintSeverity.Error))
            {
                var column = columns.TryGetValue(ColumnOf(finding.Path), out var named) ? named : ((Column Column, string Header, int Index)?)null;
                problems.Add(Problem(finding.Code, row.Number, column, finding.Message));
            }

            if (loaded.Indicator is not { } indicator)
            {
                continue;
            }

            if (keys.TryGetValue(indicator.Key, out var first))
            {
                problems.Add(new ImportProblem("key-duplicate", row.Number, "key", new(
                    $"第 {first}、{row.Number} 行是同一个指标「{indicator.Key}」：每个指标只写一行。",
                    $"Rows {first} and {row.Number} are the same indicator \"{indicator.Key}\": one row per indicator.")) { Rows = [first, row.Number] });
                continue;
            }

            keys[indicator.Key] = row.Number;
            indicators.Add((row.Number, indicator));
        }

        return problems.Count > 0 ? ([], problems) : (indicators, []);
    }

    private static Dictionary<string, (Column Column, string Header, int Index)> Header(RawRow header, List<ImportProblem> problems)
    {
        var found = new Dictionary<string, (Column Column, string Header, int Index)>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var text = header.Cell(i).TrimEnd('*', '＊').Trim();
            var column = Columns.FirstOrDefault(c => string.Equals(c.Zh, text, StringComparison.OrdinalIgnoreCase) || string.Equals(c.En, text, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Name, text, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                continue; // a column FormFlow does not read (a note) is left alone
            }

            if (found.TryGetValue(column.Name, out var first))
            {
                problems.Add(new ImportProblem("column-duplicate", 1, column.Name, new(
                    $"表头中「{first.Header}」（{Letter(first.Index)} 列）与「{text}」（{Letter(i)} 列）是同一列。",
                    $"The header names one column twice: \"{first.Header}\" ({Letter(first.Index)}) and \"{text}\" ({Letter(i)}).")));
                continue;
            }

            found[column.Name] = (column, text, i);
        }

        foreach (var missing in Columns.Where(c => c.Required && !found.ContainsKey(c.Name)))
        {
            problems.Add(new ImportProblem("column-missing", 1, missing.Name, new($"表头缺少必填列「{missing.Zh}」。", $"The header lacks the required column \"{missing.En}\".")));
        }

        return found;
    }

    // The row as an indicator document; null (with the problems) when a cell cannot be read.
    private static JsonObject? Document(RawRow row, Dictionary<string, (Column Column, string Header, int Index)> columns, List<ImportProblem> problems)
    {
        var before = problems.Count;
        string Cell(string name) => columns.TryGetValue(name, out var c) ? row.Cell(c.Index) : "";
        foreach (var (column, header, index) in columns.Values.Where(c => c.Column.Required))
        {
            if (row.Cell(index).Length == 0)
            {
                problems.Add(Problem("cell-empty", row.Number, (column, header, index), new("不能为空", "must not be empty")));
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        var document = new JsonObject
        {
            ["formflow"] = IndicatorLibrary.FormatMarker,
            ["key"] = Cell("key"),
            ["name"] = new JsonObject { ["zh-CN"] = Cell("name_zh"), ["en"] = Cell("name_en") },
            ["definition"] = new JsonObject { ["zh-CN"] = Cell("definition_zh"), ["en"] = Cell("definition_en") },
            ["unit"] = Cell("unit"),
            ["dataSource"] = Cell("data_source"),
        };
        document["direction"] = Option(row, columns["direction"], DirectionTexts, problems);
        document["frequency"] = Option(row, columns["frequency"], FrequencyTexts, problems);
        document["target"] = NumberCell(row, columns["target"], problems);
        if (columns.TryGetValue("threshold", out var threshold) && row.Cell(threshold.Index).Length > 0)
        {
            document["threshold"] = NumberCell(row, threshold, problems);
        }

        if (columns.TryGetValue("warn_after", out var warnAfter) && row.Cell(warnAfter.Index).Length > 0)
        {
            if (int.TryParse(row.Cell(warnAfter.Index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var periods))
            {
                document["warnAfter"] = periods;
            }
            else
            {
                problems.Add(Problem("indicator.invalid-warn-after", row.Number, warnAfter, new("必须是 1 到 12 的整数", "must be a whole number from 1 to 12")));
            }
        }

        document["appliesTo"] = new JsonObject
        {
            ["departments"] = List(Cell("departments")),
            ["levels"] = List(Cell("levels")),
            ["roleFamilies"] = List(Cell("role_families")),
        };
        if (columns.TryGetValue("grades", out var grades) && row.Cell(grades.Index).Length > 0)
        {
            var list = new JsonArray();
            foreach (var line in row.Cell(grades.Index).Split(['\n', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (GradeOf(line) is { } grade)
                {
                    list.Add(grade);
                }
                else
                {
                    problems.Add(Problem("grade-invalid", row.Number, grades, new(
                        $"「{line}」不是分级：每行写一个分级，如「职级=P7,P8 目标=150 阈值=120」（还可写 部门=、岗位类别=）",
                        $"\"{line}\" is not a grade: one grade per line, e.g. \"levels=P7,P8 target=150 threshold=120\" (also departments=, roleFamilies=)")));
                }
            }

            document["grades"] = list;
        }

        return problems.Count > before ? null : document;
    }

    private static JsonObject? GradeOf(string line)
    {
        var grade = new JsonObject();
        foreach (var part in line.Split([' ', '\t', '　'], StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.IndexOfAny(['=', '＝', ':', '：']);
            if (at <= 0)
            {
                return null;
            }

            var word = part[..at].Trim();
            var value = part[(at + 1)..].Trim();
            var member = GradeWords.FirstOrDefault(w => string.Equals(w.Zh, word, StringComparison.OrdinalIgnoreCase) || string.Equals(w.En, word, StringComparison.OrdinalIgnoreCase)).Member;
            if (member is null || grade.ContainsKey(member))
            {
                return null;
            }

            if (member is "target" or "threshold")
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return null;
                }

                grade[member] = number;
            }
            else
            {
                grade[member] = List(value);
            }
        }

        return grade.Count == 0 ? null : grade;
    }

    private static string Grade(IndicatorGrade grade, bool en)
    {
        var parts = new List<string>();
        foreach (var (member, zh, english) in GradeWords)
        {
            var word = en ? english : zh;
            var value = member switch
            {
                "departments" => string.Join(",", grade.Scope.Departments),
                "levels" => string.Join(",", grade.Scope.Levels),
                "roleFamilies" => string.Join(",", grade.Scope.RoleFamilies),
                "target" => Number(grade.Target),
                _ => grade.Threshold is { } t ? Number(t) : "",
            };
            if (value.Length > 0)
            {
                parts.Add($"{word}={value}");
            }
        }

        return string.Join(" ", parts);
    }

    private static string? Option(RawRow row, (Column Column, string Header, int Index) column, Dictionary<string, LocalizedText> options, List<ImportProblem> problems)
    {
        var cell = row.Cell(column.Index);
        foreach (var (code, text) in options)
        {
            if (string.Equals(cell, code, StringComparison.OrdinalIgnoreCase) || string.Equals(cell, text.ZhCn, StringComparison.Ordinal) || string.Equals(cell, text.En, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }

        problems.Add(Problem("option-unknown", row.Number, column, new(
            $"「{cell}」不是可选值；可选：{string.Join("、", options.Values.Select(o => o.ZhCn))}",
            $"\"{cell}\" is not one of: {string.Join(", ", options.Values.Select(o => o.En))}")));
        return null;
    }

    private static double? NumberCell(RawRow row, (Column Column, string Header, int Index) column, List<ImportProblem> problems)
    {
        if (double.TryParse(row.Cell(column.Index), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        problems.Add(Problem("number-invalid", row.Number, column, new($"「{row.Cell(column.Index)}」不是数字", $"\"{row.Cell(column.Index)}\" is not a number")));
        return null;
    }

    private static JsonArray List(string cell) =>
        new([.. cell.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Select(v => (JsonNode)v)]);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ImportProblem Problem(string code, int row, (Column Column, string Header, int Index) column, LocalizedText why) => new(
        code, row, column.Column.Name, new($"第 {row} 行「{column.Header}」（{Letter(column.Index)} 列）：{why.ZhCn}", $"Row {row}, column \"{column.Header}\" ({Letter(column.Index)}): {why.En}"));

    private static ImportProblem Problem(string code, int row, (Column Column, string Header, int Index)? column, LocalizedText why) => column is { } c
        ? Problem(code, row, c, why)
        : new(code, row, null, new($"第 {row} 行：{why.ZhCn}", $"Row {row}: {why.En}"));

    // The column of the sheet that holds what a lint finding names.
    private static string ColumnOf(string path)
    {
        static bool Under(string path, string member) => path == member || path.StartsWith(member + ".", StringComparison.Ordinal) || path.StartsWith(member + "[", StringComparison.Ordinal);
        return path switch
        {
            _ when Under(path, "$.name") => path.Contains("'en'", StringComparison.Ordinal) || path.EndsWith(".en", StringComparison.Ordinal) ? "name_en" : "name_zh",
            _ when Under(path, "$.definition") => path.Contains("'en'", StringComparison.Ordinal) || path.EndsWith(".en", StringComparison.Ordinal) ? "definition_en" : "definition_zh",
            _ when Under(path, "$.dataSource") => "data_source",
            _ when Under(path, "$.warnAfter") => "warn_after",
            _ when Under(path, "$.appliesTo.departments") => "departments",
            _ when Under(path, "$.appliesTo.levels") => "levels",
            _ when Under(path, "$.appliesTo.roleFamilies") => "role_families",
            _ when Under(path, "$.grades") => "grades",
            _ => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('.', '[')[0] : "",
        };
    }

    private static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
