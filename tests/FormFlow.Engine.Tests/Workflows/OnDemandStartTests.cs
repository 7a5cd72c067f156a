using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// Starting a process on demand, outside any cycle (<see cref="OnDemandStarts"/>): who may start it for whom is the
/// process's <c>startableBy</c>, resolved over the stored organisation as a step's assignee is. The tests'
/// organisation: 李雷 (P2) heads R&amp;D (D1) and manages 韩梅梅 (P3) and 张伟 (P4); 张伟 heads Platform (D2) and
/// manages 刘洋 (P5); 赵敏 (P7) is the HRBP of R&amp;D, 陈静 (P6) of the whole company.
/// </summary>
public class OnDemandStartTests(string kind) : RuntimeTest(kind)
{
    private OnDemandStarts Starts => new(Db, Clock);

    // The shipped feedback log, started by whom the test says.
    private async Task PublishFeedbackLogStartableBy(params string[] relations)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "feedback-log.json")))!;
        document["startableBy"] = new JsonArray([.. relations.Select(r => (JsonNode)r)]);
        await Publish(document.ToJsonString());
    }

    [TestCase("subject", "P5", "P5", true)]
    [TestCase("subject", "P4", "P5", false)]
    [TestCase("manager", "P4", "P5", true)]
    [TestCase("manager", "P5", "P4", false)]
    [TestCase("manager", "P2", "P5", false)]
    [TestCase("skip-level", "P2", "P5", true)]
    [TestCase("skip-level", "P4", "P5", false)]
    [TestCase("department-head", "P4", "P5", true)]
    [TestCase("department-head", "P2", "P3", true)]
    [TestCase("department-head", "P3", "P5", false)]
    [TestCase("hrbp", "P7", "P5", true)]
    [TestCase("hrbp", "P6", "P5", false)]
    public async Task A_starter_may_start_the_process_exactly_for_the_people_they_stand_in_its_relation_to(string relation, string starter, string subject, bool allowed)
    {
        await PublishFeedbackLogStartableBy(relation);

        var started = await Starts.StartAsync("feedback-log", subject, starter);

        Assert.That(started.Status, Is.EqualTo(allowed ? OnDemandStartStatus.Started : OnDemandStartStatus.NotStartable));
        var instances = await InTransaction(Db, w => w.Connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM process_instances", transaction: w.Transaction));
        Assert.That(instances, Is.EqualTo(allowed ? 1 : 0), "a refused start writes nothing");
    }

    [Test]
    public async Task The_journal_names_the_starter_and_the_instance_belongs_to_no_cycle()
    {
        await PublishFeedbackLogStartableBy("manager");

        var started = await Starts.StartAsync("feedback-log", "P5", "P4");

        var instance = await Instance(started.InstanceId!);
        Assert.That((instance.CycleId, instance.SubjectId), Is.EqualTo(((string?)null, "P5")));
        var journal = await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instance.Id));
        Assert.That(journal.Single(e => e.Action == "instance.started").Actor, Is.EqualTo("P4"));
        Assert.That(started.StarterTaskId, Is.EqualTo((await TaskOf("P4", "log")).Id), "the manager logs the entry: the first task is theirs");
    }

    [Test]
    public async Task A_process_without_startableBy_or_never_published_cannot_be_started_on_demand()
    {
        await PublishSample("feedback-360");
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "feedback-360.json")))!.AsObject();
        document.Remove("startableBy");
        await Publish(document.ToJsonString());

        Assert.That((await Starts.StartAsync("feedback-360", "P5", "P5")).Status, Is.EqualTo(OnDemandStartStatus.NotStartable));
        Assert.That((await Starts.StartAsync("no-such-process", "P5", "P5")).Status, Is.EqualTo(OnDemandStartStatus.UnknownProcess));
    }

    [Test]
    public async Task Someone_the_organisation_does_not_have_is_refused_like_anyone_else()
    {
        await PublishFeedbackLogStartableBy("subject", "manager");

        Assert.That((await Starts.StartAsync("feedback-log", "P99", "P4")).Status, Is.EqualTo(OnDemandStartStatus.NotStartable));
        Assert.That((await Starts.StartAsync("feedback-log", "P99", "P99")).Status, Is.EqualTo(OnDemandStartStatus.NotStartable));
    }

    [Test]
    public async Task A_manager_may_start_the_feedback_log_for_their_reports_and_360_feedback_for_themselves_and_their_reports()
    {
        await PublishSample("feedback-log");
        await PublishSample("feedback-360");
        await PublishSample("progress-report");

        var startable = await Starts.StartableAsync("P4");

        Assert.That(startable.Select(p => (p.Key, string.Join(" ", p.For.Select(f => f.Id)))), Is.EqualTo(new[]
        {
            ("feedback-360", "P4 P5"),
            ("feedback-log", "P5"),
            ("progress-report", "P4"),
        }));
        Assert.That(startable[1].Title.ZhCn, Is.EqualTo("持续反馈记录"));
        Assert.That(startable[1].For[0].Name.ZhCn, Is.EqualTo("刘洋"));
    }

    [Test]
    public async Task An_employee_without_reports_may_start_only_what_they_start_for_themselves()
    {
        await PublishSample("feedback-log");
        await PublishSample("feedback-360");
        await PublishSample("progress-report");

        var startable = await Starts.StartableAsync("P5");

        Assert.That(startable.Select(p => (p.Key, string.Join(" ", p.For.Select(f => f.Id)))), Is.EqualTo(new[]
        {
            ("feedback-360", "P5"),
            ("progress-report", "P5"),
        }));
    }

    [Test]
    public async Task A_feedback_log_started_on_demand_is_due_24_hours_after_its_start_and_nudged_at_20_hours()
    {
        await PublishSample("feedback-log");
        await Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(5));
        var startedAt = Clock.GetUtcNow();

        var started = await Starts.StartAsync("feedback-log", "P5", "P4");

        var log = await TaskOf("P4", "log");
        Assert.That((log.Id, log.DueAt), Is.EqualTo((started.StarterTaskId, startedAt.AddHours(24).ToUnixTimeMilliseconds())));
        await Advance(TimeSpan.FromHours(20) - TimeSpan.FromMinutes(1));
        Assert.That(await Messages(), Is.EqualTo(new[] { new Notified(NoticeEvent.Assigned, "P4", [], "log") }).Using<Notified>(Same));
        await Advance(TimeSpan.FromMinutes(1));
        Assert.That((await Messages())[^1], Is.EqualTo(new Notified(NoticeEvent.Reminder, "P4", [], "log")).Using<Notified>(Same));
    }

    [Test]
    public async Task In_a_progress_report_the_employee_reports_the_manager_comments_and_the_employee_reads_the_comment()
    {
        await PublishSample("progress-report");

        var started = await Starts.StartAsync("progress-report", "P5", "P5");

        var report = await TaskOf("P5", "report");
        Assert.That(started.StarterTaskId, Is.EqualTo(report.Id), "the employee writes first");
        Succeeded(await Runtime.SubmitAsync(report.Id, "P5", Sample("monthly-check-in", "progress")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf("P4", "report")).Id, "P4", new JsonObject { ["manager_comment"] = "进展不错，下月继续推进灰度发布" }));

        Assert.That((await Instance(started.InstanceId!)).Status, Is.EqualTo(InstanceStatus.Completed));
        var seen = (await Instances.InstanceAsync(started.InstanceId!, "P5"))!;
        Assert.That((string?)seen.Forms["report"]?["manager_comment"], Is.EqualTo("进展不错，下月继续推进灰度发布"));
    }

    [Test]
    public async Task The_report_the_employee_handed_in_shows_her_the_managers_feedback_read_only_once_the_step_shows_it_to_her()
    {
        await PublishSample("progress-report");
        var started = await Starts.StartAsync("progress-report", "P5", "P5");
        var report = await TaskOf("P5", "report");
        Succeeded(await Runtime.SubmitAsync(report.Id, "P5", Sample("monthly-check-in", "progress")));

        var review = await TaskOf("P4", "report");
        Succeeded(await Runtime.SaveDraftAsync(review.Id, "P4", new JsonObject { ["manager_comment"] = "草稿：还没写完" }));
        var whileReviewed = (await Tasks.OpenAsync(report.Id, "P5"))!;
        Succeeded(await Runtime.ApproveAsync(review.Id, "P4", new JsonObject { ["manager_comment"] = "进展不错，下月继续推进灰度发布" }));
        var afterwards = (await Tasks.OpenAsync(report.Id, "P5"))!;

        Assert.That(whileReviewed.Data["manager_comment"], Is.Null, "a draft of the manager's is his until he hands it in");
        Assert.That((string?)afterwards.Data["manager_comment"], Is.EqualTo("进展不错，下月继续推进灰度发布"));
        Assert.That(afterwards.Writable, Is.Empty, "read only");
        Assert.That(afterwards.Readable, Does.Contain("manager_comment").And.Contain("next_month_focus"));
        Assert.That(afterwards.Actions, Is.Empty);
        Assert.That(started.InstanceId, Is.EqualTo(afterwards.Task.InstanceId));
    }

    [Test]
    public async Task A_task_handed_in_shows_no_more_than_the_instance_shows_its_person()
    {
        await Publish("""
            {
              "key": "private-comment",
              "title": { "zh-CN": "主管私下批注", "en": "The manager's private note" },
              "forms": { "report": "monthly-check-in" },
              "start": "report",
              "steps": {
                "report": { "kind": "review", "form": "report", "author": "subject", "write": ["progress"], "reviewer": "manager", "reviewerWrite": ["manager"], "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """);
        await Runtime.StartAsync("private-comment", "P5", "P6");
        var report = await TaskOf("P5", "report");
        Succeeded(await Runtime.SubmitAsync(report.Id, "P5", Sample("monthly-check-in", "progress")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf("P4", "report")).Id, "P4", new JsonObject { ["manager_comment"] = "只给自己看的批注" }));

        var afterwards = (await Tasks.OpenAsync(report.Id, "P5"))!;

        Assert.That(afterwards.Data["manager_comment"], Is.Null, "no step shows the manager's section to the employee");
        Assert.That(afterwards.Readable, Does.Not.Contain("manager_comment"));
        Assert.That((string?)afterwards.Data["next_month_focus"], Is.Not.Null, "what she wrote she still reads");
    }

    private static bool Same(Notified a, Notified b) => a.Event == b.Event && a.Recipient == b.Recipient && a.Cc.SequenceEqual(b.Cc) && a.Step == b.Step;
}
