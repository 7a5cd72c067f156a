using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The shipped annual review (samples/processes/annual-review.json) run end to end for 刘洋 (P5), whose manager is
/// 张伟 (P4), skip-level 李雷 (P2) and HRBP 赵敏 (P7).
/// </summary>
public class AnnualReviewTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string SkipLevel = "P2";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    [Test]
    public async Task A_rating_of_4_runs_from_self_review_through_the_interview_to_the_IDP_and_three_monthly_check_ins_each_followed_up_by_the_manager()
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        await InterviewWithRating(4);

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "idp")).Id, Employee, Sample("idp", "aspiration", "goals")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "idp-approval")).Id, Manager, new JsonObject { ["manager_comment"] = "同意，季度回顾", ["manager_agreed"] = true }));

        for (var month = 1; month <= 3; month++)
        {
            Assert.That((await Inbox(Employee)).Where(t => t.Step == "check-ins"), Is.Empty, $"no check-in before month {month}");
            await Advance(TimeSpan.FromDays(31));
            var checkIn = await TaskOf(Employee, "check-ins");
            Succeeded(await Runtime.SubmitAsync(checkIn.Id, Employee, Sample("monthly-check-in", "progress")));
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "check-ins")).Id, Manager, new JsonObject { ["manager_comment"] = "收到" }));
        }

        var finished = await Instance(instance.Id);
        Assert.That(finished.Status, Is.EqualTo(InstanceStatus.Completed));
        var told = (await Messages()).Where(m => m.Event is NoticeEvent.Approved or NoticeEvent.Confirmed).Select(m => (m.Event, m.Recipient, m.Step));
        Assert.That(told, Is.EquivalentTo(new[]
        {
            (NoticeEvent.Approved, Employee, (string?)"record"),
            (NoticeEvent.Confirmed, Employee, "confirm"),
            (NoticeEvent.Confirmed, Manager, "confirm"),
            (NoticeEvent.Approved, Employee, "idp"),
        }), "an approval names the step of the work it approves: the employee's IDP");
        var state = InstanceState.Parse(finished.State);
        Assert.That(state.Responses["check-ins"].Select(r => r.Occurrence), Is.EqualTo(new int?[] { 1, 2, 3 }));
        Assert.That(state.Forms["record"]["overall_rating"]!.GetValue<long>(), Is.EqualTo(4));
    }

    [Test]
    public async Task The_reviewer_returns_the_interview_record_with_field_comments_and_the_employee_revises_it()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await FillSelfReviewAndPreparation();
        var draft = Sample("interview-record", "went-well", "to-improve", "plan");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, draft));

        var review = await TaskOf(Manager, "record");
        Succeeded(await Runtime.ReturnAsync(review.Id, Manager, "改进计划缺少时间节点", [new FieldNote("/plan/0/due", "请写明日期")]));

        var revision = await TaskOf(Employee, "record");
        Assert.That(revision.Id, Is.Not.EqualTo(review.Id));
        Assert.That((await Messages()).Where(m => m.Event == NoticeEvent.Returned).Select(m => m.Recipient), Is.EqualTo(new[] { Employee }));
        Succeeded(await Runtime.SubmitAsync(revision.Id, Employee, draft));
        var second = await TaskOf(Manager, "record");
        Succeeded(await Runtime.ApproveAsync(second.Id, Manager, new JsonObject { ["overall_rating"] = 3, ["manager_summary"] = "稳定" }));

        Assert.That((await State((await Instance(revision.InstanceId)).Id)).Active, Is.EqualTo(new[] { "confirm" }));
    }

    [Test]
    public async Task The_manager_writes_the_BEST_feedback_at_the_interview_record_and_the_employee_reads_it_when_confirming()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await FillSelfReviewAndPreparation();
        var best = Sample("interview-record", "feedback")["feedback"]!;
        var record = await TaskOf(Employee, "record");

        var employeesOwn = Sample("interview-record", "went-well", "to-improve", "plan");
        employeesOwn["feedback"] = best.DeepClone();
        var refused = await Runtime.SubmitAsync(record.Id, Employee, employeesOwn);
        Assert.That(refused.Status, Is.EqualTo(CommandStatus.Forbidden), "the feedback is the manager's to give");
        Assert.That(refused.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/feedback", "field.not-writable") }));

        Succeeded(await Runtime.SubmitAsync(record.Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        var review = await TaskOf(Manager, "record");
        Assert.That((await Tasks.OpenAsync(review.Id, Manager))!.Writable, Does.Contain("feedback"));
        Succeeded(await Runtime.ApproveAsync(review.Id, Manager, new JsonObject { ["overall_rating"] = 4, ["manager_summary"] = "面谈总结", ["feedback"] = best.DeepClone() }));

        var confirming = (await Tasks.OpenAsync((await TaskOf(Employee, "confirm")).Id, Employee))!;
        Assert.That(confirming.Data["feedback"]!.ToJsonString(), Is.EqualTo(best.ToJsonString()), "the employee reads the manager's feedback as written");
        Assert.That(confirming.Writable, Does.Not.Contain("feedback"));
    }

    [Test]
    public async Task A_comment_on_a_field_the_form_does_not_have_is_refused_and_the_review_stays_open()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await FillSelfReviewAndPreparation();
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        var review = await TaskOf(Manager, "record");

        var result = await Runtime.ReturnAsync(review.Id, Manager, "请修改", [new FieldNote("/salary", "写上薪资")]);

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Invalid));
        Assert.That(result.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/notes/0/pointer", "return.note-field") }));
        Assert.That((await TaskOf(Manager, "record")).Id, Is.EqualTo(review.Id));
    }

    [Test]
    public async Task A_reminder_goes_out_two_days_before_the_due_date_and_an_overdue_task_copies_the_superior()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");

        await Advance(TimeSpan.FromDays(11));
        Assert.That((await Messages()).Select(m => m.Event), Is.EqualTo(new[] { NoticeEvent.Assigned }));

        await Advance(TimeSpan.FromDays(1));
        var reminder = (await Messages()).Single(m => m.Event == NoticeEvent.Reminder);
        Assert.That(reminder, Is.EqualTo(new Notified(NoticeEvent.Reminder, Employee, [], "self-review")).Using<Notified>(SameNotice));

        await Advance(TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
        var overdue = (await Messages()).Single(m => m.Event == NoticeEvent.Overdue);
        Assert.That(overdue.Recipient, Is.EqualTo(Employee));
        Assert.That(overdue.Cc, Is.EqualTo(new[] { Manager }), "the superior is copied");
    }

    [Test]
    public async Task A_rating_of_2_starts_an_improvement_plan_for_the_same_employee()
    {
        var annual = await Runtime.StartAsync("annual-review", Employee, "P6");
        await FillSelfReviewAndPreparation();
        await InterviewWithRating(2);

        var plan = await TaskOf(Manager, "plan");
        var pip = await Instance(plan.InstanceId);
        Assert.That((pip.ProcessKey, pip.SubjectId), Is.EqualTo(("performance-improvement", Employee)));
        Assert.That((await Instance(annual.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await State(annual.Id)).Started, Is.EqualTo(new[] { pip.Id }));
    }

    [Test]
    public async Task A_rating_of_5_needs_the_skip_level_leaders_approval_before_the_IDP()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await FillSelfReviewAndPreparation();
        await InterviewWithRating(5);

        Assert.That(await Inbox(Employee), Is.Empty);
        Succeeded(await Runtime.ApproveAsync((await TaskOf(SkipLevel, "skip-level-approval")).Id, SkipLevel));
        Assert.That((await TaskOf(Employee, "idp")).Step, Is.EqualTo("idp"));
    }

    [Test]
    public async Task Writing_a_field_the_step_does_not_allow_is_refused_and_nothing_is_saved()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await FillSelfReviewAndPreparation();
        var task = await TaskOf(Employee, "record");
        var data = Sample("interview-record", "went-well", "to-improve", "plan");
        data["overall_rating"] = 5;

        var result = await Runtime.SubmitAsync(task.Id, Employee, data);

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Forbidden));
        Assert.That(result.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/overall_rating", "field.not-writable") }));
        var unchanged = await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id));
        Assert.That((unchanged!.Status, unchanged.Version, unchanged.Data), Is.EqualTo((TaskStatuses.Open, task.Version, task.Data)));
    }

    [Test]
    public async Task A_task_of_someone_else_answers_not_found()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        var task = await TaskOf(Employee, "self-review");

        var result = await Runtime.SubmitAsync(task.Id, Manager, Sample("self-review", "basics", "results", "reflection", "overall"));

        Assert.That(result.Status, Is.EqualTo(CommandStatus.NotFound));
    }

    [Test]
    public async Task An_invalid_submission_names_each_field_and_leaves_the_task_open()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        var task = await TaskOf(Employee, "self-review");
        var data = Sample("self-review", "basics", "results", "reflection", "overall");
        data.Remove("goal_results");
        data["overall_rating"] = 9;

        var result = await Runtime.SubmitAsync(task.Id, Employee, data);

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Invalid));
        Assert.That(result.Problems.Select(p => p.Pointer), Is.SupersetOf(new[] { "/goal_results", "/overall_rating" }));
        Assert.That((await TaskOf(Employee, "self-review")).Id, Is.EqualTo(task.Id));
    }

    private async Task FillSelfReviewAndPreparation()
    {
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
    }

    private async Task InterviewWithRating(int rating)
    {
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "record")).Id, Manager, ManagersPart(rating, "面谈总结")));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true }));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));
    }

    private static bool SameNotice(Notified a, Notified b) => a.Event == b.Event && a.Recipient == b.Recipient && a.Cc.SequenceEqual(b.Cc) && a.Step == b.Step;
}
