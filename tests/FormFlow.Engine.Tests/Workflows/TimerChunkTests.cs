using Dapper;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A sweep fires the timers it claimed in chunks, one transaction each (<see cref="ProcessRuntime.FireDueTimersAsync"/>):
/// what a chunk does is what firing its timers one by one does, and a timer that fails does not hold up the others.
/// </summary>
public class TimerChunkTests(string kind) : RuntimeTest(kind)
{
    // After a day the subject's route is decided; for 刘洋 (P5) the condition fails (an integer division by zero).
    private const string Route = """
        {
          "key": "late-route",
          "title": { "zh-CN": "延后分流", "en": "Late route" },
          "forms": { "log": "feedback-log" },
          "start": "later",
          "steps": {
            "later": { "kind": "wait", "for": "P1D", "next": "route" },
            "route": { "kind": "decision", "branches": [ { "when": "subject.id == 'P5' && 1 // 0 == 1", "next": "note" } ], "otherwise": "end" },
            "note": { "kind": "form", "form": "log", "assignee": "subject", "write": ["entry"], "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    [Test]
    public async Task A_timer_whose_condition_fails_is_set_aside_with_the_reason_and_the_others_of_its_chunk_fire()
    {
        await Publish(Route);
        var failing = await Runtime.StartAsync("late-route", "P5", "P6");
        var others = new[] { await Runtime.StartAsync("late-route", "P3", "P6"), await Runtime.StartAsync("late-route", "P4", "P6") };

        var fired = await Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.That(fired, Is.EqualTo(2), "the two whose route is decided");
        foreach (var instance in others)
        {
            Assert.That((await Instance(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        }

        Assert.That((await Instance(failing.Id)).Status, Is.EqualTo(InstanceStatus.Running), "nothing of the failed firing is written");
        var journal = await InTransaction(Db, async w => (await w.Connection.QueryAsync<(string, string)>(
            "SELECT entity_id, action FROM audit_log WHERE action = 'timer.failed'", transaction: w.Transaction)).ToList());
        Assert.That(journal, Is.EqualTo(new[] { (failing.Id, "timer.failed") }), "the failing timer alone, once, with the reason");
        var unfired = await InTransaction(Db, w => w.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM timers WHERE fired_at IS NULL", transaction: w.Transaction));
        Assert.That(unfired, Is.Zero, "set aside, the failing timer does not come back in every sweep");
    }

    [Test]
    public async Task Reminders_fired_in_one_chunk_send_one_message_each_and_journal_each_once()
    {
        await PublishAnnualReview();
        var people = new[] { "P2", "P3", "P4", "P5", "P7" };
        foreach (var person in people)
        {
            await Runtime.StartAsync("annual-review", person, "P6");
        }

        var remindersDue = await InTransaction(Db, w => w.Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM timers WHERE kind = 'reminder' AND due_at <= @Due", new { Due = Now + (long)TimeSpan.FromDays(12.5).TotalMilliseconds }, w.Transaction));
        Assert.That(remindersDue, Is.EqualTo(people.Length), "one self-review reminder each, due together");

        await Advance(TimeSpan.FromDays(12.5));

        var reminded = (await Messages()).Where(m => m.Event == "task.reminder").Select(m => m.Recipient).Order(StringComparer.Ordinal);
        Assert.That(reminded, Is.EqualTo(people), "one reminder each");
        var journal = await InTransaction(Db, w => w.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'task.reminded'", transaction: w.Transaction));
        Assert.That(journal, Is.EqualTo(people.Length));
        Assert.That(await Advance(TimeSpan.FromMinutes(1)), Is.Zero, "nothing fires twice");
    }
}
