using System.Text.Json.Nodes;
using FormFlow.Storage;

namespace FormFlow.Cycles;

/// <summary>What extending a cycle moved: the cycle as it now stands, by how much, how many open tasks and timers.</summary>
internal sealed record ExtendResult(CycleRow Cycle, TimeSpan Shift, int TasksMoved, int TimersMoved);

/// <summary>What cancelling a cycle cancelled: the cycle as it now stands, its instances and their open tasks.</summary>
internal sealed record CancelResult(CycleRow Cycle, int InstancesCancelled, int TasksCancelled);

/// <summary>
/// The commands on a whole cycle after its launch: extend its deadlines, close it, cancel it. Each is one
/// transaction of a few statements, however many people the cycle holds, and each is journalled on the cycle.
/// </summary>
internal static class CycleCommands
{
    /// <summary>
    /// Moves the cycle's end to <paramref name="endsAt"/> and every open task's due date by the same amount, with the
    /// reminders and escalations of those tasks that have not fired yet: a person reminded two days before the old
    /// date is reminded two days before the new one (a reminder already sent is not sent again). Tasks created later
    /// take their due dates as their process says: from the new end, from the cycle's start, or from their step's start.
    /// </summary>
    public static async Task<ExtendResult> ExtendAsync(Database database, TimeProvider clock, string cycleId, DateTimeOffset endsAt, string actor, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var cycle = Expect(await FindAsync(work, cycleId), expectedVersion);
        if (cycle.Status == CycleStatus.Cancelled)
        {
            throw Cancelled(cycle);
        }

        var shift = endsAt.ToUnixTimeMilliseconds() - cycle.EndsAt;
        if (shift <= 0)
        {
            var end = DateTimeOffset.FromUnixTimeMilliseconds(cycle.EndsAt).ToString("u", System.Globalization.CultureInfo.InvariantCulture);
            throw CycleRequestException.Of("/endsAt", "cycle.not-later", $"新的结束时间必须晚于当前的结束时间 {end}", $"The new end must be later than the current end, {end}");
        }

        if (!await CycleStore.MoveEndAsync(work, cycle.Id, cycle.EndsAt, endsAt.ToUnixTimeMilliseconds()))
        {
            throw new ConcurrencyConflictException("cycle", cycle.Id, 0);
        }

        // The instances first: on PostgreSQL this waits for every command in flight on them to commit, so that the
        // shifts below (each statement reading afresh) see the tasks those commands opened, and a command that read an
        // instance before meets its new version and is refused. Shifted last, a task opened meanwhile kept the old
        // deadline. Timers before tasks: a firing escalation holds its timer and then writes its task.
        await CycleStore.TouchRunningInstancesAsync(work, cycle.Id);
        var timers = await CycleStore.ShiftTimersOfOpenTasksAsync(work, cycle.Id, shift);
        var tasks = await CycleStore.ShiftOpenTasksAsync(work, cycle.Id, shift);
        var extended = cycle with { EndsAt = endsAt.ToUnixTimeMilliseconds() };
        await JournalAsync(work, clock, actor, "cycle.extended", cycle, new JsonObject
        {
            ["endsAt"] = extended.EndsAt,
            ["shift"] = shift,
            ["tasks"] = tasks,
            ["timers"] = timers,
        });
        await work.CommitAsync(cancellationToken);
        return new ExtendResult(extended, TimeSpan.FromMilliseconds(shift), tasks, timers);
    }

