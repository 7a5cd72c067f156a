using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// An employee who does not accept the interview record disputes it at the confirmation, with a reason; the shipped
/// annual review (samples/processes/annual-review.json) hands it to their HRBP, who upholds the assessment or sends the
/// record back to be revised. 刘洋 (P5) is the employee, 张伟 (P4) his manager, 赵敏 (P7) the HRBP of his department.
/// </summary>
public class DisputedRecordTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string Hrbp = "P7";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    [Test]
    public async Task A_dispute_without_a_reason_is_refused_at_the_reason_and_the_confirmation_stays_open()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToConfirmation();
        var confirmation = await TaskOf(Employee, "confirm");

        var result = await Runtime.ConfirmAsync(confirmation.Id, Employee, new JsonObject { ["employee_confirmed"] = false, ["dispute"] = true, ["dispute_reason"] = "  " });

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Invalid));
        Assert.That(result.Problems.Select(p => p.Pointer), Is.EqualTo(new[] { "/dispute_reason" }), "only the employee's own field stops them; the HRBP's decision is not theirs to write");
        Assert.That((await TaskOf(Employee, "confirm")).Id, Is.EqualTo(confirmation.Id));
    }

    [Test]
    public async Task A_disputed_record_goes_to_the_HRBP_who_upholds_it_and_the_review_goes_on_with_both_kept()
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToConfirmation();

        await Dispute("评分没有考虑下半年承接的迁移项目");
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));

        var decision = await TaskOf(Hrbp, "hrbp-decides");
        Assert.That((await Inbox(Employee)).Concat(await Inbox(Manager)).Select(t => t.Step), Has.None.EqualTo("idp"), "nothing goes on while the HRBP decides");
        Succeeded(await Runtime.SubmitAsync(decision.Id, Hrbp, new JsonObject { ["hrbp_decision"] = "upheld", ["hrbp_reasoning"] = "迁移项目已计入第三季度目标，评分维持" }));

        Assert.That((await TaskOf(Employee, "idp")).Step, Is.EqualTo("idp"), "a rating of 3 upheld goes on to the development plan");
        var record = (await State(instance.Id)).Forms["record"];
        Assert.That(
            ((bool?)record["dispute"], (string?)record["dispute_reason"], (string?)record["hrbp_decision"], (string?)record["hrbp_reasoning"]),
            Is.EqualTo((true, "评分没有考虑下半年承接的迁移项目", "upheld", "迁移项目已计入第三季度目标，评分维持")));
        Assert.That((long?)record["overall_rating"], Is.EqualTo(3));
    }

    [Test]
    public async Task An_HRBP_who_asks_for_a_revision_has_the_manager_revise_the_rating_and_the_first_rating_is_kept_with_its_task()
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        await ToConfirmation();
        var accepted = (await InTransaction(Db, w => TaskStore.ForInstanceAsync(w, instance.Id))).Single(t => t.Step == "record" && t.AssigneeId == Manager);
        await Dispute("评分没有考虑下半年承接的迁移项目");
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(Manager, "confirm")).Id, Manager));

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Hrbp, "hrbp-decides")).Id, Hrbp, new JsonObject { ["hrbp_decision"] = "revise", ["hrbp_reasoning"] = "迁移项目属于本年度目标，请重新评定" }));
        var revision = await TaskOf(Manager, "manager-revises");
        var rewritten = await Runtime.SubmitAsync(revision.Id, Manager, new JsonObject { ["overall_rating"] = 4, ["manager_summary"] = "计入迁移项目后调整为 4 分" });

        Succeeded(rewritten);
        Assert.That((await TaskOf(Employee, "idp")).Step, Is.EqualTo("idp"), "the revised rating goes on to the development plan");
        var record = (await State(instance.Id)).Forms["record"];
        Assert.That(((long?)record["overall_rating"], (string?)record["hrbp_decision"], (string?)record["dispute_reason"]), Is.EqualTo(((long?)4, "revise", "评分没有考虑下半年承接的迁移项目")));
        var firstRating = await InTransaction(Db, w => TaskStore.RevisionsAsync(w, accepted.Id));
        Assert.That(firstRating.Select(r => (long?)JsonNode.Parse(r.Data)!["overall_rating"]), Has.Member(3L), "the rating first given is kept with the task it was given at");
    }

    private async Task ToConfirmation()
    {
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "record")).Id, Manager, ManagersPart(3, "面谈总结")));
    }

    private async Task<TaskRow> Dispute(string reason)
    {
        var confirmation = await TaskOf(Employee, "confirm");
        Succeeded(await Runtime.ConfirmAsync(confirmation.Id, Employee, new JsonObject { ["employee_confirmed"] = false, ["dispute"] = true, ["dispute_reason"] = reason }));
        return confirmation;
    }
}
