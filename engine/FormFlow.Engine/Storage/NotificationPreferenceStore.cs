using Dapper;

namespace FormFlow.Storage;

/// <summary>How a person wants their mails: one per notice (no row), or one daily digest at a minute of the day (UTC).</summary>
internal sealed record NotificationPreference
{
    public required string PersonId { get; init; }

    public required string Digest { get; init; }

    public int DigestMinute { get; init; }

    public long? LastDigestAt { get; init; }

    public long UpdatedAt { get; init; }

    /// <summary>The language the person chose (zh-CN or en); null when they never did.</summary>
    public string? Locale { get; init; }

    public bool WantsDailyDigest => Digest == DigestKind.Daily;

    /// <summary>The latest digest time at or before <paramref name="now"/>: today's when it has passed, else yesterday's.</summary>
    public long LatestDigestTime(long now)
    {
        var day = DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.Date;
        var today = new DateTimeOffset(day, TimeSpan.Zero).AddMinutes(DigestMinute).ToUnixTimeMilliseconds();
        return today <= now ? today : today - (long)TimeSpan.FromDays(1).TotalMilliseconds;
    }

    /// <summary>Due once a day: when a digest time has passed since the last digest (or since the preference was set).</summary>
    public bool DigestDue(long now) => WantsDailyDigest && (LastDigestAt ?? UpdatedAt) < LatestDigestTime(now);
}

internal static class DigestKind
{
    public const string None = "none";
    public const string Daily = "daily";
}

internal static class NotificationPreferenceStore
{
    private const string Returned = "person_id AS PersonId, digest AS Digest, digest_minute AS DigestMinute, last_digest_at AS LastDigestAt, updated_at AS UpdatedAt, locale AS Locale";

    public static async Task SetAsync(UnitOfWork work, string personId, string digest, int digestMinute, long now)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (digest is not (DigestKind.None or DigestKind.Daily))
        {
            throw new ArgumentOutOfRangeException(nameof(digest), digest, "none or daily");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(digestMinute);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(digestMinute, 24 * 60);
        var updated = await work.Connection.ExecuteAsync(
            "UPDATE notification_preferences SET digest = @Digest, digest_minute = @Minute, updated_at = @Now WHERE person_id = @Person",
            new { Person = personId, Digest = digest, Minute = digestMinute, Now = now },
            work.Transaction);
        if (updated == 0)
        {
            await work.Connection.ExecuteAsync(
                "INSERT INTO notification_preferences (person_id, digest, digest_minute, last_digest_at, updated_at) VALUES (@Person, @Digest, @Minute, NULL, @Now)",
                new { Person = personId, Digest = digest, Minute = digestMinute, Now = now },
                work.Transaction);
        }
    }

    /// <summary>
    /// Keeps the language the person chose. The digest is left as it was — also its <c>updated_at</c>, from which a
    /// first digest is counted; a person without a row gets one mail per notice, as before.
    /// </summary>
    public static async Task SetLocaleAsync(UnitOfWork work, string personId, string locale, long now)
    {
        ArgumentNullException.ThrowIfNull(work);
        var updated = await work.Connection.ExecuteAsync(
            "UPDATE notification_preferences SET locale = @Locale WHERE person_id = @Person",
            new { Person = personId, Locale = locale },
            work.Transaction);
        if (updated == 0)
        {
            await work.Connection.ExecuteAsync(
                "INSERT INTO notification_preferences (person_id, digest, digest_minute, last_digest_at, updated_at, locale) VALUES (@Person, @Digest, 0, NULL, @Now, @Locale)",
                new { Person = personId, Digest = DigestKind.None, Locale = locale, Now = now },
                work.Transaction);
        }
    }

    public static Task<NotificationPreference?> FindAsync(UnitOfWork work, string personId) => work.Connection.QuerySingleOrDefaultAsync<NotificationPreference>(
        $"SELECT {Returned} FROM notification_preferences WHERE person_id = @Person",
        new { Person = personId },
        work.Transaction);

    /// <summary>
    /// Takes today's digest of a person for this node: true when the last digest time was still <paramref name="seen"/>,
    /// so two nodes cannot both send it.
    /// </summary>
    public static async Task<bool> TakeDigestAsync(UnitOfWork work, string personId, long? seen, long now) => await work.Connection.ExecuteAsync(
        seen is null
            ? "UPDATE notification_preferences SET last_digest_at = @Now WHERE person_id = @Person AND last_digest_at IS NULL"
            : "UPDATE notification_preferences SET last_digest_at = @Now WHERE person_id = @Person AND last_digest_at = @Seen",
        new { Person = personId, Seen = seen, Now = now },
        work.Transaction) == 1;

    /// <summary>Gives a digest back after it could not be sent, so the next sweep tries again.</summary>
    public static Task ReleaseDigestAsync(UnitOfWork work, string personId, long? seen, long taken) => work.Connection.ExecuteAsync(
        "UPDATE notification_preferences SET last_digest_at = @Seen WHERE person_id = @Person AND last_digest_at = @Taken",
        new { Person = personId, Seen = seen, Taken = taken },
        work.Transaction);
}
