using FormFlow.Storage;

namespace FormFlow.Delivery;

/// <summary>
/// How a person wants their mail: one mail per notice (<c>none</c>, also when they never chose), or one daily digest
/// (<c>daily</c>) at <see cref="DigestMinute"/> minutes after midnight, UTC; and the language they chose
/// (<see cref="Language"/>, <c>zh-CN</c> or <c>en</c>; null when they never chose and the organisation's locale is theirs).
/// </summary>
public sealed record MailPreference(string Digest, int DigestMinute, DateTimeOffset? UpdatedAt, string? Language = null);

/// <summary>A person's mail preference, read and set (stored in <c>notification_preferences</c>, read by the outbox's delivery).</summary>
public static class MailPreferences
{
    /// <summary>One mail per notice.</summary>
    public const string EachNotice = DigestKind.None;

    /// <summary>One digest a day.</summary>
    public const string Daily = DigestKind.Daily;

    /// <summary>The minutes of a day: a digest minute is below this.</summary>
    public const int MinutesPerDay = 24 * 60;

    /// <summary>The person's preference; one mail per notice at minute 0 when they never chose.</summary>
    public static async Task<MailPreference> OfAsync(Database database, string personId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var stored = await NotificationPreferenceStore.FindAsync(work, personId);
        return stored is null
            ? new MailPreference(EachNotice, 0, null)
            : new MailPreference(stored.Digest, stored.DigestMinute, DateTimeOffset.FromUnixTimeMilliseconds(stored.UpdatedAt), stored.Locale);
    }

    /// <summary>
    /// Sets the person's preference: <paramref name="digest"/> is <see cref="EachNotice"/> or <see cref="Daily"/>,
    /// <paramref name="digestMinute"/> from 0 to <see cref="MinutesPerDay"/> − 1 (UTC).
    /// </summary>
    public static async Task<MailPreference> SetAsync(Database database, TimeProvider clock, string personId, string digest, int digestMinute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var work = await UnitOfWork.BeginAsync(database, cancellationToken))
        {
            await NotificationPreferenceStore.SetAsync(work, personId, digest, digestMinute, now);
            await work.CommitAsync(cancellationToken);
        }

        return await OfAsync(database, personId, cancellationToken);
    }

    /// <summary>The languages a person may choose.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["zh-CN", "en"];

    /// <summary>
    /// Sets the language the person chose (one of <see cref="Languages"/>): from now on it is their locale wherever one
    /// is read — the pages, every notification and digest — over the organisation's (docs/storage.md), and an import
    /// does not undo it. The digest is left as it was.
    /// </summary>
    public static async Task<MailPreference> SetLanguageAsync(Database database, TimeProvider clock, string personId, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (!Languages.Contains(language, StringComparer.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "zh-CN or en");
        }

        await using (var work = await UnitOfWork.BeginAsync(database, cancellationToken))
        {
            await NotificationPreferenceStore.SetLocaleAsync(work, personId, language, clock.GetUtcNow().ToUnixTimeMilliseconds());
            await work.CommitAsync(cancellationToken);
        }

        return await OfAsync(database, personId, cancellationToken);
    }
}
