namespace FormFlow.Notifications;

/// <summary>One notification ready to leave: who gets it, where it goes, and its text in the recipient's language.</summary>
internal sealed record RenderedNotice(string RecipientId, string Email, string Subject, string Body, string Locale);
