using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// When a task is due: a week before its cycle's end, or at a fixed time. 刘洋 (P5) fills a check-in; his manager
/// 张伟 (P4) is copied when he is late.
/// </summary>
public class DueTimeTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [Test]
    public async Task In_a_cycle_a_task_due_before_the_cycle_end_is_due_that_long_before_it()
    {
        await Publish(CheckIn("""{ "from": "cycle-end", "before": "P7D" }"""));
        await StartInCycle("check-in", Employee, starts: CycleStart, ends: CycleStart.AddDays(30));

        var task = await TaskOf(Employee, "check-in");

        Assert.That(task.DueAt, Is.EqualTo(CycleStart.AddDays(23).ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task Outside_a_cycle_a_task_due_before_the_cycle_end_has_no_due_time_rather_than_one_in_the_past()
    {
        await Publish(CheckIn("""{ "from": "cycle-end", "before": "P7D" }"""));
        await Runtime.StartAsync("check-in", Employee, "P6");

        await Advance(TimeSpan.FromMinutes(1));

        Assert.That((await TaskOf(Employee, "check-in")).DueAt, Is.Null);
        Assert.That((await Messages()).Select(m => m.Event), Is.EqualTo(new[] { NoticeEvent.Assigned }), "nobody is told it is overdue the moment it starts");
    }

    [Test]
    public async Task A_task_due_at_a_fixed_time_is_due_then_and_overdue_after()
    {
        await Publish(CheckIn("""{ "at": "2026-12-03T18:00:00+08:00" }"""));
        await Runtime.StartAsync("check-in", Employee, "P6");
        Assert.That((await TaskOf(Employee, "check-in")).DueAt, Is.EqualTo(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));

        await Advance(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero) - CycleStart);
        await Advance(TimeSpan.FromDays(1));

        Assert.That((await Messages()).Select(m => (m.Event, m.Recipient, string.Join(",", m.Cc))), Is.EqualTo(new[]
        {
            (NoticeEvent.Assigned, Employee, string.Empty),
            (NoticeEvent.Reminder, Employee, string.Empty),
            (NoticeEvent.Overdue, Employee, Manager),
        }));
    }

    private static string CheckIn(string due) => $$"""
        {
          "key": "check-in",
          "title": { "zh-CN": "月度 Check-in", "en": "Monthly check-in" },
          "forms": { "checkin": "monthly-check-in" },
          "start": "check-in",
          "steps": {
            "check-in": {
              "kind": "form", "form": "checkin", "assignee": "subject", "write": ["progress"],
              "due": {{due}}, "reminders": [{ "before": "P1D" }], "escalation": { "action": "copy-superior" },
              "next": "end"
            },
            "end": { "kind": "end" }
          }
        }
        """;
}
