using System.Text;
using FormFlow.Organisation;

namespace FormFlow.Tests.Organisation;

/// <summary>What an organisation file may look like and how it is read. No database: parsing stands alone.</summary>
public class OrganisationFileTests
{
    [Test]
    public void A_valid_file_becomes_departments_with_heads_and_hrbps_and_people_with_managers()
    {
        var result = SmallOrg.File().Parse();

        Assert.That(result.Problems, Is.Empty, result.Describe());
        var organisation = result.Organisation!;
        Assert.That(organisation.Departments.Select(d => (d.Id, d.NameZh, d.NameEn, d.ParentId, d.HeadId, d.HrbpId)), Is.EqualTo(new[]
        {
            ("D0", "总部", "HQ", (string?)null, (string?)"P1", (string?)"P6"),
            ("D1", "研发部", "R&D", "D0", "P2", "P7"),
            ("D2", "平台组", "Platform", "D1", "P4", null),
            ("D9", "人力资源部", "Human Resources", "D0", "P6", null),
        }));
        Assert.That(organisation.People.Select(p => (p.Id, p.ManagerId, p.DepartmentId, p.Roles)), Is.EqualTo(new[]
        {
            ("P1", (string?)null, (string?)"D0", "admin manager"),
            ("P2", "P1", "D1", "manager"),
            ("P3", "P2", "D1", "employee"),
            ("P4", "P2", "D2", "manager employee"),
            ("P5", "P4", "D2", "employee"),
            ("P6", "P1", "D9", "hrbp manager"),
            ("P7", "P6", "D9", "hrbp"),
        }));
    }

    [Test]
    public void Quoted_csv_fields_keep_their_commas_quotes_and_line_breaks_and_a_bom_is_not_part_of_the_header()
    {
        var lines = SmallOrg.Lines();
        lines[2] = lines[2] with { NameEn = "Han \"Meimei\", Jr.\r\nsecond line" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Problems, Is.Empty, result.Describe());
        Assert.That(result.Organisation!.People[0].NameEn, Is.EqualTo("Wang, the CEO"));
        Assert.That(result.Organisation.People[2].NameEn, Is.EqualTo("Han \"Meimei\", Jr.\r\nsecond line"));
    }

    [Test]
    public void A_line_break_inside_a_quoted_cell_does_not_shift_the_row_numbers_of_later_rows()
    {
        var lines = SmallOrg.Lines();
        lines[0] = lines[0] with { NameEn = "first\nsecond\nthird" };
        lines[2] = lines[2] with { Email = "not-an-email" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[] { ("email-invalid", 4, (string?)"email") }));
    }

    [Test]
    public void Chinese_headers_any_case_extra_spaces_a_required_star_and_unknown_columns_are_accepted()
    {
        var csv = "\uFEFF 工号 *,姓名,EMAIL,Department ID,部门,备注\nP1,张三,p1@example.com,D1,研发部,new hire\n";

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "people.CSV");

        Assert.That(result.Problems, Is.Empty, result.Describe());
        Assert.That(result.Organisation!.People.Single().Id, Is.EqualTo("P1"));
    }

    [Test]
    public void The_role_family_column_is_read_under_its_chinese_header_and_left_empty_as_none()
    {
        var csv = "工号,姓名,邮箱,部门编号,部门,岗位类别\nP1,张三,p1@example.com,D1,销售部, sales-rep \nP2,李四,p2@example.com,D1,销售部,\n";

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "people.csv");

        Assert.That(result.Problems, Is.Empty, result.Describe());
        Assert.That(result.Organisation!.People.Select(p => (p.Id, p.RoleFamily)), Is.EqualTo(new[] { ("P1", (string?)"sales-rep"), ("P2", null) }));
    }

    [Test]
    public void Optional_columns_left_out_default_to_chinese_locale_the_employee_role_and_the_chinese_names()
    {
        var csv = "id,name_zh,email,department_id,department_name_zh\nP1,张三,p1@example.com,D1,研发部\n";

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "people.csv");

        var person = result.Organisation!.People.Single();
        Assert.That((person.Locale, person.Roles, person.NameEn), Is.EqualTo(("zh-CN", "employee", "张三")));
        Assert.That(result.Organisation.Departments.Single().NameEn, Is.EqualTo("研发部"));
    }

    [Test]
    public void Department_names_may_be_given_on_one_member_row_only()
    {
        var lines = SmallOrg.Lines();
        lines[2] = lines[2] with { DepartmentNameZh = "", DepartmentNameEn = "", ParentDepartmentId = "" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Problems, Is.Empty, result.Describe());
        Assert.That(result.Organisation!.Departments.Single(d => d.Id == "D1").ParentId, Is.EqualTo("D0"));
    }

    [Test]
    public void Blank_rows_are_skipped_and_later_rows_keep_the_number_they_have_in_the_sheet()
    {
        var csv = "id,name_zh,email,department_id,department_name_zh\n,,,,\n\nP1,张三,bad,D1,研发部\n";

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "people.csv");

        Assert.That(result.Places(), Is.EqualTo(new[] { ("email-invalid", 4, (string?)"email") }));
    }

    [Test]
    public void An_xlsx_file_with_chinese_headers_and_real_booleans_is_read_like_the_csv()
    {
        var folder = Directory.CreateTempSubdirectory("formflow-org-").FullName;
        try
        {
            var path = new OrgFile(SmallOrg.Lines(), OrgFile.ChineseHeader).WriteXlsx(folder);
            using var file = File.OpenRead(path);

            var result = OrganisationImport.Parse(file, path);

            Assert.That(result.Problems, Is.Empty, result.Describe());
            Assert.That(result.Organisation, Is.EqualTo(SmallOrg.File().Parse().Organisation).Using<OrgChart>(SameOrganisation));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_example_in_the_documentation_imports()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryFiles.Docs, "organisation.md"));
        var start = doc.IndexOf("```csv\n", StringComparison.Ordinal) + "```csv\n".Length;
        var csv = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "example.csv");

        Assert.That(result.Problems, Is.Empty, result.Describe());
        Assert.That(result.Organisation!.Departments.Single(d => d.Id == "D200").HrbpId, Is.EqualTo("E0002"));
    }

    internal static bool SameOrganisation(OrgChart a, OrgChart b) =>
        a.Departments.OrderBy(d => d.Id, StringComparer.Ordinal).SequenceEqual(b.Departments.OrderBy(d => d.Id, StringComparer.Ordinal)) &&
        a.People.OrderBy(p => p.Id, StringComparer.Ordinal).SequenceEqual(b.People.OrderBy(p => p.Id, StringComparer.Ordinal));
}
