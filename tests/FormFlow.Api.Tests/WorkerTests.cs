using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Tests;

/// <summary>The background workers' single passes, on the host's fake clock.</summary>
public sealed class WorkerTests(string kind) : ApiTest(kind)
{
    [Test]
    public async Task The_timer_sweeper_fires_a_reminder_that_fell_due_and_queues_its_message()
    {
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        var starts = Host.Clock.GetUtcNow();
        var launched = await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest(
            Run.NewId(starts), "2026 年度绩效 / Annual review 2026", "annual-review", starts, starts.AddDays(60), Population.People("E012"), "E004"));
        Assert.That(launched.Started, Is.EqualTo(1), launched.Summary.En);

        Assert.That(await sweeper.SweepAsync(CancellationToken.None), Is.Zero, "nothing is due at the start");
        var before = await Reminders("E012");

        // The self-review is due 14 days after the cycle starts, with a reminder 2 days before.
        Host.Clock.Advance(TimeSpan.FromDays(12) + TimeSpan.FromMinutes(1));
        var fired = await sweeper.SweepAsync(CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(fired, Is.GreaterThanOrEqualTo(1));
            Assert.That(await Reminders("E012"), Is.EqualTo(1));
            Assert.That(await sweeper.SweepAsync(CancellationToken.None), Is.Zero, "a fired timer does not fire again");
        });
    }

    [Test]
    public async Task The_timer_sweeper_tells_people_with_open_tasks_that_their_cycle_closes_soon_once()
    {
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        var starts = Host.Clock.GetUtcNow();
        await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest(
            Run.NewId(starts), "2026 年度绩效 / Annual review 2026", "annual-review", starts, starts.AddDays(60), Population.People("E012"), "E004"));

        Host.Clock.Advance(TimeSpan.FromDays(56));
        await sweeper.SweepAsync(CancellationToken.None);
        var early = await NoticesAsync("E012", "cycle.closing-soon");
        Host.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await sweeper.SweepAsync(CancellationToken.None);
        await sweeper.SweepAsync(CancellationToken.None);

        Assert.That((early, await NoticesAsync("E012", "cycle.closing-soon")), Is.EqualTo((0, 1)), "three days before the end (the default), once");
    }

    [Test]
    public async Task The_timer_sweeper_forgets_idempotency_keys_after_a_day()
    {
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        await IdempotencyKeys.ClaimAsync(Db, "E012", "retry-1", "hash", Host.Clock.GetUtcNow());

        Host.Clock.Advance(TimeSpan.FromHours(23));
        await sweeper.SweepAsync(CancellationToken.None);
        var kept = await Keys("retry-1");
        Host.Clock.Advance(TimeSpan.FromHours(2));
        await sweeper.SweepAsync(CancellationToken.None);

        Assert.That((kept, await Keys("retry-1")), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task The_outbox_worker_leaves_messages_pending_when_mail_is_not_configured()
    {
        var worker = Host.Services.GetRequiredService<OutboxWorker>();
        var result = await worker.DeliverAsync(CancellationToken.None);
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var sent = await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE status <> 'pending'", transaction: work.Transaction);
        Assert.Multiple(() =>
        {
            Assert.That(result.Claimed, Is.Zero);
            Assert.That(sent, Is.Zero);
        });
    }

    [Test]
    public void With_the_shipped_settings_a_dead_nodes_claimed_work_is_taken_over_within_30_seconds()
    {
        var options = Host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;

        // The guarantee of docs/hosting.md: the lease (renewed every quarter of it while a node works) and one sweep.
        Assert.That((options.LeaseSeconds, options.TimerIntervalSeconds, options.OutboxIntervalSeconds), Is.EqualTo((20, 10, 10)));
        Assert.That(options.LeaseSeconds + Math.Max(options.TimerIntervalSeconds, options.OutboxIntervalSeconds), Is.LessThanOrEqualTo(30));
    }

    private async Task<int> Keys(string key)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = @Key", new { Key = key }, work.Transaction);
    }

    private Task<int> Reminders(string recipient) => NoticesAsync(recipient, "task.reminder");
}