    /// <summary>
    /// Cancels the cycle and every running instance in it (their open tasks cancelled, their timers then finding
    /// nothing to do), as <see cref="Workflows.ProcessRuntime.CancelAsync"/> cancels one; each instance's journal says
    /// so. A cancelled cycle stays cancelled: cancelling it again changes nothing.
    /// </summary>
    public static async Task<CancelResult> CancelAsync(Database database, TimeProvider clock, string cycleId, string actor, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var cycle = Expect(await FindAsync(work, cycleId), expectedVersion);
        if (cycle.Status == CycleStatus.Cancelled)
        {
            return new CancelResult(cycle, 0, 0);
        }

        // The cycle's row first: a launch into the cycle waits for this command and then finds it cancelled.
        if (!await CycleStore.CancelAsync(work, cycle.Id))
        {
            throw new ConcurrencyConflictException("cycle", cycle.Id, 0);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var instances = await CycleStore.CancelRunningInstancesAsync(work, cycle.Id, now);
        var tasks = await CycleStore.CancelOpenTasksAsync(work, cycle.Id, now);
        await CycleStore.JournalCancelledInstancesAsync(work, cycle.Id, now, actor, new JsonObject { ["from"] = null, ["to"] = null, ["cycle"] = cycle.Id }.ToJsonString());
        await JournalAsync(work, clock, actor, "cycle.cancelled", cycle, new JsonObject
        {
            ["status"] = CycleStatus.Cancelled,
            ["instances"] = instances,
            ["tasks"] = tasks,
        });
        await work.CommitAsync(cancellationToken);
        return new CancelResult(cycle with { Status = CycleStatus.Cancelled }, instances, tasks);
    }

    /// <summary>Closes the cycle to new launches; its instances run on. Closing a closed cycle changes nothing.</summary>
    public static async Task<CycleRow> CloseAsync(Database database, TimeProvider clock, string cycleId, string actor, string? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var cycle = Expect(await FindAsync(work, cycleId), expectedVersion);
        if (cycle.Status == CycleStatus.Closed)
        {
            return cycle;
        }

        if (cycle.Status == CycleStatus.Cancelled)
        {
            throw Cancelled(cycle);
        }

        if (!await CycleStore.CloseAsync(work, cycle.Id))
        {
            throw new ConcurrencyConflictException("cycle", cycle.Id, 0);
        }

        await JournalAsync(work, clock, actor, "cycle.closed", cycle, new JsonObject { ["status"] = CycleStatus.Closed });
        await work.CommitAsync(cancellationToken);
        return cycle with { Status = CycleStatus.Closed };
    }

    /// <summary>
    /// The version of a cycle's row as clients see it (an ETag): it changes whenever a command changes the cycle's
    /// end or status, the two things these commands change.
    /// </summary>
    public static string VersionOf(CycleRow cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cycle.Id}|{cycle.Status}|{cycle.EndsAt}");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    // A command made on a version the caller read: when the cycle has changed since, nothing is done.
    private static CycleRow Expect(CycleRow cycle, string? expectedVersion) =>
        expectedVersion is null || VersionOf(cycle) == expectedVersion ? cycle : throw new ConcurrencyConflictException("cycle", cycle.Id, 0);

    private static async Task<CycleRow> FindAsync(UnitOfWork work, string cycleId) =>
        await CycleStore.FindAsync(work, cycleId)
        ?? throw CycleRequestException.Of("/cycleId", "cycle.not-found", $"没有周期「{cycleId}」", $"There is no cycle \"{cycleId}\"");

    private static CycleRequestException Cancelled(CycleRow cycle) => CycleRequestException.Of(
        "/cycleId", "cycle.cancelled", $"周期「{cycle.Id}」已取消", $"The cycle \"{cycle.Id}\" is cancelled");

    // An entry on the cycle: its status and end before, and what the command changed after.
    private static Task JournalAsync(UnitOfWork work, TimeProvider clock, string actor, string action, CycleRow before, JsonObject after) =>
        AuditLog.AppendAsync(work, new AuditEntry(
            clock.GetUtcNow().ToUnixTimeMilliseconds(),
            actor,
            action,
            "cycle",
            before.Id,
            new JsonObject { ["status"] = before.Status, ["endsAt"] = before.EndsAt }.ToJsonString(),
            after.ToJsonString()));
}
