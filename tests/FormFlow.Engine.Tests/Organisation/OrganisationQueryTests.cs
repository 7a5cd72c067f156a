using Dapper;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Tests.Storage;

namespace FormFlow.Tests.Organisation;

/// <summary>The questions the runtime asks of the stored organisation, on each database (see <see cref="SmallOrg"/>).</summary>
public class OrganisationQueryTests(string kind) : StorageTest(kind)
{
    [SetUp]
    public Task StoreSmallOrg() => Store(SmallOrg.File());

    [Test]
    public async Task A_person_is_found_by_id_with_names_locale_and_roles()
    {
        var person = await InTransaction(Db, w => OrganisationStore.FindPersonAsync(w, "P3"));

        Assert.That(person, Is.EqualTo(new Person
        {
            Id = "P3", NameZh = "韩梅梅", NameEn = "Han Meimei", Email = "p3@example.com", Locale = "en",
            DepartmentId = "D1", ManagerId = "P2", Roles = "employee", HiredOn = "2026-09-01",
        }));
        Assert.That(await InTransaction(Db, w => OrganisationStore.FindPersonAsync(w, "nobody")), Is.Null);
    }

    [Test]
    public async Task Many_people_read_at_once_are_each_as_found_by_id_their_chosen_language_included()
    {
        await InTransaction(Db, w => NotificationPreferenceStore.SetLocaleAsync(w, "P3", "zh-CN", 1));
        await InTransaction(Db, w => NotificationPreferenceStore.SetLocaleAsync(w, "P5", "en", 1));

        var everyone = await InTransaction(Db, OrganisationStore.LoadAsync);
        var some = await InTransaction(Db, w => OrganisationStore.PeopleOfAsync(w, ["P5", "P3", "nobody"]));

        Assert.That(everyone.People.Single(p => p.Id == "P3").Locale, Is.EqualTo("zh-CN"), "the language P3 chose over the file's en");
        Assert.That(some.Select(p => p.Id), Is.EqualTo(new[] { "P3", "P5" }));
        foreach (var person in everyone.People.Concat(some))
        {
            Assert.That(person, Is.EqualTo(await InTransaction(Db, w => OrganisationStore.FindPersonAsync(w, person.Id))), person.Id);
        }
    }

    [Test]
    public async Task People_are_read_by_id_however_many_ids_are_asked_for()
    {
        // More than a statement takes parameters (SQLite 32,766, SQL Server 2,100): a launch may name that many people.
        string[] ids = ["P5", "P3", .. Enumerable.Range(0, 40_000).Select(i => $"X{i}")];

        var found = await InTransaction(Db, w => OrganisationStore.PeopleOfAsync(w, ids));

        Assert.That(found.Select(p => p.Id), Is.EqualTo(new[] { "P3", "P5" }));
    }

