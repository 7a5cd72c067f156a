using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Tests.Organisation;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// A cycle's page over more departments and managers than it lists: the annual review launched for a generated
/// organisation of 200 (<see cref="ThousandPeople"/>: 22 departments, 22 managers and the CEO without one), the teams
/// D201 (E0011's) and D202 (E0012's) wholly cancelled — nobody left to complete, so complete — and one review of
/// E0013's team D203 done.
/// </summary>
public class CyclePageTests(string kind) : CycleTest(kind)
{
    private const int People = 200;

    [SetUp]
    public async Task LaunchTwentyTwoDepartmentsAndCancelTwo()
    {
        await InTransaction(Db, w => OrganisationStore.ReplaceAsync(w, ThousandPeople.File(people: People).Parse().Organisation!));
        await Launch(Population.Department("D000"));
        var instances = await InstancesOf(CycleId);
        var people = await InTransaction(Db, w => OrganisationStore.PeopleOfAsync(w, [.. instances.Select(i => i.SubjectId)]));
        var cancelled = people.Where(p => p.DepartmentId is "D201" or "D202").Select(p => p.Id).ToHashSet();
        foreach (var instance in instances)
        {
            if (cancelled.Contains(instance.SubjectId))
            {
                Assert.That(await Runtime.CancelAsync(instance.Id, ThousandPeople.Id(1)), Is.True);
            }
        }

        // Rated 2: the review ends there (and starts an improvement plan, not counted: it is not what E0029 was launched with).
        await InterviewWithRating("E0029", "E0013", 2, "需要改进");
    }

    [Test]
    public async Task The_page_lists_the_20_least_complete_managers_and_counts_them_all()
    {
        var page = (await CycleOperations.ProgressAsync(Db, Clock, CycleId))!;
        var report = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That(page.Managers, Is.EqualTo(23), "22 managers and the CEO's row of no manager");
        // Of the 21 not complete, E0013 (one of eleven reviews done) is the most complete: the one left out. The others
        // have none done: the most people still running first, then in the report's order (by id, nobody last).
        var expected = report.ByManager.Where(m => m.Id is not ("E0011" or "E0012" or "E0013")).OrderByDescending(m => m.Running).ToList();
        Assert.That(page.ByManager, Is.EqualTo(expected));
        Assert.That(page.ByManager[^1], Is.EqualTo(new Completion(null, null, People: 1, Completed: 0, Running: 1, Cancelled: 0)), "the CEO, nobody's report, with the fewest running");
    }

    [Test]
    public async Task The_page_lists_the_20_least_complete_departments_and_counts_every_person()
    {
        var page = (await CycleOperations.ProgressAsync(Db, Clock, CycleId))!;
        var report = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That(page.Departments, Is.EqualTo(22));
        var notStarted = report.ByDepartment.Where(d => d.Id is not ("D201" or "D202" or "D203")).OrderByDescending(d => d.Running);
        Assert.That(page.ByDepartment, Is.EqualTo(notStarted.Append(report.ByDepartment.Single(d => d.Id == "D203"))), "the two cancelled teams complete, D203 with one done the most complete of the rest");
        var cancelled = report.ByDepartment.Where(d => d.Id is "D201" or "D202").Sum(d => d.Cancelled);
        Assert.That((page.People, page.Completed, page.Running, page.Cancelled), Is.EqualTo((People, 1, People - 1 - cancelled, cancelled)), "every person counted, listed or not");
        Assert.That(page.OpenTasks, Is.EqualTo(report.OpenTasks.Sum(s => s.Tasks)));
    }
}
