using System.Globalization;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// Row ids (<see cref="RowIds"/>) are UUIDs version 7 whose first 48 bits are the command's time, and the ids one
/// sequence makes for one millisecond ascend, so that a launch's rows, all stamped with the launch's time, go to the end
/// of every index.
/// </summary>
public class RowIdTests
{
    private static readonly DateTimeOffset Launch = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public void Ids_of_one_millisecond_ascend_are_distinct_and_are_version_7_uuids_of_that_millisecond()
    {
        var sequence = new RowIds();
        var ids = Enumerable.Range(0, 200_000).Select(_ => sequence.New(Launch)).ToList();

        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids.Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(ids.Count));
        foreach (var id in ids.Take(1_000))
        {
            Assert.That(id, Does.Match("^[0-9a-f]{32}$"));
            var uuid = Guid.ParseExact(id, "N");
            Assert.That(uuid.Version, Is.EqualTo(7));
            Assert.That(uuid.Variant & 0xC, Is.EqualTo(0x8), "the RFC 9562 variant, 10 in the top bits");
            Assert.That(long.Parse(id[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture), Is.EqualTo(Launch.ToUnixTimeMilliseconds()));
        }
    }

    [Test]
    public void A_launch_s_ids_go_on_ascending_while_other_commands_take_ids_at_the_same_and_other_times()
    {
        var (sequence, others) = (new RowIds(), new RowIds());
        var launch = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            launch.Add(sequence.New(Launch));
            _ = others.New(Launch.AddMilliseconds(i % 200));
            _ = RowIds.Single(Launch);
        }

        Assert.That(launch, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(launch.Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(launch.Count));
    }

    [Test]
    public void Ids_of_a_later_millisecond_sort_after_those_of_an_earlier_one()
    {
        var sequence = new RowIds();
        var earlier = Enumerable.Range(0, 1_000).Select(_ => sequence.New(Launch)).ToList();
        var later = RowIds.Single(Launch.AddMilliseconds(1));

        Assert.That(earlier, Has.All.LessThan(later).Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void The_steps_between_ids_of_one_millisecond_vary_so_that_the_ids_do_not_count()
    {
        var sequence = new RowIds();
        var ids = Enumerable.Range(0, 1_000).Select(_ => sequence.New(Launch)).ToList();

        // The last 16 hex digits hold the variant and 62 random bits; within a millisecond only they change here.
        var steps = ids.Zip(ids.Skip(1), (a, b) => ulong.Parse(b[16..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) - ulong.Parse(a[16..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();

        Assert.That(steps, Has.All.InRange(1UL, 1UL << 16));
        Assert.That(steps.Distinct().Count(), Is.GreaterThan(900), "1,000 draws from 65,536 steps");
    }
}