    [Test]
    public async Task A_few_people_asked_by_id_in_an_organisation_of_twenty_thousand_are_looked_up_by_the_key()
    {
        // The size at which PostgreSQL, expecting 100 ids of any JSON array, read every person to find two (JsonIds).
        await InTransaction(Db, w => w.Connection.ExecuteAsync(Db.Dialect == StorageDialect.PostgreSql
            ? "INSERT INTO people (id, name_zh, name_en, email, locale) SELECT 'Q' || g, '员工' || g, 'Employee ' || g, 'q' || g || '@example.com', 'zh-CN' FROM generate_series(1, 20000) g"
            : "WITH RECURSIVE n (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 20000) INSERT INTO people (id, name_zh, name_en, email, locale) SELECT 'Q' || g, '员工' || g, 'Employee ' || g, 'q' || g || '@example.com', 'zh-CN' FROM n", transaction: w.Transaction));
        await InTransaction(Db, w => w.Connection.ExecuteAsync("ANALYZE people", transaction: w.Transaction));

        var select = $"SELECT id FROM people WHERE id IN ({JsonIds.Select(Db.Dialect)})";
        var parameters = new { Ids = JsonIds.Of(["P3", "Q7"]) };
        var plan = await InTransaction(Db, async w => string.Join("\n", Db.Dialect == StorageDialect.PostgreSql
            ? await w.Connection.QueryAsync<string>("EXPLAIN " + select, parameters, w.Transaction)
            : (await w.Connection.QueryAsync<(long Id, long Parent, long Unused, string Detail)>("EXPLAIN QUERY PLAN " + select, parameters, w.Transaction)).Select(r => r.Detail)));
        var found = await InTransaction(Db, w => w.Connection.QueryAsync<string>(select + " ORDER BY id", parameters, w.Transaction));

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.EqualTo(new[] { "P3", "Q7" }));
            Assert.That(plan, Does.Not.Contain("Seq Scan on people").And.Not.Contain("SCAN people"), plan);
            Assert.That(plan, Does.Contain("people_pkey").Or.Contain("SEARCH people"), plan);
        });
    }

    [TestCase("P5", "P4")]
    [TestCase("P4", "P2")]
    [TestCase("P1", null)]
    public async Task The_manager_is_the_person_named_in_the_manager_column(string person, string? manager) =>
        Assert.That((await InTransaction(Db, w => OrganisationStore.ManagerOfAsync(w, person)))?.Id, Is.EqualTo(manager));

    [TestCase("P5", "P2")]
    [TestCase("P3", "P1")]
    [TestCase("P2", null)]
    public async Task The_skip_level_leader_is_the_managers_manager(string person, string? skipLevel) =>
        Assert.That((await InTransaction(Db, w => OrganisationStore.SkipLevelOfAsync(w, person)))?.Id, Is.EqualTo(skipLevel));

    [TestCase("P5", "P4", Description = "a member: their department's head")]
    [TestCase("P4", "P2", Description = "a head: the parent department's head")]
    [TestCase("P2", "P1")]
    [TestCase("P1", null, Description = "the head of the top department has none")]
    public async Task The_department_head_is_the_heads_of_the_persons_department_or_above_for_a_head(string person, string? head) =>
        Assert.That((await InTransaction(Db, w => OrganisationStore.DepartmentHeadOfAsync(w, person)))?.Id, Is.EqualTo(head));

    [Test]
    public async Task A_department_without_a_head_takes_the_head_of_the_department_above()
    {
        var lines = SmallOrg.Lines();
        lines[3] = lines[3] with { IsDepartmentHead = false };
        await Store(new OrgFile(lines));

        Assert.That((await InTransaction(Db, w => OrganisationStore.DepartmentHeadOfAsync(w, "P5")))?.Id, Is.EqualTo("P2"));
    }

    [TestCase("P5", "P7", Description = "D2 has no HRBP: D1's")]
    [TestCase("P3", "P7")]
    [TestCase("P1", "P6")]
    [TestCase("P7", "P6", Description = "HR has no HRBP: HQ's")]
    [TestCase("P6", null, Description = "nobody is their own HRBP")]
    public async Task The_hrbp_is_the_one_of_the_nearest_department_up_the_tree_that_has_one(string person, string? hrbp) =>
        Assert.That((await InTransaction(Db, w => OrganisationStore.HrbpOfAsync(w, person)))?.Id, Is.EqualTo(hrbp));

    [TestCase("hrbp", new[] { "P6", "P7" })]
    [TestCase("manager", new[] { "P1", "P2", "P4", "P6" })]
    [TestCase("employee", new[] { "P3", "P4", "P5" })]
    [TestCase("admin", new[] { "P1" })]
    public async Task People_with_a_role_are_those_whose_roles_name_it_wherever_it_stands(string role, string[] ids)
    {
        var people = await InTransaction(Db, w => OrganisationStore.PeopleWithRoleAsync(w, role));

        Assert.That(people.Select(p => p.Id), Is.EquivalentTo(ids));
    }

    [Test]
    public async Task Unknown_people_have_no_manager_head_or_hrbp()
    {
        var answers = await InTransaction(Db, async w => new[]
        {
            await OrganisationStore.ManagerOfAsync(w, "nobody"),
            await OrganisationStore.SkipLevelOfAsync(w, "nobody"),
            await OrganisationStore.DepartmentHeadOfAsync(w, "nobody"),
            await OrganisationStore.HrbpOfAsync(w, "nobody"),
        });

        Assert.That(answers, Is.All.Null);
    }

    [TestCase("P5")]
    [TestCase("P4")]
    [TestCase("P3")]
    [TestCase("P1", Description = "the top: no manager, no skip-level")]
    [TestCase("nobody", Description = "not in the organisation: nobody at all")]
    public async Task The_subject_circle_read_in_one_statement_answers_as_each_question_alone(string person)
    {
        var (circle, alone) = await InTransaction(Db, async w => (
            await OrganisationStore.SubjectCircleAsync(w, person),
            new SubjectCircle(person, await OrganisationStore.FindPersonAsync(w, person), await OrganisationStore.ManagerOfAsync(w, person), await OrganisationStore.SkipLevelOfAsync(w, person))));

        Assert.That(circle, Is.EqualTo(alone));
    }

    [Test]
    public async Task The_facts_of_many_subjects_asked_at_once_are_each_as_asked_alone()
    {
        // Two people of one department, departments three deep, someone without a level, an id twice, one who left.
        string[] subjects = ["P5", "P3", "nobody", "P1", "P4", "P3", "P7"];

        var atOnce = await InTransaction(Db, w => Relationships.InStore(w).SubjectsAsync(subjects));

        Assert.That(atOnce.Keys, Is.EquivalentTo(subjects.Distinct()));
        foreach (var id in subjects.Distinct())
        {
            var alone = await InTransaction(Db, w => Relationships.InStore(w).SubjectAsync(id));
            Assert.That(Facts(atOnce[id]), Is.EqualTo(Facts(alone)), id);
        }

        Assert.That(Facts(atOnce["P5"]), Is.EqualTo(Facts(new SubjectFacts("P5", "P6", "D2", ["D2", "D1", "D0"], ["employee"], new DateOnly(2025, 3, 15)))));
        Assert.That(Facts(atOnce["nobody"]), Is.EqualTo(Facts(SubjectFacts.IdOnly("nobody"))));
    }

    // A record's lists compare by reference: the facts as text.
    private static string Facts(SubjectFacts facts) =>
        $"{facts.Id} {facts.Level} {facts.DepartmentId} [{string.Join(",", facts.Departments)}] [{string.Join(",", facts.Roles)}] {facts.HiredOn:yyyy-MM-dd}";

    private Task Store(OrgFile file) => InTransaction(Db, w => OrganisationStore.ReplaceAsync(w, file.Parse().Organisation!));
}
