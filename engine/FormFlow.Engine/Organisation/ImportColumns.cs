using System.Collections.Frozen;
using System.Globalization;

namespace FormFlow.Organisation;

/// <summary>A column of the organisation file as found in its header: the canonical name, the header text, its place.</summary>
internal sealed record ImportColumn(string Name, string Header, int Index)
{
    /// <summary>The column letter the person sees in Excel: A, B, ..., Z, AA, ...</summary>
    public string Letter
    {
        get
        {
            var letters = "";
            for (var n = Index + 1; n > 0; n = (n - 1) / 26)
            {
                letters = (char)('A' + ((n - 1) % 26)) + letters;
            }

            return letters;
        }
    }
}

/// <summary>
/// The columns of the organisation file and the headers that name them. Headers are matched ignoring case,
/// surrounding spaces, a trailing "*" (templates mark required columns so), and spaces or hyphens for
/// underscores; Chinese headers are welcome because the people who fill these files work in Chinese.
/// </summary>
internal static class ImportColumns
{
    public const string Id = "id";
    public const string NameZh = "name_zh";
    public const string NameEn = "name_en";
    public const string Email = "email";
    public const string Locale = "locale";
    public const string DepartmentId = "department_id";
    public const string DepartmentNameZh = "department_name_zh";
    public const string DepartmentNameEn = "department_name_en";
    public const string ParentDepartmentId = "parent_department_id";
    public const string ManagerId = "manager_id";
    public const string Roles = "roles";
    public const string Level = "level";
    public const string HiredOn = "hired_on";
    public const string RoleFamily = "role_family";
    public const string IsDepartmentHead = "is_department_head";
    public const string IsHrbpOf = "is_hrbp_of";

    /// <summary>Columns a file must have; the others may be left out.</summary>
    public static IReadOnlyList<string> Required { get; } = [Id, NameZh, Email, DepartmentId, DepartmentNameZh];

    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["工号"] = Id, ["员工编号"] = Id, ["员工工号"] = Id, ["编号"] = Id,
        ["姓名"] = NameZh, ["中文名"] = NameZh, ["中文姓名"] = NameZh,
        ["英文名"] = NameEn, ["英文姓名"] = NameEn,
        ["邮箱"] = Email, ["电子邮箱"] = Email, ["邮件"] = Email, ["e_mail"] = Email,
        ["语言"] = Locale,
        ["部门编号"] = DepartmentId, ["部门代码"] = DepartmentId, ["部门id"] = DepartmentId,
        ["部门"] = DepartmentNameZh, ["部门名称"] = DepartmentNameZh, ["部门中文名"] = DepartmentNameZh,
        ["部门英文名"] = DepartmentNameEn, ["部门英文名称"] = DepartmentNameEn,
        ["上级部门"] = ParentDepartmentId, ["上级部门编号"] = ParentDepartmentId,
        ["上级"] = ManagerId, ["直属上级"] = ManagerId, ["上级工号"] = ManagerId, ["直属上级工号"] = ManagerId,
        ["角色"] = Roles,
        ["职级"] = Level, ["级别"] = Level, ["职级代码"] = Level,
        ["入职日期"] = HiredOn, ["入职时间"] = HiredOn, ["入职日"] = HiredOn,
        ["岗位类别"] = RoleFamily, ["岗位族"] = RoleFamily, ["岗位序列"] = RoleFamily,
        ["部门负责人"] = IsDepartmentHead, ["是否部门负责人"] = IsDepartmentHead,
        ["hrbp负责部门"] = IsHrbpOf, ["担任hrbp的部门"] = IsHrbpOf,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Canonical = new[]
    {
        Id, NameZh, NameEn, Email, Locale, DepartmentId, DepartmentNameZh, DepartmentNameEn, ParentDepartmentId,
        ManagerId, Roles, Level, HiredOn, RoleFamily, IsDepartmentHead, IsHrbpOf,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The canonical column a header names, or null for a column FormFlow does not read (it is ignored).</summary>
    public static string? Recognise(string header)
    {
        var key = header.Trim().TrimEnd('*', '＊').Trim().ToLower(CultureInfo.InvariantCulture).Replace(' ', '_').Replace('-', '_');
        return Canonical.Contains(key) ? key : Aliases.GetValueOrDefault(key);
    }
}
