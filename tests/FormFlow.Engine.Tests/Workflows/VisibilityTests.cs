using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// Who sees what, read through the entry points a host calls (<see cref="TaskDesk"/>, <see cref="InstanceDesk"/>, the
/// notification model), for the shipped processes about 刘洋 (P5): his manager 张伟 (P4), 张伟's manager 李雷 (P2),
/// the HRBP 赵敏 (P7).
/// </summary>
public class VisibilityTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Hrbp = "P7";
    private const string BaseUrl = "https://formflow.example.com/";

    [Test]
    public async Task A_private_feedback_entry_is_neither_listed_nor_shown_to_the_employee()
    {
        await PublishSample("feedback-log");
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);
        var entry = Sample("feedback-log", "entry");
        entry["visible_to_employee"] = false;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));

        var listed = await Instances.OfSubjectAsync(Employee, Employee, 1, 20);

        Assert.That((listed.Total, listed.Items.Count), Is.EqualTo((0, 0)), "the count says nothing either");
        Assert.That(await Instances.InstanceAsync(instance.Id, Employee), Is.Null);
        Assert.That(await Instances.TimelineAsync(instance.Id, Employee), Is.Null, "no actor, no moment");
        Assert.That((await Instances.OfSubjectAsync(Employee, Manager, 1, 20)).Total, Is.EqualTo(1), "the manager who wrote it lists it");
    }

    [Test]
    public async Task A_shared_feedback_entry_shows_the_employee_the_whole_entry()
    {
        await PublishSample("feedback-log");
        var instance = await Runtime.StartAsync("feedback-log", Employee, Manager);
        var entry = Sample("feedback-log", "entry");
        entry["visible_to_employee"] = true;
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "log")).Id, Manager, entry));

        var employees = await Instances.InstanceAsync(instance.Id, Employee);

        Assert.That(JsonNode.DeepEquals(employees?.Forms["entry"], entry), Is.True, employees?.Forms.ToJsonString());
        Assert.That((await Instances.OfSubjectAsync(Employee, Employee, 1, 20)).Total, Is.EqualTo(1));
    }

    [Test]
    public async Task The_returned_notice_shows_the_employee_only_the_comments_on_fields_they_read()
    {
        await PublishAnnualReview();
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToTheInterviewRecord();
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Manager, "record")).Id, Manager, "改进计划缺少时间节点", [
            new FieldNote("/plan/0/time_node", "请写明日期"),
            new FieldNote("/overall_rating", "评级打算给 2"),
        ]));
        var returned = await Outbox(NoticeEvent.Returned);

        var model = await InTransaction(Db, w => NotificationModel.BuildAsync(w, returned, Employee, BaseUrl));

        Assert.That(model.Comments.Select(c => c.Body), Is.EqualTo(new[] { "请写明日期" }), "the rating is the manager's section: the employee does not read it");
    }

    [Test]
    public async Task An_approval_tells_the_people_whose_work_it_approves_and_not_a_subject_who_wrote_nothing()
    {
        await PublishSample("performance-improvement");
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Sample("improvement-plan", "background", "results", "behaviors", "support")));

        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));

        var approved = (await Messages()).Where(m => m.Event == NoticeEvent.Approved).Select(m => m.Recipient);
        Assert.That(approved, Is.EqualTo(new[] { Manager }), "the manager wrote the plan; the employee submitted nothing");
    }

    [Test]
    public async Task The_employee_reads_nothing_of_an_improvement_plan_before_the_HRBP_has_approved_it()
    {
        await PublishSample("performance-improvement");
        var instance = await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Sample("improvement-plan", "background", "results", "behaviors", "support")));

        var before = await Instances.InstanceAsync(instance.Id, Employee);
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));
        var after = await Instances.InstanceAsync(instance.Id, Employee);

        Assert.That(before?.Forms.ContainsKey("pip") ?? false, Is.False, "the plan is not decided while the HRBP checks it");
        Assert.That(after?.Forms["pip"]?["background"], Is.Not.Null, "the confirmation shows it to the employee");
    }

    [Test]
    public async Task The_return_reason_is_on_the_revision_task_and_in_the_timeline_not_only_in_the_mail()
    {
        await PublishAnnualReview();
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToTheInterviewRecord();
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Manager, "record")).Id, Manager, "改进计划缺少时间节点", [new FieldNote("/plan/0/time_node", "请写明日期")]));

        var revision = await Tasks.OpenAsync((await TaskOf(Employee, "record")).Id, Employee);
        var timeline = await Instances.TimelineAsync(instance.Id, Employee);

        Assert.That(JsonSerializer.Serialize(revision), Does.Contain(JsonSerializer.Serialize("改进计划缺少时间节点")));
        Assert.That(JsonSerializer.Serialize(timeline), Does.Contain(JsonSerializer.Serialize("改进计划缺少时间节点")));
    }

    [Test]
    public async Task Each_round_of_a_review_loop_shows_who_returned_it_when_why_and_its_comments_to_those_who_read_them()
    {
        await PublishAnnualReview();
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToTheInterviewRecord();
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Manager, "record")).Id, Manager, "计划不具体", [new FieldNote("/plan/0/goal", "写成可衡量的目标")]));
        Clock.Advance(TimeSpan.FromHours(1));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Manager, "record")).Id, Manager, "时间节点太晚", [
            new FieldNote("/plan/0/time_node", "提前到三月"),
            new FieldNote("/overall_rating", "评级取决于时间节点"),
        ]));

        var revision = (await Tasks.OpenAsync((await TaskOf(Employee, "record")).Id, Employee))!;
        var employees = (await Instances.TimelineAsync(instance.Id, Employee))!.Select(e => e.Return).OfType<ReturnRound>();
        var hrbps = (await Instances.TimelineAsync(instance.Id, Hrbp))!.Select(e => e.Return).OfType<ReturnRound>();

        Assert.That(revision.Returns.Select(r => (r.Round, r.ReturnedBy.Id, r.Reason, string.Join("|", r.Comments.Select(c => c.Body)))), Is.EqualTo(new[]
        {
            (1, Manager, (string?)"计划不具体", "写成可衡量的目标"),
            (2, Manager, "时间节点太晚", "提前到三月"),
        }), "the rating's comment is not on the employee's task");
        Assert.That(revision.Returns.Select(r => r.At), Is.EqualTo(new[] { CycleStart, CycleStart.AddHours(1) }));
        Assert.That(employees.Select(r => (r.Round, r.Reason)), Is.EqualTo(new[] { (1, (string?)"计划不具体"), (2, "时间节点太晚") }));
        Assert.That(hrbps.Select(r => (r.Round, r.ReturnedBy.Id, r.Reason, string.Join("|", r.Comments.Select(c => c.Body)))), Is.EqualTo(new[]
        {
            (1, Manager, (string?)null, ""),
            (2, Manager, null, "评级取决于时间节点"),
        }), "the HRBP reads the rounds and the comment on the rating the process shows them, not the reasons");
    }

    [Test]
    public async Task An_employee_who_returns_the_record_at_the_confirmation_is_told_they_returned_it_and_the_round()
    {
        await PublishAnnualReview();
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToTheInterviewRecord();
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "record")).Id, Manager, ManagersPart(4, "稳定")));
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Employee, "confirm")).Id, Employee, "评级说明与面谈不符", []));
        var returned = await Outbox(NoticeEvent.Returned);

        var model = await InTransaction(Db, w => NotificationModel.BuildAsync(w, returned, Employee, BaseUrl));
        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, returned, Employee, BaseUrl));

        Assert.That((model.DecidedByYou, model.Round, model.Reason), Is.EqualTo((true, (int?)1, (string?)"评级说明与面谈不符")));
        Assert.That(mail.Body, Does.Contain("您退回了「绩效面谈记录」").And.Not.Contain("您提交的"));
    }

    // The annual review up to the interview record the employee has written and the manager is to review.
    private async Task ToTheInterviewRecord()
    {
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
    }

    private async Task<OutboxMessage> Outbox(string @event)
    {
        var ids = await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>("SELECT id FROM outbox ORDER BY created_at, id", transaction: w.Transaction)).ToList());
        foreach (var id in ids)
        {
            var message = (await InTransaction(Db, w => OutboxStore.FindAsync(w, id)))!;
            if ((string?)JsonNode.Parse(message.Payload)!["event"] == @event)
            {
                return message;
            }
        }

        throw new AssertionException($"no {@event} message in the outbox");
    }
}
