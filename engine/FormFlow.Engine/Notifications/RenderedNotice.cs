namespace FormFlow.Notifications;

/// <summary>
/// One notification ready to leave: who gets it, where it goes, and its text in the recipient's language; a meeting's
/// notice also carries its iCalendar event, which mail attaches (webhooks carry no attachment).
/// </summary>
internal sealed record RenderedNotice(string RecipientId, string Email, string Subject, string Body, string Locale, MeetingCalendar? Calendar = null);
