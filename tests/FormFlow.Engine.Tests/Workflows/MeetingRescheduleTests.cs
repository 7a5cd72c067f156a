using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The person who booked a meeting moves or cancels it after handing the booking step in (docs/processes.md,
/// "Meetings"): in the shipped annual review 张伟 (P4) books the interview with 刘洋 (P5) in the preparation, and
/// later moves it or calls it off; both receive the update or the cancellation as for any write of the form.
/// </summary>
public class MeetingRescheduleTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [SetUp]
    public Task PublishProcesses() => PublishAnnualReview();

    [Test]
    public async Task Moving_the_interview_sends_an_update_of_the_same_event_to_both_and_moves_the_day_before_reminder()
    {
        var first = CycleStart.AddDays(5);
        var moved = CycleStart.AddDays(8).AddHours(3);
        var instance = await BookAnnualReview(first);
        var before = (await State(instance.Id)).Forms["prep"]!.DeepClone().AsObject();

        var change = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, moved.ToOffset(TimeSpan.FromHours(8)), "5 号会议室");

        Assert.That(change.Status, Is.EqualTo(MeetingChangeStatus.Done), string.Join("; ", change.Problems.Select(p => p.Message.En)));
        Assert.That(change.Meeting, Is.EqualTo(new PlannedMeeting("prepare", change.Meeting!.StepTitle, moved.ToOffset(TimeSpan.FromHours(8)), "5 号会议室", Moved: true, Cancelled: false, Manager, CanChange: true)));
        var updates = (await Invitations()).Where(m => Event(m) == NoticeEvent.MeetingUpdated).ToList();
        Assert.That(updates.Select(m => m.Recipient), Is.EquivalentTo(new[] { Employee, Manager }));
        var ics = Calendar.Parse((await Render(updates.Single(m => m.Recipient == Employee))).Calendar!.Text);
        Assert.Multiple(() =>
        {
            Assert.That(ics["METHOD"], Is.EqualTo("REQUEST"));
            Assert.That(ics["UID"], Is.EqualTo($"{instance.Id}.prepare@formflow"), "the same event");
            Assert.That(ics["SEQUENCE"], Is.EqualTo("1"), "one more than the invitation");
            Assert.That(ics["DTSTART"], Is.EqualTo(Utc(moved)));
            Assert.That(ics["LOCATION"], Is.EqualTo("5 号会议室"));
        });

        var after = (await State(instance.Id)).Forms["prep"]!.AsObject();
        before["meeting_at"] = moved.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        before["meeting_place"] = "5 号会议室";
        Assert.That(JsonNode.DeepEquals(after, before), Is.True, "nothing else of the preparation changed");
        var reminder = (await State(instance.Id)).DatePlans!["prepare"].Values.Single();
        Assert.That(reminder.Date, Is.EqualTo(before["meeting_at"]!.GetValue<string>()), "reminded of the new time");
        Assert.That(reminder.At, Is.EqualTo(moved.AddDays(-1).ToUnixTimeMilliseconds()), "a day before the new time");
        Assert.That(await Journal(instance.Id), Is.EqualTo(new[] { "meeting.invited", "meeting.rescheduled", "meeting.updated" }));
    }

    [Test]
    public async Task Cancelling_the_interview_sends_a_cancellation_to_both_and_leaves_nothing_to_move()
    {
        var at = CycleStart.AddDays(5);
        var instance = await BookAnnualReview(at);

        var change = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, null, null);

        Assert.That(change.Status, Is.EqualTo(MeetingChangeStatus.Done));
        Assert.That(change.Meeting!.Cancelled, Is.True);
        Assert.That(change.Meeting.CanChange, Is.False, "a cancelled meeting no longer lies ahead");
        var cancelled = (await Invitations()).Where(m => Event(m) == NoticeEvent.MeetingCancelled).ToList();
        Assert.That(cancelled.Select(m => m.Recipient), Is.EquivalentTo(new[] { Employee, Manager }));
        var ics = Calendar.Parse((await Render(cancelled[0])).Calendar!.Text);
        Assert.Multiple(() =>
        {
            Assert.That(ics["METHOD"], Is.EqualTo("CANCEL"));
            Assert.That(ics["UID"], Is.EqualTo($"{instance.Id}.prepare@formflow"));
            Assert.That(ics["SEQUENCE"], Is.EqualTo("1"));
            Assert.That(ics["DTSTART"], Is.EqualTo(Utc(at)));
        });
        Assert.That((await State(instance.Id)).DatePlans!["prepare"], Is.Empty, "no reminder of a cancelled interview");

        var again = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, at.AddDays(1), null);
        Assert.That(again.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/at", "meeting.not-ahead") }));
    }

    [Test]
    public async Task The_employee_may_not_move_the_interview_and_does_not_read_it_in_the_managers_preparation()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(5));

        var employee = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Employee, CycleStart.AddDays(6), null);

        Assert.That(employee.Status, Is.EqualTo(MeetingChangeStatus.Forbidden));
        Assert.That(employee.Problems.Single().Message.En, Does.Contain("Only the person who booked"));
        Assert.That(await Runtime.MeetingsAsync(instance.Id, Employee), Is.Empty, "the preparation is the manager's: she has the invitation, not his notes");
        Assert.That(await Runtime.MeetingsAsync(instance.Id, "P3"), Is.Null, "a colleague in another team does not see the instance");
        Assert.That((await Invitations()).Select(Event), Is.All.EqualTo(NoticeEvent.MeetingInvitation), "nothing moved");
    }

    [Test]
    public async Task The_reviewer_who_reads_the_preparation_may_not_move_the_meeting_the_author_booked()
    {
        await Publish(MeetingProcesses.Booking);
        var instance = await Runtime.StartAsync("interview-booking", "P3", "P6");
        var preparation = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        preparation["meeting_at"] = CycleStart.AddDays(5).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", preparation));
        Succeeded(await Runtime.ApproveAsync((await TaskOf("P1", "prepare")).Id, "P1"));

        var reviewer = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", "P1", CycleStart.AddDays(6), null);

        Assert.That(reviewer.Status, Is.EqualTo(MeetingChangeStatus.Forbidden));
        Assert.That(reviewer.Problems.Single().Message.ZhCn, Does.Contain("只有预约"));
        Assert.That((await Runtime.MeetingsAsync(instance.Id, "P1"))!.Select(m => (m.Step, m.At, m.Organizer, m.CanChange)),
            Is.EqualTo(new[] { ("prepare", (DateTimeOffset?)CycleStart.AddDays(5), (string?)"P2", false) }));
        Assert.That((await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", "P2", CycleStart.AddDays(6), null)).Status, Is.EqualTo(MeetingChangeStatus.Done), "the author booked it");
    }

    [Test]
    public async Task A_new_time_in_the_past_is_refused_naming_the_field_and_nothing_is_sent()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(5));

        var change = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, CycleStart.AddHours(-1), null);

        Assert.That(change.Status, Is.EqualTo(MeetingChangeStatus.Invalid));
        Assert.That(change.Problems.Single().Pointer, Is.EqualTo("/at"));
        Assert.That(change.Problems.Single().Message.ZhCn, Does.Contain("meeting_at").And.Contain("将来"));
        Assert.That(change.Problems.Single().Message.En, Does.Contain("meeting_at").And.Contain("future"));
        Assert.That((await Invitations()).Select(Event), Is.All.EqualTo(NoticeEvent.MeetingInvitation));
    }

    [Test]
    public async Task A_meeting_already_held_cannot_be_moved()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(2));
        Clock.Advance(TimeSpan.FromDays(3));

        var change = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, CycleStart.AddDays(6), null);

        Assert.That(change.Status, Is.EqualTo(MeetingChangeStatus.NotApplicable));
        Assert.That(change.Problems.Single().Message.En, Does.Contain("meeting_at").And.Contain("has passed"));
        Assert.That((await Runtime.MeetingsAsync(instance.Id, Manager))!.Single().CanChange, Is.False);
    }

    [Test]
    public async Task The_meetings_are_read_while_a_command_is_writing()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(5));
        // On SQLite a read that took the writer's turn would wait for any command writing at that moment.
        await using var writing = await UnitOfWork.BeginAsync(Db);

        var meetings = await Runtime.MeetingsAsync(instance.Id, Manager).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(meetings!.Single().Step, Is.EqualTo("prepare"));
    }

    [Test]
    public async Task A_meeting_of_an_ended_review_cannot_be_moved()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(5));
        Assert.That(await Runtime.CancelAsync(instance.Id, "P6"), Is.True);

        var change = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, CycleStart.AddDays(6), null);

        Assert.That(change.Status, Is.EqualTo(MeetingChangeStatus.NotApplicable));
        Assert.That(change.Problems.Single().Code, Is.EqualTo("meeting.instance-ended"));
    }

    [Test]
    public async Task A_caller_holding_an_older_version_of_the_instance_changes_nothing()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(5));
        var version = (await Instance(instance.Id)).Version;
        Assert.That((await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, CycleStart.AddDays(6), null, version)).Status, Is.EqualTo(MeetingChangeStatus.Done));

        var late = await Runtime.RescheduleMeetingAsync(instance.Id, "prepare", Manager, CycleStart.AddDays(7), null, version);

        Assert.That(late.Status, Is.EqualTo(MeetingChangeStatus.Stale));
        Assert.That((await Runtime.MeetingsAsync(instance.Id, Manager))!.Single().At, Is.EqualTo(CycleStart.AddDays(6)));
    }

    private async Task<InstanceRow> BookAnnualReview(DateTimeOffset at)
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        var preparation = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        preparation["checklist"]!["meeting_booked"] = true;
        preparation["meeting_at"] = at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        preparation["meeting_place"] = "3 号会议室";
        preparation["agenda"] = "回顾全年目标";
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, preparation));
        return instance;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Event(OutboxMessage message) => (string)JsonNode.Parse(message.Payload)!["event"]!;

    private async Task<IReadOnlyList<OutboxMessage>> Invitations()
    {
        var ids = await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>("SELECT id FROM outbox ORDER BY created_at, id", transaction: w.Transaction)).ToList());
        var rows = new List<OutboxMessage>();
        foreach (var id in ids)
        {
            var row = (await InTransaction(Db, w => OutboxStore.FindAsync(w, id)))!;
            if (Event(row).StartsWith("interview.", StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private Task<RenderedNotice> Render(OutboxMessage message) =>
        InTransaction(Db, w => NotificationRenderer.RenderAsync(w, message, message.Recipient, "https://formflow.example"));

    private async Task<IReadOnlyList<string>> Journal(string instanceId) =>
        [.. (await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instanceId))).Select(e => e.Action).Where(a => a.StartsWith("meeting.", StringComparison.Ordinal))];
}
