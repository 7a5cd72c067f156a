using Dapper;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Workflows;

/// <summary>A person one may start a process for: their id and names.</summary>
public sealed record StartablePerson(string Id, LocalizedText Name);

/// <summary>A published process the caller may start on demand, and the people they may start it for (themselves first).</summary>
public sealed record StartableProcess(string Key, LocalizedText Title, IReadOnlyList<StartablePerson> For);

/// <summary>
/// What starting on demand did: the instance started and the first task it opened for the starter (null when its
/// first step is someone else's); or refused — <see cref="UnknownProcess"/> when no such process is published,
/// <see cref="NotStartable"/> when the caller may not start it for that subject (or there is no such subject: the
/// two answer alike, so that a refusal tells nobody who exists).
/// </summary>
public sealed record OnDemandStart(OnDemandStartStatus Status, string? InstanceId = null, string? StarterTaskId = null);

public enum OnDemandStartStatus
{
    Started,
    UnknownProcess,
    NotStartable,
}

/// <summary>
/// The one door for starting a process on demand, outside any cycle (issue 15): which processes a person may start and
/// for whom, and the start itself. Who may is the process's <c>startableBy</c> (<see cref="Starters"/>): the starter
/// must stand in one of its relations to the subject, as <see cref="Relationships"/> resolves a step's assignee over
/// the stored organisation — <c>manager</c> lets the subject's manager start it. The start is the runtime's own
/// (<see cref="ProcessRuntime"/>): the journal records the starter as its actor, and due times count from now.
/// </summary>
public sealed class OnDemandStarts(Database database, TimeProvider clock)
{
    private readonly ProcessRuntime runtime = new(database, clock);

    /// <summary>
    /// The published processes <paramref name="personId"/> may start, by key, each with the people they may start it
    /// for: themselves first (<c>subject</c>), then the others by id. A process whose relations find nobody is left out.
    /// </summary>
    public async Task<IReadOnlyList<StartableProcess>> StartableAsync(string personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personId);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var processes = new List<ProcessDefinition>();
        foreach (var (key, latest, _) in await DefinitionStore.KeysAsync(work, ProcessCatalog.ProcessKind))
        {
            if (latest is { } version && await ProcessCatalog.ProcessAsync(work, key, version) is { StartableBy.Count: > 0 } process)
            {
                processes.Add(process);
            }
        }

        if (processes.Count == 0)
        {
            return [];
        }

        // Who stands in each relation to the caller is asked of the database from the caller's side: only the people
        // found are read, not the organisation (docs/performance.md, "Lists").
        if (await OrganisationStore.FindPersonAsync(work, personId) is not { } me)
        {
            return [];
        }

        var forRelation = new Dictionary<string, IReadOnlyList<Person>>(StringComparer.Ordinal);
        async Task<IReadOnlyList<Person>> ForAsync(string relation)
        {
            if (!forRelation.TryGetValue(relation, out var found))
            {
                forRelation[relation] = found = Starters.IsKnown(relation) ? await OrganisationStore.NamingAsync(work, relation, personId) ?? [] : [];
            }

            return found;
        }

        var startable = new List<StartableProcess>();
        foreach (var process in processes)
        {
            var chosen = new List<Person>();
            foreach (var relation in process.StartableBy)
            {
                chosen.AddRange(await ForAsync(relation));
            }

            var ordered = chosen.DistinctBy(p => p.Id).OrderBy(p => p.Id == me.Id ? 0 : 1).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
            if (ordered.Count > 0)
            {
                startable.Add(new StartableProcess(process.Key, process.Title, [.. ordered.Select(p => new StartablePerson(p.Id, p.Name))]));
            }
        }

        return startable;
    }

    /// <summary>
    /// Starts the newest published version of <paramref name="processKey"/> for <paramref name="subjectId"/> when
    /// <paramref name="personId"/> may (its <c>startableBy</c>, decided in the same transaction as the start). A
    /// <paramref name="mark"/> (the request's claimed Idempotency-Key) is marked in the same transaction too.
    /// </summary>
    public async Task<OnDemandStart> StartAsync(string processKey, string subjectId, string personId, IdempotencyMark? mark = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processKey);
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(personId);
        var published = false;
        var (instance, tasks) = await runtime.StartAsync(processKey, subjectId, personId, async (work, process) =>
        {
            published = true;
            var people = Relationships.InStore(work);
            foreach (var relation in process.StartableBy)
            {
                if (await MayStartForAsync(people, relation, personId, subjectId))
                {
                    return true;
                }
            }

            return false;
        }, mark, cancellationToken);
        if (instance is null)
        {
            return new OnDemandStart(published ? OnDemandStartStatus.NotStartable : OnDemandStartStatus.UnknownProcess);
        }

        var mine = tasks.FirstOrDefault(t => t.AssigneeId == personId && t.Status == TaskStatuses.Open);
        return new OnDemandStart(OnDemandStartStatus.Started, instance.Id, mine?.Id);
    }

    /// <summary>
    /// The start <paramref name="personId"/> made of <paramref name="processKey"/> for <paramref name="subjectId"/> at or
    /// after <paramref name="since"/> (Unix milliseconds): how a retry whose first answer was lost learns what its start
    /// created. Null when there is none.
    /// </summary>
    public async Task<OnDemandStart?> StartedAsync(string processKey, string subjectId, string personId, long since, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var instanceId = await work.Connection.QueryFirstOrDefaultAsync<string>(
            "SELECT id FROM process_instances WHERE process_key = @Process AND subject_id = @Subject AND cycle_id IS NULL AND created_at >= @Since ORDER BY created_at, id",
            new { Process = processKey, Subject = subjectId, Since = since },
            work.Transaction);
        if (instanceId is null)
        {
            return null;
        }

        var mine = await work.Connection.QueryFirstOrDefaultAsync<string>(
            "SELECT id FROM tasks WHERE instance_id = @Instance AND assignee_id = @Person AND status = @Open ORDER BY created_at, id",
            new { Instance = instanceId, Person = personId, Open = TaskStatuses.Open },
            work.Transaction);
        return new OnDemandStart(OnDemandStartStatus.Started, instanceId, mine);
    }

    // Whether the starter stands in the relation to the subject: the person the relation names for the subject, as it
    // names a step's assignee (the subject themselves, their manager, skip-level, department head, HRBP).
    private static async Task<bool> MayStartForAsync(Relationships people, string relation, string starterId, string subjectId) =>
        Starters.IsKnown(relation) && (await people.ResolveAsync(new Assignee(relation), subjectId)).Any(p => p.Id == starterId);
}
