using System.Globalization;
using FormFlow.Api.Problems;
using FormFlow.Delivery;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Identity;

/// <summary>
/// How the signed-in person wants their mail: <c>digest</c> <c>none</c> (one mail per notice) or <c>daily</c> (one
/// digest a day), and the digest's time of day in UTC as <c>HH:mm</c> (<c>digestTimeUtc</c>; optional with <c>none</c>,
/// when the time stored before is kept); and the language they chose (<c>language</c>: <c>zh-CN</c> or <c>en</c>). A
/// member left out keeps what is stored: the pages' language switch sends <c>language</c> alone.
/// </summary>
internal sealed record PreferencesRequest(string? Digest = null, string? DigestTimeUtc = null, string? Language = null);

/// <summary>
/// The signed-in person's preferences; <c>updatedAt</c> null when they never chose anything (one mail per notice);
/// <c>language</c> the one they chose, null when they never did (then <c>locale</c> of <c>GET /api/me</c> is the
/// organisation's); <c>locale</c> the one the pages, notifications and digests speak to them.
/// </summary>
internal sealed record PreferencesResponse(string Digest, string DigestTimeUtc, DateTimeOffset? UpdatedAt, string? Language, string Locale)
{
    public static PreferencesResponse From(MailPreference preference, string locale) => new(
        preference.Digest,
        string.Create(CultureInfo.InvariantCulture, $"{preference.DigestMinute / 60:00}:{preference.DigestMinute % 60:00}"),
        preference.UpdatedAt,
        preference.Language,
        locale);
}

/// <summary><c>GET/PUT /api/me/preferences</c>: the signed-in person's own notification preferences and language, nobody else's.</summary>
internal static class PreferencesApi
{
    public static IEndpointRouteBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/preferences", GetAsync)
            .RequireAuthorization()
            .WithName("GetMyPreferences")
            .WithTags("Identity")
            .WithSummary("My preferences: one mail per notice or a daily digest, and the language I chose / 我的偏好")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPut("/api/me/preferences", SetAsync)
            .RequireAuthorization()
            .WithName("SetMyPreferences")
            .WithTags("Identity")
            .WithSummary("Set my preferences: digest none or daily, digestTimeUtc HH:mm, language zh-CN or en; a member left out is kept / 设置我的偏好")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    internal static async Task<Ok<PreferencesResponse>> GetAsync(CurrentPerson current, Database database, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AnswerAsync(database, current.Id, await MailPreferences.OfAsync(database, current.Id, cancellationToken), cancellationToken));

    // The locale as every reading of the person now has it: the chosen language over the organisation's.
    private static async Task<PreferencesResponse> AnswerAsync(Database database, string personId, MailPreference preference, CancellationToken cancellationToken) =>
        PreferencesResponse.From(preference, (await OrganisationDirectory.FindPersonAsync(database, personId, cancellationToken))?.Locale ?? preference.Language ?? "zh-CN");

    internal static async Task<Results<Ok<PreferencesResponse>, ProblemHttpResult>> SetAsync(
        PreferencesRequest request,
        HttpContext context,
        CurrentPerson current,
        Database database,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (request.Digest is null && request.DigestTimeUtc is not null)
        {
            errors.Add(new FieldError("/digest", "preferences.digest-required", new LocalizedText(
                "给出汇总时间 digestTimeUtc 时须同时给出 digest。", "digestTimeUtc goes with digest: give both.")));
        }
        else if (request.Digest is null && request.Language is null)
        {
            errors.Add(new FieldError("/digest", "preferences.nothing", new LocalizedText(
                "请给出 digest 或 language（或两者）。", "Give digest or language (or both).")));
        }
        else if (request.Digest is not (null or MailPreferences.EachNotice or MailPreferences.Daily))
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

        if (request.Language is { } language && !MailPreferences.Languages.Contains(language, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("/language", "preferences.language", new LocalizedText(
                "language 须为 zh-CN 或 en。", "language must be zh-CN or en.")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var preference = await MailPreferences.OfAsync(database, current.Id, cancellationToken);
        if (request.Digest is { } digest)
        {
            preference = await MailPreferences.SetAsync(database, clock, current.Id, digest, minute ?? preference.DigestMinute, cancellationToken);
        }

        if (request.Language is not null)
        {
            preference = await MailPreferences.SetLanguageAsync(database, clock, current.Id, request.Language, cancellationToken);
        }

        return TypedResults.Ok(await AnswerAsync(database, current.Id, preference, cancellationToken));
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
