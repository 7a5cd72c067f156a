using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Cycles;

/// <summary>
/// Tells the people who still have open tasks in a cycle that it closes soon (<c>cycle.closing-soon</c>): once per
/// person and cycle end, about their soonest-due open task. The host's timer sweep runs it with the lead time it is
/// configured with; an extended cycle is announced again before its new end.
/// </summary>
internal static class ClosingSoonNotices
{
    /// <summary>The lead time when the host configures none: three days before the cycle ends.</summary>
    public static readonly TimeSpan DefaultLead = TimeSpan.FromDays(3);

    /// <summary>
    /// Queues the notices of every open cycle that ends within <paramref name="lead"/> from now and has not been
    /// announced; returns how many notices it queued. Each cycle is one transaction; of several nodes running this at
    /// once, the one whose conditional update marks the cycle sends its notices, the others skip it.
    /// </summary>
    public static async Task<int> SendAsync(Database database, TimeProvider clock, TimeSpan lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        IReadOnlyList<CycleRow> due;
        await using (var read = await UnitOfWork.BeginReadAsync(database, cancellationToken))
        {
            due = await CycleStore.DueForClosingNoticeAsync(read, now.ToUnixTimeMilliseconds(), (now + lead).ToUnixTimeMilliseconds());
        }

        var queued = 0;
        foreach (var cycle in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            queued += await SendForAsync(database, cycle, now, cancellationToken);
        }

        return queued;
    }

    private static async Task<int> SendForAsync(Database database, CycleRow cycle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var at = now.ToUnixTimeMilliseconds();
        if (!await CycleStore.ClaimClosingNoticeAsync(work, cycle.Id, at))
        {
            return 0;
        }

        // One notice per person, about the task they must finish first.
        var messages = (await CycleStore.OpenTasksAsync(work, cycle.Id))
            .DistinctBy(t => t.AssigneeId, StringComparer.Ordinal)
            .Select(t => new Notice(
                    NoticeEvent.CycleClosingSoon,
                    t.AssigneeId,
                    Notice.Key(string.Create(CultureInfo.InvariantCulture, $"{cycle.Id}:closing-soon:{cycle.EndsAt}:{t.AssigneeId}")))
                { TaskId = t.TaskId, Step = t.Step, DueAt = t.DueAt }
                .ToOutbox(t.ProcessKey, t.ProcessVersion, t.InstanceId, cycle.Id, t.SubjectId, Run.NewId(now), at))
            .ToList();
        await OutboxStore.EnqueueAsync(work, messages, cancellationToken);
        await AuditLog.AppendAsync(work, new AuditEntry(at, "system", "cycle.closing-soon", "cycle", cycle.Id, null, new JsonObject
        {
            ["endsAt"] = cycle.EndsAt,
            ["notices"] = messages.Count,
        }.ToJsonString()));
        await work.CommitAsync(cancellationToken);
        return messages.Count;
    }
}
