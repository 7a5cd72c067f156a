using System.Diagnostics;
using FormFlow.Api.Telemetry;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Workers;

/// <summary>Fires the reminders, escalations, waits and recurrences that are due: every <c>FormFlow:Workers:TimerIntervalSeconds</c>.</summary>
internal sealed partial class TimerSweeper(Database database, IOptions<WorkerOptions> options, TimeProvider clock, Metrics metrics, ILogger<TimerSweeper> logger)
    : IntervalWorker(options, clock, metrics, logger)
{
    private readonly TimerSweep sweep = new(database, clock) { Lease = options.Value.Lease };

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Options.TimerIntervalSeconds);

    /// <summary>Fires what is due now, batch after batch while batches come back full; returns how many fired.</summary>
    public async Task<int> SweepAsync(CancellationToken stopping)
    {
        using var activity = FormFlowTelemetry.Source.StartActivity("formflow.timers.sweep");
        var fired = 0;
        while (!stopping.IsCancellationRequested)
        {
            // The batch in hand is finished even when the host starts stopping: its timers are claimed already.
            var batch = await sweep.FireDueAsync(Options.Node, Options.BatchSize, CancellationToken.None);
            fired += batch;
            if (batch < Options.BatchSize)
            {
                break;
            }
        }

        if (!stopping.IsCancellationRequested)
        {
            var announced = await sweep.AnnounceClosingCyclesAsync(TimeSpan.FromDays(Options.ClosingSoonDays), CancellationToken.None);
            activity?.SetTag("formflow.cycles.closing_notices", announced);
            // Idempotency keys answer retries for a day; the table would only grow without this.
            await IdempotencyKeys.PurgeExpiredAsync(database, Clock.GetUtcNow(), CancellationToken.None);
        }

        activity?.SetTag("formflow.timers.fired", fired);
        if (fired > 0)
        {
            Metrics.TimersFired.Add(fired);
            LogFired(logger, fired);
        }

        return fired;
    }

    public override Task RunOnceAsync(CancellationToken stopping) => SweepAsync(stopping);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fired {Count} timer(s)")]
    private static partial void LogFired(ILogger logger, int count);
}
