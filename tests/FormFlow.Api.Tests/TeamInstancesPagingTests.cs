using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FormFlow.Api.Hosting;
using FormFlow.Organisation;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// The team's instances (<c>/api/instances?team=true</c>) page after page against the rule read whole: the database
/// reads them person by person for a viewer overseeing fewer people than there are instances (the manager E011: five
/// reports, fifteen instances) and otherwise walks them newest first, the total summed from the counts it keeps per
/// cycle and department (the HRBPs, the administrator; docs/performance.md, "The team's instances"); past the first page,
/// for a viewer who oversees all the instances but a few, it finds the page among all of them and steps over those few.
/// Each must give each instance of an overseen person once, newest first, the same total on every page, and neither list
/// nor count anyone else's. A fixture of its own: its launches would fill the inboxes <see cref="ListsInSqlTests"/> counts.
/// </summary>
public sealed class TeamInstancesPagingTests(string kind) : TeamInstancesTest(kind)
{
    [Test]
    public async Task Every_viewer_reads_the_instances_of_the_people_they_oversee_once_each_newest_first_page_after_page_with_or_without_a_cycle()
    {
        // The administrator (E002) and the HRBP of the whole organisation (E005) among them: they oversee every
        // instance but their own, and their pages are found among all the instances with their own stepped over.
        var first = await LaunchAsync("E011", "E012", "E002", "E013", "E014", "E015", "E005", "E016", "E021", "E022", "E023");
        var second = await LaunchAsync("E012", "E005", "E021", "E025");

        var instances = await EveryViewerReadsTheRuleAsync(first, second);

        Assert.That(instances, Is.EqualTo(15));
    }
}

/// <summary>
/// Viewers who oversee all the instances of a list but a few: in a review of R&amp;D (D200, D210) with the three people of
/// the CEO office (D000) among them, R&amp;D's HRBP 赵敏 (E004) and its head 刘洋 (E010, whose own review is one of them)
/// oversee every instance but three or four; the second review adds 吴静's team (D210) and 何建国 (E030) from a
/// department of thirteen. Past the first pages their pages are found among all the instances, the few stepped over, where the
/// people the few are looked for among are at most half as many as the rows a walk would check; the same rule holds, and
/// again once one of the few has left the organisation (then found by no department: the pages are walked). A fixture of
/// its own: its import would change the organisation of the others.
/// </summary>
public sealed class TeamInstancesOfAlmostEveryoneTests(string kind) : TeamInstancesTest(kind)
{
    [Test]
    public async Task A_viewer_overseeing_all_the_instances_but_a_few_reads_each_of_theirs_once_newest_first_on_every_page()
    {
        string[] rd = ["E010", "E011", "E012", "E013", "E014", "E015", "E016", "E017", "E018", "E019", "E020", "E021", "E022", "E023", "E024", "E025", "E026", "E027", "E028"];
        var review = await LaunchAsync([.. rd[..5], "E001", .. rd[5..10], "E007", .. rd[10..15], "E002", .. rd[15..]]);
        var teams = await LaunchAsync("E011", "E012", "E013", "E030", "E021", "E022", "E023");

        Assert.That(await EveryViewerReadsTheRuleAsync(review, teams), Is.EqualTo(29));

        // 许晴 (E007) leaves: her review's subject is nobody's any more, counted under no department, and found by no
        // department either — the pages of those who oversee all the others are walked instance by instance.
        var demo = await File.ReadAllTextAsync(new ShippedFiles().DemoOrganisation);
        var without = string.Join('\n', demo.Split('\n').Where(line => !line.StartsWith("E007,", StringComparison.Ordinal)));
        Assert.That(without, Is.Not.EqualTo(demo), "the demo organisation has 许晴");
        using var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(without));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        await Expect(await (await SignedIn("E002")).PostAsync("/api/organisation/import", file), 200, "importing the organisation without 许晴");

        Assert.That(await EveryViewerReadsTheRuleAsync(review, teams), Is.EqualTo(29));
    }
}

