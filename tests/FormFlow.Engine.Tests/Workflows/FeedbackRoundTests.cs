using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The shipped 360 round (samples/processes/feedback-360.json) for 刘洋 (P5): four peers nominated, three approved by
/// the manager 张伟 (P4), each answering anonymously.
/// </summary>
public class FeedbackRoundTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private static readonly string[] Approved = ["P3", "P2", "P7"];

    [SetUp]
    public Task PublishProcess() => PublishSample("feedback-360");

    [Test]
    public async Task Each_approved_reviewer_gets_a_task_and_the_subject_sees_the_answers_aggregated_without_names()
    {
        var instance = await RunRound();

        var view = (await Instances.InstanceAsync(instance, Employee))!;

        Assert.That(view.Status, Is.EqualTo(InstanceStatus.Completed));
        var answers = view.Answers["collect"]!;
        Assert.That((int)answers["count"]!, Is.EqualTo(3));
        Assert.That((double)answers["means"]!["ratings.communication"]!, Is.EqualTo(4.0), "(3 + 4 + 5) / 3");
        Assert.That(answers["texts"]!["keep_doing"]!.AsArray().Select(t => (string)t!), Is.EqualTo(new[] { "A: 方案清楚", "B: 反应快", "C: 乐于分享" }), "in alphabetical order, not in the order they came");
    }

    [Test]
    public async Task No_read_of_the_engine_tells_the_subject_who_wrote_which_answer()
    {
        var instance = await RunRound();
        var reviewerTasks = (await InTransactionTasks(instance)).Where(t => t.Step == "collect").ToList();
        Assert.That(reviewerTasks.Select(t => t.AssigneeId), Is.EquivalentTo(Approved));

        var view = (await Instances.InstanceAsync(instance, Employee))!;
        var answers = JsonSerializer.Serialize(view.Answers);
        var timeline = (await Instances.TimelineAsync(instance, Employee))!;
        var inbox = JsonSerializer.Serialize(await Tasks.InboxAsync(Employee, new InboxQuery()));

        foreach (var reviewer in Approved)
        {
            Assert.That(answers, Does.Not.Contain(reviewer));
            Assert.That(inbox, Does.Not.Contain(reviewer));
        }

        Assert.That(timeline.Where(e => e.From == "collect" || e.To == "end").Select(e => e.Actor?.Id), Has.None.AnyOf(Approved));
        Assert.That(timeline.Where(e => e.Action == "task.submitted" && e.From == "collect").Select(e => (e.ActorKind, e.Actor)), Is.EqualTo(Enumerable.Repeat(("anonymous", default(PersonName)), 3)));
        foreach (var task in reviewerTasks)
        {
            Assert.That(await Tasks.OpenAsync(task.Id, Employee), Is.Null, "a reviewer's task is not the subject's");
        }

        Assert.That(answers, Does.Not.Contain("\"by\""));
    }

    [Test]
    public async Task While_answers_are_still_coming_in_the_subject_sees_only_that_they_are_pending()
    {
        var instance = await Nominate();
        foreach (var who in new[] { "P3", "P2" })
        {
            var answer = new JsonObject { ["ratings"] = new JsonObject { ["communication"] = 3, ["collaboration"] = 4, ["expertise"] = 4, ["customer_focus"] = 4, ["ownership"] = 4 }, ["focus_answers"] = new JsonArray("好"), ["keep_doing"] = "继续", ["suggestions"] = "多分享" };
            Succeeded(await Runtime.SubmitAsync((await TaskOf(who, "collect")).Id, who, answer));
        }

        var view = (await Instances.InstanceAsync(instance, Employee))!;

        Assert.That(view.Answers["collect"]!.ToJsonString(), Is.EqualTo("""{"pending":true}"""));
    }

    [Test]
    public async Task A_late_anonymous_answer_reminds_the_reviewer_alone_and_copies_nobody()
    {
        await Nominate();

        await Advance(TimeSpan.FromDays(10).Add(TimeSpan.FromMinutes(1)));

        var overdue = (await Messages()).Where(m => m.Event == NoticeEvent.Overdue && m.Step == "collect").ToList();
        Assert.That(overdue.Select(m => m.Recipient), Is.EquivalentTo(Approved));
        Assert.That(overdue.SelectMany(m => m.Cc), Is.Empty);
    }

    [Test]
    public async Task With_fewer_than_three_answers_the_aggregate_is_withheld()
    {
        var aggregate = Visibility.Aggregate([new Response(null, null, 0, new JsonObject { ["keep_doing"] = "x" }), new Response(null, null, 0, new JsonObject { ["keep_doing"] = "y" })]);

        Assert.That(aggregate.ToJsonString(), Is.EqualTo("""{"count":2,"withheld":true}"""));
    }

    [Test]
    public async Task A_reviewer_reads_the_request_and_writes_only_the_answer()
    {
        var instance = await Nominate();
        var task = await TaskOf("P3", "collect");

        var view = (await Tasks.OpenAsync(task.Id, "P3"))!;

        Assert.That(view.Writable, Is.EqualTo(new[] { "focus_answers", "keep_doing", "ratings", "suggestions" }));
        Assert.That(view.Data.Select(p => p.Key), Is.EquivalentTo(new[] { "reviewers", "focus_questions" }));
        var refused = await Runtime.SubmitAsync(task.Id, "P3", new JsonObject { ["focus_questions"] = new JsonArray("改掉的问题") });
        Assert.That(refused.Status, Is.EqualTo(CommandStatus.Forbidden));
        Assert.That(instance, Is.Not.Empty);
    }

    private async Task<string> Nominate()
    {
        var instance = await Runtime.StartAsync("feedback-360", Employee, "P6");
        var nomination = new JsonObject
        {
            ["reviewers"] = new JsonArray(
                Reviewer("P3", "peer"), Reviewer("P2", "manager"), Reviewer("P7", "cross-team"), Reviewer("P4", "manager")),
            ["focus_questions"] = new JsonArray("我的方案讲得清楚吗？"),
        };
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "nominate")).Id, Employee, nomination));

        var approved = nomination.DeepClone().AsObject();
        approved["reviewers"]!.AsArray().RemoveAt(3);
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "approve-reviewers")).Id, Manager, approved));
        Assert.That(await Inbox(Manager), Is.Empty, "the manager was nominated but not approved");
        return instance.Id;
    }

    private async Task<string> RunRound()
    {
        var instance = await Nominate();
        var answers = new (string Who, int Rating, string KeepDoing)[] { ("P7", 5, "C: 乐于分享"), ("P3", 3, "B: 反应快"), ("P2", 4, "A: 方案清楚") };
        foreach (var (who, rating, keepDoing) in answers)
        {
            var ratings = new JsonObject { ["communication"] = rating, ["collaboration"] = 4, ["expertise"] = 4, ["customer_focus"] = 4, ["ownership"] = 4 };
            var answer = new JsonObject { ["ratings"] = ratings, ["focus_answers"] = new JsonArray("讲得清楚"), ["keep_doing"] = keepDoing, ["suggestions"] = "多分享" };
            Succeeded(await Runtime.SubmitAsync((await TaskOf(who, "collect")).Id, who, answer));
        }

        return instance;
    }

    private Task<IReadOnlyList<FormFlow.Storage.TaskRow>> InTransactionTasks(string instance) => InTransaction(Db, w => FormFlow.Storage.TaskStore.ForInstanceAsync(w, instance));

    private static JsonObject Reviewer(string id, string relationship) => new() { ["person_id"] = id, ["relationship"] = relationship };
}
