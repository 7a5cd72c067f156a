using FormFlow.Organisation;

namespace FormFlow.Tests.Processes;

/// <summary>
/// Organisations for the assignee check, built in code:
/// <code>
/// D0 总部 HQ               head P1 王芳 (CEO, no manager)     HRBP P2 陈静 → P1
/// ├─ D1 研发部 R&amp;D         head P3 李雷 → P1, member P4 韩梅梅 → P3 (no HRBP of its own: D0's)
/// D5 子公司 Subsidiary     head P5 张伟 → P1, member P6 刘洋 → P5 (no HRBP anywhere up its tree)
/// </code>
/// Nobody has a skip-level for 王芳, 陈静, 李雷 and 张伟; nobody is the HRBP of 陈静 (her own), 张伟 and 刘洋.
/// </summary>
internal static class LintOrganisation
{
    public static OrgChart Small() => new(
        [
            Department("D0", "总部", "HQ", parent: null, head: "P1", hrbp: "P2"),
            Department("D1", "研发部", "R&D", parent: "D0", head: "P3", hrbp: null),
            Department("D5", "子公司", "Subsidiary", parent: null, head: "P5", hrbp: null),
        ],
        [
            Person("P1", "王芳", "Wang Fang", "D0", manager: null, "admin manager"),
            Person("P2", "陈静", "Chen Jing", "D0", manager: "P1", "hrbp"),
            Person("P3", "李雷", "Li Lei", "D1", manager: "P1", "manager"),
            Person("P4", "韩梅梅", "Han Meimei", "D1", manager: "P3", "employee"),
            Person("P5", "张伟", "Zhang Wei", "D5", manager: "P1", "manager"),
            Person("P6", "刘洋", "Liu Yang", "D5", manager: "P5", "employee"),
        ]);

    /// <summary>A department without any HRBP: a head and <paramref name="members"/> people reporting to her.</summary>
    public static OrgChart WithoutHrbp(int members) => new(
        [Department("D1", "销售部", "Sales", parent: null, head: "E00", hrbp: null)],
        [
            .. Enumerable.Range(0, members + 1).Select(i => Person(
                $"E{i:00}",
                $"员工{i:00}",
                $"Employee {i:00}",
                "D1",
                manager: i == 0 ? null : "E00",
                i == 0 ? "manager" : "employee")),
        ]);

    private static Department Department(string id, string zh, string en, string? parent, string? head, string? hrbp) =>
        new() { Id = id, NameZh = zh, NameEn = en, ParentId = parent, HeadId = head, HrbpId = hrbp };

    private static Person Person(string id, string zh, string en, string department, string? manager, string roles) => new()
    {
        Id = id,
        NameZh = zh,
        NameEn = en,
        Email = id.ToLowerInvariant() + "@example.invalid",
        Locale = "zh-CN",
        DepartmentId = department,
        ManagerId = manager,
        Roles = roles,
    };
}
