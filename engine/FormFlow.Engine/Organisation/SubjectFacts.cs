using System.Globalization;
using System.Text.RegularExpressions;
using Scriban.Runtime;

namespace FormFlow.Organisation;

/// <summary>
/// What a process's conditions know of the person an instance is about (<c>subject.level</c>,
/// <c>subject.departments</c>, ...): read once per command, so that a condition evaluates without a query. A subject
/// who has left the organisation is known by id only: their level and department are null, their lists empty, and a
/// condition over them does not hold.
/// </summary>
internal sealed partial record SubjectFacts(string Id, string? Level, string? DepartmentId, IReadOnlyList<string> Departments, IReadOnlyList<string> Roles, DateOnly? HiredOn = null)
{
    /// <summary>The members a condition may read after <c>subject.</c>, as the process designer's builder offers them.</summary>
    public static IReadOnlyList<string> Members { get; } = ["id", "level", "level_track", "level_rank", "department", "departments", "roles", "hired_on", "tenure_months"];

    /// <summary>
    /// The ladder of the level: its letters, upper-cased (<c>M</c> of <c>M2</c>, <c>P</c> of <c>p6</c>); null for a level
    /// that is not letters followed by a whole number. Levels are ordered only within one ladder: "M1 or above" is
    /// <c>subject.level_track == "M" &amp;&amp; subject.level_rank &gt;= 1</c>, which no P level satisfies.
    /// </summary>
    public string? LevelTrack => LevelParts()?.Track;

    /// <summary>The number of the level on its ladder (2 of <c>M2</c>); null when <see cref="LevelTrack"/> is.</summary>
    public int? LevelRank => LevelParts()?.Rank;

    private (string Track, int Rank)? LevelParts()
    {
        var match = Level is null ? null : LevelPattern().Match(Level.Trim());
        return match is { Success: true } && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var rank)
            ? (match.Groups[1].Value.ToUpperInvariant(), rank)
            : null;
    }

    [GeneratedRegex("^([A-Za-z]{1,8})([0-9]{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex LevelPattern();

    public static SubjectFacts IdOnly(string id) => new(id, null, null, [], []);

    public static SubjectFacts Of(Person person, IReadOnlyList<string> departments) => new(
        person.Id,
        string.IsNullOrWhiteSpace(person.Level) ? null : person.Level,
        person.DepartmentId,
        departments,
        [.. person.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        DateOnly.TryParseExact(person.HiredOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var hired) ? hired : null);

    /// <summary>
    /// Whole months from the day the person joined to <paramref name="today"/> (入职 2025-03-15: 11 on 2026-03-14, 12
    /// on 2026-03-15); 0 before the day, null when the organisation does not say when they joined.
    /// </summary>
    public int? TenureMonths(DateOnly today)
    {
        if (HiredOn is not { } hired)
        {
            return null;
        }

        var months = ((today.Year - hired.Year) * 12) + today.Month - hired.Month - (today.Day < hired.Day ? 1 : 0);
        return Math.Max(0, months);
    }

    /// <summary>
    /// The subject as conditions read it (<see cref="Members"/>) on the day of <paramref name="now"/> (UTC), which
    /// their tenure counts to: the command's time, so that a condition sees the tenure of the day it runs.
    /// </summary>
    public ScriptObject ToScript(DateTimeOffset now) => new()
    {
        ["id"] = Id,
        ["level"] = Level,
        ["level_track"] = LevelTrack,
        ["level_rank"] = LevelRank,
        ["department"] = DepartmentId,
        ["departments"] = new ScriptArray(Departments),
        ["roles"] = new ScriptArray(Roles),
        ["hired_on"] = HiredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["tenure_months"] = TenureMonths(DateOnly.FromDateTime(now.UtcDateTime)),
    };
}
