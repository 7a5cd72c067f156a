using FormFlow.Storage;

namespace FormFlow.Delivery;

/// <summary>
/// How a person wants their mail: one mail per notice (<c>none</c>, also when they never chose), or one daily digest
/// (<c>daily</c>) at <see cref="DigestMinute"/> minutes after midnight, UTC.
/// </summary>
public sealed record MailPreference(string Digest, int DigestMinute, DateTimeOffset? UpdatedAt);

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
            : new MailPreference(stored.Digest, stored.DigestMinute, DateTimeOffset.FromUnixTimeMilliseconds(stored.UpdatedAt));
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

        return new MailPreference(digest, digestMinute, DateTimeOffset.FromUnixTimeMilliseconds(now));
    }
}
