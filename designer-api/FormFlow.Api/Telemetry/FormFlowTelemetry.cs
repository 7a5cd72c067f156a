using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FormFlow.Api.Telemetry;

/// <summary>FormFlow's own traces (<see cref="Source"/>) and metrics (<see cref="Metrics"/>), both named <c>FormFlow</c>.</summary>
internal static class FormFlowTelemetry
{
    public const string Name = "FormFlow";

    public static readonly ActivitySource Source = new(Name);
}

/// <summary>The counters FormFlow reports: timers fired, messages sent, worker passes that failed.</summary>
internal sealed class Metrics
{
    public Metrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(FormFlowTelemetry.Name);
        TimersFired = meter.CreateCounter<long>("formflow.timers.fired", unit: "{timer}", description: "Reminders, escalations, waits and recurrences fired");
        MessagesSent = meter.CreateCounter<long>("formflow.messages.sent", unit: "{message}", description: "Outbox messages delivered (mail and webhooks)");
        MessagesFailed = meter.CreateCounter<long>("formflow.messages.failed", unit: "{message}", description: "Outbox deliveries that failed and will be retried, or went dead");
        WorkerFailures = meter.CreateCounter<long>("formflow.worker.failures", unit: "{pass}", description: "Background worker passes that failed");
    }

    public Counter<long> TimersFired { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> MessagesFailed { get; }

    public Counter<long> WorkerFailures { get; }
}
