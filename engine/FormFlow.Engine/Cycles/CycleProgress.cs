using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Cycles;

/// <summary>An overdue task and by how many days: a task one hour past due is in its first day overdue.</summary>
internal sealed record Overdue(OverdueTask Task, int DaysOverdue);

/// <summary>The people of one department (or of one manager) and how far their instances are; Id null for none.</summary>
public sealed record Completion(string? Id, LocalizedText? Name, int People, int Completed, int Running, int Cancelled);

/// <summary>
/// Where a cycle stands at <see cref="AsOf"/>: its instances by process and status, its open tasks by step, the open
/// tasks past due (how many, and the most overdue), and completion of the launched instances by the subjects'
/// department and by their manager.
/// </summary>
internal sealed record CycleProgressReport(
    CycleRow Cycle,
    DateTimeOffset AsOf,
    IReadOnlyList<InstanceCount> Instances,
    IReadOnlyList<StepCount> OpenTasks,
    int OverdueCount,
    IReadOnlyList<Overdue> MostOverdue,
    IReadOnlyList<Completion> ByDepartment,
    IReadOnlyList<Completion> ByManager);

/// <summary>A cycle's open tasks past due at <see cref="AsOf"/>: how many, and the most overdue.</summary>
internal sealed record CycleOverdue(CycleRow Cycle, DateTimeOffset AsOf, int Count, IReadOnlyList<Overdue> Most);

internal static class CycleProgress
{
    private const long Day = 86_400_000;

    /// <summary>The progress of a cycle now, with at most <paramref name="overdueLimit"/> overdue tasks listed; null when there is no such cycle.</summary>
    public static async Task<CycleProgressReport?> OfAsync(Database database, TimeProvider clock, string cycleId, int overdueLimit = 100, CancellationToken cancellationToken = default)
    {
        // Only reads: a cycle of 100,000 people takes a while to count, and on SQLite a unit of work that may write
        // would hold the one writer's turn all that time, every submit of the host waiting behind it.
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await OverdueAsync(work, clock, cycleId, overdueLimit) is not { } overdue)
        {
            return null;
        }

        var (byDepartment, byManager) = await CycleProgressStore.CompletionAsync(work, cycleId);
        return new CycleProgressReport(
            overdue.Cycle,
            overdue.AsOf,
            [.. (await CycleProgressStore.InstancesAsync(work, cycleId)).OrderBy(c => c.ProcessKey, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal)],
            [.. (await CycleProgressStore.OpenTasksAsync(work, cycleId)).OrderBy(c => c.ProcessKey, StringComparer.Ordinal).ThenBy(c => c.Step, StringComparer.Ordinal)],
            overdue.Count,
            overdue.Most,
            Completions(byDepartment),
            Completions(byManager));
    }

    /// <summary>
    /// The cycle's open tasks past due now: how many, and the <paramref name="limit"/> most overdue; null when there is
    /// no such cycle. Without the rest of the progress, which counts every instance of the cycle.
    /// </summary>
    public static async Task<CycleOverdue?> OverdueAsync(UnitOfWork work, TimeProvider clock, string cycleId, int limit)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (await CycleStore.FindAsync(work, cycleId) is not { } cycle)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var (count, most) = await CycleProgressStore.OverdueAsync(work, cycle.Id, nowMs, limit);
        return new CycleOverdue(cycle, now, count, [.. most.Select(t => new Overdue(t, (int)((nowMs - t.DueAt + Day - 1) / Day)))]);
    }

    // Ordered here, not in SQL: the dialects sort NULL and text differently.
    private static List<Completion> Completions(IReadOnlyList<CompletionRow> rows) =>
        [.. rows
            .OrderBy(r => r.Id is null)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new Completion(r.Id, r.NameZh is null ? null : new LocalizedText(r.NameZh, r.NameEn ?? r.NameZh), r.People, r.Completed, r.Running, r.Cancelled))];
}
