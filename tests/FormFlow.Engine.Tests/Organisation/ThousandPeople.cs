using System.Globalization;

namespace FormFlow.Tests.Organisation;

/// <summary>
/// A generated organisation of 1,000 people in 22 departments, shaped like a company:
/// the CEO office (D000, CEO E0001, HRBP the HR director E0002); HR (D100: E0002 heads it, four HRBPs E0003–E0006);
/// four divisions D200–D500 headed by E0007–E0010 (each with one HRBP); four teams per division (D201–D204, ...)
/// headed by E0011–E0026 without HRBPs of their own; and 974 employees E0027–E1000 spread over the 16 teams. Asked
/// for more people (at most 9,999), the teams hold more employees.
/// </summary>
internal static class ThousandPeople
{
    public const int People = 1_000;
    public const int Departments = 22;
    public const int Hrbps = 5;

    private static readonly (string Zh, string En)[] Divisions =
        [("研发中心", "R&D Center"), ("销售部", "Sales"), ("客户服务部", "Customer Service"), ("产品部", "Product")];

    private static readonly (string Zh, string En)[] Surnames =
        [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou")];

    private static readonly (string Zh, string En)[] GivenNames =
        [("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"), ("涛", "Tao"), ("明", "Ming"), ("超", "Chao")];

    public static string Id(int n) => $"E{n:D4}";

    /// <summary>The division (0–3) and team (0–3) department ids.</summary>
    public static string Division(int d) => $"D{(d + 2) * 100}";

    public static string Team(int d, int t) => $"D{((d + 2) * 100) + t + 1}";

    public static OrgFile File(IReadOnlyList<string>? header = null, int people = People)
    {
        var lines = new List<PersonLine>
        {
            Person(1, "D000", "总裁办", "CEO Office", "", "") with { Roles = "admin manager employee", IsDepartmentHead = true },
            Person(2, "D100", "人力资源部", "Human Resources", "D000", Id(1)) with { Roles = "hrbp manager employee", IsDepartmentHead = true, IsHrbpOf = "D000" },
        };
        for (var d = 0; d < 4; d++)
        {
            lines.Add(Person(3 + d, "D100", "人力资源部", "Human Resources", "D000", Id(2)) with { Roles = "hrbp employee", IsHrbpOf = Division(d) });
        }

        for (var d = 0; d < 4; d++)
        {
            lines.Add(Person(7 + d, Division(d), Divisions[d].Zh, Divisions[d].En, "D000", Id(1)) with { Roles = "manager employee", IsDepartmentHead = true });
        }

        for (var team = 0; team < 16; team++)
        {
            var (d, t) = (team / 4, team % 4);
            lines.Add(TeamMember(11 + team, d, t, Id(7 + d)) with { Roles = "manager employee", IsDepartmentHead = true });
        }

        for (var n = 27; n <= people; n++)
        {
            var team = (n - 27) % 16;
            lines.Add(TeamMember(n, team / 4, team % 4, Id(11 + team)));
        }

        return new OrgFile(lines, header);
    }

    private static PersonLine TeamMember(int n, int d, int t, string manager) => Person(
        n, Team(d, t), $"{Divisions[d].Zh}{t + 1}组", $"{Divisions[d].En} team {t + 1}", Division(d), manager);

    private static PersonLine Person(int n, string department, string departmentZh, string departmentEn, string parent, string manager)
    {
        var (surname, given) = (Surnames[n % Surnames.Length], GivenNames[n / Surnames.Length % GivenNames.Length]);
        return new PersonLine
        {
            Id = Id(n),
            NameZh = surname.Zh + given.Zh,
            NameEn = $"{given.En} {surname.En}",
            Email = $"{Id(n).ToLower(CultureInfo.InvariantCulture)}@example.com",
            Locale = n % 7 == 0 ? "en" : "zh-CN",
            DepartmentId = department,
            DepartmentNameZh = departmentZh,
            DepartmentNameEn = departmentEn,
            ParentDepartmentId = parent,
            ManagerId = manager,
        };
    }
}
