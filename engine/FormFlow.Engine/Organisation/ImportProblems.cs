using FormFlow.Text;

namespace FormFlow.Organisation;

/// <summary>
/// Every problem an organisation file can have, with its stable code and its message in zh-CN and en. The
/// messages name the row and the column as the person sees them, so they can find the cell and fix it.
/// </summary>
internal static class ImportProblems
{
    public static ImportProblem UnknownFileType(string fileName) => new(
        "file-type-unknown", 0, null, new(
            $"无法识别文件「{fileName}」的类型：请上传 .csv（UTF-8）或 .xlsx 文件。",
            $"\"{fileName}\" is neither a .csv (UTF-8) nor an .xlsx file."));

    public static ImportProblem NotUtf8() => new(
        "file-not-utf8", 0, null, new(
            "CSV 文件不是 UTF-8 编码：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」，或上传 .xlsx 文件。",
            "The CSV file is not UTF-8: save it from Excel as \"CSV UTF-8 (comma delimited)\", or upload the .xlsx file."));

    public static ImportProblem Unreadable(string reason) => new(
        "file-unreadable", 0, null, new(
            $"无法读取该 Excel 文件（{reason}）：请确认它是 .xlsx 工作簿。",
            $"The Excel file cannot be read ({reason}): is it an .xlsx workbook?"));

    public static ImportProblem CsvUnclosedQuote(int row) => new(
        "csv-unclosed-quote", row, null, new(
            $"第 {row} 行：引号没有闭合，文件在此之后无法读取。",
            $"Row {row}: a quoted field is never closed; the file cannot be read past it."));

    public static ImportProblem CsvTextAfterQuote(int row) => new(
        "csv-text-after-quote", row, null, new(
            $"第 {row} 行：引号闭合后还有文字；字段中的引号要写成两个（\"\"）。",
            $"Row {row}: text follows a closing quote; a quote inside a field is written twice (\"\")."));

    public static ImportProblem Empty() => new(
        "file-empty", 0, null, new("文件是空的：第 1 行应为表头。", "The file is empty: row 1 should be the header."));

    public static ImportProblem MissingColumn(string column) => new(
        "column-missing", 1, column, new($"表头缺少必填列「{column}」。", $"The header lacks the required column \"{column}\"."));

    public static ImportProblem DuplicateColumn(ImportColumn first, ImportColumn second) => new(
        "column-duplicate", 1, second.Name, new(
            $"表头中「{first.Header}」（{first.Letter} 列）与「{second.Header}」（{second.Letter} 列）是同一列 {second.Name}。",
            $"The header names column {second.Name} twice: \"{first.Header}\" ({first.Letter}) and \"{second.Header}\" ({second.Letter})."));

    public static ImportProblem EmptyCell(int row, ImportColumn column) => new(
        "cell-empty", row, column.Name, new($"{Zh(row, column)}不能为空。", $"{En(row, column)} must not be empty."));

    public static ImportProblem BrokenText(int row, ImportColumn column) => new(
        "cell-broken-text", row, column.Name, new(
            $"{Zh(row, column)}含有残缺的字符（单独的 UTF-16 代理项，常见于截断的 emoji）：请重新输入这个单元格。",
            $"{En(row, column)} holds a broken character (a lone UTF-16 surrogate, often half of an emoji): type the cell again."));

    public static ImportProblem TooLong(int row, ImportColumn column, int limit) => new(
        "value-too-long", row, column.Name, new($"{Zh(row, column)}超过 {limit} 个字符。", $"{En(row, column)} is longer than {limit} characters."));

    public static ImportProblem BadEmail(int row, ImportColumn column, string value) => new(
        "email-invalid", row, column.Name, new(
            $"{Zh(row, column)}「{value}」不是有效的邮箱地址。", $"{En(row, column)}: \"{value}\" is not an email address."));

    public static ImportProblem BadDate(int row, ImportColumn column, string value) => new(
        "date-invalid", row, column.Name, new(
            $"{Zh(row, column)}「{value}」不是日期：请写成 2021-03-15 这样的年-月-日。", $"{En(row, column)}: \"{value}\" is not a date; write it as year-month-day, like 2021-03-15."));

    public static ImportProblem BadLocale(int row, ImportColumn column, string value) => new(
        "locale-invalid", row, column.Name, new(
            $"{Zh(row, column)}「{value}」无效：只能是 zh-CN 或 en。", $"{En(row, column)}: \"{value}\" is neither zh-CN nor en."));

    public static ImportProblem BadBoolean(int row, ImportColumn column, string value) => new(
        "boolean-invalid", row, column.Name, new(
            $"{Zh(row, column)}「{value}」无效：请填 true/false（或 是/否）。", $"{En(row, column)}: \"{value}\" is neither true nor false."));

