using Dapper;
using FormFlow.Api.Hosting;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>What start-up does to a fresh database, and that doing it again over the same database does nothing twice.</summary>
public sealed class StartupTests(string kind) : ApiTest(kind)
{
    [Test]
    public async Task Start_migrates_and_publishes_the_shipped_templates_and_processes_and_imports_the_demo_organisation()
    {
        var state = Host.Services.GetRequiredService<StartupState>();
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var templates = await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM definitions WHERE kind = 'template' AND version = 1", transaction: work.Transaction);
        var processes = await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM definitions WHERE kind = 'process' AND version = 1", transaction: work.Transaction);
        var organisation = await OrganisationStore.LoadAsync(work);
        Assert.Multiple(() =>
        {
            Assert.That(state.Loaded, Is.True);
            Assert.That(state.AppliedMigrations, Is.Not.Empty, "a fresh database is migrated");
            Assert.That(state.Publications.Where(p => p.Outcome == PublishOutcome.Rejected).Select(p => p.Source), Is.Empty);
            Assert.That(templates, Is.EqualTo(10));
            Assert.That(processes, Is.EqualTo(7));
            Assert.That(organisation.People, Has.Count.EqualTo(40));
            Assert.That(organisation.Departments, Has.Count.EqualTo(5));
            Assert.That(state.DemoPeopleImported, Is.EqualTo(40));
            Assert.That(Messages(Host), Has.Some.EqualTo("演示组织已导入 / Demo organisation imported: 40 人 people, 5 个部门 departments"));
        });
    }

