using FormFlow.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Workers;

/// <summary>
/// A background sweep run every interval on the host's clock. A pass that fails is logged and tried again at the next
/// interval — it never stops the host. On shutdown no new pass starts; the pass in hand finishes its batch (the host
/// waits up to its shutdown timeout, 30 s).
/// </summary>
internal abstract partial class IntervalWorker(IOptions<WorkerOptions> options, TimeProvider clock, Metrics metrics, ILogger logger) : BackgroundService
{
    protected WorkerOptions Options => options.Value;

    protected TimeProvider Clock => clock;

    protected Metrics Metrics => metrics;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass. <paramref name="stopping"/> says when to stop claiming more; work already claimed is finished.</summary>
    public abstract Task RunOnceAsync(CancellationToken stopping);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested && error is not OutOfMemoryException)
                {
                    metrics.WorkerFailures.Add(1, new KeyValuePair<string, object?>("worker", GetType().Name));
                    LogPassFailed(logger, error, GetType().Name, Interval.TotalSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: the last pass has finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} failed; it tries again in {Seconds} s")]
    private static partial void LogPassFailed(ILogger logger, Exception error, string worker, double seconds);
}
