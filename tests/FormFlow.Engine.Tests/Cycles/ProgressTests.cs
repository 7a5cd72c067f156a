using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Tests.Organisation;
using FormFlow.Text;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// The progress of a cycle launched for D1 R&amp;D (P2, P3) and its sub-department D2 Platform (P4, P5), 16 days
/// and an hour after it started: P5's annual review is complete (a rating of 2, so P5's manager P4 now drafts an
/// improvement plan in the same cycle, due on day 7), the other three self-reviews were due on day 14.
/// </summary>
public class ProgressTests(string kind) : CycleTest(kind)
{
    [SetUp]
    public Task CompleteOneReviewAndLetTheOthersRunLate() => LaunchD1WithOneReviewDoneAndTheOthersLate();

    [Test]
    public async Task Progress_counts_overdue_tasks_and_completion_by_department()
    {
        var progress = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That(progress.OverdueCount, Is.EqualTo(4));
        var overdue = progress.MostOverdue.Select(o => (o.Task.AssigneeId, o.Task.SubjectId, o.Task.ProcessKey, o.Task.Step, o.Task.DueAt, o.DaysOverdue)).ToList();
        Assert.That(overdue[0], Is.EqualTo(("P4", "P5", "performance-improvement", "plan", At(7), 10)), "the plan, 9 days and an hour late, first");
        Assert.That(overdue.Skip(1), Is.EquivalentTo(new[]
        {
            ("P2", "P2", "annual-review", "self-review", At(14), 3),
            ("P3", "P3", "annual-review", "self-review", At(14), 3),
            ("P4", "P4", "annual-review", "self-review", At(14), 3),
        }));
        Assert.That(progress.ByDepartment, Is.EqualTo(new[]
        {
            new Completion("D1", new LocalizedText("研发部", "R&D"), People: 2, Completed: 0, Running: 2, Cancelled: 0),
            new Completion("D2", new LocalizedText("平台组", "Platform"), People: 2, Completed: 1, Running: 1, Cancelled: 0),
        }));
    }

    [Test]
    public async Task Progress_counts_instances_by_status_open_tasks_by_step_and_completion_by_manager()
    {
        var progress = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That(progress.Instances.Select(c => (c.ProcessKey, c.Status, c.Instances)), Is.EqualTo(new[]
        {
            ("annual-review", "completed", 1),
            ("annual-review", "running", 3),
            ("performance-improvement", "running", 1),
        }));
        Assert.That(progress.OpenTasks.Select(c => (c.ProcessKey, c.Step, c.Tasks)), Is.EqualTo(new[]
        {
            ("annual-review", "self-review", 3),
            ("performance-improvement", "plan", 1),
        }));
        Assert.That(progress.ByManager, Is.EqualTo(new[]
        {
            new Completion("P1", new LocalizedText("王总", "Wang, the CEO"), People: 1, Completed: 0, Running: 1, Cancelled: 0),
            new Completion("P2", new LocalizedText("李雷", "Li Lei"), People: 2, Completed: 0, Running: 2, Cancelled: 0),
            new Completion("P4", new LocalizedText("张伟", "Zhang Wei"), People: 1, Completed: 1, Running: 0, Cancelled: 0),
        }));
    }

    [Test]
    public async Task Someone_who_has_left_counts_under_no_department_and_no_manager()
    {
        // An import without 韩梅梅 (P3): her review stays in the cycle, but the organisation no longer places her.
        await InTransaction(Db, w => OrganisationStore.ReplaceAsync(w, new OrgFile(SmallOrg.Lines().Where(l => l.Id != "P3")).Parse().Organisation!));

        var progress = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That(progress.ByDepartment, Is.EqualTo(new[]
        {
            new Completion("D1", new LocalizedText("研发部", "R&D"), People: 1, Completed: 0, Running: 1, Cancelled: 0),
            new Completion("D2", new LocalizedText("平台组", "Platform"), People: 2, Completed: 1, Running: 1, Cancelled: 0),
            new Completion(null, null, People: 1, Completed: 0, Running: 1, Cancelled: 0),
        }));
        Assert.That(progress.ByManager, Is.EqualTo(new[]
        {
            new Completion("P1", new LocalizedText("王总", "Wang, the CEO"), People: 1, Completed: 0, Running: 1, Cancelled: 0),
            new Completion("P2", new LocalizedText("李雷", "Li Lei"), People: 1, Completed: 0, Running: 1, Cancelled: 0),
            new Completion("P4", new LocalizedText("张伟", "Zhang Wei"), People: 1, Completed: 1, Running: 0, Cancelled: 0),
            new Completion(null, null, People: 1, Completed: 0, Running: 1, Cancelled: 0),
        }));
    }

