using FormFlow.Tests.Workflows;

namespace FormFlow.Tests.Reports;

/// <summary>
/// The reports of an app built only from new definitions (<see cref="NewApp"/>: process <c>growth-talk</c>,
/// templates <c>talk-*</c>, no shipped key or field name): 刘洋's talk of last year ran to its end, this year's waits
/// at the talk with the look back and the manager's preparation written.
/// </summary>
public class NewAppReportTests(string kind) : RuntimeTest(kind)
{
    private (string Last, string This) talks;

    [SetUp]
    public async Task RunLastYearsTalkAndThisYearsUpToTheTalk() => talks = await new NewApp(Db, Clock, Runtime).RunAsync();

    [Test]
    public async Task The_new_app_runs_last_years_talk_to_its_end_and_this_years_to_the_talk()
    {
        Assert.That((await Instance(talks.Last)).Status, Is.EqualTo(FormFlow.Workflows.InstanceStatus.Completed));
        Assert.That((await TaskOf(NewApp.Manager, "talk")).InstanceId, Is.EqualTo(talks.This));
    }
}
