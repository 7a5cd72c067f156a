using Dapper;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Reports;

/// <summary>
/// An instance as a report's reader may see it: the row (its status and dates), its process, the steps it waits at,
/// and what <see cref="InstanceDesk"/> shows that reader of it — forms, answers, timeline. Every report reads the
/// instances it is about this way, through the rule of who sees what (<see cref="Visibility"/>), never from the stored
/// forms: a report holds no more than its reader could read on screen.
/// </summary>
internal sealed record SeenInstance(InstanceRow Row, ProcessDefinition Process, IReadOnlyList<string> Active, InstanceDetails Details, IReadOnlyList<TimelineItem> Timeline)
{
    /// <summary>
    /// The instances of <paramref name="subjectIds"/> (cancelled ones left out; only of <paramref name="processKeys"/>
    /// when given) that <paramref name="personId"/> sees, as they see them — and, when <paramref name="readerId"/> is
    /// someone else (an HRBP reading an employee's history), as far as the reader may see them too. Oldest first.
    /// </summary>
    public static async Task<IReadOnlyList<SeenInstance>> ReadAsync(
        UnitOfWork work, IReadOnlyCollection<string> subjectIds, string personId, string readerId, DateTimeOffset now, IReadOnlyCollection<string>? processKeys = null)
    {
        var seen = new List<SeenInstance>();
        foreach (var subjectId in subjectIds)
        {
            var rows = await work.Connection.QueryAsync<InstanceRow>(
                """
                SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                       status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
                FROM process_instances WHERE subject_id = @Subject AND status <> 'cancelled'
                """,
                new { Subject = subjectId },
                work.Transaction);
            foreach (var row in rows.Where(r => processKeys is null || processKeys.Contains(r.ProcessKey)))
            {
                if (await OfAsync(work, row, personId, readerId, now) is { } instance)
                {
                    seen.Add(instance);
                }
            }
        }

        return [.. seen.OrderBy(s => s.Row.CreatedAt).ThenBy(s => s.Row.Id, StringComparer.Ordinal)];
    }

    /// <summary>One instance as <paramref name="personId"/> sees it as far as <paramref name="readerId"/> may too; null when they do not.</summary>
    public static async Task<SeenInstance?> OfAsync(UnitOfWork work, InstanceRow row, string personId, string readerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (await ProcessCatalog.ProcessAsync(work, row.ProcessKey, row.ProcessVersion) is null)
        {
            return null;
        }

        var run = await Run.OpenAsync(work, row, now, personId);
        var sight = await (await Visibility.ForAsync(work, run, personId)).AsFarAsAsync(work, readerId);
        if (!sight.SeesInstance)
        {
            return null;
        }

        return new SeenInstance(row, run.Process, [.. run.State.Active], await InstanceDesk.DetailsAsync(work, run, sight, now), await InstanceDesk.TimelineAsync(work, run, sight));
    }
}
