using System.Text;
using FormFlow.Organisation;

namespace FormFlow.Tests.Organisation;

/// <summary>
/// Every way a file is refused: the whole file, with each problem's code, row (header = row 1) and column, and
/// every bad row named — the person fixes the sheet once, not once per upload.
/// </summary>
public class OrganisationFileRejectionTests
{
    [Test]
    public void A_file_that_is_neither_csv_nor_xlsx_is_refused_by_its_type()
    {
        var result = OrganisationImport.Parse(new MemoryStream([1, 2, 3]), "people.xls");

        Assert.That(result.Places(), Is.EqualTo(new[] { ("file-type-unknown", 0, (string?)null) }));
        Assert.That(result.Organisation, Is.Null);
    }

    [Test]
    public void A_csv_that_is_not_utf8_is_refused_with_a_hint_to_save_it_as_csv_utf8()
    {
        // "工号,姓名" as Excel on a Chinese Windows saves it: GB18030.
        byte[] gb18030 = [0xB9, 0xA4, 0xBA, 0xC5, 0x2C, 0xD0, 0xD5, 0xC3, 0xFB, 0x0A];

        var result = OrganisationImport.Parse(new MemoryStream(gb18030), "people.csv");

        Assert.That(result.Codes(), Is.EqualTo(new[] { "file-not-utf8" }));
        Assert.That(result.Problems[0].Message.ZhCn, Does.Contain("CSV UTF-8"));
    }

