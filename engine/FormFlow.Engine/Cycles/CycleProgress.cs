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
            Completions(await CycleProgressStore.DepartmentNamesAsync(work, Ordered(byDepartment))),
            Completions(await CycleProgressStore.ManagerNamesAsync(work, Ordered(byManager))));
    }

    /// <summary>
    /// Where a cycle stands now, as its page shows it: the launched instances by status, how many tasks are open and
    /// overdue, and of the departments and managers the <paramref name="rowsListed"/> least complete (see
    /// <see cref="LeastComplete"/>) with how many there are; null when there is no such cycle. Counts what the page
    /// shows and no more: not the instances by process nor the tasks by step of <see cref="OfAsync"/>, and names only
    /// the rows listed.
    /// </summary>
    public static async Task<CycleProgressSummary?> StandingAsync(Database database, TimeProvider clock, string cycleId, int rowsListed, CancellationToken cancellationToken = default)
    {
        // Only reads, as OfAsync.
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await OverdueAsync(work, clock, cycleId, limit: 0) is not { } overdue)
        {
            return null;
        }

        var (byDepartment, byManager) = await CycleProgressStore.CompletionAsync(work, cycleId);
        // Picked by their counts, then named: the names of a few, not of every manager of the cycle.
        var departments = LeastComplete(Ordered(byDepartment), rowsListed);
        var managers = LeastComplete(Ordered(byManager), rowsListed);
        return new CycleProgressSummary(
            CycleOperations.Info(overdue.Cycle),
            overdue.AsOf,
            byDepartment.Sum(c => c.People),
            byDepartment.Sum(c => c.Completed),
            byDepartment.Sum(c => c.Running),
            byDepartment.Sum(c => c.Cancelled),
            await CycleProgressStore.OpenTaskCountAsync(work, cycleId),
            overdue.Count,
            byDepartment.Count,
            byManager.Count,
            Completions(await CycleProgressStore.DepartmentNamesAsync(work, departments)),
            Completions(await CycleProgressStore.ManagerNamesAsync(work, managers)));
    }

    // All of the rows, in their order, when there are at most limit; else the limit least complete (completed of those
    // not cancelled; nobody left to complete counts as complete), those with more people still running first among
    // equals — the ones an HRBP chases — in the rows' order after that.
    private static List<CompletionRow> LeastComplete(List<CompletionRow> rows, int limit)
    {
        static double Share(CompletionRow r) => r.Completed + r.Running == 0 ? 1 : (double)r.Completed / (r.Completed + r.Running);
        return rows.Count <= limit ? rows : [.. rows.OrderBy(Share).ThenByDescending(r => r.Running).Take(limit)];
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
    private static List<CompletionRow> Ordered(IReadOnlyList<CompletionRow> rows) =>
        [.. rows.OrderBy(r => r.Id is null).ThenBy(r => r.Id, StringComparer.Ordinal)];

    private static List<Completion> Completions(IReadOnlyList<CompletionRow> rows) =>
        [.. rows.Select(r => new Completion(r.Id, r.NameZh is null ? null : new LocalizedText(r.NameZh, r.NameEn ?? r.NameZh), r.People, r.Completed, r.Running, r.Cancelled))];
}
