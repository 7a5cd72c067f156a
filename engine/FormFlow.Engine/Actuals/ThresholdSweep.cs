using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Actuals;

/// <summary>What one sweep did: how many people it read, and how many warnings it opened and cleared.</summary>
public sealed record SweepResult(int People, int Opened, int Cleared);

/// <summary>
/// The threshold warning (docs/kpi-actuals.md): an indicator on the wrong side of its threshold — below it when higher
/// is better, above it when lower is — for <c>warn_after</c> consecutive periods opens a warning, and the person and
/// their manager are notified once (<c>kpi.threshold-warning</c>, with the values of those periods); a later period on
/// the right side clears it, and a new breach after that opens a new one. The host's timer sweeper runs it over
/// everybody, page by page of people; writing actuals runs it at once for the people written. Several nodes may run it:
/// at most one warning is open per person and indicator (a unique index), and only the sweep that opened it notifies.
/// </summary>
public sealed class ThresholdSweep(Database database, TimeProvider clock)
{
    /// <summary>How many people one page reads (one statement, one transaction).</summary>
    public const int DefaultPage = 2000;

    /// <summary>Sweeps everybody, <paramref name="page"/> people at a time in the order of their ids.</summary>
    public async Task<SweepResult> SweepAllAsync(int page = DefaultPage, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var total = new SweepResult(0, 0, 0);
        var after = string.Empty;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<string> people;
            await using (var read = await UnitOfWork.BeginReadAsync(database, cancellationToken))
            {
                people = [.. await read.Connection.QueryAsync<string>(PeoplePageSql(read.Dialect), new { After = after, Page = page }, read.Transaction)];
            }

            if (people.Count == 0)
            {
                break;
            }

            var done = await SweepRangeAsync(after, people[^1], cancellationToken);
            total = new SweepResult(total.People + people.Count, total.Opened + done.Opened, total.Cleared + done.Cleared);
            after = people[^1];
            if (people.Count < page)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Sweeps the people named (right after their actuals were written).</summary>
    public async Task<SweepResult> SweepPeopleAsync(IReadOnlyCollection<string> people, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(people);
        var total = new SweepResult(0, 0, 0);
        foreach (var chunk in people.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var done = await SweepAsync(
                ActualsStore.In(database.Dialect, "a.person_id", "People"), ActualsStore.In(database.Dialect, "person_id", "People"), new { People = chunk }, cancellationToken);
            total = new SweepResult(total.People + chunk.Length, total.Opened + done.Opened, total.Cleared + done.Cleared);
        }

        return total;
    }

    private Task<SweepResult> SweepRangeAsync(string after, string last, CancellationToken cancellationToken) =>
        SweepAsync("a.person_id > @After AND a.person_id <= @Last", "person_id > @After AND person_id <= @Last", new { After = after, Last = last }, cancellationToken);

    internal static string PeoplePageSql(StorageDialect dialect) => dialect == StorageDialect.SqlServer
        ? "SELECT TOP (@Page) id FROM people WHERE id > @After ORDER BY id"
        : "SELECT id FROM people WHERE id > @After ORDER BY id LIMIT @Page";

    private async Task<SweepResult> SweepAsync(string actualsCondition, string warningsCondition, object args, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var open = (await ActualsStore.OpenWarningsAsync(work, warningsCondition, args))
            .ToDictionary(w => (w.PersonId, w.Indicator));

        var opened = new List<(WarningRow Warning, LatestPeriod Latest)>();
        var cleared = new List<(WarningRow Warning, LatestPeriod Latest)>();
        var rows = work.Connection.QueryUnbufferedAsync<LatestPeriod>(ActualsStore.ScanSql(actualsCondition), args, work.Transaction);
        await foreach (var group in Groups(rows).WithCancellation(cancellationToken))
        {
            var newest = group[^1];
            open.TryGetValue((newest.PersonId, newest.Indicator), out var warning);
            if (warning is not null && !PersonIndicator.IsBreach(newest.Direction, newest.Threshold, newest.Value))
            {
                cleared.Add((warning, newest));
            }
            else if (warning is null && IsBreach(group))
            {
                var periods = group.TakeLast(newest.WarnAfter).ToList();
                var values = new JsonArray([.. periods.Select(p => (JsonNode)new JsonObject { ["period"] = p.Label, ["value"] = p.Value })]);
                opened.Add((new WarningRow
                {
                    Id = Run.NewId(now),
                    PersonId = newest.PersonId,
                    Indicator = newest.Indicator,
                    InstanceId = newest.InstanceId,
                    FirstPeriod = periods[0].Label,
                    LastPeriod = newest.Label,
                    FirstSeq = periods[0].PeriodSeq,
                    BreachValues = values.ToJsonString(),
                    OpenedAt = at,
                }, newest));
            }
        }

        if (opened.Count == 0 && cleared.Count == 0)
        {
            return new SweepResult(0, 0, 0);
        }

        var notices = new List<OutboxMessage>();
        var audit = new List<AuditEntry>();
        var instances = await InstancesAsync(work, [.. opened.Select(o => o.Warning.InstanceId).OfType<string>()]);
        var managers = await ManagersAsync(work, [.. opened.Select(o => o.Warning.PersonId)]);
        var written = await ActualsStore.OpenAsync(work, [.. opened.Select(o => o.Warning)]);
        foreach (var (warning, newest) in opened)
        {
            if (!written.Contains(warning.Id))
            {
                continue; // another node's sweep opened it first, and notifies
            }

            audit.Add(new AuditEntry(at, "system", "kpi.warning-opened", "person", warning.PersonId, null, new JsonObject
            {
                ["warning"] = warning.Id,
                ["indicator"] = warning.Indicator,
                ["values"] = JsonNode.Parse(warning.BreachValues),
                ["threshold"] = newest.Threshold,
                ["direction"] = newest.Direction,
            }.ToJsonString()));
            if (warning.InstanceId is null || !instances.TryGetValue(warning.InstanceId, out var instance))
            {
                continue;
            }

            var recipients = new List<string> { warning.PersonId };
            if (managers.GetValueOrDefault(warning.PersonId) is { } manager)
            {
                recipients.Add(manager);
            }

            foreach (var recipient in recipients)
            {
                notices.Add(new Notice(NoticeEvent.KpiThresholdWarning, recipient, Notice.Key($"kpi-warning:{warning.Id}:{recipient}"))
                {
                    Kpi = new JsonObject
                    {
                        ["warning"] = warning.Id,
                        ["indicator"] = warning.Indicator,
                        ["name"] = newest.Name,
                        ["unit"] = newest.Unit,
                        ["direction"] = newest.Direction,
                        ["threshold"] = newest.Threshold,
                        ["values"] = JsonNode.Parse(warning.BreachValues),
                    },
                }.ToOutbox(instance, Run.NewId(now), at));
            }
        }

        var clearedCount = 0;
        foreach (var (warning, newest) in cleared)
        {
            if (!await ActualsStore.ClearAsync(work, warning.Id, at, newest.Label))
            {
                continue;
            }

            clearedCount++;
            audit.Add(new AuditEntry(at, "system", "kpi.warning-cleared", "person", warning.PersonId, null, new JsonObject
            {
                ["warning"] = warning.Id,
                ["indicator"] = warning.Indicator,
                ["period"] = newest.Label,
                ["value"] = newest.Value,
            }.ToJsonString()));
        }

        await OutboxStore.EnqueueAsync(work, notices, cancellationToken);
        await AuditLog.AppendManyAsync(work, audit, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new SweepResult(0, written.Count, clearedCount);
    }

    // A breach: the newest warn_after periods, each on the wrong side, one after another with none missing.
    private static bool IsBreach(IReadOnlyList<LatestPeriod> periods)
    {
        var newest = periods[^1];
        if (periods.Count < newest.WarnAfter)
        {
            return false;
        }

        var first = periods[^newest.WarnAfter];
        return newest.PeriodSeq - first.PeriodSeq == newest.WarnAfter - 1
            && periods.Skip(periods.Count - newest.WarnAfter).All(p => PersonIndicator.IsBreach(newest.Direction, newest.Threshold, p.Value));
    }

    // The rows of one person and indicator, the newest row of each period, oldest period first; rows come ordered by
    // person, indicator, period and time, so the last row of a period is its newest.
    private static async IAsyncEnumerable<IReadOnlyList<LatestPeriod>> Groups(IAsyncEnumerable<LatestPeriod> rows)
    {
        List<LatestPeriod>? group = null;
        await foreach (var row in rows)
        {
            if (group is not null && (group[0].PersonId != row.PersonId || group[0].Indicator != row.Indicator))
            {
                yield return group;
                group = null;
            }

            group ??= [];
            if (group.Count > 0 && group[^1].PeriodSeq == row.PeriodSeq)
            {
                group[^1] = row;
            }
            else
            {
                group.Add(row);
            }
        }

        if (group is not null)
        {
            yield return group;
        }
    }

    private static async Task<Dictionary<string, InstanceRow>> InstancesAsync(UnitOfWork work, IReadOnlyCollection<string> ids)
    {
        var found = new Dictionary<string, InstanceRow>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var row in await work.Connection.QueryAsync<InstanceRow>(
                $"""
                SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                       status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
                FROM process_instances WHERE {ActualsStore.In(work.Dialect, "id", "Ids")}
                """,
                new { Ids = chunk },
                work.Transaction))
            {
                found[row.Id] = row;
            }
        }

        return found;
    }

    private static async Task<Dictionary<string, string>> ManagersAsync(UnitOfWork work, IReadOnlyCollection<string> people)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in people.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var (id, manager) in await work.Connection.QueryAsync<(string, string?)>(
                $"SELECT id, manager_id FROM people WHERE {ActualsStore.In(work.Dialect, "id", "Ids")}", new { Ids = chunk }, work.Transaction))
            {
                if (manager is not null)
                {
                    found[id] = manager;
                }
            }
        }

        return found;
    }

    /// <summary>A row of <see cref="ActualsStore.ScanSql"/>.</summary>
    internal sealed record LatestPeriod
    {
        public required string PersonId { get; init; }

        public required string Indicator { get; init; }

        public required string Name { get; init; }

        public string? Unit { get; init; }

        public int PeriodSeq { get; init; }

        /// <summary>The period as people write it, from its number.</summary>
        public string Label => Period.FromSeq(Frequency, PeriodSeq).Label;

        public double Value { get; init; }

        public string? InstanceId { get; init; }

        public required string Direction { get; init; }

        public double? Threshold { get; init; }

        public int WarnAfter { get; init; }

        public required string Frequency { get; init; }
    }
}
