using System.Globalization;
using System.Text.RegularExpressions;
using FormFlow.Text;

namespace FormFlow.Actuals;

/// <summary>How often an indicator's actual is recorded (the KPI item's <c>frequency</c>).</summary>
internal static class Frequency
{
    public const string Weekly = "weekly";
    public const string Biweekly = "biweekly";
    public const string Monthly = "monthly";
    public const string Quarterly = "quarterly";

    public static bool IsKnown(string? frequency) => frequency is Weekly or Biweekly or Monthly or Quarterly;
}

/// <summary>
/// One period of an indicator's frequency: its label as people write it and a sequence number in which consecutive
/// periods differ by one (what the threshold sweep counts). Weekly: the ISO week, <c>2026-W49</c>. Biweekly: fixed
/// pairs of ISO weeks counted from the week of Monday 5 January 1970, named by the first week of the pair
/// (<c>2026-W48</c> is the pair W48–W49; a value written for W49 is the same period). Monthly: <c>2026-12</c>.
/// Quarterly: <c>2026-Q4</c>.
/// </summary>
internal sealed record Period(string Frequency, string Label, int Seq)
{
    // Monday 5 January 1970: week 0 of the weekly and biweekly numbering.
    private static readonly DateOnly Epoch = new(1970, 1, 5);

    private static readonly Regex Week = new(@"^(\d{4})-W(\d{2})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    private static readonly Regex Month = new(@"^(\d{4})-(\d{2})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    private static readonly Regex Quarter = new(@"^(\d{4})-Q([1-4])$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>The organisation's time (China Standard Time): a week starts on Monday 00:00 there.</summary>
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The period <paramref name="text"/> names for <paramref name="frequency"/>; null when it is not one.</summary>
    public static Period? Parse(string frequency, string? text)
    {
        text = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        switch (frequency)
        {
            case Actuals.Frequency.Weekly or Actuals.Frequency.Biweekly:
                var week = Week.Match(text);
                if (!week.Success)
                {
                    return null;
                }

                var year = int.Parse(week.Groups[1].Value, CultureInfo.InvariantCulture);
                var number = int.Parse(week.Groups[2].Value, CultureInfo.InvariantCulture);
                if (year < 1971 || year > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
                {
                    return null;
                }

                var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday));
                return OfWeek(frequency, (monday.DayNumber - Epoch.DayNumber) / 7);
            case Actuals.Frequency.Monthly:
                var month = Month.Match(text);
                return month.Success && int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var m
                    ? FromSeq(frequency, (int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture) * 12) + m - 1)
                    : null;
            case Actuals.Frequency.Quarterly:
                var quarter = Quarter.Match(text);
                return quarter.Success
                    ? FromSeq(frequency, (int.Parse(quarter.Groups[1].Value, CultureInfo.InvariantCulture) * 4) + int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture) - 1)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>The period of <paramref name="frequency"/> that <paramref name="at"/> falls in (China Standard Time).</summary>
    public static Period Of(string frequency, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);
        return frequency switch
        {
            Actuals.Frequency.Monthly => FromSeq(frequency, (day.Year * 12) + day.Month - 1),
            Actuals.Frequency.Quarterly => FromSeq(frequency, (day.Year * 4) + ((day.Month - 1) / 3)),
            _ => OfWeek(frequency, (day.DayNumber - Epoch.DayNumber) / 7),
        };
    }

    /// <summary>The period before the one <paramref name="at"/> falls in: the one people record when it is over.</summary>
    public static Period Last(string frequency, DateTimeOffset at) => FromSeq(frequency, Of(frequency, at).Seq - 1);

    /// <summary>The period numbered <paramref name="seq"/>.</summary>
    public static Period FromSeq(string frequency, int seq)
    {
        switch (frequency)
        {
            case Actuals.Frequency.Monthly:
                return new Period(frequency, string.Create(CultureInfo.InvariantCulture, $"{seq / 12:D4}-{(seq % 12) + 1:D2}"), seq);
            case Actuals.Frequency.Quarterly:
                return new Period(frequency, string.Create(CultureInfo.InvariantCulture, $"{seq / 4:D4}-Q{(seq % 4) + 1}"), seq);
            case Actuals.Frequency.Biweekly:
                return new Period(frequency, WeekLabel(seq * 2), seq);
            default:
                return new Period(frequency, WeekLabel(seq), seq);
        }
    }

    /// <summary>How a period of <paramref name="frequency"/> is written, for messages: <c>2026-W49</c>, <c>2026-12</c>, <c>2026-Q4</c>.</summary>
    public static LocalizedText Form(string frequency) => frequency switch
    {
        Actuals.Frequency.Monthly => new("年-月，如 2026-12", "year-month, such as 2026-12"),
        Actuals.Frequency.Quarterly => new("年-季度，如 2026-Q4", "year-quarter, such as 2026-Q4"),
        Actuals.Frequency.Biweekly => new("ISO 周（双周指标记在两周中的第一周），如 2026-W49", "an ISO week (a biweekly indicator is recorded under the first week of its pair), such as 2026-W49"),
        _ => new("ISO 周，如 2026-W49", "an ISO week, such as 2026-W49"),
    };

    private static Period OfWeek(string frequency, int week) =>
        frequency == Actuals.Frequency.Biweekly ? FromSeq(frequency, week / 2) : FromSeq(frequency, week);

    private static string WeekLabel(int week)
    {
        var monday = Epoch.AddDays(week * 7).ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday):D4}-W{ISOWeek.GetWeekOfYear(monday):D2}");
    }
}
