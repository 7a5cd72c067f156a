using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A recurring step that starts on a weekday (<c>"startOn": "monday"</c>, docs/processes.md "recurring"): its first
/// occurrence opens on the next Monday at 09:00 China Standard Time, then every period of whole weeks — the weekly KPI
/// checkpoint of seed 004. The clock starts on Tuesday 1 December 2026, 09:00 in Beijing.
/// </summary>
public class WeeklyCheckpointTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";

    [SetUp]
    public Task PublishProcess() => Publish("""
        {
          "key": "weekly-checkpoint",
          "title": { "zh-CN": "每周检查点", "en": "Weekly checkpoint" },
          "forms": { "checkin": "monthly-check-in" },
          "start": "checkpoint",
          "steps": {
            "checkpoint": {
              "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "P7D", "startOn": "monday", "count": 13,
              "write": ["progress"], "due": { "after": "P6D" }, "next": "end"
            },
            "end": { "kind": "end" }
          }
        }
        """);

    [Test]
    public async Task A_checkpoint_opens_on_the_next_Monday_at_nine_in_Beijing_and_every_seven_days_thirteen_times()
    {
        await Runtime.StartAsync("weekly-checkpoint", Employee, "P6");

        await Advance(new DateTimeOffset(2026, 12, 7, 0, 59, 0, TimeSpan.Zero) - Clock.GetUtcNow());
        Assert.That(await Inbox(Employee), Is.Empty, "Monday 08:59 in Beijing: not yet");

        await Advance(TimeSpan.FromMinutes(1));
        for (var week = 1; week < 15; week++)
        {
            await Advance(TimeSpan.FromDays(7));
        }

        var opened = (await Inbox(Employee)).Where(t => t.Step == "checkpoint").Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt)).Order().ToList();
        var mondays = Enumerable.Range(0, 13).Select(w => new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero).AddDays(7 * w)).ToList();
        Assert.That(opened, Is.EqualTo(mondays), "thirteen Mondays at 09:00 China Standard Time, none after");
        Assert.That(opened.Select(o => o.ToOffset(TimeSpan.FromHours(8)).DayOfWeek).Distinct(), Is.EqualTo(new[] { DayOfWeek.Monday }));
    }

    [Test]
    public async Task Entered_on_a_Monday_before_nine_the_first_checkpoint_opens_that_morning()
    {
        await Advance(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow());
        await Runtime.StartAsync("weekly-checkpoint", Employee, "P6");

        await Advance(TimeSpan.FromHours(2));

        var first = await TaskOf(Employee, "checkpoint");
        Assert.That(first.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        Assert.That(first.DueAt, Is.EqualTo(new DateTimeOffset(2026, 12, 13, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()), "due within the week");
    }
}
