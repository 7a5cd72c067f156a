using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;
using Newtonsoft.Json.Linq;

namespace FormFlow.Indicators;

/// <summary>Loading an indicator document: the indicator when lint found no error, and every finding.</summary>
public sealed record IndicatorLoadResult(Indicator? Indicator, IReadOnlyList<LintFinding> Findings);

/// <summary>
/// The proposals for a task's list of indicators: the list (<c>indicators.field</c> of its template), how many items it
/// takes (<c>minItems</c>, <c>maxItems</c>, null when unbounded), whom they are for, and the proposals, best first.
/// </summary>
public sealed record IndicatorTaskProposals(
    string Field,
    int? MinItems,
    int? MaxItems,
    string SubjectId,
    IndicatorSubject Subject,
    IReadOnlyList<IndicatorProposal> Proposals);

/// <summary>
/// The indicator library (docs/indicators.md): indicators are definitions of the kind <c>indicator</c>, versioned like
/// the others (draft 0, published 1, 2, …). Loads and lints them, publishes them, reads the published library, and
/// proposes indicators for a person by role family, level and department.
/// </summary>
public static class IndicatorLibrary
{
    /// <summary>The <c>definitions.kind</c> of an indicator.</summary>
    public const string Kind = "indicator";

    /// <summary>The format marker of an indicator document.</summary>
    public const string FormatMarker = "indicator/1";

    // The weight of each kind of match in a proposal's score: the role family says most about the job, then the level.
    private const int RoleFamilyWeight = 4;
    private const int LevelWeight = 2;
    private const int DepartmentWeight = 1;

    /// <summary>Lints an indicator document and, when it has no error, reads it.</summary>
    public static IndicatorLoadResult Load(string json)
    {
        var (indicator, findings) = IndicatorLinter.Lint(json);
        return new IndicatorLoadResult(indicator, findings);
    }

