using System.Text.Json.Nodes;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The shipped improvement plan (samples/processes/performance-improvement.json) for 刘洋 (P5): drafted by the manager
/// 张伟 (P4), checked by the HRBP 赵敏 (P7), confirmed by both sides, followed up monthly three times.
/// </summary>
public class ImprovementPlanTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Hrbp = "P7";

    [SetUp]
    public Task PublishProcess() => PublishSample("performance-improvement");

    [Test]
    public async Task The_plan_is_drafted_checked_by_the_HRBP_confirmed_by_both_and_followed_up_three_times_by_the_employee_and_the_manager()
    {
        var instance = await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Sample("improvement-plan", "background", "results", "behaviors", "support")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true }));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager, new JsonObject { ["manager_confirmed"] = true }));

        for (var month = 1; month <= 3; month++)
        {
            await Advance(TimeSpan.FromDays(31));
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "follow-up")).Id, Employee, Sample("monthly-check-in", "progress")));
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "follow-up")).Id, Manager, new JsonObject { ["manager_comment"] = $"第 {month} 次：继续" }));
        }

        var finished = await State(instance.Id);
        Assert.That((await Instance(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(finished.Forms["pip"]["employee_confirmed"]!.GetValue<bool>() && finished.Forms["pip"]["manager_confirmed"]!.GetValue<bool>(), Is.True);
        Assert.That(finished.Responses["follow-up"].Select(r => (r.Occurrence, r.ReviewedBy, (string?)r.Data["manager_comment"])), Is.EqualTo(new (int?, string?, string?)[] { (1, Manager, "第 1 次：继续"), (2, Manager, "第 2 次：继续"), (3, Manager, "第 3 次：继续") }));
    }

    [Test]
    public async Task The_HRBP_returns_the_plan_to_the_manager_with_a_reason()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Sample("improvement-plan", "background", "results", "behaviors", "support")));

        Succeeded(await Runtime.ReturnAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp, "目标缺少可衡量的标准", [new FieldNote("/result_goals/0", "请写明衡量方式")]));

        var again = await TaskOf(Manager, "plan");
        var view = (await Tasks.OpenAsync(again.Id, Manager))!;
        Assert.That(view.Comments.Select(c => (c.Field, c.Author.Id, c.Body)), Is.EqualTo(new[] { ("/result_goals/0", Hrbp, "请写明衡量方式") }));
        Assert.That(view.Data["background"], Is.Not.Null, "what the manager wrote is kept for the revision");
        Assert.That((await Messages()).Where(m => m.Event == NoticeEvent.Returned).Select(m => m.Recipient), Is.EqualTo(new[] { Manager }));
    }

    [Test]
    public async Task The_employee_may_not_confirm_for_the_manager()
    {
        await Runtime.StartAsync("performance-improvement", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "plan")).Id, Manager, Sample("improvement-plan", "background", "results", "behaviors", "support")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Hrbp, "hr-check")).Id, Hrbp));

        var result = await Runtime.ConfirmAsync((await TaskOf(Employee, "confirm")).Id, Employee, new JsonObject { ["employee_confirmed"] = true, ["manager_confirmed"] = true });

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Forbidden));
        Assert.That(result.Problems.Select(p => p.Pointer), Is.EqualTo(new[] { "/manager_confirmed" }));
    }
}
