using System.Globalization;
using System.Text.RegularExpressions;

namespace FormFlow.Processes;

/// <summary>
/// An ISO 8601 duration as processes write them (<c>P14D</c>, <c>PT24H</c>, <c>P1M</c>, <c>-P1D</c>). Months are
/// kept apart from days because a month has no fixed length: "every month" from 31 January is 28 February.
/// </summary>
internal readonly partial record struct Duration(int Months, TimeSpan Time)
{
    public static readonly Duration Zero = new(0, TimeSpan.Zero);

    public bool IsNegative => Months < 0 || (Months == 0 && Time < TimeSpan.Zero);

    public bool IsZero => Months == 0 && Time == TimeSpan.Zero;

    public DateTimeOffset AddTo(DateTimeOffset at) => at.AddMonths(Months).Add(Time);

    public DateTimeOffset SubtractFrom(DateTimeOffset at) => at.AddMonths(-Months).Subtract(Time);

    public Duration Negate() => new(-Months, -Time);

    /// <summary>This duration <paramref name="n"/> times over: the n-th occurrence of "every P1M" is P(n)M from the start.</summary>
    public Duration Times(int n) => new(Months * n, Time * n);

    /// <summary>A length to compare durations by, counting a month as 30 days: only for lint's "falls after" checks.</summary>
    public TimeSpan Approximate => TimeSpan.FromDays(30 * Months) + Time;

    public static Duration? Parse(string? text)
    {
        if (text is null || text.Length > 40)
        {
            return null;
        }

        var match = Pattern().Match(text);
        if (!match.Success || text is "P" or "-P" || text.EndsWith('T'))
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var months = (Part("y") * 12) + Part("mo");
        var time = TimeSpan.FromDays((Part("w") * 7) + Part("d")) + new TimeSpan(Part("h"), Part("mi"), Part("s"));
        var duration = new Duration(months, time);
        return match.Groups["neg"].Success ? duration.Negate() : duration;
    }

    public override string ToString()
    {
        var (months, time) = IsNegative ? (-Months, -Time) : (Months, Time);
        var text = "P";
        if (months != 0)
        {
            text += months.ToString(CultureInfo.InvariantCulture) + "M";
        }

        if (time.Days != 0)
        {
            text += time.Days.ToString(CultureInfo.InvariantCulture) + "D";
        }

        if (time.Hours != 0 || time.Minutes != 0 || time.Seconds != 0 || text == "P")
        {
            text += string.Create(CultureInfo.InvariantCulture, $"T{time.Hours}H{time.Minutes}M{time.Seconds}S");
        }

        return (IsNegative ? "-" : string.Empty) + text;
    }

    [GeneratedRegex(@"^(?<neg>-)?P(?:(?<y>\d{1,3})Y)?(?:(?<mo>\d{1,4})M)?(?:(?<w>\d{1,4})W)?(?:(?<d>\d{1,5})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<mi>\d{1,6})M)?(?:(?<s>\d{1,7})S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
