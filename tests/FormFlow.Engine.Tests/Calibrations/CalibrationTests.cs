using System.Text.Json.Nodes;
using FormFlow.Calibrations;
using FormFlow.Cycles;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;
using FormFlow.Text;
using FormFlow.Workflows;

namespace FormFlow.Tests.Calibrations;

/// <summary>
/// Calibration of the annual review's ratings across 研发部 (D1, head 李雷 P2, HRBP 赵敏 P7): 韩梅梅 (P3) rated 3 by
/// 李雷, 刘洋 (P5, in 平台组 D2 below it) rated 4 by 张伟 (P4), and 张伟 himself not rated yet.
/// </summary>
public class CalibrationTests(string kind) : RuntimeTest(kind)
{
    private const string Head = "P2";
    private const string Hrbp = "P7";
    private const string Employee = "P5";
    private const string Manager = "P4";

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    private string cycleId = null!;

    private CalibrationDesk Desk => new(Db, Clock);

    [SetUp]
    public async Task RateTwoOfThree()
    {
        await PublishAnnualReview();
        var launched = await CycleLauncher.LaunchAsync(Db, Clock, new CycleRequest(
            "annual-d1", "年度绩效 / Annual review", "annual-review", CycleStart, CycleStart.AddDays(60), Population.People("P3", Manager, Employee), "P6"));
        Assert.That(launched.Started, Is.EqualTo(3), launched.Summary.En);
        cycleId = launched.Cycle.Id;
        await InterviewWithRating(Employee, Manager, 4, "超出预期 / Above expectations");
        await InterviewWithRating("P3", Head, 3, "稳定达标 / Steady");
    }

    [Test]
    public async Task The_session_lists_the_departments_people_with_their_proposed_ratings_against_the_default_guideline()
    {
        var id = await Open(Hrbp);

        var view = (await Desk.ReadAsync(cycleId, id, Head))!;

        Assert.That(view.Persons.Select(p => (p.Person.Id, p.Manager?.Id, p.Proposed, p.Final)), Is.EqualTo(new[]
        {
            ("P3", (string?)Head, (int?)3, (int?)3),
            (Manager, Head, null, null),
            (Employee, Manager, 4, 4),
        }));
        Assert.That((view.People, view.Rated, view.NotRated), Is.EqualTo((3, 2, 1)));
        Assert.That(view.Bands.Select(b => (b.Label.En, b.GuidelinePercent, b.GuidelineCount, b.ProposedCount, b.ProposedPercent)), Is.EqualTo(new[]
        {
            ("Exceeds", 20, 0, 1, 50),
            ("Meets", 70, 1, 1, 50),
            ("Needs improvement", 10, 0, 0, 0),
        }));
        var evidence = view.Persons.Single(p => p.Person.Id == Employee).Evidence.ToDictionary(e => e.Field, e => e.Value);
        Assert.That(evidence["manager_summary"], Is.EqualTo("超出预期 / Above expectations"), "the head reads the manager's summary");
        Assert.That(evidence.ContainsKey("overall_rating"), Is.True, "the skip-level manager reads the self-review's overall self-rating");
    }

    [TestCase(Head)]
    [TestCase(Hrbp)]
    public async Task Each_persons_evidence_is_what_the_reader_reads_of_that_persons_instance_on_its_page(string reader)
    {
        var id = await Open(Hrbp);

        var view = (await Desk.ReadAsync(cycleId, id, reader))!;

        Assert.That(view.Persons.Sum(p => p.Evidence.Count), Is.GreaterThan(0));
        foreach (var person in view.Persons)
        {
            var page = (await Instances.InstanceAsync(person.InstanceId, reader))!;
            Assert.That(page.Subject.Id, Is.EqualTo(person.Person.Id));
            Assert.That(
                person.Evidence.Select(e => e.Value),
                Is.EqualTo(person.Evidence.Select(e => page.Forms[e.Form]?[e.Field]?.ToString())),
                $"{person.Person.Id}'s evidence as {reader} reads their instance");
        }
    }

