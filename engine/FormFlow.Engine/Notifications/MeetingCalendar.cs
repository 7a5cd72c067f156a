using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Notifications;

/// <summary>
/// A meeting as one invitee's notice shows it (<c>meeting.*</c> of the template's model): times in the recipient's
/// language and China Standard Time, where, the agenda, who organises it, and — for those who may read it, never the
/// employee — the link to the pre-interview report. <see cref="Calendar"/> is the iCalendar event the mail carries.
/// </summary>
internal sealed record MeetingNotice(
    string At,
    string Ends,
    string? Previous,
    string? Place,
    string? Agenda,
    string Organizer,
    string? ReportLink,
    MeetingCalendar Calendar)
{
    /// <summary>The meeting of an outbox payload (<c>meeting</c>, written by <see cref="Workflows.MeetingInvitations"/>) for one invitee.</summary>
    public static async Task<MeetingNotice?> BuildAsync(UnitOfWork work, JsonObject payload, string recipientId, string locale, string? subjectName, string baseUrl, long queuedAt)
    {
        if (payload["meeting"] is not JsonObject meeting)
        {
            return null;
        }

        var subjectId = (string?)payload["subjectId"];
        var start = DateTimeOffset.Parse((string)meeting["start"]!, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse((string)meeting["end"]!, CultureInfo.InvariantCulture);
        var previous = (string?)meeting["previous"] is { } was ? DateTimeOffset.Parse(was, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var organizerId = (string)meeting["organizer"]!;
        var organizer = await OrganisationStore.FindPersonAsync(work, organizerId);
        var attendees = new List<(string Name, string Email)>();
        foreach (var id in (meeting["attendees"] as JsonArray ?? []).Select(a => (string?)a).OfType<string>())
        {
            if (await OrganisationStore.FindPersonAsync(work, id) is { } person)
            {
                attendees.Add((person.Name.For(locale), person.Email));
            }
        }

        // The same rule as the report itself (the host's ReportAccess): never the employee, only those overseeing them.
        var readsReport = subjectId is not null && subjectId != recipientId
            && (await Oversight.RelationAsync(work, recipientId, subjectId)
                & (SubjectRelation.Manager | SubjectRelation.DepartmentHead | SubjectRelation.Hrbp | SubjectRelation.Admin)) != 0;
        var link = readsReport ? $"{baseUrl.TrimEnd('/')}/team/people/{Uri.EscapeDataString(subjectId!)}/pre-interview" : null;
        var place = (string?)meeting["place"];
        var agenda = (string?)meeting["agenda"];
        var english = NotificationTemplate.LanguageOf(locale) == "en";
        var summary = english
            ? subjectName is null ? "Interview" : $"Interview: {subjectName}"
            : subjectName is null ? "面谈" : $"面谈：{subjectName}";
        var description = new StringBuilder();
        if (agenda is not null)
        {
            description.Append(english ? "Agenda:\n" : "议程：\n").Append(agenda);
        }

        if (link is not null)
        {
            description.Append(description.Length > 0 ? "\n\n" : string.Empty).Append(english ? "Pre-interview report: " : "面谈前分析报告：").Append(link);
        }

        var method = (string)meeting["method"]!;
        var calendar = MeetingCalendar.Write(new CalendarEvent(
            method,
            (string)meeting["uid"]!,
            (int)meeting["sequence"]!,
            DateTimeOffset.FromUnixTimeMilliseconds(queuedAt),
            start,
            end,
            summary,
            description.Length == 0 ? null : description.ToString(),
            place,
            organizer is null ? null : (organizer.Name.For(locale), organizer.Email),
            attendees));
        return new MeetingNotice(
            NotificationModel.FormatTime(start, locale),
            EndOf(start, end, locale),
            previous is { } p ? NotificationModel.FormatTime(p, locale) : null,
            place,
            agenda,
            organizer?.Name.For(locale) ?? organizerId,
            link,
            calendar);
    }

    /// <summary>When it ends, as the recipient reads it: the time alone when it ends the day it starts (China Standard Time).</summary>
    public static string EndOf(DateTimeOffset start, DateTimeOffset end, string locale)
    {
        var full = NotificationModel.FormatTime(end, locale);
        return NotificationModel.FormatTime(start, locale)[..^5] == full[..^5] ? full[^5..] : full;
    }
}

/// <summary>One VEVENT as FormFlow sends it.</summary>
internal sealed record CalendarEvent(
    string Method,
    string Uid,
    int Sequence,
    DateTimeOffset Stamp,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Summary,
    string? Description,
    string? Location,
    (string Name, string Email)? Organizer,
    IReadOnlyList<(string Name, string Email)> Attendees);

/// <summary>
/// An iCalendar object (RFC 5545) with one event, as a mail's <c>text/calendar; method=…</c> part carries it (RFC 6047):
/// CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character, texts escaped (<c>\ ; ,</c> and new
/// lines), times in UTC.
/// </summary>
internal sealed record MeetingCalendar(string Method, string Text)
{
    public const string FileName = "interview.ics";

    public static MeetingCalendar Write(CalendarEvent e)
    {
        var cancel = e.Method == Workflows.MeetingInvitations.Cancel;
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "PRODID:-//FormFlow//Interview invitations//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:" + e.Method,
            "BEGIN:VEVENT",
            "UID:" + Escape(e.Uid),
            "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture),
            "DTSTAMP:" + Utc(e.Stamp),
            "DTSTART:" + Utc(e.Start),
            "DTEND:" + Utc(e.End),
            "SUMMARY:" + Escape(e.Summary),
        };
        if (e.Description is not null)
        {
            lines.Add("DESCRIPTION:" + Escape(e.Description));
        }

        if (e.Location is not null)
        {
            lines.Add("LOCATION:" + Escape(e.Location));
        }

        if (e.Organizer is { } organizer)
        {
            lines.Add($"ORGANIZER;CN={Parameter(organizer.Name)}:mailto:{organizer.Email}");
        }

        foreach (var (name, email) in e.Attendees)
        {
            lines.Add($"ATTENDEE;CN={Parameter(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP={(cancel ? "FALSE" : "TRUE")}:mailto:{email}");
        }

        lines.Add("STATUS:" + (cancel ? "CANCELLED" : "CONFIRMED"));
        if (!cancel)
        {
            // The reminder the day before, from each person's own calendar: it reaches both, whoever may read the form.
            lines.AddRange(["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + Escape(e.Summary), "TRIGGER:-P1D", "END:VALARM"]);
        }

        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(text, line);
        }

        return new MeetingCalendar(e.Method, text.ToString());
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value: backslash, semicolon and comma escaped, every line end written <c>\n</c>.</summary>
    internal static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\n", StringComparison.Ordinal)
        .Replace("\r", "\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    // A parameter value (a name) is quoted; a double quote cannot be written inside one, and control characters end it.
    private static string Parameter(string value) =>
        "\"" + new string([.. value.Where(c => c != '"' && !char.IsControl(c))]) + "\"";

    /// <summary>Appends one content line, folded so that no line is longer than 75 octets, with CRLF.</summary>
    internal static void Fold(StringBuilder output, string line)
    {
        const int limit = 75;
        var octets = 0;
        var index = 0;
        while (index < line.Length)
        {
            var width = char.IsHighSurrogate(line[index]) && index + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(index, width));
            if (octets + size > limit)
            {
                // The continuation line starts with a space, which counts against its 75 octets.
                output.Append("\r\n ");
                octets = 1;
            }

            output.Append(line, index, width);
            octets += size;
            index += width;
        }

        output.Append("\r\n");
    }
}
