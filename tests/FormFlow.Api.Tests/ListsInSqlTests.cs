using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// The lists the database filters, counts and pages (docs/performance.md, "Lists"): the people list, the inbox and the
/// team's instances give, page after page, exactly what the rule of who sees whom gives read whole — each item once, in
/// the documented order, the same total on every page, an empty page past the last. The oracle is the organisation
/// read whole and filtered as the API did before the lists moved into SQL.
/// </summary>
public sealed class ListsInSqlTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";

    // An administrator, an HRBP, a department head who manages, a manager, an employee, a head of a lower department.
    private static readonly string[] Viewers = ["E002", "E004", "E010", "E011", "E012", "E021"];

    [Test]
    public async Task Every_viewer_reads_the_people_they_may_see_once_each_in_id_order_page_after_page_whatever_the_page_size()
    {
        foreach (var viewer in Viewers)
        {
            using var client = await SignedIn(viewer);
            var expected = await OracleAsync(viewer, null);
            foreach (var pageSize in new[] { 1, 7, 40, 200 })
            {
                var (ids, totals, past) = await ReadAllAsync(client, "/api/organisation/people?", pageSize);
                Assert.Multiple(() =>
                {
                    Assert.That(ids, Is.EqualTo(expected), $"{viewer}, pages of {pageSize}");
                    Assert.That(totals.Distinct(), Is.EqualTo(new[] { expected.Count }), $"{viewer}: the total of every page");
                    Assert.That(((int)past["total"]!, past["items"]!.AsArray().Count), Is.EqualTo((expected.Count, 0)), $"{viewer}: the page past the last");
                });
            }
        }
    }

    [TestCase("li")]
    [TestCase("LI")]
    [TestCase("e01")]
    [TestCase("李")]
    [TestCase("  Na  ")]
    [TestCase("%")]
    [TestCase("_")]
    [TestCase("\\")]
    [TestCase("nobody-has-this")]
    [TestCase("e")]
    [TestCase("E0")]
    [TestCase("e01")]
    [TestCase("E012")]
    [TestCase("yAnG")]
    [TestCase("娜")]
    [TestCase("思远")]
    [TestCase("陈思远")]
    [TestCase("李安娜")]
    [TestCase("g l")]
    [TestCase("ng Liu")]
    [TestCase("\"an")]
    [TestCase("a%n")]
    public async Task A_search_keeps_those_whose_id_or_a_name_holds_it_in_any_case_and_takes_wildcards_literally(string q)
    {
        foreach (var viewer in new[] { "E004", "E010", "E011" })
        {
            using var client = await SignedIn(viewer);
            var expected = await OracleAsync(viewer, q);
            var (ids, totals, _) = await ReadAllAsync(client, $"/api/organisation/people?q={Uri.EscapeDataString(q)}&", 3);
            Assert.Multiple(() =>
            {
                Assert.That(ids, Is.EqualTo(expected), $"{viewer} searching \"{q}\"");
                Assert.That(totals.Distinct().DefaultIfEmpty(0).Single(), Is.EqualTo(expected.Count), $"{viewer} searching \"{q}\": the total");
            });
        }
    }

    [Test]
    public async Task A_person_outside_the_viewers_sight_is_404_and_one_inside_is_shown_with_their_departments()
    {
        using var manager = await SignedIn("E011");
        using var outside = await manager.GetAsync("/api/organisation/people/E030");
        var inside = await GetJson(manager, "/api/organisation/people/E012");
        var head = await GetJson(await SignedIn(Hrbp), "/api/organisation/people/E010");

        Assert.Multiple(() =>
        {
            Assert.That((int)outside.StatusCode, Is.EqualTo(404));
            Assert.That(((string?)inside["id"], (string?)inside["department"]!["id"], (string?)inside["department"]!["name"]!["en"]), Is.EqualTo(("E012", "D200", "R&D Center")));
            Assert.That(head["headOf"]!.AsArray().Select(d => (string?)d), Is.EqualTo(new[] { "D200" }), head.ToJsonString());
        });
    }

    [Test]
    public async Task The_inbox_counts_filters_and_pages_a_persons_tasks_soonest_due_first()
    {
        // Three cycles for 高翔 (E016), a day apart: three self-reviews due 14, 15 and 16 days from the first launch.
        var cycles = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            cycles.Add(await LaunchAsync("E016"));
            Host.Clock.Advance(TimeSpan.FromDays(1));
        }

        using var employee = await SignedIn("E016");
        var all = await GetJson(employee, "/api/tasks?pageSize=2");
        var second = await GetJson(employee, "/api/tasks?pageSize=2&page=2");
        var past = await GetJson(employee, "/api/tasks?pageSize=2&page=3");
        var done = await GetJson(employee, "/api/tasks?status=done");
        var oneCycle = await GetJson(employee, $"/api/tasks?cycle={cycles[1]}");
        var otherProcess = await GetJson(employee, "/api/tasks?process=no-such-process");

        // Eleven days on (fourteen from the first launch) the first is past due, the two others due within three days.
        Host.Clock.Advance(TimeSpan.FromDays(11) + TimeSpan.FromMinutes(1));
        using var later = await SignedIn("E016");
        var overdue = await GetJson(later, "/api/tasks?overdue=true");

        Assert.Multiple(() =>
        {
            Assert.That(((int)all["total"]!, (int)all["page"]!, (int)all["pageSize"]!), Is.EqualTo((3, 1, 2)), all.ToJsonString());
            Assert.That(Cycles(all).Concat(Cycles(second)), Is.EqualTo(cycles), "soonest due first, over the pages");
            Assert.That(((int)past["total"]!, past["items"]!.AsArray().Count), Is.EqualTo((3, 0)), "past the last page");
            Assert.That(Counts(all), Is.EqualTo((3, 3, 0, 0)), "total, open, overdue, due soon");
            Assert.That(((int)done["total"]!, done["items"]!.AsArray().Count, Counts(done)), Is.EqualTo((0, 0, (3, 3, 0, 0))), "the counts do not follow the status filter");
            Assert.That(((int)oneCycle["total"]!, Cycles(oneCycle).Single(), Counts(oneCycle)), Is.EqualTo((1, cycles[1], (1, 1, 0, 0))), "the counts follow the cycle filter");
            Assert.That(((int)otherProcess["total"]!, Counts(otherProcess)), Is.EqualTo((0, (0, 0, 0, 0))));
            Assert.That(((int)overdue["total"]!, Cycles(overdue).Single(), Counts(overdue)), Is.EqualTo((1, cycles[0], (3, 3, 1, 2))), overdue.ToJsonString());
        });
    }

    [Test]
    public async Task A_managers_inbox_names_the_subject_of_every_task_on_every_page()
    {
        // 张伟 (E011) prepares an interview for each of three reports once their self-reviews are in.
        string[] reports = ["E012", "E013", "E014"];
        var cycle = await LaunchAsync(reports);
        foreach (var report in reports)
        {
            using var employee = await SignedIn(report);
            var task = await OnlyOpenTaskAsync(employee, cycle, "self-review");
            await Expect(await employee.PostAsync($"/api/tasks/{task}/submit", Json(new JsonObject { ["data"] = Example("self-review", "valid-annual-rating-5") }.ToJsonString())), 200, report);
        }

        using var manager = await SignedIn("E011");
        var named = new List<(string Id, string? Zh, string? En)>();
        for (var page = 1; page <= 2; page++)
        {
            var inbox = await GetJson(manager, $"/api/tasks?cycle={cycle}&pageSize=2&page={page}");
            named.AddRange(inbox["items"]!.AsArray().Select(i => i!["subject"]!).Select(s => ((string)s["id"]!, (string?)s["name"]!["zh-CN"], (string?)s["name"]!["en"])));
        }

        var organisation = await OrganisationDirectory.NamesAsync(Db, reports);
        Assert.That(
            named.OrderBy(n => n.Id, StringComparer.Ordinal),
            Is.EqualTo(reports.Select(r => (r, (string?)organisation[r].ZhCn, (string?)organisation[r].En))),
            "each task once, named as the organisation names its subject");
    }

    [Test]
    public async Task The_team_list_pages_the_overseen_instances_newest_first_and_never_holds_the_viewers_own()
    {
        var cycle = await LaunchAsync("E011", "E012", "E013", "E014", "E015", "E016");
        using var manager = await SignedIn("E011");
        var (ids, totals, past) = await ReadAllAsync(manager, $"/api/instances?team=true&cycle={cycle}&", 2, subject: true);
        var hrbp = await GetJson(await SignedIn("E005"), $"/api/instances?team=true&cycle={cycle}&pageSize=100");
        var admin = await GetJson(await SignedIn("E002"), $"/api/instances?team=true&cycle={cycle}&pageSize=4&page=2");

        Assert.Multiple(() =>
        {
            Assert.That(ids.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "E012", "E013", "E014", "E015", "E016" }), "张伟's reports, not himself");
            Assert.That(totals.Distinct(), Is.EqualTo(new[] { 5 }));
            Assert.That(((int)past["total"]!, past["items"]!.AsArray().Count), Is.EqualTo((5, 0)));
            Assert.That((int)hrbp["total"]!, Is.EqualTo(6), "孙悦 is the HRBP of D000, above everyone");
            Assert.That(((int)admin["total"]!, admin["items"]!.AsArray().Count), Is.EqualTo((6, 2)), "the administrator's second page of four");
        });
    }

    [Test]
    public async Task The_cycles_list_pages_the_cycles_each_viewer_may_watch_newest_first_and_an_hrbp_never_lists_or_counts_one_reaching_outside_their_departments()
    {
        // 赵敏 (E004) is the HRBP of D200 and D210; 孙悦 (E005) of D000. The second cycle holds 宋佳 (E033, D300).
        var inside = await LaunchAsync("E012", "E013");
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var reaching = await LaunchAsync("E005", ["E014", "E033"]);
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var lower = await LaunchAsync("E023", "E024");
        Host.Clock.Advance(TimeSpan.FromMinutes(1));

        string[] cyclesViewers = [.. Viewers, "E005", "E030", "E033"];
        var byCreation = (await QueryCyclesAsync()).ToList();
        foreach (var viewer in cyclesViewers)
        {
            // The oracle: every cycle asked one by one through the access rule the cycle's own pages use.
            var expected = new List<string>();
            foreach (var cycle in byCreation)
            {
                if (await CycleOperations.AccessAsync(Db, viewer, cycle) >= CycleAccess.Watch)
                {
                    expected.Add(cycle);
                }
            }

            using var client = await SignedIn(viewer);
            foreach (var pageSize in new[] { 1, 2, 50 })
            {
                var (ids, totals, past) = await ReadAllAsync(client, "/api/cycles?", pageSize);
                Assert.Multiple(() =>
                {
                    Assert.That(ids, Is.EqualTo(expected), $"{viewer}, pages of {pageSize}");
                    Assert.That(totals.Distinct().DefaultIfEmpty(expected.Count), Is.EqualTo(new[] { expected.Count }), $"{viewer}: the total of every page");
                    Assert.That(((int)past["total"]!, past["items"]!.AsArray().Count), Is.EqualTo((expected.Count, 0)), $"{viewer}: the page past the last");
                });
            }
        }

        var hrbp = await GetJson(await SignedIn(Hrbp), "/api/cycles?pageSize=200");
        var ids2 = hrbp["items"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids2, Does.Contain(inside).And.Contain(lower), "赵敏's own cycles, D200 and D210");
            Assert.That(ids2, Does.Not.Contain(reaching), "a cycle holding 宋佳 of D300, outside 赵敏's departments");
            Assert.That((int)hrbp["total"]!, Is.EqualTo(ids2.Count), "nor counted");
        });
    }

    [Test]
    public async Task Whom_each_person_may_start_a_process_for_is_asked_of_the_database_with_the_answer_of_the_step_assignee_rule_for_every_person()
    {
        // The oracle: the organisation read whole, each relation resolved for every person as a step's assignee is.
        OrgChart chart;
        await using (var work = await UnitOfWork.BeginReadAsync(Db))
        {
            chart = await OrganisationStore.LoadAsync(work);
        }

        var relationships = Relationships.InMemory(chart);
        var checkedPairs = 0;
        foreach (var starter in chart.People)
        {
            foreach (var relation in Starters.Relations)
            {
                var expected = new List<string>();
                foreach (var subject in chart.People)
                {
                    if ((await relationships.ResolveAsync(new Assignee(relation), subject.Id)).Any(p => p.Id == starter.Id))
                    {
                        expected.Add(subject.Id);
                    }
                }

                await using var work = await UnitOfWork.BeginReadAsync(Db);
                var found = await OrganisationStore.NamingAsync(work, relation, starter.Id);
                Assert.That(found!.Select(p => p.Id).Order(StringComparer.Ordinal), Is.EqualTo(expected.Order(StringComparer.Ordinal)), $"{starter.Id} as {relation}");
                checkedPairs++;
            }
        }

        // 刘洋 (E010) heads D200: its people but himself, and 吴静 (E021), head of D210 below, whose own head is above hers.
        await using var read = await UnitOfWork.BeginReadAsync(Db);
        var head = (await OrganisationStore.NamingAsync(read, Assignee.DepartmentHead, "E010"))!.Select(p => p.Id).ToList();
        var hrbpOfD200 = (await OrganisationStore.NamingAsync(read, Assignee.Hrbp, Hrbp))!.Select(p => p.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(checkedPairs, Is.EqualTo(chart.People.Count * Starters.Relations.Count));
            Assert.That(head, Does.Contain("E021").And.Contain("E011").And.Not.Contain("E010").And.Not.Contain("E023"));
            Assert.That(hrbpOfD200, Does.Contain("E023").And.Not.Contain("E033"), "赵敏 is the HRBP of D200 and D210, not of 宋佳's D300");
        });
    }

    [Test]
    public async Task The_departments_list_counts_the_people_of_each_department_and_below_as_the_organisation_read_whole_does()
    {
        var everyone = await OrganisationDirectory.PeopleAsync(Db);
        using var admin = await SignedIn("E002");
        var page = await GetJson(admin, "/api/organisation/departments?pageSize=200");
        var parents = page["items"]!.AsArray().ToDictionary(d => (string)d!["id"]!, d => (string?)d!["parentId"]);
        bool Below(string? department, string top)
        {
            for (var id = department; id is not null; id = parents.GetValueOrDefault(id))
            {
                if (id == top)
                {
                    return true;
                }
            }

            return false;
        }

        var hrbp = await GetJson(await SignedIn(Hrbp), "/api/organisation/departments?pageSize=200");
        Assert.Multiple(() =>
        {
            foreach (var department in page["items"]!.AsArray())
            {
                var id = (string)department!["id"]!;
                Assert.That(((int)department["people"]!, (int)department["peopleWithin"]!), Is.EqualTo((everyone.Count(p => p.DepartmentId == id), everyone.Count(p => Below(p.DepartmentId, id)))), id);
                if ((string?)department["head"]?["id"] is { } headId)
                {
                    Assert.That((string?)department["head"]!["name"]!["en"], Is.EqualTo(everyone.Single(p => p.Id == headId).Name.En), $"{id}'s head");
                }
            }

            Assert.That(hrbp["items"]!.AsArray().Select(d => (string)d!["id"]!), Is.EqualTo(new[] { "D200", "D210" }), "赵敏's departments, not the others");
            Assert.That((int)hrbp["total"]!, Is.EqualTo(2));
        });
    }

    private async Task<IEnumerable<string>> QueryCyclesAsync()
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var rows = await Dapper.SqlMapper.QueryAsync<(string Id, long CreatedAt)>(work.Connection, "SELECT id, created_at FROM cycles", transaction: work.Transaction);
        return rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id);
    }

    // Who the viewer may see, read whole as the API filtered before: administrators and HRBPs everyone, anyone else
    // themselves and whom they oversee; with q, those whose id or a name holds it trimmed, in any case; by id.
    private async Task<List<string>> OracleAsync(string viewerId, string? q)
    {
        var viewer = (await OrganisationDirectory.FindPersonAsync(Db, viewerId))!;
        var everyone = await OrganisationDirectory.PeopleAsync(Db);
        HashSet<string>? visible = viewer.HasRole(Role.Admin) || viewer.HasRole(Role.Hrbp)
            ? null
            : [.. await Oversight.OverseenAsync(Db, viewerId), viewerId];
        return [.. everyone
            .Where(p => visible is null || visible.Contains(p.Id))
            .Where(p => string.IsNullOrWhiteSpace(q)
                || p.Id.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
                || p.Name.ZhCn.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
                || p.Name.En.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Id)
            .Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> Cycles(JsonNode inbox) => inbox["items"]!.AsArray().Select(i => (string)i!["cycleId"]!);

    private static (int, int, int, int) Counts(JsonNode inbox)
    {
        var counts = inbox["counts"]!;
        return ((int)counts["total"]!, (int)counts["open"]!, (int)counts["overdue"]!, (int)counts["dueSoon"]!);
    }

    private Task<string> LaunchAsync(params string[] people) => LaunchAsync(Hrbp, people);

    private async Task<string> LaunchAsync(string launcher, string[] people)
    {
        var cycle = "lists-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await (await SignedIn(launcher)).PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, "列表周期 / Lists cycle", people))), 201, "launching");
        return cycle;
    }
}

/// <summary>
/// A cycle of someone who has since left the organisation: 赵敏 (E004) launches for 李娜 (E012) and 王强 (E013) of D200,
/// hers, and an import without 王强 follows. Whose departments the cycle's members are in is read from the counts per
/// cycle and department (docs/performance.md, "The cycles list of a whole organisation's review"), which the import
/// counts again: 王强's instance is then counted under no department, which nobody but an administrator covers. A
/// fixture of its own: its import would change the organisation of the others.
/// </summary>
public sealed class CycleOfSomeoneWhoLeftTests(string kind) : ApiTest(kind)
{
    [Test]
    public async Task A_cycle_holding_someone_the_organisation_no_longer_has_is_listed_for_an_administrator_only_as_its_own_page_decides()
    {
        var cycle = "lists-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await (await SignedIn("E004")).PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, "列表周期 / Lists cycle", ["E012", "E013"]))), 201, "launching");
        Assert.That(await ListedAndWatchedAsync(cycle), Is.EqualTo(new Dictionary<string, (bool, bool)> { ["E002"] = (true, true), ["E004"] = (true, true), ["E005"] = (true, true), ["E010"] = (true, true) }), "before 王强 leaves: the administrator, both HRBPs above D200 and its head");

        var demo = await File.ReadAllTextAsync(new FormFlow.Api.Hosting.ShippedFiles().DemoOrganisation);
        var without = string.Join('\n', demo.Split('\n').Where(line => !line.StartsWith("E013,", StringComparison.Ordinal)));
        Assert.That(without, Is.Not.EqualTo(demo), "the demo organisation has 王强");
        using var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(without));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        await Expect(await (await SignedIn("E002")).PostAsync("/api/organisation/import", file), 200, "importing the organisation without 王强");

        Assert.That(await ListedAndWatchedAsync(cycle), Is.EqualTo(new Dictionary<string, (bool, bool)> { ["E002"] = (true, true), ["E004"] = (false, false), ["E005"] = (false, false), ["E010"] = (false, false) }), "an administrator only, in the list and on the cycle's own page");
    }

    // For each viewer: whether the cycles list holds the cycle, and whether its own page lets them watch it.
    private async Task<Dictionary<string, (bool Listed, bool Watched)>> ListedAndWatchedAsync(string cycle)
    {
        var seen = new Dictionary<string, (bool, bool)>();
        foreach (var viewer in new[] { "E002", "E004", "E005", "E010" })
        {
            var page = await GetJson(await SignedIn(viewer), "/api/cycles?pageSize=200");
            seen[viewer] = (page["items"]!.AsArray().Any(c => (string?)c!["id"] == cycle), await CycleOperations.AccessAsync(Db, viewer, cycle) >= CycleAccess.Watch);
        }

        return seen;
    }
}