    [Test]
    public async Task Progress_lists_at_most_the_limit_of_overdue_tasks_and_counts_them_all()
    {
        var progress = (await CycleProgress.OfAsync(Db, Clock, CycleId, overdueLimit: 2))!;

        Assert.That((progress.OverdueCount, progress.MostOverdue.Count), Is.EqualTo((4, 2)));
        Assert.That(progress.MostOverdue[0].Task.Step, Is.EqualTo("plan"));
        Assert.That(await CycleProgress.OfAsync(Db, Clock, "no-such-cycle"), Is.Null);
    }

    [Test]
    public async Task The_cycles_page_counts_as_the_report_does_and_lists_every_department_and_manager_when_they_are_few()
    {
        var page = (await CycleOperations.ProgressAsync(Db, Clock, CycleId))!;
        var report = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That((page.Departments, page.Managers), Is.EqualTo((2, 3)));
        Assert.That(page.ByDepartment, Is.EqualTo(report.ByDepartment), "in the report's order");
        Assert.That(page.ByManager, Is.EqualTo(report.ByManager), "in the report's order");
        Assert.That((page.People, page.Completed, page.Running, page.Cancelled, page.OverdueTasks), Is.EqualTo((4, 1, 3, 0, 4)));
        Assert.That(page.OpenTasks, Is.EqualTo(report.OpenTasks.Sum(s => s.Tasks)).And.EqualTo(4));
    }

    [Test]
    public async Task A_cycles_page_is_read_while_a_command_is_writing()
    {
        // Counting a cycle of 100,000 people takes a while; on SQLite, a read that took the writer's turn for it would
        // keep every submit of the host waiting (and wait itself for a command that is writing).
        await using var writing = await UnitOfWork.BeginAsync(Db);

        var progress = await CycleOperations.ProgressAsync(Db, Clock, CycleId).WaitAsync(TimeSpan.FromSeconds(30));
        var attention = await CycleOperations.AttentionAsync(Db, Clock, CycleId, "P6").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((progress!.People, progress.OverdueTasks, attention!.OverdueTasks), Is.EqualTo((4, 4, 4)));
    }

    [Test]
    public async Task Each_manager_counts_the_ratings_of_their_own_chain_and_no_one_elses()
    {
        // P3's review rated 5 by P2 beside P5's rated 2 by P4: P4 is not in P3's chain, P2 is in both. The ratings are
        // read a batch of instances at a time, so a rating counted against another instance's sight shows here.
        await InterviewWithRating("P3", "P2", 5, "超出预期");

        var p4 = (await CycleOperations.AttentionAsync(Db, Clock, CycleId, "P4"))!.Ratings;
        var p2 = (await CycleOperations.AttentionAsync(Db, Clock, CycleId, "P2"))!.Ratings;
        var p3 = (await CycleOperations.AttentionAsync(Db, Clock, CycleId, "P3"))!.Ratings;

        Assert.That(p4.Counts, Is.EqualTo(new[] { 0, 1, 0, 0, 0 }), "P4 reads P5's rating only");
        Assert.That(p2.Counts, Is.EqualTo(new[] { 0, 1, 0, 0, 1 }), "P2 reads both");
        Assert.That(p3.Counts, Is.EqualTo(new[] { 0, 0, 0, 0, 1 }), "P3 reads their own only");
    }

    [Test]
    public async Task A_cancelled_instance_counts_as_cancelled_in_its_department()
    {
        var p2 = await TaskOf("P2", "self-review");
        Assert.That(await Runtime.CancelAsync(p2.InstanceId, "P6"), Is.True);

        var progress = (await CycleProgress.OfAsync(Db, Clock, CycleId))!;

        Assert.That(progress.ByDepartment[0], Is.EqualTo(new Completion("D1", new LocalizedText("研发部", "R&D"), People: 2, Completed: 0, Running: 1, Cancelled: 1)));
        Assert.That(progress.OverdueCount, Is.EqualTo(3));
    }
}
