namespace FormFlow.Tests.Organisation;

/// <summary>
/// A small valid organisation whose every relationship is known:
/// <code>
/// D0 总部 HQ            head P1 (CEO)                HRBP P6
/// ├─ D1 研发部 R&amp;D      head P2 → P1                 HRBP P7
/// │  └─ D2 平台组 Platform  head P4 → P2, member P5 → P4 (no HRBP of its own)
/// └─ D9 人力资源部 HR     head P6 → P1, member P7 → P6 (no HRBP of its own)
/// </code>
/// P3 is an employee of D1 reporting to P2. P3 joined on 2026-09-01, P5 on 2025-03-15; nobody else says when.
/// </summary>
internal static class SmallOrg
{
    public static PersonLine In(string department, string id, string manager = "") => department switch
    {
        "D0" => Line(id, manager, department, "总部", "HQ", ""),
        "D1" => Line(id, manager, department, "研发部", "R&D", "D0"),
        "D2" => Line(id, manager, department, "平台组", "Platform", "D1"),
        _ => Line(id, manager, department, "人力资源部", "Human Resources", "D0"),
    };

    public static List<PersonLine> Lines() =>
    [
        In("D0", "P1") with { NameZh = "王总", NameEn = "Wang, the CEO", Roles = "admin manager", IsDepartmentHead = true },
        In("D1", "P2", "P1") with { NameZh = "李雷", NameEn = "Li Lei", Roles = "manager", IsDepartmentHead = true },
        In("D1", "P3", "P2") with { NameZh = "韩梅梅", NameEn = "Han Meimei", Locale = "en", HiredOn = "2026-09-01" },
        In("D2", "P4", "P2") with { NameZh = "张伟", NameEn = "Zhang Wei", Roles = "manager employee", IsDepartmentHead = true, Level = "M1" },
        In("D2", "P5", "P4") with { NameZh = "刘洋", NameEn = "Liu Yang", Level = "P6", HiredOn = "2025/3/15" },
        In("D9", "P6", "P1") with { NameZh = "陈静", NameEn = "Chen Jing", Roles = "hrbp manager", IsDepartmentHead = true, IsHrbpOf = "D0" },
        In("D9", "P7", "P6") with { NameZh = "赵敏", NameEn = "Zhao Min", Roles = "hrbp", IsHrbpOf = "D1" },
    ];

    public static OrgFile File() => new(Lines());

    private static PersonLine Line(string id, string manager, string department, string zh, string en, string parent) => new()
    {
        Id = id,
        ManagerId = manager,
        DepartmentId = department,
        DepartmentNameZh = zh,
        DepartmentNameEn = en,
        ParentDepartmentId = parent,
    };
}
