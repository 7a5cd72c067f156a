using FormFlow.Actuals;
using FormFlow.Api.Telemetry;
using FormFlow.Storage;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Workers;

/// <summary>
/// Sweeps every person's KPI actuals for threshold warnings every <c>FormFlow:Workers:KpiSweepIntervalSeconds</c> (an
/// hour unless configured): writing actuals sweeps the people written at once, so this pass catches what a failed or
/// interrupted write left, and what another node wrote.
/// </summary>
internal sealed partial class ThresholdSweeper(Database database, IOptions<WorkerOptions> options, TimeProvider clock, Metrics metrics, ILogger<ThresholdSweeper> logger)
    : IntervalWorker(options, clock, metrics, logger)
{
    private readonly ThresholdSweep sweep = new(database, clock);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Options.KpiSweepIntervalSeconds);

    /// <summary>One pass over everybody, page by page; returns what it did.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken stopping)
    {
        using var activity = FormFlowTelemetry.Source.StartActivity("formflow.kpi.sweep");
        var result = await sweep.SweepAllAsync(ThresholdSweep.DefaultPage, stopping);
        activity?.SetTag("formflow.kpi.people", result.People);
        activity?.SetTag("formflow.kpi.opened", result.Opened);
        activity?.SetTag("formflow.kpi.cleared", result.Cleared);
        if (result.Opened + result.Cleared > 0)
        {
            LogSwept(logger, result.People, result.Opened, result.Cleared);
        }

        return result;
    }

    public override Task RunOnceAsync(CancellationToken stopping) => SweepAsync(stopping);

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI sweep: {People} people, {Opened} warning(s) opened, {Cleared} cleared")]
    private static partial void LogSwept(ILogger logger, int people, int opened, int cleared);
}
