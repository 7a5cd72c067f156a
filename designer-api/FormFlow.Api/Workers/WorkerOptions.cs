namespace FormFlow.Api.Workers;

/// <summary><c>FormFlow:Workers</c>: the background sweeps every node runs (they claim work with leases, so several nodes may).</summary>
internal sealed class WorkerOptions
{
    public const string Section = "FormFlow:Workers";

    public bool Enabled { get; set; } = true;

    public int TimerIntervalSeconds { get; set; } = 10;

    public int OutboxIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// How long a claimed timer or message stays this node's unless renewed; a node renews the batch it works every
    /// quarter of it. A node that dies leaves its claimed work to the others within this and one sweep interval.
    /// </summary>
    public int LeaseSeconds { get; set; } = 20;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>How often every person's KPI actuals are swept for threshold warnings (writing actuals sweeps those people at once).</summary>
    public int KpiSweepIntervalSeconds { get; set; } = 3600;

    /// <summary>How many days before a cycle ends the people with open tasks in it hear that it closes soon.</summary>
    public double ClosingSoonDays { get; set; } = 3;

    /// <summary>At most this many timers or messages are claimed at once; a sweep claims again while batches come back full.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The name this node claims work under; the machine name and process id when empty.</summary>
    public string? NodeId { get; set; }

    public string Node => string.IsNullOrWhiteSpace(NodeId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : NodeId;
}
