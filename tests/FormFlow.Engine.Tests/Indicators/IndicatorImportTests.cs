using System.Text;
using FormFlow.Indicators;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FormFlow.Tests.Indicators;

/// <summary>
/// The library as a spreadsheet over each database: a good file publishes each indicator as its next version, a file
/// with bad rows publishes nothing and names every bad row and column, a preview writes nothing, and a library exported
/// and imported back is unchanged.
/// </summary>
public class IndicatorImportTests(string kind) : StorageTest(kind)
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));

    private const string Header = "指标标识,名称（中文）,名称（英文）,定义（中文）,定义（英文）,单位,方向,数据来源,更新频率,默认目标值,默认预警阈值,连续几期预警,适用部门,适用职级,适用岗位类别,分级目标";

    private static MemoryStream Csv(params string[] rows) => new(Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows]) + "\r\n"));

    private async Task PublishShippedAsync()
    {
        var files = Directory.GetFiles(IndicatorLintTests.Shipped, "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        await IndicatorLibrary.PublishChangedAsync(Db, files, "system", clock);
    }

    [Test]
    public async Task A_good_file_publishes_each_new_or_changed_indicator_as_its_next_version()
    {
        await PublishShippedAsync();
        using var file = Csv(
            "contract-value,签约金额,Contract value,新签合同含税金额,Value of contracts signed,万元,越高越好,CRM 系统,每月,110,85,2,D300,,sales-rep,\"职级=P5,P6 目标=150 阈值=120\"",
            "first-call-resolution,一次解决率,First-call resolution,首次联系即解决的比例,Share solved at first contact,%,Higher is better,工单系统,biweekly,80,70,3,,,customer-service,");

        var outcome = await IndicatorImport.ImportAsync(Db, file, "library.csv", apply: true, "E004", clock);

        Assert.That(outcome.Problems, Is.Empty, string.Join("; ", outcome.Problems));
        Assert.That(outcome.Rows.Select(r => (r.Row, r.Key, r.Change, r.Version)), Is.EqualTo(new[]
        {
            (2, "contract-value", IndicatorChange.Changed, (int?)2),
            (3, "first-call-resolution", IndicatorChange.New, (int?)1),
        }));
        var library = await IndicatorLibrary.PublishedAsync(Db);
        Assert.That(library.Single(i => i.Key == "contract-value").Target, Is.EqualTo(110));
        Assert.That(library.Single(i => i.Key == "first-call-resolution").WarnAfter, Is.EqualTo(3));
    }

    [Test]
    public async Task A_file_with_bad_rows_publishes_nothing_and_names_each_bad_row_and_column()
    {
        await PublishShippedAsync();
        using var file = Csv(
            "first-call-resolution,一次解决率,First-call resolution,首次联系即解决的比例,Share solved at first contact,%,越高越好,工单系统,每两周,80,70,2,,,customer-service,",
            "late-tickets,超时工单数,Late tickets,超时未回复的工单数,Tickets answered late,个,越低越好,工单系统,每天,5,8,2,,,customer-service,",
            "Bad Key,名称,Name,定义,Definition,个,越高越好,工单系统,每周,ten,,2,,,,",
            "contract-value,签约金额,Contract value,定义,Definition,万元,越高越好,CRM 系统,每月,100,120,2,,,,职级=P5 目标=高");

        var outcome = await IndicatorImport.ImportAsync(Db, file, "library.csv", apply: true, "E004", clock);

        Assert.That(outcome.Refused, Is.True);
        Assert.That(outcome.Problems.Select(p => (p.Row, p.Column)), Is.EquivalentTo(new[]
        {
            (3, (string?)"frequency"),
            (4, "target"),
            (5, "grades"),
        }));
        Assert.That(outcome.Problems.Single(p => p.Row == 3).Message.ZhCn, Does.StartWith("第 3 行「更新频率」（I 列）").And.Contain("每天"));
        Assert.That(outcome.Problems.Single(p => p.Row == 4).Message.En, Does.StartWith("Row 4, column \"默认目标值\" (J)").And.Contain("not a number"));
        var library = await IndicatorLibrary.PublishedAsync(Db);
        Assert.That(library.Select(i => i.Key), Does.Not.Contain("first-call-resolution"), "the good row was not imported either");
        Assert.That(library.Single(i => i.Key == "contract-value").Target, Is.EqualTo(100));
    }

    [Test]
    public async Task A_row_that_fails_lint_is_named_by_its_row_and_the_column_at_fault()
    {
        using var file = Csv("Contract Value,签约金额,Contract value,定义,Definition,万元,越高越好,CRM 系统,每月,100,120,2,,,,");

        var outcome = await IndicatorImport.ImportAsync(Db, file, "library.csv", apply: true, "E004", clock);

        Assert.That(outcome.Problems.Select(p => (p.Code, p.Row, p.Column)), Is.EquivalentTo(new[]
        {
            ("indicator.invalid-key", 2, (string?)"key"),
            ("indicator.threshold-side", 2, "threshold"),
        }));
    }

    [Test]
    public async Task A_preview_says_what_each_row_changes_and_writes_nothing()
    {
        await PublishShippedAsync();
        using var file = Csv("first-call-resolution,一次解决率,First-call resolution,首次联系即解决的比例,Share solved at first contact,%,越高越好,工单系统,每两周,80,70,2,,,customer-service,");

        var outcome = await IndicatorImport.ImportAsync(Db, file, "library.csv", apply: false, "E004", clock);

        Assert.That((outcome.Refused, outcome.Applied, outcome.Rows.Single().Change), Is.EqualTo((false, false, IndicatorChange.New)));
        Assert.That((await IndicatorLibrary.PublishedAsync(Db)).Select(i => i.Key), Does.Not.Contain("first-call-resolution"));
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_library_exported_and_imported_back_is_unchanged(string language)
    {
        await PublishShippedAsync();
        using var workbook = new MemoryStream();
        await IndicatorImport.ExportAsync(Db, workbook, language);
        workbook.Position = 0;

        var outcome = await IndicatorImport.ImportAsync(Db, workbook, "library.xlsx", apply: true, "E004", clock);

        Assert.That(outcome.Problems, Is.Empty, string.Join("; ", outcome.Problems));
        Assert.That(outcome.Rows, Has.Count.EqualTo(9));
        Assert.That(outcome.Rows.Select(r => r.Change), Has.All.EqualTo(IndicatorChange.Unchanged));
        Assert.That(outcome.Rows.Select(r => r.Version), Has.All.EqualTo(1), "nothing published again");
    }

    [Test]
    public async Task A_person_is_proposed_indicators_by_the_role_family_the_organisation_file_gives_them()
    {
        await using (var demo = File.OpenRead(Path.Combine(RepositoryFiles.Root, "samples", "organisation", "demo-organisation.csv")))
        {
            var imported = await OrganisationDirectory.ImportIfEmptyAsync(Db, demo, "demo-organisation.csv");
            Assert.That(imported.Problems, Is.Empty);
        }

        var subject = await InTransaction(Db, w => IndicatorLibrary.SubjectAsync(w, "E012"));

        Assert.That(subject, Is.EqualTo(new IndicatorSubject("product-manager", "P5", ["D200", "D000"])).Using<IndicatorSubject>((a, b) =>
            a.RoleFamily == b.RoleFamily && a.Level == b.Level && a.Departments.SequenceEqual(b.Departments)));
        Assert.That((await OrganisationDirectory.FindPersonAsync(Db, "E033"))!.RoleFamily, Is.EqualTo("sales-rep"));
    }
}
