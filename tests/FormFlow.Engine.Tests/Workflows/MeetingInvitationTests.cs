using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A step's meeting time becomes an invitation with an iCalendar event (docs/processes.md, "meeting"): the shipped
/// annual review books the interview when 张伟 (P4) submits the preparation for 刘洋 (P5); a small process where the
/// preparation is reviewed by the skip-level moves it from one round to the next, for 韩梅梅 (P3, reads English)
/// and her manager 李雷 (P2, reads Chinese).
/// </summary>
public class MeetingInvitationTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string BaseUrl = "https://formflow.example";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
        await Publish(MeetingProcesses.Booking);
    }

    [Test]
    public async Task Submitting_the_preparation_invites_the_employee_and_the_manager_with_a_calendar_event_each()
    {
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        var prepare = await TaskOf(Manager, "prepare");
        var at = CycleStart.AddDays(5);

        Succeeded(await Runtime.SaveDraftAsync(prepare.Id, Manager, Preparation(at)));
        Assert.That(await Invitations(), Is.Empty, "a draft books nothing");

        Succeeded(await Runtime.SubmitAsync(prepare.Id, Manager, Preparation(at, "3 号会议室; 二楼, 东侧", "1. 回顾全年目标\n2. 讨论改进计划")));

        var sent = await Invitations();
        Assert.That(sent.Select(m => (Event(m), m.Recipient)), Is.EquivalentTo(new[] { (NoticeEvent.MeetingInvitation, Employee), (NoticeEvent.MeetingInvitation, Manager) }));
        var employee = await Render(sent.Single(m => m.Recipient == Employee));
        var manager = await Render(sent.Single(m => m.Recipient == Manager));
        var ics = Calendar.Parse(employee.Calendar!.Text);
        Assert.Multiple(() =>
        {
            Assert.That(employee.Calendar.Method, Is.EqualTo("REQUEST"));
            Assert.That(ics["VERSION"], Is.EqualTo("2.0"));
            Assert.That(ics["PRODID"], Is.Not.Empty);
            Assert.That(ics["METHOD"], Is.EqualTo("REQUEST"));
            Assert.That(ics["UID"], Is.EqualTo($"{instance.Id}.prepare@formflow"));
            Assert.That(ics["SEQUENCE"], Is.EqualTo("0"));
            Assert.That(ics["DTSTAMP"], Is.EqualTo(Utc(Clock.GetUtcNow())), "the moment it was booked, from the clock");
            Assert.That(ics["DTSTART"], Is.EqualTo(Utc(at)));
            Assert.That(ics["DTEND"], Is.EqualTo(Utc(at.AddHours(1))), "an hour, as the annual review says");
            Assert.That(ics["SUMMARY"], Is.EqualTo("面谈：刘洋"));
            Assert.That(ics["LOCATION"], Is.EqualTo("3 号会议室; 二楼, 东侧"), "escaped and read back");
            Assert.That(ics["DESCRIPTION"], Does.Contain("1. 回顾全年目标\n2. 讨论改进计划"));
            Assert.That(ics["DESCRIPTION"], Does.Not.Contain("pre-interview"), "the employee gets no link to the report about them");
            Assert.That(ics["STATUS"], Is.EqualTo("CONFIRMED"));
            Assert.That(ics.All("ORGANIZER").Single().Value, Is.EqualTo("mailto:p4@example.com"));
            Assert.That(ics.All("ORGANIZER").Single().Parameters["CN"], Is.EqualTo("张伟"));
            Assert.That(ics.All("ATTENDEE").Select(a => a.Value), Is.EquivalentTo(new[] { "mailto:p5@example.com", "mailto:p4@example.com" }));
            Assert.That(employee.Body, Does.Contain("张伟预约了").And.Contain("3 号会议室").And.Not.Contain("pre-interview"));
            Assert.That(Calendar.Parse(manager.Calendar!.Text)["DESCRIPTION"], Does.Contain($"{BaseUrl}/team/people/{Employee}/pre-interview"), "the manager may read the report");
            Assert.That(manager.Body, Does.Contain($"{BaseUrl}/team/people/{Employee}/pre-interview"));
        });
        Assert.That(await Journal(instance.Id), Is.EqualTo(new[] { "meeting.invited" }));
        Assert.That((await State(instance.Id)).Meetings!["prepare"].Sequence, Is.Zero);
    }

    [Test]
    public async Task Cancelling_the_review_before_the_meeting_cancels_it_with_the_same_uid_and_a_higher_sequence()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(5));

        Assert.That(await Runtime.CancelAsync(instance.Id, "P6"), Is.True);

        var cancelled = (await Invitations()).Where(m => Event(m) == NoticeEvent.MeetingCancelled).ToList();
        Assert.That(cancelled.Select(m => m.Recipient), Is.EquivalentTo(new[] { Employee, Manager }));
        var ics = Calendar.Parse((await Render(cancelled[0])).Calendar!.Text);
        Assert.Multiple(() =>
        {
            Assert.That(ics["METHOD"], Is.EqualTo("CANCEL"));
            Assert.That(ics["STATUS"], Is.EqualTo("CANCELLED"));
            Assert.That(ics["UID"], Is.EqualTo($"{instance.Id}.prepare@formflow"));
            Assert.That(ics["SEQUENCE"], Is.EqualTo("1"));
            Assert.That(ics["DTSTART"], Is.EqualTo(Utc(CycleStart.AddDays(5))));
        });
        Assert.That(await Journal(instance.Id), Is.EqualTo(new[] { "meeting.invited", "meeting.cancelled" }));
    }

    [Test]
    public async Task A_meeting_already_past_sends_nothing_when_booked_nor_when_the_review_is_cancelled()
    {
        var instance = await BookAnnualReview(CycleStart.AddDays(-1));
        Assert.That(await Invitations(), Is.Empty, "a time already past is not an invitation");

        var booked = await BookAnnualReview(CycleStart.AddDays(2), subject: "P3", manager: "P2");
        Clock.Advance(TimeSpan.FromDays(3));
        Assert.That(await Runtime.CancelAsync(booked.Id, "P6"), Is.True);
        Assert.That(await Runtime.CancelAsync(instance.Id, "P6"), Is.True);

        Assert.That((await Invitations()).Select(Event), Is.All.EqualTo(NoticeEvent.MeetingInvitation), "the meeting took place: nothing to cancel");
    }

    [Test]
    public async Task A_revised_round_moves_the_meeting_an_unchanged_time_sends_nothing_and_a_cleared_time_cancels_it()
    {
        var instance = await Runtime.StartAsync("interview-booking", "P3", "P6");
        var first = CycleStart.AddDays(3).AddHours(2);
        var moved = CycleStart.AddDays(4);

        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Preparation(first, "Room 7", "Goals, then plans")));
        await ReturnToTheManager();
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Preparation(moved, "Room 7", "Goals, then plans")));
        await ReturnToTheManager();
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Preparation(moved, "Room 8", "Goals, then plans")));
        await ReturnToTheManager();
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Preparation(null)));

        var sent = await Invitations();
        Assert.That(sent.Select(m => (Event(m), m.Recipient)), Is.EqualTo(new[]
        {
            (NoticeEvent.MeetingInvitation, "P3"), (NoticeEvent.MeetingInvitation, "P2"),
            (NoticeEvent.MeetingUpdated, "P3"), (NoticeEvent.MeetingUpdated, "P2"),
            (NoticeEvent.MeetingCancelled, "P3"), (NoticeEvent.MeetingCancelled, "P2"),
        }), "the third round kept the time (only the place changed): nothing was sent for it");
        var calendars = new List<(string Recipient, Calendar Ics, RenderedNotice Notice)>();
        foreach (var message in sent)
        {
            var notice = await Render(message);
            calendars.Add((message.Recipient, Calendar.Parse(notice.Calendar!.Text), notice));
        }

        Assert.Multiple(() =>
        {
            Assert.That(calendars.Select(c => c.Ics["UID"]).Distinct(), Is.EqualTo(new[] { $"{instance.Id}.prepare@formflow" }), "one event throughout");
            Assert.That(calendars.Select(c => c.Ics["SEQUENCE"]), Is.EqualTo(new[] { "0", "0", "1", "1", "2", "2" }));
            Assert.That(calendars.Select(c => c.Ics["METHOD"]), Is.EqualTo(new[] { "REQUEST", "REQUEST", "REQUEST", "REQUEST", "CANCEL", "CANCEL" }));
            Assert.That(calendars[2].Ics["DTSTART"], Is.EqualTo(Utc(moved)));
            Assert.That(calendars[2].Ics["DTEND"], Is.EqualTo(Utc(moved.AddMinutes(45))));
            Assert.That(calendars[4].Ics["DTSTART"], Is.EqualTo(Utc(moved)), "the cancellation names the meeting it cancels");
            Assert.That(calendars[0].Ics["SUMMARY"], Is.EqualTo("Interview: Han Meimei"), "韩梅梅 reads English");
            Assert.That(calendars[1].Ics["SUMMARY"], Is.EqualTo("面谈：韩梅梅"), "李雷 reads Chinese");
            Assert.That(calendars[0].Ics["DESCRIPTION"], Does.StartWith("Agenda:\nGoals, then plans"));
            Assert.That(calendars[1].Ics["DESCRIPTION"], Does.StartWith("议程：\nGoals, then plans"));
            Assert.That(calendars[2].Notice.Body, Does.Contain("has moved from"), "the update says when it was");
            Assert.That(calendars[3].Notice.Subject, Does.StartWith("【面谈时间变更】"));
        });
        Assert.That(await Journal(instance.Id), Is.EqualTo(new[] { "meeting.invited", "meeting.updated", "meeting.cancelled" }));
    }

    [Test]
    public async Task The_process_ending_before_the_meeting_cancels_it_and_one_ending_after_it_does_not()
    {
        var early = await Runtime.StartAsync("interview-booking", "P3", "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Preparation(CycleStart.AddDays(40))));
        Succeeded(await Runtime.ApproveAsync((await TaskOf("P1", "prepare")).Id, "P1"));
        Assert.That(await Invitations(), Has.Count.EqualTo(2), "accepting the preparation keeps the time: nothing new");

        await Advance(TimeSpan.FromDays(31));

        Assert.That((await Instance(early.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That((await Invitations()).Count(m => Event(m) == NoticeEvent.MeetingCancelled), Is.EqualTo(2), "ended ten days before the meeting");

        var held = await Runtime.StartAsync("interview-booking", "P3", "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "prepare")).Id, "P2", Preparation(Clock.GetUtcNow().AddDays(10))));
        Succeeded(await Runtime.ApproveAsync((await TaskOf("P1", "prepare")).Id, "P1"));
        await Advance(TimeSpan.FromDays(31));

        Assert.That((await Instance(held.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(await Journal(held.Id), Is.EqualTo(new[] { "meeting.invited" }), "the meeting was held before the end");
    }

    private async Task<InstanceRow> BookAnnualReview(DateTimeOffset at, string subject = Employee, string manager = Manager)
    {
        var instance = await Runtime.StartAsync("annual-review", subject, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(subject, "self-review")).Id, subject, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(manager, "prepare")).Id, manager, Preparation(at)));
        return instance;
    }

    private async Task ReturnToTheManager() =>
        Succeeded(await Runtime.ReturnAsync((await TaskOf("P1", "prepare")).Id, "P1", "请再确认面谈安排", []));

    /// <summary>The manager's preparation of the template's example, with the meeting at <paramref name="at"/> (none: not booked).</summary>
    private static JsonObject Preparation(DateTimeOffset? at, string place = "3 号会议室", string agenda = "回顾全年目标")
    {
        var data = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        data["checklist"]!["meeting_booked"] = at is not null;
        data.Remove("meeting_at");
        if (at is { } time)
        {
            data["meeting_at"] = time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        data["meeting_place"] = place;
        data["agenda"] = agenda;
        return data;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Event(OutboxMessage message) => (string)JsonNode.Parse(message.Payload)!["event"]!;

    /// <summary>The meeting notices queued so far, oldest first.</summary>
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

        // Within one command the messages share a moment: the order they were queued in is the order of their keys' sequence.
        return [.. rows.OrderBy(r => r.CreatedAt).ThenBy(r => (int)JsonNode.Parse(r.Payload)!["meeting"]!["sequence"]!).ThenBy(r => r.Recipient == "P3" || r.Recipient == Employee ? 0 : 1)];
    }

    private Task<RenderedNotice> Render(OutboxMessage message) =>
        InTransaction(Db, w => NotificationRenderer.RenderAsync(w, message, message.Recipient, BaseUrl));

    private async Task<IReadOnlyList<string>> Journal(string instanceId) =>
        [.. (await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instanceId))).Select(e => e.Action).Where(a => a.StartsWith("meeting.", StringComparison.Ordinal))];
}
