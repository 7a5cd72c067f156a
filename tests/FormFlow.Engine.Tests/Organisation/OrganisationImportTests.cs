using Dapper;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Tests.Storage;

namespace FormFlow.Tests.Organisation;

/// <summary>Importing into each database: a 1,000-person organisation from CSV and from .xlsx; a bad file changes nothing.</summary>
public class OrganisationImportTests(string kind) : StorageTest(kind)
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("formflow-org-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Two_nodes_importing_into_an_empty_organisation_at_once_import_it_once_and_both_see_it_there()
    {
        // Ten tries, each from an empty organisation: the race the two nodes of a first start run, done on purpose.
        var bytes = ThousandPeople.File().Csv().ToArray();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await InTransaction(Db, w => w.Connection.ExecuteAsync("DELETE FROM people; DELETE FROM departments;", transaction: w.Transaction));

            var outcomes = await Task.WhenAll(
                Task.Run(() => OrganisationDirectory.ImportIfEmptyAsync(Db, new MemoryStream(bytes), "people.csv")),
                Task.Run(() => OrganisationDirectory.ImportIfEmptyAsync(OtherNode, new MemoryStream(bytes), "people.csv")));

            Assert.That(outcomes.Count(o => o.Imported), Is.EqualTo(1), $"try {attempt + 1}: one node imports");
            Assert.That(outcomes.Select(o => (o.People, o.Departments, o.Problems.Count)), Is.All.EqualTo((ThousandPeople.People, ThousandPeople.Departments, 0)), $"try {attempt + 1}: both see the whole organisation");
        }
    }

    [TestCase("csv")]
    [TestCase("xlsx")]
    public async Task A_generated_organisation_of_1000_people_loads_with_its_trees_intact(string type)
    {
        var path = Path.Combine(folder, "people.csv");
        if (type == "csv")
        {
            await File.WriteAllBytesAsync(path, ThousandPeople.File().Csv().ToArray());
        }
        else
        {
            path = ThousandPeople.File(OrgFile.ChineseHeader).WriteXlsx(folder);
        }

        var result = await InTransaction(Db, async w =>
        {
            await using var file = File.OpenRead(path);
            return await OrganisationImport.ImportAsync(w, file, path);
        });

        Assert.That(result.Problems, Is.Empty, result.Describe());
        await InTransaction(Db, async w =>
        {
            Assert.That(await Count(w, "people"), Is.EqualTo(ThousandPeople.People));
            Assert.That(await Count(w, "departments"), Is.EqualTo(ThousandPeople.Departments));
            Assert.That(await OrganisationStore.PeopleWithRoleAsync(w, Role.Hrbp), Has.Count.EqualTo(ThousandPeople.Hrbps));

            // E0027: employee of team D201 (head E0011), in division D200 (head E0007, HRBP E0003), under the CEO E0001.
            Assert.That((await OrganisationStore.ManagerOfAsync(w, "E0027"))?.Id, Is.EqualTo("E0011"));
            Assert.That((await OrganisationStore.SkipLevelOfAsync(w, "E0027"))?.Id, Is.EqualTo("E0007"));
            Assert.That((await OrganisationStore.DepartmentHeadOfAsync(w, "E0027"))?.Id, Is.EqualTo("E0011"));
            Assert.That((await OrganisationStore.DepartmentHeadOfAsync(w, "E0011"))?.Id, Is.EqualTo("E0007"), "a head's head is the parent department's");
            Assert.That((await OrganisationStore.HrbpOfAsync(w, "E0027"))?.Id, Is.EqualTo("E0003"), "the team has no HRBP: the division's");
            Assert.That((await OrganisationStore.HrbpOfAsync(w, "E0003"))?.Id, Is.EqualTo("E0002"), "HR has no HRBP: the CEO office's");
            var stored = await OrganisationStore.LoadAsync(w);
            Assert.That(stored, Is.EqualTo(result.Organisation).Using<OrgChart>(OrganisationFileTests.SameOrganisation), "stored as parsed");
        });
    }

    [Test]
    public async Task A_new_import_replaces_the_whole_organisation()
    {
        await Import(SmallOrg.File());

        var result = await Import(new OrgFile([PersonLine.Of("Q1")]));

        Assert.That(result.Problems, Is.Empty, result.Describe());
        var stored = await InTransaction(Db, OrganisationStore.LoadAsync);
        Assert.That(stored.People.Select(p => p.Id), Is.EqualTo(new[] { "Q1" }));
        Assert.That(stored.Departments.Select(d => d.Id), Is.EqualTo(new[] { "D1" }));
    }

    [Test]
    public async Task A_new_import_numbers_the_people_list_and_counts_the_departments_afresh_for_everyone_s_pages()
    {
        // The people list of everyone pages by the place the import gives each person, and the departments list shows
        // the head count the import keeps (migration 0016): after 1,000 people, four — given out of id order.
        await Import(ThousandPeople.File());
        var sales = new Func<PersonLine, PersonLine>(l => l with { DepartmentId = "D2", DepartmentNameZh = "销售部", DepartmentNameEn = "Sales" });
        var result = await Import(new OrgFile([PersonLine.Of("Q3"), PersonLine.Of("Q1") with { Roles = "admin" }, sales(PersonLine.Of("Q4")), PersonLine.Of("Q2")]));
        Assert.That(result.Problems, Is.Empty, result.Describe());

        var admin = (await OrganisationDirectory.FindPersonAsync(Db, "Q1"))!;
        foreach (var size in new[] { 1, 3, 4, 50 })
        {
            var ids = new List<string>();
            var totals = new HashSet<int>();
            for (var offset = 0; offset < 4; offset += size)
            {
                var page = await OrganisationDirectory.VisiblePeopleAsync(Db, admin, null, offset, size);
                ids.AddRange(page.People.Select(p => p.Id));
                totals.Add(page.Total);
            }

            var past = await OrganisationDirectory.VisiblePeopleAsync(Db, admin, null, 4, size);
            Assert.Multiple(() =>
            {
                Assert.That(ids, Is.EqualTo(new[] { "Q1", "Q2", "Q3", "Q4" }), $"pages of {size}");
                Assert.That(totals, Is.EqualTo(new[] { 4 }), $"the total of every page of {size}");
                Assert.That((past.People.Count, past.Total), Is.EqualTo((0, 4)), $"the page past the last, pages of {size}");
            });
        }

        var departments = await OrganisationDirectory.DepartmentsAsync(Db, "Q1");
        Assert.That(departments.Select(d => (d.Id, d.People, d.PeopleWithin)), Is.EqualTo(new[] { ("D1", 3, 3), ("D2", 1, 1) }));
    }

    [Test]
    public async Task A_new_import_that_moves_a_department_moves_its_people_out_of_the_old_parent_s_oversight()
    {
        // Who leads a department's people is read from the tree's closure the import keeps (migration 0017): moving
        // Platform (D2) from R&D (D1) to HR (D9) must take its people from R&D's HRBP (P7) at once.
        await Import(SmallOrg.File());
        Assert.That(await Oversight.OverseenAsync(Db, "P7"), Is.EqualTo(new[] { "P2", "P3", "P4", "P5" }));

        var result = await Import(new OrgFile([.. SmallOrg.Lines().Select(l => l.DepartmentId == "D2" ? l with { ParentDepartmentId = "D9" } : l)]));

        Assert.That(result.Problems, Is.Empty, result.Describe());
        var closure = await InTransaction(Db, async w => (await w.Connection.QueryAsync<(string Ancestor, string Descendant, long Depth)>(
            "SELECT ancestor_id, descendant_id, depth FROM department_closure", transaction: w.Transaction)).OrderBy(c => c.Ancestor, StringComparer.Ordinal).ThenBy(c => c.Descendant, StringComparer.Ordinal).ToList());
        Assert.That(closure, Is.EqualTo(new (string, string, long)[]
        {
            ("D0", "D0", 0), ("D0", "D1", 1), ("D0", "D2", 2), ("D0", "D9", 1),
            ("D1", "D1", 0),
            ("D2", "D2", 0),
            ("D9", "D2", 1), ("D9", "D9", 0),
        }));
        Assert.That(await Oversight.OverseenAsync(Db, "P7"), Is.EqualTo(new[] { "P2", "P3" }), "R&D's HRBP no longer oversees Platform");
        Assert.That(await Oversight.RelationAsync(Db, "P6", "P5"), Is.EqualTo(SubjectRelation.Hrbp | SubjectRelation.DepartmentHead), "HR's head now heads Platform's people too (the walk up the tree agrees with the closure)");
    }

    [Test]
    public async Task Instances_are_counted_by_their_subject_s_department_as_they_are_written_and_again_when_an_import_moves_the_subject()
    {
        // What the team's instances sum their totals from (migration 0021): a command's writes count the instances they
        // start, whether in its one statement or, as a launch's batches, in bulk (over 1,000 rows), every one of them
        // (migration 0022: a subject the organisation does not know under no department); an import moving
        // 韩梅梅 (P3) from R&D (D1) to Platform (D2) must move her instances' count with her.
        await Import(SmallOrg.File());
        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Rows.Starting(Rows.Instance() with { SubjectId = "P3" })));
        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Rows.Starting(Rows.Instance() with { SubjectId = "P3" }, Rows.Instance() with { SubjectId = "P4" }, Rows.Instance() with { SubjectId = "P404" })));
        await InTransaction(Db, w => CommandWrites.WriteAsync(w, Rows.Starting([.. Enumerable.Range(0, 1_001).Select(_ => Rows.Instance() with { SubjectId = "P5" })])));
        Assert.That(await InstanceCountsAsync(Db), Is.EqualTo(new[] { ("", "", 1L), ("", "D1", 2L), ("", "D2", 1_002L) }), "an unknown subject's instance counted under no department");

        var result = await Import(new OrgFile([.. SmallOrg.Lines().Select(l => l.Id == "P3" ? l with { DepartmentId = "D2", DepartmentNameZh = "平台组", DepartmentNameEn = "Platform", ParentDepartmentId = "D1" } : l)]));

        Assert.That(result.Problems, Is.Empty, result.Describe());
        Assert.That(await InstanceCountsAsync(Db), Is.EqualTo(new[] { ("", "", 1L), ("", "D2", 1_004L) }));
    }

    [Test]
    public async Task A_cycle_in_the_manager_chain_rejects_the_file_and_leaves_the_stored_organisation_as_it_was()
    {
        var lines = ChangedSmallOrg();
        lines[1] = lines[1] with { ManagerId = "P5" };
        lines[5] = lines[5] with { ManagerId = "P7" };
        lines[6] = lines[6] with { ManagerId = "P6" };

        await AssertRejectedAndUnchanged(lines, [("manager-cycle", 3, [3, 6, 5]), ("manager-cycle", 7, [7, 8])]);
    }

    [Test]
    public async Task An_unknown_manager_rejects_the_file_and_leaves_the_stored_organisation_as_it_was()
    {
        var lines = ChangedSmallOrg();
        lines[2] = lines[2] with { ManagerId = "P404" };
        lines[4] = lines[4] with { ManagerId = "p4" };

        await AssertRejectedAndUnchanged(lines, [("manager-unknown", 4, [4]), ("manager-unknown", 6, [6])]);
    }

    [Test]
    public async Task A_duplicate_id_rejects_the_file_and_leaves_the_stored_organisation_as_it_was()
    {
        var lines = ChangedSmallOrg();
        lines.Add(SmallOrg.In("D1", "P3", "P2"));
        lines.Add(SmallOrg.In("D2", "P5", "P4"));
        lines.Add(SmallOrg.In("D2", "P5", "P4"));

        await AssertRejectedAndUnchanged(lines, [("person-duplicate", 9, [4, 9]), ("person-duplicate", 10, [6, 10, 11])]);
    }

    [Test]
    public async Task A_bad_email_rejects_the_file_and_leaves_the_stored_organisation_as_it_was()
    {
        var lines = ChangedSmallOrg();
        lines[0] = lines[0] with { Email = "wang@" };
        lines[3] = lines[3] with { Email = "张伟" };
        lines[6] = lines[6] with { Email = "zhao min@example.com" };

        await AssertRejectedAndUnchanged(lines, [("email-invalid", 2, [2]), ("email-invalid", 5, [5]), ("email-invalid", 8, [8])]);
    }

    /// <summary>The small organisation with every name changed, so that a partial write would show.</summary>
    private static List<PersonLine> ChangedSmallOrg() => [.. SmallOrg.Lines().Select(l => l with { NameZh = l.NameZh + "（新）", Locale = "en" })];

    private async Task AssertRejectedAndUnchanged(List<PersonLine> lines, (string Code, int Row, int[] Rows)[] expected)
    {
        await Import(SmallOrg.File());
        var before = await InTransaction(Db, OrganisationStore.LoadAsync);

        var result = await Import(new OrgFile(lines));

        Assert.That(result.Organisation, Is.Null);
        Assert.That(result.Problems.Select(p => (p.Code, p.Row, string.Join(",", p.Rows))), Is.EqualTo(expected.Select(e => (e.Code, e.Row, string.Join(",", e.Rows)))));
        var after = await InTransaction(Db, OrganisationStore.LoadAsync);
        Assert.That(after, Is.EqualTo(before).Using<OrgChart>(OrganisationFileTests.SameOrganisation));
        Assert.That(after.People, Has.Count.EqualTo(7));
    }

    private Task<ImportResult> Import(OrgFile file) =>
        InTransaction(Db, async w => await OrganisationImport.ImportAsync(w, file.Csv(), "people.csv"));

    private static Task<int> Count(UnitOfWork work, string table) =>
        work.Connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table}", transaction: work.Transaction);
}
