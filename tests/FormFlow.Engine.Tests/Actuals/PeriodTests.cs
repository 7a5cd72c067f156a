using FormFlow.Actuals;

namespace FormFlow.Tests.Actuals;

/// <summary>The periods actuals are recorded for (docs/kpi-actuals.md): how each frequency writes them and which follow each other.</summary>
public class PeriodTests
{
    [TestCase("weekly", "2026-W49", "2026-W49")]
    [TestCase("weekly", "2026-w01", "2026-W01")]
    [TestCase("monthly", "2026-12", "2026-12")]
    [TestCase("quarterly", "2026-q4", "2026-Q4")]
    public void A_period_is_read_as_people_write_it(string frequency, string text, string label) =>
        Assert.That(Period.Parse(frequency, text)?.Label, Is.EqualTo(label));

    [TestCase("weekly", "2026-12")]
    [TestCase("weekly", "2026-W54")]
    [TestCase("weekly", "2025-W53")]
    [TestCase("monthly", "2026-13")]
    [TestCase("monthly", "2026-W49")]
    [TestCase("quarterly", "2026-Q5")]
    [TestCase("weekly", "")]
    public void Anything_else_is_not_a_period_of_the_frequency(string frequency, string text) =>
        Assert.That(Period.Parse(frequency, text), Is.Null);

    [Test]
    public void Consecutive_periods_are_numbered_one_apart_across_years()
    {
        Assert.Multiple(() =>
        {
            // 2026 has 53 ISO weeks.
            Assert.That(Period.Parse("weekly", "2027-W01")!.Seq - Period.Parse("weekly", "2026-W53")!.Seq, Is.EqualTo(1));
            Assert.That(Period.Parse("monthly", "2027-01")!.Seq - Period.Parse("monthly", "2026-12")!.Seq, Is.EqualTo(1));
            Assert.That(Period.Parse("quarterly", "2027-Q1")!.Seq - Period.Parse("quarterly", "2026-Q4")!.Seq, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_biweekly_period_is_a_fixed_pair_of_weeks_named_by_its_first_week()
    {
        // Pairs counted from the week of Monday 5 January 1970: 2026-W48 and W49 are one, W50 and W51 the next.
        var first = Period.Parse("biweekly", "2026-W48")!;
        var second = Period.Parse("biweekly", "2026-W49")!;
        var next = Period.Parse("biweekly", "2026-W50")!;
        Assert.That((first.Label, second.Label, second.Seq == first.Seq, next.Seq - first.Seq, next.Label), Is.EqualTo(("2026-W48", "2026-W48", true, 1, "2026-W50")));
    }

    [Test]
    public void The_last_period_is_the_one_before_today_in_China_Standard_Time()
    {
        // Monday 7 December 2026 01:00 in Shanghai is still Sunday 6 December in UTC.
        var mondayMorning = new DateTimeOffset(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(Period.Last("weekly", mondayMorning).Label, Is.EqualTo("2026-W49"));
            Assert.That(Period.Last("monthly", mondayMorning).Label, Is.EqualTo("2026-11"));
            Assert.That(Period.Last("quarterly", mondayMorning).Label, Is.EqualTo("2026-Q3"));
        });
    }
}