    /// <summary>The newest published version of every indicator, by key.</summary>
    public static async Task<IReadOnlyList<Indicator>> PublishedAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return await PublishedAsync(work);
    }

    internal static async Task<IReadOnlyList<Indicator>> PublishedAsync(UnitOfWork work)
    {
        var indicators = new List<Indicator>();
        foreach (var (key, latest, _) in await DefinitionStore.KeysAsync(work, Kind))
        {
            if (latest is { } version && await DefinitionStore.FindAsync(work, Kind, key, version) is { } row && Load(row.Body).Indicator is { } indicator)
            {
                indicators.Add(indicator);
            }
        }

        return indicators;
    }

    /// <summary>
    /// Publishes an indicator document as the next version of its key, in its canonical form (<see cref="Indicator.ToJson"/>);
    /// with <paramref name="unlessUnchanged"/> nothing is written when the newest version says the same. Refused with the
    /// findings when lint finds an error.
    /// </summary>
    internal static async Task<(int? Version, IReadOnlyList<LintFinding> Findings, bool Unchanged)> PublishAsync(UnitOfWork work, string json, string by, long at, bool unlessUnchanged)
    {
        var loaded = Load(json);
        if (loaded.Indicator is not { } indicator)
        {
            return (null, loaded.Findings, false);
        }

        var body = indicator.ToJson();
        if (unlessUnchanged && await DefinitionStore.LatestVersionAsync(work, Kind, indicator.Key) is { } latest
            && await DefinitionStore.FindAsync(work, Kind, indicator.Key, latest) is { } current && Same(current.Body, body))
        {
            return (latest, loaded.Findings, true);
        }

        return (await DefinitionStore.PublishBodyAsync(work, Kind, indicator.Key, body, by, at), loaded.Findings, false);
    }

    /// <summary>Whether two indicator documents say the same (compared in their canonical form; a document that does not load by its text).</summary>
    internal static bool Same(string left, string right)
    {
        var a = Load(left).Indicator?.ToJson();
        var b = Load(right).Indicator?.ToJson();
        return a is not null && b is not null ? JToken.DeepEquals(JToken.Parse(a), JToken.Parse(b)) : string.Equals(left, right, StringComparison.Ordinal);
    }

    /// <summary>
    /// Publishes what is new or changed of <paramref name="files"/> (source name → JSON), the shipped library at start-up,
    /// in one transaction: a second run over the same files publishes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<DefinitionPublication>> PublishChangedAsync(Database database, IReadOnlyDictionary<string, string> files, string by, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(clock);
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var results = new List<DefinitionPublication>();
                await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
                foreach (var (source, json) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    var (version, findings, unchanged) = await PublishAsync(work, json, by, at, unlessUnchanged: true);
                    var outcome = version is null ? PublishOutcome.Rejected : unchanged ? PublishOutcome.Unchanged : PublishOutcome.Published;
                    results.Add(new DefinitionPublication(Kind, source, Load(json).Indicator?.Key, outcome, version, findings));
                }

                await work.CommitAsync(cancellationToken);
                return results;
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Another node published the same version first; the next attempt finds it and publishes only what is left.
            }
        }
    }

    /// <summary>
    /// The indicators of <paramref name="library"/> for a person, best match first: those whose <c>appliesTo</c> fits
    /// them (an empty list fits anyone), each with the target and threshold of the most specific grade that fits them
    /// (else the defaults). The score counts what matched — a role family most, then a level, then a department — in
    /// the indicator's scope and in its grade; ties keep the library's order (by key).
    /// </summary>
    public static IReadOnlyList<IndicatorProposal> Propose(IReadOnlyList<Indicator> library, IndicatorSubject subject)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(subject);
        var proposals = new List<IndicatorProposal>();
        foreach (var indicator in library.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (!indicator.AppliesTo.Fits(subject))
            {
                continue;
            }

            var grade = indicator.Grades
                .Where(g => g.Scope.Fits(subject))
                .Select((g, index) => (Grade: g, Index: index))
                .OrderByDescending(g => Weight(g.Grade.Scope))
                .ThenBy(g => g.Index)
                .Select(g => g.Grade)
                .FirstOrDefault();
            var score = Weight(indicator.AppliesTo) + (grade is null ? 0 : Weight(grade.Scope));
            proposals.Add(grade is null
                ? new IndicatorProposal(indicator, indicator.Target, indicator.Threshold, score)
                : new IndicatorProposal(indicator, grade.Target, grade.Threshold, score));
        }

        return [.. proposals.OrderByDescending(p => p.Score)];
    }

    /// <summary>
    /// The proposals for a task: only for its assignee while it is open, when its template names a list of indicators
    /// (<c>indicators.field</c>) that the task writes; null otherwise (the API answers 404, as for a task that is not
    /// the caller's). They are for the instance's subject — their level and department, and their role family unless
    /// <paramref name="roleFamily"/> (the one the form chose) says another.
    /// </summary>
    public static async Task<IndicatorTaskProposals?> ProposeForTaskAsync(Database database, string taskId, string personId, string? roleFamily, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await TaskCompletionStore.FindAsync(work, taskId) is not { } found || found.Task.AssigneeId != personId || found.Task.Status != TaskStatuses.Open)
        {
            return null;
        }

        var (task, instance) = found;
        var run = await Run.OpenAsync(work, instance, clock.GetUtcNow(), personId);
        var (template, access) = await ProcessRuntime.AccessAsync(work, run, task);
        if (template.IndicatorField is not { } field || !access.Writable.Contains(field))
        {
            return null;
        }

        var subject = await SubjectAsync(work, instance.SubjectId);
        if (!string.IsNullOrWhiteSpace(roleFamily))
        {
            subject = subject with { RoleFamily = roleFamily.Trim() };
        }

        var list = template.Schema["properties"]?[field];
        return new IndicatorTaskProposals(
            field,
            list?["minItems"]?.Type == JTokenType.Integer ? (int)list["minItems"]! : null,
            list?["maxItems"]?.Type == JTokenType.Integer ? (int)list["maxItems"]! : null,
            instance.SubjectId,
            subject,
            Propose(await PublishedAsync(work), subject));
    }

    // Whom a person is, for proposals: nobody in particular when they have left the organisation.
    internal static async Task<IndicatorSubject> SubjectAsync(UnitOfWork work, string personId)
    {
        if (await OrganisationStore.FindPersonAsync(work, personId) is not { } person)
        {
            return new IndicatorSubject(null, null, []);
        }

        var departments = person.DepartmentId is { } department ? await OrganisationStore.DepartmentsUpAsync(work, department) : [];
        return new IndicatorSubject(
            string.IsNullOrWhiteSpace(person.RoleFamily) ? null : person.RoleFamily,
            string.IsNullOrWhiteSpace(person.Level) ? null : person.Level,
            departments);
    }

    private static int Weight(IndicatorScope scope) =>
        (scope.RoleFamilies.Count > 0 ? RoleFamilyWeight : 0) + (scope.Levels.Count > 0 ? LevelWeight : 0) + (scope.Departments.Count > 0 ? DepartmentWeight : 0);
}
