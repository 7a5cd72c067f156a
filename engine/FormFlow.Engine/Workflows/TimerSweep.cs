using FormFlow.Storage;

namespace FormFlow.Workflows;

/// <summary>
/// Fires the reminders, escalations, waits and recurrences that are due, for a host's timer sweeper. Timers are claimed
/// with a lease under <c>owner</c>, so any number of nodes may sweep one server database at once.
/// </summary>
public sealed class TimerSweep(Database database, TimeProvider clock)
{
    private readonly ProcessRuntime runtime = new(database, clock);

    /// <summary>
    /// How long a claim holds unless renewed (20 s): the node firing a batch renews it every quarter of it, so a node
    /// that dies leaves its timers to the others once the lease has run out.
    /// </summary>
    public TimeSpan Lease { get; init; } = Storage.LeasedClaim.DefaultLease;

    /// <summary>Claims at most <paramref name="limit"/> timers due now and fires each in its own transaction; returns how many fired.</summary>
    public Task<int> FireDueAsync(string owner, int limit = 500, CancellationToken cancellationToken = default) =>
        runtime.FireDueTimersAsync(owner, limit, Lease, cancellationToken);

    /// <summary>
    /// Queues the "closing soon" notices of the open cycles ending within <paramref name="lead"/>, once per person and
    /// cycle end whichever node runs it; returns how many it queued.
    /// </summary>
    public Task<int> AnnounceClosingCyclesAsync(TimeSpan lead, CancellationToken cancellationToken = default) =>
        Cycles.ClosingSoonNotices.SendAsync(database, clock, lead, cancellationToken);
}
