using FormFlow.Api.Telemetry;
using FormFlow.Delivery;
using FormFlow.Storage;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Workers;

/// <summary>
/// Delivers the outbox (mail, webhooks) every <c>FormFlow:Workers:OutboxIntervalSeconds</c>, and the daily digests.
/// With no SMTP host and no webhook configured it says once that mail is not configured and leaves messages pending.
/// </summary>
internal sealed partial class OutboxWorker(
    Database database,
    IOptions<WorkerOptions> options,
    IOptions<DeliveryOptions> delivery,
    IHttpClientFactory http,
    TimeProvider clock,
    Metrics metrics,
    ILogger<OutboxWorker> logger) : IntervalWorker(options, clock, metrics, logger)
{
    public const string HttpClientName = "FormFlow.Webhooks";

    private OutboxDispatcher? dispatcher;
    private bool told;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(Options.OutboxIntervalSeconds);

    /// <summary>Delivers what is due, batch after batch while batches come back full; returns the total of each outcome.</summary>
    public async Task<DispatchResult> DeliverAsync(CancellationToken stopping)
    {
        var settings = delivery.Value.ToSettings() with { Lease = Options.Lease };
        if (settings.Smtp is null && !told)
        {
            told = true;
            LogNoMail(logger, settings.Webhooks.Count);
        }

        if (settings.Smtp is null && settings.Webhooks.Count == 0)
        {
            return new DispatchResult(0, 0, 0, 0);
        }

        using var activity = FormFlowTelemetry.Source.StartActivity("formflow.outbox.dispatch");
        dispatcher ??= new OutboxDispatcher(database, Clock, settings, delivery.Value.BaseUrl, http.CreateClient(HttpClientName));
        var total = new DispatchResult(0, 0, 0, 0);
        while (!stopping.IsCancellationRequested)
        {
            // Claimed messages are delivered even when the host starts stopping: a half-sent batch would be sent twice.
            var batch = await dispatcher.DispatchDueAsync(Options.Node, Options.BatchSize, CancellationToken.None);
            total = new DispatchResult(total.Sent + batch.Sent, total.Held + batch.Held, total.Retried + batch.Retried, total.Dead + batch.Dead);
            if (batch.Claimed < Options.BatchSize)
            {
                break;
            }
        }

        if (!stopping.IsCancellationRequested)
        {
            await dispatcher.DispatchDigestsAsync(CancellationToken.None);
        }

        Metrics.MessagesSent.Add(total.Sent);
        Metrics.MessagesFailed.Add(total.Retried + total.Dead);
        if (total.Claimed > 0)
        {
            LogDelivered(logger, total.Sent, total.Held, total.Retried, total.Dead);
        }

        return total;
    }

    public override Task RunOnceAsync(CancellationToken stopping) => DeliverAsync(stopping);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail is not configured (FormFlow:Delivery:Smtp:Host): {Webhooks} webhook(s); with none, notifications stay pending until it is")]
    private static partial void LogNoMail(ILogger logger, int webhooks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Held} held for digests, {Retried} to retry, {Dead} dead")]
    private static partial void LogDelivered(ILogger logger, int sent, int held, int retried, int dead);
}
