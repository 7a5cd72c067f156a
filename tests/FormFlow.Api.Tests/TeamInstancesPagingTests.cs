using FormFlow.Organisation;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// The team's instances (<c>/api/instances?team=true</c>) page after page against the rule read whole: the database
/// reads them person by person for a viewer overseeing fewer people than there are instances (the manager E011: five
/// reports, twelve instances) and instance by instance otherwise (the HRBPs, the administrator; docs/performance.md,
/// "The team's instances"); both must give each instance of an overseen person once, newest first, the same total on
/// every page, and neither list nor count anyone else's. A fixture of its own: its launches would fill the inboxes
/// <see cref="ListsInSqlTests"/> counts.
/// </summary>
public sealed class TeamInstancesPagingTests(string kind) : ApiTest(kind)
{
    // An administrator, two HRBPs, a department head who manages, a manager, an employee, a head of a lower department.
    private static readonly string[] Viewers = ["E002", "E004", "E005", "E010", "E011", "E012", "E021"];

    [Test]
    public async Task Every_viewer_reads_the_instances_of_the_people_they_oversee_once_each_newest_first_page_after_page_with_or_without_a_cycle()
    {
        var first = await LaunchAsync("E011", "E012", "E013", "E014", "E015", "E016", "E021", "E022", "E023");
        var second = await LaunchAsync("E012", "E021", "E025");
        List<(string Id, string Subject, string Cycle)> instances;
        await using (var work = await UnitOfWork.BeginReadAsync(Db))
        {
            instances = [.. await Dapper.SqlMapper.QueryAsync<(string, string, string)>(
                work.Connection, "SELECT id, subject_id, cycle_id FROM process_instances ORDER BY created_at DESC, id", transaction: work.Transaction)];
        }

        foreach (var viewer in Viewers)
        {
            using var client = await SignedIn(viewer);
            var overseen = (await Oversight.OverseenAsync(Db, viewer)).ToHashSet(StringComparer.Ordinal);
            foreach (var cycle in new string?[] { null, first, second })
            {
                var expected = instances.Where(i => overseen.Contains(i.Subject) && (cycle is null || i.Cycle == cycle)).Select(i => i.Id).ToList();
                foreach (var pageSize in new[] { 2, 5 })
                {
                    var (ids, totals, past) = await ReadAllAsync(client, $"/api/instances?team=true&{(cycle is null ? "" : $"cycle={cycle}&")}", pageSize);
                    Assert.Multiple(() =>
                    {
                        Assert.That(ids, Is.EqualTo(expected), $"{viewer}, cycle {cycle ?? "any"}, pages of {pageSize}");
                        Assert.That(totals.Distinct(), Is.EqualTo(expected.Count == 0 ? Array.Empty<int>() : new[] { expected.Count }), $"{viewer}: the total of every page");
                        Assert.That(((int)past["total"]!, past["items"]!.AsArray().Count), Is.EqualTo((expected.Count, 0)), $"{viewer}: the page past the last");
                    });
                }
            }
        }

        Assert.That(instances, Has.Count.EqualTo(12));
    }

    private async Task<string> LaunchAsync(params string[] people)
    {
        var cycle = "paging-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await (await SignedIn("E004")).PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, "分页周期 / Paging cycle", people))), 201, "launching");
        return cycle;
    }
}
