using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A start-process step's <c>carry</c>: what one instance agreed goes into the one it starts, before its first step
/// runs — the annual review of 刘洋 (P5, manager 张伟 P4) hands its development plan to the next period's goals.
/// </summary>
public class CarryTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    private static readonly string[] SelfReviewSections = ["basics", "results", "reflection", "overall"];

    [Test]
    public async Task The_end_of_the_annual_review_starts_the_next_periods_goals_whose_first_task_opens_with_the_agreed_development_plan()
    {
        await PublishAnnualReview();
        var annual = await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);
        var agreed = (await State(annual.Id)).Forms["idp"];
        for (var month = 1; month <= 3; month++)
        {
            await Advance(TimeSpan.FromDays(31));
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "check-ins")).Id, Employee, Sample("monthly-check-in", "progress")));
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "check-ins")).Id, Manager, new JsonObject { ["manager_comment"] = "收到" }));
        }

        var plan = await TaskOf(Employee, "plan");
        var next = await Instance(plan.InstanceId);
        Assert.That((next.ProcessKey, next.SubjectId, next.CycleId), Is.EqualTo(("next-period-goals", Employee, annual.CycleId)));
        Assert.That((await Instance(annual.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await State(annual.Id)).Started, Is.EqualTo(new[] { next.Id }));

        var opened = (await Tasks.OpenAsync(plan.Id, Employee))!;
        Assert.That(opened.Data["career_aspiration"]!.ToJsonString(), Is.EqualTo(agreed["career_aspiration"]!.ToJsonString()));
        Assert.That(opened.Data["development_goals"]!.ToJsonString(), Is.EqualTo(agreed["development_goals"]!.ToJsonString()));
        Assert.That(opened.Writable, Does.Contain("career_aspiration").And.Contain("development_goals"), "the employee may update the plan");
        Assert.That(opened.Data.ContainsKey("manager_comment"), Is.False, "the manager's review of the plan stays the managers', as in the annual review");
        Assert.That((string?)(await State(next.Id)).Forms["idp"]["manager_comment"], Is.EqualTo("同意，季度回顾"), "the whole plan is carried over");

        var managerSees = (await Instances.InstanceAsync(next.Id, Manager))!.Forms["idp"]!;
        Assert.That(((string?)managerSees["career_aspiration"], (string?)managerSees["manager_comment"]), Is.EqualTo(((string?)agreed["career_aspiration"], "同意，季度回顾")), "the manager reads the plan, his review included, while the employee holds it");

        // The employee keeps the plan as it is; the manager proposes the next period's KPIs.
        Succeeded(await Runtime.SubmitAsync(plan.Id, Employee, Sample("idp", "aspiration", "goals")));
        Assert.That((await TaskOf(Manager, "propose")).InstanceId, Is.EqualTo(next.Id));
    }

    [Test]
    public async Task A_field_is_carried_into_a_field_of_the_started_instance()
    {
        await Publish(FirstCheckIn("monthly-check-in", ["progress"]));
        await Publish(Wishes("""[{ "from": "self.support_wanted", "to": "checkin.support_needed" }]"""));
        await Runtime.StartAsync("wishes", Employee, "P6");
        var self = Sample("self-review", SelfReviewSections);
        self["support_wanted"] = "希望参加一次架构设计培训";

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, self));

        var opened = (await Tasks.OpenAsync((await TaskOf(Employee, "check-in")).Id, Employee))!;
        Assert.That(opened.Data.Select(p => (p.Key, (string?)p.Value)), Is.EqualTo(new[] { ("support_needed", (string?)"希望参加一次架构设计培训") }), "the field alone");
    }

    [Test]
    public async Task An_empty_source_copies_nothing()
    {
        await Publish(FirstCheckIn("monthly-check-in", ["progress"]));
        await Publish(Wishes("""[{ "from": "self.support_wanted", "to": "checkin.support_needed" }]"""));
        await Runtime.StartAsync("wishes", Employee, "P6");
        var self = Sample("self-review", SelfReviewSections);
        self.Remove("support_wanted");

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, self));

        var checkIn = await TaskOf(Employee, "check-in");
        Assert.That((await Tasks.OpenAsync(checkIn.Id, Employee))!.Data, Is.Empty);
        Assert.That((await State(checkIn.InstanceId)).Forms, Is.Empty, "not even an empty form");
    }

    [Test]
    public async Task A_target_published_again_with_another_template_fails_the_command_with_the_reason_and_writes_nothing()
    {
        await Publish(FirstCheckIn("self-review", SelfReviewSections, form: "self"));
        await Publish(Wishes("""[{ "from": "self", "to": "self" }]""", target: "first-check-in"));
        var source = await Runtime.StartAsync("wishes", Employee, "P6");
        await Publish(FirstCheckIn("monthly-check-in", ["progress"], form: "self"));
        var task = await TaskOf(Employee, "self-review");

        var result = await Runtime.SubmitAsync(task.Id, Employee, Sample("self-review", SelfReviewSections));

        Assert.That(result.Status, Is.EqualTo(CommandStatus.Blocked));
        var problem = result.Problems.Single();
        Assert.That(problem.Code, Is.EqualTo("process.blocked"));
        Assert.That(problem.Message.ZhCn, Does.Contain("hand-over").And.Contain("self-review").And.Contain("monthly-check-in"));
        Assert.That(problem.Message.En, Is.EqualTo("The step \"hand-over\" carries the form \"self\" (template \"self-review\") into the form \"self\" (template \"monthly-check-in\") of the process \"first-check-in\": a whole form goes only into a form of the same template"));
        Assert.That((await InTransaction(Db, w => TaskStore.FindAsync(w, task.Id)))!.Status, Is.EqualTo(TaskStatuses.Open));
        Assert.That(await InstancesOf("first-check-in"), Is.Zero);
        Assert.That((await State(source.Id)).Forms, Is.Empty);
    }

    [TestCase("""[{ "from": "notes", "to": "checkin" }]""", "process.carry-unknown-source", "$.steps['hand-over'].carry[0].from", "this process declares no form \"notes\" in forms")]
    [TestCase("""[{ "from": "self.wishes", "to": "checkin.support_needed" }]""", "process.carry-unknown-source", "$.steps['hand-over'].carry[0].from", "the form \"self\" (template \"self-review\") has no top-level field \"wishes\"")]
    [TestCase("""[{ "from": "self.support_wanted", "to": "plan.support_needed" }]""", "process.carry-unknown-target", "$.steps['hand-over'].carry[0].to", "that process has no form \"plan\"")]
    [TestCase("""[{ "from": "self.support_wanted", "to": "checkin.support" }]""", "process.carry-unknown-target", "$.steps['hand-over'].carry[0].to", "the form \"checkin\" (template \"monthly-check-in\") has no top-level field \"support\"")]
    [TestCase("""[{ "from": "self", "to": "checkin" }]""", "process.carry-mismatch", "$.steps['hand-over'].carry[0]", "a whole form goes only into a form of the same template")]
    [TestCase("""[{ "from": "self.overall_rating", "to": "checkin.support_needed" }]""", "process.carry-mismatch", "$.steps['hand-over'].carry[0]", "the two fields are defined differently")]
    public async Task A_carry_that_cannot_be_made_is_not_published(string carry, string code, string path, string reason)
    {
        await Publish(FirstCheckIn("monthly-check-in", ["progress"]));

        var result = await InTransaction(Db, w => ProcessCatalog.PublishProcessAsync(w, Wishes(carry), "P6", Now));

        Assert.That(result.Published, Is.False);
        var finding = result.Findings.Single(f => f.Severity == LintSeverity.Error);
        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
        Assert.That(finding.Message.En, Does.Contain("\"hand-over\"").And.Contain(reason));
        Assert.That(finding.Message.ZhCn, Does.Contain("「hand-over」"));
    }

    [Test]
    public async Task A_carry_into_a_process_of_the_same_import_is_checked_against_that_process()
    {
        var lint = await InTransaction(Db, w => ProcessCatalog.CheckProcessAsync(w, Wishes("""[{ "from": "self.support_wanted", "to": "checkin.support" }]"""), new ProcessOverlay(
            _ => null,
            new HashSet<string>(),
            new HashSet<string> { "first-check-in" }) { ProcessBodies = new Dictionary<string, string> { ["first-check-in"] = FirstCheckIn("monthly-check-in", ["progress"]) } }));

        Assert.That(lint.Findings.Where(f => f.Severity == LintSeverity.Error).Select(f => f.Code), Is.EqualTo(new[] { "process.carry-unknown-target" }));
    }

    [Test]
    public void A_whole_form_carried_into_a_field_is_refused_as_the_document_is_read()
    {
        var read = ProcessReader.Read(Wishes("""[{ "from": "self", "to": "checkin.support_needed" }]"""));

        Assert.That(read.Findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("process.wrong-type", "$.steps['hand-over'].carry[0]") }));
    }

    // The employee's self-review, then a start-process step carrying what the test says.
    private static string Wishes(string carry, string target = "first-check-in") => $$"""
        {
          "key": "wishes",
          "title": { "zh-CN": "自评与发展意愿", "en": "Self-review and wishes" },
          "forms": { "self": "self-review" },
          "start": "self-review",
          "steps": {
            "self-review": { "kind": "form", "form": "self", "assignee": "subject", "write": ["basics", "results", "reflection", "overall"], "next": "hand-over" },
            "hand-over": { "kind": "start-process", "process": "{{target}}", "carry": {{carry}}, "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    // One form the employee fills, on the template the test chooses.
    private static string FirstCheckIn(string template, string[] sections, string form = "checkin") => $$"""
        {
          "key": "first-check-in",
          "title": { "zh-CN": "第一次 Check-in", "en": "First check-in" },
          "forms": { "{{form}}": "{{template}}" },
          "start": "check-in",
          "steps": {
            "check-in": { "kind": "form", "form": "{{form}}", "assignee": "subject", "write": [{{string.Join(", ", sections.Select(s => $"\"{s}\""))}}], "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    private Task<int> InstancesOf(string process) => InTransaction(Db, w => w.Connection.ExecuteScalarAsync<int>(
        "SELECT COUNT(*) FROM process_instances WHERE process_key = @Process", new { Process = process }, w.Transaction));
}
