using FormFlow.Notifications;
using FormFlow.Tests.Workflows;

namespace FormFlow.Tests.Notifications;

/// <summary>The iCalendar text of an invitation (RFC 5545): folding, escaping, line ends.</summary>
public class MeetingCalendarTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public void Long_chinese_texts_are_folded_at_75_octets_without_splitting_a_character_and_read_back_whole()
    {
        var agenda = string.Concat(Enumerable.Repeat("回顾全年目标，讨论改进计划；确认支持资源\\下一步 🎯\n", 12));
        var text = MeetingCalendar.Write(Event(agenda, "3 号会议室, 二楼; 东侧")).Text;

        var ics = Calendar.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(ics["DESCRIPTION"], Is.EqualTo(agenda), "every comma, semicolon, backslash and new line survives");
            Assert.That(ics["LOCATION"], Is.EqualTo("3 号会议室, 二楼; 东侧"));
            Assert.That(text.Split("\r\n").Count(l => l.StartsWith(' ')), Is.GreaterThan(10), "the description is folded");
            Assert.That(text.Replace("\r\n", string.Empty, StringComparison.Ordinal), Does.Not.Contain('\n').And.Not.Contain('\r'), "no bare line end");
        });
    }

    [Test]
    public void A_cancellation_says_so_and_asks_no_answer()
    {
        var ics = Calendar.Parse(MeetingCalendar.Write(Event("议程", null) with { Method = "CANCEL", Sequence = 2 }).Text);

        Assert.Multiple(() =>
        {
            Assert.That(ics["METHOD"], Is.EqualTo("CANCEL"));
            Assert.That(ics["STATUS"], Is.EqualTo("CANCELLED"));
            Assert.That(ics["SEQUENCE"], Is.EqualTo("2"));
            Assert.That(ics.All("ATTENDEE").Select(a => a.Parameters["RSVP"]), Is.All.EqualTo("FALSE"));
            Assert.That(ics.Event.Select(p => p.Name), Does.Not.Contain("LOCATION"), "no place, no LOCATION");
        });
    }

    [Test]
    public void An_invitation_reminds_both_the_day_before_from_their_own_calendar_and_a_cancellation_does_not()
    {
        var invitation = Calendar.Parse(MeetingCalendar.Write(Event("议程", null)).Text);
        var cancellation = Calendar.Parse(MeetingCalendar.Write(Event("议程", null) with { Method = "CANCEL", Sequence = 2 }).Text);

        Assert.That(invitation.Alarm.Select(p => (p.Name, p.Value)), Is.EqualTo(new[] { ("ACTION", "DISPLAY"), ("DESCRIPTION", invitation["SUMMARY"]), ("TRIGGER", "-P1D") }));
        Assert.That(cancellation.Alarm, Is.Empty);
    }

    [Test]
    public void A_name_with_quotes_or_separators_stays_one_parameter()
    {
        var ics = Calendar.Parse(MeetingCalendar.Write(Event("议程", null) with { Organizer = ("Wang, \"the CEO\"; P1", "p1@example.com") }).Text);

        var organizer = ics.All("ORGANIZER").Single();
        Assert.That(organizer.Parameters["CN"], Is.EqualTo("Wang, the CEO; P1"));
        Assert.That(organizer.Value, Is.EqualTo("mailto:p1@example.com"));
    }

    private static CalendarEvent Event(string description, string? location) => new(
        "REQUEST", "i1.prepare@formflow", 0, Start.AddDays(-7), Start, Start.AddHours(1), "面谈：刘洋", description, location,
        ("张伟", "p4@example.com"), [("刘洋", "p5@example.com"), ("张伟", "p4@example.com")]);
}
