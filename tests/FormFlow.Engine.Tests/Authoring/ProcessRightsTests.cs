using FormFlow.Authoring;
using FormFlow.Cycles;
using FormFlow.Tests.Processes;

namespace FormFlow.Tests.Authoring;

/// <summary>
/// The rule of who may draft, publish and launch a process, over <see cref="LintOrganisation.Small"/>: 李雷 (P3) heads
/// R&amp;D (D1) below HQ (D0), whose HRBP is 陈静 (P2); 张伟 (P5) heads the Subsidiary (D5), a tree of its own; 韩梅梅
/// (P4) is an employee. The API's matrix over the demo organisation is ProcessOwnershipTests.
/// </summary>
public class ProcessRightsTests
{
    [TestCase("D1", true, Description = "the department they head")]
    [TestCase(null, false, Description = "the whole organisation")]
    [TestCase("D0", false, Description = "the department above theirs")]
    [TestCase("D5", false, Description = "another tree")]
    public void A_head_authors_only_the_processes_owned_within_their_department(string? owner, bool allowed)
    {
        var decision = Decide("P3", ProcessAction.Publish, [owner]);

        Assert.That(decision.Allowed, Is.EqualTo(allowed), decision.Reason?.En);
    }

    [Test]
    public void Every_owner_counts_so_a_head_does_not_take_over_a_process_another_department_owns()
    {
        var decision = Decide("P3", ProcessAction.Draft, ["D5", "D1"]);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Allowed, Is.False);
            Assert.That(decision.Reason!.ZhCn, Does.Contain("「子公司（D5）」"));
            Assert.That(decision.Reason.En, Does.Contain("\"Subsidiary\" (D5)"));
        });
    }

    [Test]
    public void An_hrbp_authors_processes_of_the_whole_organisation_and_of_the_departments_below_theirs_but_not_elsewhere()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decide("P2", ProcessAction.Publish, [null]).Allowed, Is.True);
            Assert.That(Decide("P2", ProcessAction.Publish, ["D1"]).Allowed, Is.True);
            Assert.That(Decide("P2", ProcessAction.Publish, ["D5"]).Allowed, Is.False);
        });
    }

    [Test]
    public void A_department_the_organisation_does_not_have_is_an_hrbps_to_correct_and_launched_by_nobody_but_an_administrator()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decide("P2", ProcessAction.Draft, ["D9"]).Allowed, Is.True);
            Assert.That(Decide("P3", ProcessAction.Draft, ["D9"]).Allowed, Is.False);
            Assert.That(Decide("P2", ProcessAction.Launch, ["D9"], Population.Department("D1")).Allowed, Is.False);
            Assert.That(Decide("P1", ProcessAction.Launch, ["D9"], Population.Department("D5")).Allowed, Is.True, "P1 is an administrator");
        });
    }

    [Test]
    public void A_head_launches_for_the_people_of_their_department_and_the_refusal_names_the_department_of_someone_outside()
    {
        var inside = Decide("P3", ProcessAction.Launch, [null], Population.People("P4"));
        var outside = Decide("P3", ProcessAction.Launch, [null], Population.People("P4", "P6"));

        Assert.Multiple(() =>
        {
            Assert.That(inside.Allowed, Is.True);
            Assert.That(outside.Allowed, Is.False);
            Assert.That(outside.Reason!.En, Does.StartWith("\"Subsidiary\" (D5) is not among the departments you are the HRBP or the head of"));
        });
    }

    [Test]
    public void An_employee_neither_authors_nor_launches()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decide("P4", ProcessAction.Draft, ["D1"]).Allowed, Is.False);
            Assert.That(Decide("P4", ProcessAction.Launch, [null], Population.Department("D1")).Reason?.En, Is.EqualTo("Only an administrator, an HRBP or a department head may launch a cycle."));
        });
    }

    [TestCase("{\"key\":\"x\",\"ownerDepartment\":\"D200\"}", "D200")]
    [TestCase("{\"key\":\"x\"}", null)]
    [TestCase("{\"key\":\"x\",\"ownerDepartment\":200}", null)]
    [TestCase("[\"ownerDepartment\"]", null)]
    [TestCase("not json", null)]
    public void The_owner_is_the_department_id_the_document_names(string body, string? owner)
    {
        Assert.That(ProcessRights.OwnerIn(body), Is.EqualTo(owner));
    }

    private static ProcessDecision Decide(string personId, ProcessAction action, string?[] owners, Population? population = null) =>
        ProcessRights.Decide(LintOrganisation.Small(), personId, action, "rd-flow", owners, population);
}