    public static ImportProblem UnknownRole(int row, ImportColumn column, string value) => new(
        "role-unknown", row, column.Name, new(
            $"{Zh(row, column)}：未知角色「{value}」（可用：{string.Join(" ", Role.All)}）。",
            $"{En(row, column)}: unknown role \"{value}\" (known: {string.Join(" ", Role.All)})."));

    public static ImportProblem DuplicatePerson(IReadOnlyList<int> rows, ImportColumn column, string id) => new(
        "person-duplicate", rows[1], column.Name, new(
            $"工号「{id}」重复出现在{ZhRows(rows)}。", $"The id \"{id}\" appears more than once: {EnRows(rows)}."))
    {
        Rows = rows,
    };

    public static ImportProblem OwnManager(int row, ImportColumn column, string id) => new(
        "manager-self", row, column.Name, new(
            $"{Zh(row, column)}：「{id}」不能是自己的上级。", $"{En(row, column)}: \"{id}\" cannot be their own manager."));

    public static ImportProblem UnknownManager(int row, ImportColumn column, string managerId) => new(
        "manager-unknown", row, column.Name, new(
            $"{Zh(row, column)}：文件中没有工号为「{managerId}」的人。", $"{En(row, column)}: nobody in the file has the id \"{managerId}\"."));

    public static ImportProblem ManagerCycle(IReadOnlyList<int> rows, ImportColumn column, string chainZh, string chainEn) => new(
        "manager-cycle", rows[0], column.Name, new(
            $"上级关系形成循环：{chainZh}（{ZhRows(rows)}）。", $"The manager chain runs in a circle: {chainEn} ({EnRows(rows)})."))
    {
        Rows = rows,
    };

    public static ImportProblem DepartmentConflict(IReadOnlyList<int> rows, ImportColumn column, string departmentId, IReadOnlyList<string> values)
    {
        var quoted = string.Join("、", values.Select(v => $"「{v}」"));
        var quotedEn = string.Join(", ", values.Select(v => $"\"{v}\""));
        return new("department-conflict", rows[1], column.Name, new(
            $"部门「{departmentId}」的「{column.Header}」前后不一致：{quoted}（{ZhRows(rows)}）。",
            $"Department \"{departmentId}\" has different \"{column.Header}\" values: {quotedEn} ({EnRows(rows)})."))
        {
            Rows = rows,
        };
    }

    public static ImportProblem UnknownParentDepartment(int row, ImportColumn column, string parentId) => new(
        "department-parent-unknown", row, column.Name, new(
            $"{Zh(row, column)}：文件中没有编号为「{parentId}」的部门（部门由其成员的行定义）。",
            $"{En(row, column)}: no department has the id \"{parentId}\" (a department exists when someone is in it)."));

    public static ImportProblem DepartmentCycle(IReadOnlyList<int> rows, ImportColumn column, string chain) => new(
        "department-cycle", rows[0], column.Name, new(
            $"上级部门关系形成循环：{chain}（{ZhRows(rows)}）。", $"The department tree runs in a circle: {chain} ({EnRows(rows)})."))
    {
        Rows = rows,
    };

    public static ImportProblem TwoHeads(IReadOnlyList<int> rows, ImportColumn column, string departmentId) => new(
        "department-head-duplicate", rows[1], column.Name, new(
            $"部门「{departmentId}」有多位负责人：{ZhRows(rows)}。", $"Department \"{departmentId}\" has more than one head: {EnRows(rows)}."))
    {
        Rows = rows,
    };

    public static ImportProblem UnknownHrbpDepartment(int row, ImportColumn column, string departmentId) => new(
        "hrbp-department-unknown", row, column.Name, new(
            $"{Zh(row, column)}：文件中没有编号为「{departmentId}」的部门。", $"{En(row, column)}: no department has the id \"{departmentId}\"."));

    public static ImportProblem TwoHrbps(IReadOnlyList<int> rows, ImportColumn column, string departmentId) => new(
        "hrbp-duplicate", rows[1], column.Name, new(
            $"部门「{departmentId}」有多位 HRBP：{ZhRows(rows)}。", $"Department \"{departmentId}\" has more than one HRBP: {EnRows(rows)}."))
    {
        Rows = rows,
    };

    internal static string Zh(int row, ImportColumn column) => $"第 {row} 行「{column.Header}」（{column.Letter} 列）";

    internal static string En(int row, ImportColumn column) => $"Row {row}, column \"{column.Header}\" ({column.Letter})";

    private static string ZhRows(IEnumerable<int> rows) => $"第 {string.Join("、", rows)} 行";

    private static string EnRows(IEnumerable<int> rows) => $"rows {string.Join(", ", rows)}";
}
