namespace FormFlow.Storage;

/// <summary>
/// Keeps the leases of a claimed batch running while the node works through it. Every quarter of the lease, on the
/// node's clock, one statement (<see cref="LeasedClaim.RenewAsync"/>) moves the lease of the rows still in hand to
/// now + lease. So a batch that takes longer than the lease keeps its claim, while the work of a node that died is
/// free once the last lease it set runs out: at most one lease after the kill, however long its batch was.
/// </summary>
/// <remarks>
/// The renewal runs beside the work, not between items: one item can take longer than the lease (a webhook that
/// answers only at its timeout). A row the latest renewal did not find this node's — another node took it after a
/// lapse, or a writer held it — is lost: the worker asks <see cref="HoldsAsync"/> before each item and skips it. A
/// renewal that fails (the database away) is tried again at the next beat; if none gets through, the leases run out
/// and other nodes take the rows over, as after a crash.
/// </remarks>
internal sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly Database database;
    private readonly LeaseSql renewal;
    private readonly string owner;
    private readonly TimeSpan lease;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly HashSet<string> inHand;
    private readonly HashSet<string> lost = new(StringComparer.Ordinal);
    private readonly ITimer timer;
    private Task renewing = Task.CompletedTask;
    private bool stopped;

    public LeaseHeartbeat(Database database, LeaseSql renewal, string owner, TimeSpan lease, TimeProvider clock, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(clock);
        this.database = database;
        this.renewal = renewal;
        this.owner = owner;
        this.lease = lease;
        this.clock = clock;
        inHand = new HashSet<string>(ids, StringComparer.Ordinal);
        var beat = Beat(lease);
        timer = clock.CreateTimer(_ => Renew(), null, beat, beat);
    }

    /// <summary>How often a batch's leases are renewed: a quarter of the lease, so that three renewals may fail before it lapses.</summary>
    public static TimeSpan Beat(TimeSpan lease) => lease / 4;

    /// <summary>How many renewals have run (tests wait on it).</summary>
    public int Renewals { get; private set; }

    /// <summary>
    /// Whether this node still holds <paramref name="id"/>, as far as the latest renewal knows (it waits for one that is
    /// running): false when another node has taken it, so that the work skips it.
    /// </summary>
    public async Task<bool> HoldsAsync(string id)
    {
        Task running;
        lock (gate)
        {
            running = renewing;
        }

        await running;
        lock (gate)
        {
            return !lost.Contains(id);
        }
    }

    /// <summary>The row is finished with (done, failed or skipped): no longer renewed.</summary>
    public void Done(string id)
    {
        lock (gate)
        {
            inHand.Remove(id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (gate)
        {
            stopped = true;
            running = renewing;
        }

        await timer.DisposeAsync();
        await running;
    }

    private void Renew()
    {
        lock (gate)
        {
            // One renewal at a time: a beat that comes while the last one still runs is not needed.
            if (stopped || !renewing.IsCompleted || inHand.Count == 0)
            {
                return;
            }

            string[] ids = [.. inHand];
            // Off the timer's thread: a fake clock calls back from whoever moves it, which may hold the SQLite writer's turn.
            renewing = Task.Run(() => RenewAsync(ids));
        }
    }

    private async Task RenewAsync(string[] ids)
    {
        try
        {
            IReadOnlyList<string> renewed;
            await using (var work = await UnitOfWork.BeginAsync(database))
            {
                renewed = await LeasedClaim.RenewAsync(work, renewal, owner, ids, clock.GetUtcNow().ToUnixTimeMilliseconds(), lease);
                await work.CommitAsync();
            }

            lock (gate)
            {
                Renewals++;
                lost.UnionWith(ids.Except(renewed, StringComparer.Ordinal));
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Tried again at the next beat (see the remarks): a lease that lapses meanwhile is what a crash leaves too.
        }
    }
}
