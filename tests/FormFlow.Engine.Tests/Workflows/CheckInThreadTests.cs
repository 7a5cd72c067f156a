using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The monthly check-ins of the shipped annual review as a thread (issue 15, "both sides follow up"): 刘洋 (P5) reports
/// his progress, his manager 张伟 (P4) reads it, marks each goal and comments, and 刘洋 reads that on his check-in.
/// </summary>
public class CheckInThreadTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    [Test]
    public async Task The_managers_follow_up_of_a_check_in_opens_only_once_the_employee_hands_it_in_and_the_step_ends_after_the_last_follow_up()
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);

        for (var month = 1; month <= 3; month++)
        {
            await Advance(TimeSpan.FromDays(31));
            var checkIn = await TaskOf(Employee, "check-ins");
            Assert.That((await Inbox(Manager)).Where(t => t.Step == "check-ins"), Is.Empty, $"nothing for the manager before check-in {month} is handed in");

            Succeeded(await Runtime.SubmitAsync(checkIn.Id, Employee, CheckIn($"2027-0{month}", $"目标 {month}")));

            var followUp = await TaskOf(Manager, "check-ins");
            Assert.That((await State(instance.Id)).Steps["check-ins"].Tasks[followUp.Id], Is.EqualTo($"review-{month}"), "the manager's part carries the occurrence");
            Assert.That(followUp.DueAt, Is.EqualTo(Now + (long)TimeSpan.FromDays(7).TotalMilliseconds), "due as the step's tasks are: 7 days after it opens");
            Assert.That((await Messages()).Where(m => m.Event == NoticeEvent.Assigned && m.Recipient == Manager && m.Step == "check-ins").Count(), Is.EqualTo(month), "the manager is told of each follow-up");
            var opened = (await Tasks.OpenAsync(followUp.Id, Manager))!;
            Assert.That((string?)opened.Data["month"], Is.EqualTo($"2027-0{month}"), "the manager reads this month's progress");
            Assert.That(opened.Writable, Is.EquivalentTo(new[] { "action_marks", "manager_comment" }));

            Assert.That((await State(instance.Id)).Active, Does.Contain("check-ins"), $"the step waits for the follow-up of check-in {month}");
            Succeeded(await Runtime.SubmitAsync(followUp.Id, Manager, new JsonObject { ["manager_comment"] = $"第 {month} 月：收到" }));
        }

        var state = await State(instance.Id);
        Assert.That(state.Active, Does.Not.Contain("check-ins"), "the last follow-up ends the step");
        Assert.That(state.Steps.ContainsKey("next-period"), Is.True);
        var submitted = await Journal(instance.Id, "task.submitted");
        Assert.That(
            submitted.Where(d => (string?)d["from"] == "check-ins").Select(d => ((int?)d["occurrence"], (string?)d["to"])),
            Is.EqualTo(new (int?, string?)[] { (1, "check-ins"), (1, "check-ins"), (2, "check-ins"), (2, "check-ins"), (3, "check-ins"), (3, "next-period") }),
            "the journal records each check-in and each follow-up with its occurrence; only the last follow-up moves on");
    }

    [Test]
    public async Task The_managers_marks_and_comment_are_kept_with_their_month_and_the_employee_reads_them_there_and_nowhere_else()
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);
        await Advance(TimeSpan.FromDays(31));
        var january = await TaskOf(Employee, "check-ins");
        Succeeded(await Runtime.SubmitAsync(january.Id, Employee, CheckIn("2027-01", "回款率 ≥ 90%")));
        await Advance(TimeSpan.FromDays(31));
        var february = await TaskOf(Employee, "check-ins");
        Succeeded(await Runtime.SubmitAsync(february.Id, Employee, CheckIn("2027-02", "新增客户 8 家")));

        var followUps = (await Inbox(Manager)).Where(t => t.Step == "check-ins").ToList();
        var state = await State(instance.Id);
        var firstFollowUp = followUps.Single(t => state.Steps["check-ins"].Tasks[t.Id] == "review-1");
        var opened = (await Tasks.OpenAsync(firstFollowUp.Id, Manager))!;
        Assert.That((string?)opened.Data["month"], Is.EqualTo("2027-01"), "January's follow-up reads January's check-in, not February's");
        var marks = opened.Data["action_marks"]!.DeepClone().AsArray();
        marks[0]!["status"] = "off-track";
        marks[0]!["note"] = "回款逾期，下周一起拜访宏达";
        Succeeded(await Runtime.SubmitAsync(firstFollowUp.Id, Manager, new JsonObject { ["action_marks"] = marks, ["manager_comment"] = "先把宏达的回款追回来" }));

        var answers = (await State(instance.Id)).Responses["check-ins"];
        Assert.That(answers.Select(a => (a.Occurrence, (string?)a.Data["month"], (string?)a.Data["manager_comment"], a.ReviewedBy)), Is.EqualTo(new (int?, string?, string?, string?)[]
        {
            (1, "2027-01", "先把宏达的回款追回来", Manager),
            (2, "2027-02", null, null),
        }), "the feedback is kept in January's answer beside the progress; February's has none yet");

        var januaryAgain = (await Tasks.OpenAsync(january.Id, Employee))!;
        Assert.That((string?)januaryAgain.Data["manager_comment"], Is.EqualTo("先把宏达的回款追回来"), "the employee reads the feedback on her handed-in check-in");
        Assert.That(januaryAgain.Data["action_marks"]!.AsArray().Select(m => ((string?)m!["goal"], (string?)m["status"], (string?)m["note"])), Is.EqualTo(new[] { ("回款率 ≥ 90%", "off-track", "回款逾期，下周一起拜访宏达") }));
        Assert.That(januaryAgain.Actions, Is.Empty, "read only");
        var februaryAgain = (await Tasks.OpenAsync(february.Id, Employee))!;
        Assert.That(februaryAgain.Data["manager_comment"], Is.Null, "January's feedback is not mixed into February");
        Assert.That((string?)februaryAgain.Data["month"], Is.EqualTo("2027-02"));

        var page = (await Instances.InstanceAsync(instance.Id, Employee))!;
        var thread = page.Answers["check-ins"]!.AsArray().Select(a => ((int?)a!["occurrence"], (string?)a["data"]!["manager_comment"], (string?)a["reviewedBy"]));
        Assert.That(thread, Is.EqualTo(new (int?, string?, string?)[] { (1, "先把宏达的回款追回来", Manager), (2, null, null) }), "her instance page shows the thread");
        var managersView = (await Instances.InstanceAsync(instance.Id, Manager))!;
        Assert.That(managersView.Answers["check-ins"]!.AsArray().Select(a => (string?)a!["data"]!["month"]), Is.EqualTo(new[] { "2027-01", "2027-02" }), "the manager reads every occurrence");
    }

    [Test]
    public async Task The_managers_follow_up_starts_with_the_employees_goals_and_their_status_and_keeps_what_the_manager_wrote()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);
        await Advance(TimeSpan.FromDays(31));
        var checkIn = CheckIn("2027-01", "Q1 签约金额 320 万元");
        checkIn["goals"]!.AsArray().Add(new JsonObject { ["goal"] = "新增客户 8 家", ["status"] = "at-risk", ["progress_pct"] = 50 });
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "check-ins")).Id, Employee, checkIn));
        var followUp = await TaskOf(Manager, "check-ins");

        var opened = (await Tasks.OpenAsync(followUp.Id, Manager))!;
        Assert.That(
            opened.Data["action_marks"]!.AsArray().Select(m => (string.Join(",", m!.AsObject().Select(p => p.Key)), (string?)m["goal"], (string?)m["status"])),
            Is.EqualTo(new[] { ("goal,status", "Q1 签约金额 320 万元", "on-track"), ("goal,status", "新增客户 8 家", "at-risk") }),
            "one mark per goal, its text and the employee's status copied, nothing else");

        Succeeded(await Runtime.SaveDraftAsync(followUp.Id, Manager, new JsonObject { ["action_marks"] = new JsonArray(new JsonObject { ["goal"] = "新增客户 8 家", ["status"] = "done" }) }));
        var again = (await Tasks.OpenAsync(followUp.Id, Manager))!;
        Assert.That(again.Data["action_marks"]!.AsArray().Select(m => ((string?)m!["goal"], (string?)m["status"])), Is.EqualTo(new[] { ("新增客户 8 家", "done") }), "what the manager wrote is not overwritten by the goals");

        var employeesTask = (await InTransaction(Db, w => TaskStore.ForInstanceAsync(w, followUp.InstanceId))).Single(t => t.Step == "check-ins" && t.AssigneeId == Employee);
        var employeesView = (await Tasks.OpenAsync(employeesTask.Id, Employee))!;
        Assert.That(employeesView.Data["action_marks"], Is.Null, "the employee writes no marks: nothing is prefilled for her, and a draft is not handed in");
    }

    [Test]
    public async Task The_employee_cannot_open_or_hand_in_the_managers_follow_up()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await AnnualReviewToCheckIns(Employee, Manager);
        await Advance(TimeSpan.FromDays(31));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "check-ins")).Id, Employee, CheckIn("2027-01", "回款率 ≥ 90%")));
        var followUp = await TaskOf(Manager, "check-ins");

        Assert.That(await Tasks.OpenAsync(followUp.Id, Employee), Is.Null);
        Assert.That((await Runtime.SubmitAsync(followUp.Id, Employee, new JsonObject { ["manager_comment"] = "我自己写" })).Status, Is.EqualTo(CommandStatus.NotFound));
        Assert.That((await Runtime.SubmitAsync(followUp.Id, Manager, new JsonObject { ["next_month_focus"] = "改写员工的重点" })).Status, Is.EqualTo(CommandStatus.Forbidden), "the manager does not rewrite the employee's progress");
    }

    // A check-in of one goal, on track.
    private static JsonObject CheckIn(string month, string goal) => new()
    {
        ["month"] = month,
        ["goals"] = new JsonArray(new JsonObject { ["goal"] = goal, ["status"] = "on-track", ["progress_pct"] = 60 }),
        ["next_month_focus"] = "继续推进",
    };

    private async Task<IReadOnlyList<JsonObject>> Journal(string instanceId, string action) =>
        await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>(
            "SELECT after_json FROM audit_log WHERE entity_id = @Id AND action = @Action ORDER BY at, id", new { Id = instanceId, Action = action }, w.Transaction))
            .Select(j => JsonNode.Parse(j)!.AsObject()).ToList());
}
