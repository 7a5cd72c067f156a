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
internal sealed partial record SubjectFacts(string Id, string? Level, string? DepartmentId, IReadOnlyList<string> Departments, IReadOnlyList<string> Roles)
{
    /// <summary>The members a condition may read after <c>subject.</c>, as the process designer's builder offers them.</summary>
    public static IReadOnlyList<string> Members { get; } = ["id", "level", "level_track", "level_rank", "department", "departments", "roles"];

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
        [.. person.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>The subject as conditions read it: <c>subject.id</c>, <c>.level</c>, <c>.level_track</c>, <c>.level_rank</c>, <c>.department</c>, <c>.departments</c>, <c>.roles</c>.</summary>
    public ScriptObject ToScript() => new()
    {
        ["id"] = Id,
        ["level"] = Level,
        ["level_track"] = LevelTrack,
        ["level_rank"] = LevelRank,
        ["department"] = DepartmentId,
        ["departments"] = new ScriptArray(Departments),
        ["roles"] = new ScriptArray(Roles),
    };
}