    [Test]
    public async Task The_demo_organisation_has_a_ceo_department_heads_managers_two_hrbps_and_one_admin()
    {
        var people = await OrganisationDirectory.PeopleAsync(Db);
        var reports = people.Where(p => p.ManagerId is not null).GroupBy(p => p.ManagerId!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(people.Count(p => p.ManagerId is null), Is.EqualTo(1), "one CEO at the top");
            Assert.That(people.Count(p => p.HasRole(Role.Admin)), Is.EqualTo(1));
            Assert.That(people.Where(p => p.HasRole(Role.Hrbp)).Select(p => p.HrbpOf.Count).ToList(), Has.Count.EqualTo(2).And.All.GreaterThan(0));
            Assert.That(people.Sum(p => p.HeadOf.Count), Is.EqualTo(5), "every department has its head");
            Assert.That(people.Where(p => p.HasRole(Role.Manager)).Select(p => reports.GetValueOrDefault(p.Id)), Is.All.InRange(3, 6));
            Assert.That(people.Select(p => p.Email), Is.All.EndsWith("@example.com"));
            Assert.That(people.Select(p => p.Name.ZhCn), Is.Unique);
        });
    }

    [Test]
    public async Task Restarting_over_the_same_database_publishes_and_imports_nothing_twice()
    {
        using var again = new ApiHost(Database);
        var state = again.Services.GetRequiredService<StartupState>();
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var versions = await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM definitions WHERE version > 0", transaction: work.Transaction);
        Assert.Multiple(() =>
        {
            Assert.That(state.Loaded, Is.True);
            Assert.That(state.AppliedMigrations, Is.Empty);
            Assert.That(state.Publications, Has.Count.EqualTo(26), "10 templates, 7 processes and the 9 indicators of the library");
            Assert.That(state.Publications.Select(p => p.Outcome), Is.All.EqualTo(PublishOutcome.Unchanged));
            Assert.That(state.DemoPeopleImported, Is.Zero);
            Assert.That(versions, Is.EqualTo(26));
        });
    }

    [Test]
    public void Restarting_says_the_organisation_is_already_there_with_its_head_count()
    {
        using var again = new ApiHost(Database);
        _ = again.Server;

        Assert.Multiple(() =>
        {
            Assert.That(Messages(again), Has.Some.EqualTo("组织架构已存在，未导入 / The organisation is already there, nothing imported: 40 人 people, 5 个部门 departments"));
            Assert.That(Messages(again), Has.None.Contains("演示组织已导入"));
        });
    }

    [Test]
    public async Task The_sign_in_list_names_an_hrbp_a_manager_of_their_departments_and_two_of_that_managers_direct_reports()
    {
        var lines = await SignInListAsync(Host);
        var people = (await OrganisationDirectory.PeopleAsync(Db)).ToDictionary(p => p.Id);
        var hrbp = Listed(lines, "HRBP").Single();
        var manager = Listed(lines, "经理 manager").Single();
        var employees = Listed(lines, "员工 employee");

        Assert.That(employees, Has.Count.EqualTo(2), string.Join("\n", lines));
        var overseen = await Oversight.OverseenAsync(Db, hrbp);
        var relation = await Oversight.RelationAsync(Db, hrbp, manager);
        Assert.Multiple(() =>
        {
            Assert.That(people[hrbp].HasRole(Role.Hrbp), Is.True);
            Assert.That(relation.HasFlag(SubjectRelation.Hrbp), Is.True, "the manager is in the HRBP's departments");
            Assert.That(people[manager].HasRole(Role.Manager), Is.True);
            Assert.That(employees.Select(e => people[e].ManagerId), Is.All.EqualTo(manager), "direct reports of the manager listed");
            Assert.That(employees.Select(e => people[e].DepartmentId), Is.All.EqualTo(people[manager].DepartmentId), "a cycle for the manager's department reaches them");
            Assert.That(overseen, Is.SupersetOf(employees), "the employees are in the HRBP's departments");
            Assert.That(lines, Has.Some.Contains($"{people[hrbp].Name.En} is the HRBP of {people[manager].DepartmentName!.En} ({people[manager].DepartmentId})"));
            Assert.That(lines, Has.Some.Contains($"-d '{{\"personId\":\"{hrbp}\"}}'"), "the curl line signs in as the HRBP");
        });
    }

    [Test]
    public async Task A_new_installation_imports_its_organisation_file_instead_of_the_demo_and_a_broken_file_stops_the_start()
    {
        var folder = Directory.CreateTempSubdirectory("formflow-org-");
        try
        {
            var file = Path.Combine(folder.FullName, "people.csv");
            await File.WriteAllTextAsync(file, """
                id,name_zh,name_en,email,department_id,department_name_zh,department_name_en,manager_id,roles,is_department_head
                A1,管理员,Admin,admin@example.com,X0,公司,Company,,admin manager,true
                A2,员工,Employee,employee@example.com,X0,公司,Company,A1,employee,
                """);
            using (var fresh = TestDatabase.Create(Kind))
            {
                using var host = new ApiHost(fresh, new Dictionary<string, string?> { ["FormFlow:Organisation:InitialFile"] = file });
                _ = host.Server;
                using var db = new Database(fresh.Dialect, fresh.ConnectionString);
                Assert.That((await OrganisationDirectory.PeopleAsync(db)).Select(p => p.Id), Is.EqualTo(new[] { "A1", "A2" }), "the file, not the demo's 40 people");
            }

            await File.WriteAllTextAsync(file, "id,name_zh,email\nA1,管理员,not-an-email\n");
            using var broken = TestDatabase.Create(Kind);
            using var refused = new ApiHost(broken, new Dictionary<string, string?> { ["FormFlow:Organisation:InitialFile"] = file });
            var error = Assert.Catch(() => _ = refused.Server);
            Assert.That(error!.ToString(), Does.Contain("people.csv does not import").And.Contain("department_id"), "each problem named");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The messages <paramref name="host"/> logged, in order.</summary>
    private static IReadOnlyList<string> Messages(ApiHost host) => [.. host.Log.GetSnapshot().Select(r => r.Message)];

    /// <summary>The lines of the start-up report once it is written (it comes after the server starts).</summary>
    private static async Task<IReadOnlyList<string>> SignInListAsync(ApiHost host)
    {
        await host.Services.GetRequiredService<StartupReport>().Reported.WaitAsync(TimeSpan.FromMinutes(1));
        return [.. host.Log.GetSnapshot().Where(r => r.Category == typeof(StartupReport).FullName).Select(r => r.Message)];
    }

    /// <summary>The ids on the report's lines that start with <paramref name="label"/>, e.g. <c>  HRBP             E004   赵敏 / Min Zhao</c>.</summary>
    private static List<string> Listed(IReadOnlyList<string> lines, string label) =>
        [.. lines.Where(l => l.StartsWith("  " + label + " ", StringComparison.Ordinal)).Select(l => l[(label.Length + 2)..].TrimStart().Split(' ')[0])];

    [Test]
    public async Task A_changed_template_is_published_again_with_the_process_that_uses_it_and_nothing_else()
    {
        // A database of its own: this test publishes new versions, which the other tests do not expect.
        using var other = TestDatabase.Create(Kind);
        using var db = new Database(other.Dialect, other.ConnectionString);
        await DatabaseMigrations.ApplyAsync(db, CancellationToken.None);
        var shipped = new ShippedFiles();
        await DefinitionPublishing.PublishChangedAsync(db, shipped.Templates(), shipped.Processes(), "test", Host.Clock);
        var templates = shipped.Templates().ToDictionary(t => t.Key, t => t.Value);
        var idp = templates.Keys.Single(k => k.EndsWith("/idp.json", StringComparison.Ordinal));
        var changed = System.Text.Json.Nodes.JsonNode.Parse(templates[idp])!;
        changed["description"]!["en"] = "A changed description";
        templates[idp] = changed.ToJsonString();

        var publications = await DefinitionPublishing.PublishChangedAsync(db, templates, shipped.Processes(), "test", Host.Clock);

        Assert.Multiple(() =>
        {
            Assert.That(publications.Where(p => p.Outcome == PublishOutcome.Published).Select(p => (p.Key, p.Version)), Is.EquivalentTo(new[] { ("idp", 2), ("annual-review", 2), ("next-period-goals", 2) }));
            Assert.That(publications.Count(p => p.Outcome == PublishOutcome.Unchanged), Is.EqualTo(14));
        });
    }
}