    [TestCase("""[{"label":{"zhCn":"好","en":"Good"},"ratings":[3,4,5],"percent":60},{"label":{"zhCn":"差","en":"Poor"},"ratings":[1,2],"percent":30}]""", "/guideline", "guideline.percent-sum")]
    [TestCase("""[{"label":{"zhCn":"好","en":"Good"},"ratings":[3,4,5],"percent":70},{"label":{"zhCn":"差","en":"Poor"},"ratings":[1,2,3],"percent":30}]""", "/guideline/1/ratings/2", "guideline.rating-twice")]
    [TestCase("""[{"label":{"zhCn":"好","en":"Good"},"ratings":[3,4,5,6],"percent":70},{"label":{"zhCn":"差","en":"Poor"},"ratings":[1,2],"percent":30}]""", "/guideline/0/ratings/3", "guideline.unknown-rating")]
    public async Task A_bad_guideline_is_refused_naming_the_member_at_fault(string guideline, string pointer, string code)
    {
        var bands = System.Text.Json.JsonSerializer.Deserialize<List<GuidelineBand>>(guideline, Web)!;

        var outcome = await Desk.OpenAsync(cycleId, "D1", bands, Hrbp);

        Assert.That(outcome.Status, Is.EqualTo(CalibrationOutcomeStatus.Invalid));
        Assert.That(outcome.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { (pointer, code) }));
    }

    [Test]
    public async Task An_adjustment_with_its_reason_is_journaled_and_the_manager_reads_it_on_the_timeline()
    {
        var id = await Open(Hrbp);
        var before = (await Desk.ReadAsync(cycleId, id, Head))!.Persons.Single(p => p.Person.Id == Employee);

        var adjusted = await Desk.AdjustAsync(cycleId, id, Employee, 5, "  交付了两个跨团队项目  ", Head, before.Version);

        Assert.That(adjusted.Status, Is.EqualTo(CalibrationOutcomeStatus.Done));
        var after = (await Desk.ReadAsync(cycleId, id, Hrbp))!;
        var person = after.Persons.Single(p => p.Person.Id == Employee);
        Assert.That((person.Proposed, person.Final, person.Adjusted, person.Reason, person.AdjustedBy?.Id), Is.EqualTo(((int?)4, (int?)5, true, "交付了两个跨团队项目", Head)));
        Assert.That(after.Bands[0].FinalCount, Is.EqualTo(1));
        var journal = await InTransaction(Db, w => AuditLog.ForAsync(w, "calibration", id));
        Assert.That(journal.Select(e => (e.Action, e.Actor)), Is.EqualTo(new[] { ("calibration.opened", Hrbp), (CalibrationDesk.CalibratedAction, Head) }));
        var detail = JsonNode.Parse(journal[1].AfterJson!)!;
        Assert.That(((int)detail["previous"]!, (int)detail["rating"]!, (string)detail["reason"]!), Is.EqualTo((4, 5, "交付了两个跨团队项目")));

        var timeline = (await Instances.TimelineAsync(person.InstanceId, Manager))!;
        var change = timeline.Single(t => t.Action == CalibrationDesk.CalibratedAction);
        Assert.That((change.Actor?.Id, change.Rating), Is.EqualTo(((string?)Head, new RatingChange(4, 5, "交付了两个跨团队项目"))), "the manager reads the change and why");

        var stale = await Desk.AdjustAsync(cycleId, id, Employee, 3, "再议", Hrbp, before.Version);
        Assert.That(stale.Status, Is.EqualTo(CalibrationOutcomeStatus.Conflict), "the version read before the adjustment is stale");
    }

    [TestCase(null, "/reason", "calibration.reason-required")]
    [TestCase("   ", "/reason", "calibration.reason-required")]
    public async Task An_adjustment_without_a_reason_is_refused_naming_the_reason(string? reason, string pointer, string code)
    {
        var id = await Open(Hrbp);

        var outcome = await Desk.AdjustAsync(cycleId, id, Employee, 5, reason, Hrbp, null);

        Assert.That(outcome.Status, Is.EqualTo(CalibrationOutcomeStatus.Invalid));
        Assert.That(outcome.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { (pointer, code) }));
        Assert.That(outcome.Problems[0].Message.ZhCn, Does.Contain("理由"));
        Assert.That((await Desk.AdjustAsync(cycleId, id, Employee, 7, "太高", Hrbp, null)).Problems.Select(p => p.Pointer), Is.EqualTo(new[] { "/rating" }));
        Assert.That((await Desk.AdjustAsync(cycleId, id, Employee, 5, new string('长', 501), Hrbp, null)).Problems.Select(p => p.Code), Is.EqualTo(new[] { "calibration.reason-too-long" }));
    }

    [Test]
    public async Task The_employee_and_a_manager_who_neither_heads_nor_partners_the_department_find_no_session()
    {
        var id = await Open(Hrbp);

        foreach (var outsider in new[] { Employee, Manager, "P3" })
        {
            Assert.That(await Desk.ReadAsync(cycleId, id, outsider), Is.Null, outsider);
            Assert.That(await Desk.ListAsync(cycleId, outsider), Is.Null.Or.Empty, outsider);
            Assert.That((await Desk.AdjustAsync(cycleId, id, Employee, 5, "想要", outsider, null)).Status, Is.EqualTo(CalibrationOutcomeStatus.NotFound), outsider);
            Assert.That((await Desk.CloseAsync(cycleId, id, outsider, null)).Status, Is.EqualTo(CalibrationOutcomeStatus.NotFound), outsider);
        }

        Assert.That(await Desk.ReadAsync(cycleId, id, "P6"), Is.Not.Null, "the HRBP of the department above reads it");
        Assert.That(await Desk.ReadAsync(cycleId, id, "P1"), Is.Not.Null, "an administrator reads it");
        Assert.That((await Desk.OpenAsync(cycleId, "D1", null, Manager)).Status, Is.EqualTo(CalibrationOutcomeStatus.NotFound), "a manager of another department opens none");
        Assert.That((await Desk.OpenAsync(cycleId, "D1", null, Head)).Status, Is.EqualTo(CalibrationOutcomeStatus.Forbidden), "the head works in a session but does not open one");
        Assert.That((await Desk.OpenAsync(cycleId, "D2", null, Hrbp)).Status, Is.EqualTo(CalibrationOutcomeStatus.Conflict), "刘洋 is calibrated with 研发部 already");
    }

    [Test]
    public async Task The_employee_reads_the_final_rating_only_once_the_session_is_closed()
    {
        var id = await Open(Hrbp);
        var instanceId = (await Desk.ReadAsync(cycleId, id, Hrbp))!.Persons.Single(p => p.Person.Id == Employee).InstanceId;
        Assert.That(await Desk.AdjustAsync(cycleId, id, Employee, 5, "跨团队贡献突出", Hrbp, null) is { Status: CalibrationOutcomeStatus.Done }, Is.True);
        var confirmed = (await Tasks.InboxAsync(Employee, new InboxQuery { Status = InboxQuery.Done, PageSize = 50 })).Items.Single(t => t.Step == "confirm");

        Assert.That((await Instances.InstanceAsync(instanceId, Employee))!.Forms["record"]!.AsObject().ContainsKey("overall_rating"), Is.False, "not on the instance page");
        Assert.That((await Tasks.OpenAsync(confirmed.Id, Employee))!.Data.ContainsKey("overall_rating"), Is.False, "not on the task page");
        Assert.That((await Tasks.OpenAsync(confirmed.Id, Employee))!.Readable, Does.Not.Contain("overall_rating"));
        Assert.That((await Instances.TimelineAsync(instanceId, Employee))!.Select(t => t.Action), Does.Not.Contain(CalibrationDesk.CalibratedAction), "not on the timeline");
        Assert.That((await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "zh-CN"))!.Ratings().Rows.Single()[3], Is.Empty, "not in the history report");
        Assert.That((await Instances.InstanceAsync(instanceId, Manager))!.Forms["record"]!["overall_rating"]!.GetValue<int>(), Is.EqualTo(4), "the manager still reads the proposed rating");

        var closed = await Desk.CloseAsync(cycleId, id, Head, 1);

        Assert.That(closed.Status, Is.EqualTo(CalibrationOutcomeStatus.Done));
        Assert.That((await Instances.InstanceAsync(instanceId, Employee))!.Forms["record"]!["overall_rating"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That((await Tasks.OpenAsync(confirmed.Id, Employee))!.Readable, Does.Contain("overall_rating"), "the task she confirmed shows the rating again, as she confirmed it");
        Assert.That((await HistoryModel.BuildAsync(Db, Clock, Employee, Employee, "zh-CN"))!.Ratings().Rows.Single()[3], Is.EqualTo("5"));
        var seen = (await Instances.TimelineAsync(instanceId, Employee))!.Where(t => t.Rating is not null).Select(t => (t.Action, t.Rating)).ToList();
        Assert.That(seen, Is.EqualTo(new[] { (CalibrationDesk.CalibratedAction, new RatingChange(4, 5, null)), (CalibrationDesk.ReleasedAction, new RatingChange(4, 5, null)) }), "the employee reads what changed, not the reasons given among the reviewers");
        Assert.That((await State(instanceId)).Forms["record"]["overall_rating"]!.GetValue<int>(), Is.EqualTo(5), "the form every report reads holds the final rating");
        var released = (await Desk.ReadAsync(cycleId, id, Hrbp))!.Persons.Single(p => p.Person.Id == Employee);
        Assert.That((released.Proposed, released.Final), Is.EqualTo(((int?)4, (int?)5)), "the session still shows what was proposed");
        Assert.That((await Desk.AdjustAsync(cycleId, id, Employee, 4, "再议", Hrbp, null)).Status, Is.EqualTo(CalibrationOutcomeStatus.Conflict), "a closed session changes no more");
    }

    private async Task<string> Open(string by)
    {
        var opened = await Desk.OpenAsync(cycleId, "D1", null, by);
        Assert.That(opened.Status, Is.EqualTo(CalibrationOutcomeStatus.Done), () => string.Join("; ", opened.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}")));
        return opened.Id!;
    }
}
