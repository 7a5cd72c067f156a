namespace FormFlow.Notifications;

/// <summary>One notification rendered for one person, in their language, ready to be delivered.</summary>
internal sealed record RenderedNotice(string RecipientId, string Email, string Subject, string Body, string Locale);
