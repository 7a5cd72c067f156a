namespace FormFlow.Api.Workers;

/// <summary><c>FormFlow:Workers</c>: the background sweeps every node runs (they claim work with leases, so several nodes may).</summary>
internal sealed class WorkerOptions
{
    public const string Section = "FormFlow:Workers";

    public bool Enabled { get; set; } = true;

    public int TimerIntervalSeconds { get; set; } = 15;

    public int OutboxIntervalSeconds { get; set; } = 10;

    /// <summary>At most this many timers or messages are claimed at once; a sweep claims again while batches come back full.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The name this node claims work under; the machine name and process id when empty.</summary>
    public string? NodeId { get; set; }

    public string Node => string.IsNullOrWhiteSpace(NodeId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : NodeId;
}