/// <summary>
/// The counts the totals are summed from follow every way an instance comes (a launch, a start on demand) and an import
/// moving its subject to another department: 王强 (E013) of R&amp;D (D200, whose HRBP is 赵敏, E004) moves to Human
/// Resources (D100, 孙悦's, E005). A fixture of its own: its import would change the organisation of the others.
/// </summary>
public sealed class TeamInstanceCountsTests(string kind) : TeamInstancesTest(kind)
{
    [Test]
    public async Task The_totals_follow_instances_started_on_demand_and_people_an_import_moves_to_another_department()
    {
        var cycle = await LaunchAsync("E012", "E013", "E021", "E023");
        using (var started = await Send(await SignedIn("E011"), HttpMethod.Post, "/api/instances", new JsonObject { ["process"] = "feedback-log", ["subject"] = "E013" }))
        {
            await Expect(started, 201, "starting a feedback log for E013");
        }

        Assert.That(await EveryViewerReadsTheRuleAsync(cycle), Is.EqualTo(5));

        var demo = await File.ReadAllTextAsync(new ShippedFiles().DemoOrganisation);
        var moved = demo.Replace(
            "qiang.wang@example.com,zh-CN,D200,研发中心,R&D Center,D000,E011,",
            "qiang.wang@example.com,zh-CN,D100,人力资源部,Human Resources,D000,E011,",
            StringComparison.Ordinal);
        Assert.That(moved, Is.Not.EqualTo(demo), "the demo organisation has 王强 in R&D");
        using var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(moved));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        await Expect(await (await SignedIn("E002")).PostAsync("/api/organisation/import", file), 200, "importing the organisation with 王强 in Human Resources");

        Assert.That(await EveryViewerReadsTheRuleAsync(cycle), Is.EqualTo(5));
    }
}

/// <summary>What the fixtures of the team's instances share: launching for a few people, and every viewer's list read against the rule.</summary>
public abstract class TeamInstancesTest(string kind) : ApiTest(kind)
{
    // An administrator, two HRBPs, a department head who manages, a manager, an employee, a head of a lower department.
    private static readonly string[] Viewers = ["E002", "E004", "E005", "E010", "E011", "E012", "E021"];

    private protected async Task<string> LaunchAsync(params string[] people)
    {
        var cycle = "paging-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await (await SignedIn("E005")).PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, "分页周期 / Paging cycle", people))), 201, "launching");
        return cycle;
    }

    /// <summary>
    /// For every one of <see cref="Viewers"/>, without a cycle and with each of <paramref name="cycles"/>, in pages of 2
    /// and 5: the team's instances against the rule read whole (<see cref="Oversight.OverseenAsync"/>). Returns how many
    /// instances there are in all.
    /// </summary>
    private protected async Task<int> EveryViewerReadsTheRuleAsync(params string[] cycles)
    {
        List<(string Id, string Subject, string? Cycle)> instances;
        await using (var work = await UnitOfWork.BeginReadAsync(Db))
        {
            instances = [.. await Dapper.SqlMapper.QueryAsync<(string, string, string?)>(
                work.Connection, "SELECT id, subject_id, cycle_id FROM process_instances ORDER BY created_at DESC, id", transaction: work.Transaction)];
        }

        foreach (var viewer in Viewers)
        {
            using var client = await SignedIn(viewer);
            var overseen = (await Oversight.OverseenAsync(Db, viewer)).ToHashSet(StringComparer.Ordinal);
            foreach (var cycle in cycles.Prepend(null))
            {
                var expected = instances.Where(i => overseen.Contains(i.Subject) && (cycle is null || i.Cycle == cycle)).Select(i => i.Id).ToList();
                foreach (var pageSize in new[] { 2, 5 })
                {
                    var (ids, totals, past) = await ReadAllAsync(client, $"/api/instances?team=true&{(cycle is null ? "" : $"cycle={cycle}&")}", pageSize);
                    Assert.Multiple(() =>
                    {
                        Assert.That(ids, Is.EqualTo(expected), $"{viewer}, cycle {cycle ?? "any"}, pages of {pageSize}");
                        Assert.That(totals.Distinct(), Is.EqualTo(expected.Count == 0 ? Array.Empty<int>() : new[] { expected.Count }), $"{viewer}, cycle {cycle ?? "any"}, pages of {pageSize}: the total of every page");
                        Assert.That(((int)past["total"]!, past["items"]!.AsArray().Count), Is.EqualTo((expected.Count, 0)), $"{viewer}, cycle {cycle ?? "any"}: the page past the last");
                    });
                }
            }
        }

        return instances.Count;
    }
}
