using System.Globalization;
using FormFlow.Api.Problems;
using FormFlow.Delivery;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Identity;

/// <summary>
/// How the signed-in person wants their mail: <c>digest</c> <c>none</c> (one mail per notice) or <c>daily</c> (one
/// digest a day), and the digest's time of day in UTC as <c>HH:mm</c> (<c>digestTimeUtc</c>; optional with <c>none</c>,
/// when the time stored before is kept).
/// </summary>
internal sealed record PreferencesRequest(string Digest, string? DigestTimeUtc = null);

/// <summary>The signed-in person's mail preference; <c>updatedAt</c> null when they never chose (one mail per notice).</summary>
internal sealed record PreferencesResponse(string Digest, string DigestTimeUtc, DateTimeOffset? UpdatedAt)
{
    public static PreferencesResponse From(MailPreference preference) => new(
        preference.Digest,
        string.Create(CultureInfo.InvariantCulture, $"{preference.DigestMinute / 60:00}:{preference.DigestMinute % 60:00}"),
        preference.UpdatedAt);
}

/// <summary><c>GET/PUT /api/me/preferences</c>: the signed-in person's own notification preferences, nobody else's.</summary>
internal static class PreferencesApi
{
    public static IEndpointRouteBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/preferences", GetAsync)
            .RequireAuthorization()
            .WithName("GetMyPreferences")
            .WithTags("Identity")
            .WithSummary("My notification preferences: one mail per notice or a daily digest / 我的通知偏好")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPut("/api/me/preferences", SetAsync)
            .RequireAuthorization()
            .WithName("SetMyPreferences")
            .WithTags("Identity")
            .WithSummary("Set my notification preferences (digest none or daily, digestTimeUtc HH:mm) / 设置我的通知偏好")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    internal static async Task<Ok<PreferencesResponse>> GetAsync(CurrentPerson current, Database database, CancellationToken cancellationToken) =>
        TypedResults.Ok(PreferencesResponse.From(await MailPreferences.OfAsync(database, current.Id, cancellationToken)));

    internal static async Task<Results<Ok<PreferencesResponse>, ProblemHttpResult>> SetAsync(
        PreferencesRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (request.Digest is not (MailPreferences.EachNotice or MailPreferences.Daily))
        {
            errors.Add(new FieldError("/digest", "preferences.digest", new LocalizedText(
                "digest 须为 none（每条通知一封邮件）或 daily（每日汇总）。", "digest must be none (one mail per notice) or daily (a daily digest).")));
        }

        int? minute = null;
        if (request.DigestTimeUtc is { } time)
        {
            minute = MinuteOf(time);
            if (minute is null)
            {
                errors.Add(new FieldError("/digestTimeUtc", "preferences.digest-time", new LocalizedText(
                    "digestTimeUtc 须为 00:00 到 23:59 之间的时刻（HH:mm，UTC）。", "digestTimeUtc must be a time from 00:00 to 23:59 (HH:mm, UTC).")));
            }
        }
        else if (request.Digest == MailPreferences.Daily)
        {
            errors.Add(new FieldError("/digestTimeUtc", "preferences.digest-time-required", new LocalizedText(
                "选择每日汇总时须给出汇总时间 digestTimeUtc（HH:mm，UTC）。", "A daily digest needs its time, digestTimeUtc (HH:mm, UTC).")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        minute ??= (await MailPreferences.OfAsync(database, current.Id, cancellationToken)).DigestMinute;
        return TypedResults.Ok(PreferencesResponse.From(await MailPreferences.SetAsync(database, clock, current.Id, request.Digest, minute.Value, cancellationToken)));
    }

    // HH:mm, two digits each, 00:00 to 23:59; null for anything else.
    private static int? MinuteOf(string time) =>
        time.Length == 5 && time[2] == ':'
        && int.TryParse(time.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
        && int.TryParse(time.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
        && hours < 24 && minutes < 60
            ? (hours * 60) + minutes
            : null;
}