    [Test]
    public void An_xlsx_that_is_not_a_workbook_is_refused_as_unreadable()
    {
        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes("id,name\n")), "people.xlsx");

        Assert.That(result.Codes(), Is.EqualTo(new[] { "file-unreadable" }));
    }

    [Test]
    public void A_cell_with_a_lone_surrogate_is_refused_naming_its_row_and_column()
    {
        // Excel writes characters XML cannot hold as _xHHHH_ escapes; one that stands for half an emoji reads as a lone surrogate.
        var folder = Directory.CreateTempSubdirectory("formflow-org-").FullName;
        try
        {
            var path = new OrgFile([PersonLine.Of("P1") with { NameZh = "张QQBROKENQQ" }]).WriteXlsx(folder);
            using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
            {
                foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList())
                {
                    string xml;
                    using (var reader = new StreamReader(entry.Open()))
                    {
                        xml = reader.ReadToEnd();
                    }

                    if (xml.Contains("QQBROKENQQ", StringComparison.Ordinal))
                    {
                        var name = entry.FullName;
                        entry.Delete();
                        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                        writer.Write(xml.Replace("QQBROKENQQ", "_xD83D_", StringComparison.Ordinal));
                    }
                }
            }

            using var file = File.OpenRead(path);
            var result = OrganisationImport.Parse(file, path);

            Assert.That(result.Places(), Is.EqualTo(new[] { ("cell-broken-text", 2, (string?)"name_zh") }), result.Describe());
            Assert.That(result.Organisation, Is.Null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void An_empty_file_is_refused()
    {
        Assert.That(OrganisationImport.Parse(new MemoryStream(), "people.csv").Codes(), Is.EqualTo(new[] { "file-empty" }));
    }

    [Test]
    public void A_quote_that_is_never_closed_names_the_row_where_it_opens()
    {
        var csv = "id,name_zh,email,department_id,department_name_zh\nP1,\"张三,p1@example.com,D1,研发部\n";

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "people.csv");

        Assert.That(result.Places(), Is.EqualTo(new[] { ("csv-unclosed-quote", 2, (string?)null) }));
    }

    [Test]
    public void Each_missing_required_column_is_named_and_a_column_named_twice_is_refused()
    {
        var csv = "工号,id,name_en\nP1,P1,Zhang San\n";

        var result = OrganisationImport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "people.csv");

        Assert.That(result.Places(), Is.EquivalentTo(new[]
        {
            ("column-duplicate", 1, (string?)"id"),
            ("column-missing", 1, "name_zh"),
            ("column-missing", 1, "email"),
            ("column-missing", 1, "department_id"),
            ("column-missing", 1, "department_name_zh"),
        }));
    }

    [Test]
    public void Empty_required_cells_bad_emails_locales_booleans_and_unknown_roles_are_each_named_by_row_and_column()
    {
        var lines = SmallOrg.Lines();
        lines[0] = lines[0] with { NameZh = "" };
        lines[1] = lines[1] with { Email = "li.lei#example.com" };
        lines[3] = lines[3] with { Email = "zhang wei@example.com", Locale = "fr" };
        lines[4] = lines[4] with { Roles = "employee boss" };
        lines[6] = lines[6] with { Email = "zhao@localhost" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[]
        {
            ("cell-empty", 2, (string?)"name_zh"),
            ("email-invalid", 3, "email"),
            ("email-invalid", 5, "email"),
            ("locale-invalid", 5, "locale"),
            ("role-unknown", 6, "roles"),
            ("email-invalid", 8, "email"),
        }));
        Assert.That(result.Problems[1].Message.ZhCn, Is.EqualTo("第 3 行「email」（D 列）「li.lei#example.com」不是有效的邮箱地址。"));
    }

    [Test]
    public void A_joining_day_that_is_not_a_year_month_day_is_named_by_row_and_column()
    {
        var lines = SmallOrg.Lines();
        lines[1] = lines[1] with { HiredOn = "15/03/2021" };
        lines[2] = lines[2] with { HiredOn = "2021-02-30" };
        lines[3] = lines[3] with { HiredOn = "2021.3.5" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[] { ("date-invalid", 3, (string?)"hired_on"), ("date-invalid", 4, "hired_on") }));
        Assert.That(result.Problems[0].Message.ZhCn, Is.EqualTo("第 3 行「hired_on」（O 列）「15/03/2021」不是日期：请写成 2021-03-15 这样的年-月-日。"));
    }

    [Test]
    public void A_duplicate_id_names_both_rows()
    {
        var lines = SmallOrg.Lines();
        lines.Add(SmallOrg.In("D1", "P3", "P2") with { NameZh = "另一个韩梅梅" });

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[] { ("person-duplicate", 9, (string?)"id") }));
        Assert.That(result.Problems[0].Rows, Is.EqualTo(new[] { 4, 9 }));
        Assert.That(result.Problems[0].Message.En, Does.Contain("rows 4, 9"));
    }

    [Test]
    public void An_unknown_manager_and_someone_who_is_their_own_manager_are_named()
    {
        var lines = SmallOrg.Lines();
        lines[2] = lines[2] with { ManagerId = "P404" };
        lines[4] = lines[4] with { ManagerId = "P5" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[] { ("manager-unknown", 4, (string?)"manager_id"), ("manager-self", 6, "manager_id") }));
    }

    [Test]
    public void A_cycle_in_the_manager_chain_names_every_person_in_it_in_order()
    {
        var lines = SmallOrg.Lines();
        lines[1] = lines[1] with { ManagerId = "P5" }; // P2 → P5 → P4 → P2

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[] { ("manager-cycle", 3, (string?)"manager_id") }));
        Assert.That(result.Problems[0].Rows, Is.EqualTo(new[] { 3, 6, 5 }));
        Assert.That(result.Problems[0].Message.ZhCn, Is.EqualTo("上级关系形成循环：李雷（P2） → 刘洋（P5） → 张伟（P4） → 李雷（P2）（第 3、6、5 行）。"));
        Assert.That(result.Problems[0].Message.En, Is.EqualTo("The manager chain runs in a circle: Li Lei (P2) → Liu Yang (P5) → Zhang Wei (P4) → Li Lei (P2) (rows 3, 6, 5)."));
    }

    [Test]
    public void Departments_with_an_unknown_parent_a_cycle_or_conflicting_names_are_named()
    {
        var lines = SmallOrg.Lines();
        lines[0] = lines[0] with { ParentDepartmentId = "D2" };     // D0 → D2 → D1 → D0
        lines[2] = lines[2] with { DepartmentNameZh = "研发中心" };  // D1 is 研发部 on row 3
        lines[6] = lines[6] with { ParentDepartmentId = "D404" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[]
        {
            ("department-cycle", 2, (string?)"parent_department_id"),
            ("department-conflict", 4, "department_name_zh"),
            ("department-conflict", 8, "parent_department_id"),
        }), result.Describe());
        Assert.That(result.Problems[0].Message.En, Does.Contain("D0 → D2 → D1 → D0"));
        Assert.That(result.Problems[1].Rows, Is.EqualTo(new[] { 3, 4 }));
    }

    [Test]
    public void A_parent_department_that_nobody_is_in_is_unknown()
    {
        var lines = SmallOrg.Lines();
        lines[5] = lines[5] with { ParentDepartmentId = "D404" };
        lines[6] = lines[6] with { ParentDepartmentId = "D404" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[] { ("department-parent-unknown", 7, (string?)"parent_department_id") }));
    }

    [Test]
    public void Two_heads_or_two_hrbps_of_one_department_and_an_hrbp_of_an_unknown_department_are_named()
    {
        var lines = SmallOrg.Lines();
        lines[2] = lines[2] with { IsDepartmentHead = true };
        lines[5] = lines[5] with { IsHrbpOf = "D0 D1" };
        lines[6] = lines[6] with { IsHrbpOf = "D1、D404" };

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EquivalentTo(new[]
        {
            ("department-head-duplicate", 4, (string?)"is_department_head"),
            ("hrbp-duplicate", 8, "is_hrbp_of"),
            ("hrbp-department-unknown", 8, "is_hrbp_of"),
        }));
        Assert.That(result.Problems.Single(p => p.Code == "department-head-duplicate").Rows, Is.EqualTo(new[] { 3, 4 }));
        Assert.That(result.Problems.Single(p => p.Code == "hrbp-duplicate").Rows, Is.EqualTo(new[] { 7, 8 }));
    }

    [Test]
    public void A_file_with_many_kinds_of_problem_reports_all_of_them_in_row_order()
    {
        var lines = SmallOrg.Lines();
        lines[1] = lines[1] with { ManagerId = "P5" };
        lines[2] = lines[2] with { Email = "han" };
        lines[6] = lines[6] with { ManagerId = "P99" };
        lines.Add(SmallOrg.In("D1", "P3", "P2"));

        var result = new OrgFile(lines).Parse();

        Assert.That(result.Places(), Is.EqualTo(new[]
        {
            ("manager-cycle", 3, (string?)"manager_id"),
            ("email-invalid", 4, "email"),
            ("manager-unknown", 8, "manager_id"),
            ("person-duplicate", 9, "id"),
        }));
    }

    [TestCase("<c r=\"A1\" t=\"s\"><v>7</v></c>", TestName = "A_workbook_naming_a_shared_string_it_lacks_is_refused_as_unreadable")]
    [TestCase("<c r=\"A1\" s=\"5\"><v>1e308</v></c>", TestName = "A_workbook_naming_a_style_it_lacks_is_refused_as_unreadable")]
    public void A_malformed_workbook_is_refused_as_unreadable(string cell)
    {
        using var file = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open()))
        {
            sheet.Write($"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">{cell}</row></sheetData></worksheet>");
        }

        file.Position = 0;
        var result = OrganisationImport.Parse(file, "people.xlsx");

        Assert.That(result.Organisation, Is.Null);
        Assert.That(result.Problems.Select(p => p.Code), Is.EqualTo(new[] { "file-unreadable" }));
    }
}
