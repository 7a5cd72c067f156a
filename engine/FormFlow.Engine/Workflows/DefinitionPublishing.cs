using FormFlow.Storage;
using FormFlow.Templates;

namespace FormFlow.Workflows;

/// <summary>What publishing one definition file did.</summary>
public enum PublishOutcome
{
    /// <summary>A new version was published.</summary>
    Published,

    /// <summary>The newest published version already has this content: nothing was written.</summary>
    Unchanged,

    /// <summary>The file has errors (see the findings): nothing was written.</summary>
    Rejected,
}

/// <summary>
/// One definition file and what became of it: its kind (<c>template</c> or <c>process</c>), the name it was given as
/// (a file name), its key when it could be read, the outcome, the version now current, and the lint findings.
/// </summary>
public sealed record DefinitionPublication(string Kind, string Source, string? Key, PublishOutcome Outcome, int? Version, IReadOnlyList<LintFinding> Findings);

/// <summary>
/// Publishes a set of templates and processes — a server's shipped ones at start-up — where they are new or their
/// content changed, in one transaction: a second run over the same files publishes nothing, and two nodes starting
/// at once over one server database publish each version once.
/// </summary>
public static class DefinitionPublishing
{
    private const int Attempts = 3;

    /// <summary>
    /// Publishes what is new or changed of <paramref name="templates"/> and then of <paramref name="processes"/> (each by
    /// source name → JSON). A process is pinned to the templates' newest versions, so a changed template publishes the
    /// processes that use it again; a process that starts another is published after it, whatever the order given.
    /// </summary>
    public static async Task<IReadOnlyList<DefinitionPublication>> PublishChangedAsync(
        Database database,
        IReadOnlyDictionary<string, string> templates,
        IReadOnlyDictionary<string, string> processes,
        string by,
        TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(clock);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PublishOnceAsync(database, templates, processes, by, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // Another node published the same version first; the next attempt finds it and publishes only what is left.
            }
        }
    }

    private static async Task<IReadOnlyList<DefinitionPublication>> PublishOnceAsync(
        Database database,
        IReadOnlyDictionary<string, string> templates,
        IReadOnlyDictionary<string, string> processes,
        string by,
        long at,
        CancellationToken cancellationToken)
    {
        var results = new List<DefinitionPublication>();
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        foreach (var (source, json) in templates.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var result = await ProcessCatalog.PublishTemplateAsync(work, json, by, at, unlessUnchanged: true);
            results.Add(Publication(ProcessCatalog.TemplateKind, source, FormTemplate.Load(json).Template?.Key, result));
        }

        // A process that starts another is refused until that one is published: go round while rounds publish something.
        var waiting = processes.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var rejected = new Dictionary<string, PublishResult>(StringComparer.Ordinal);
        while (waiting.Count > 0)
        {
            var next = new List<KeyValuePair<string, string>>();
            foreach (var (source, json) in waiting)
            {
                var result = await ProcessCatalog.PublishProcessAsync(work, json, by, at, unlessUnchanged: true);
                if (result.Version is null)
                {
                    rejected[source] = result;
                    next.Add(new(source, json));
                }
                else
                {
                    rejected.Remove(source);
                    results.Add(Publication(ProcessCatalog.ProcessKind, source, KeyOf(json), result));
                }
            }

            if (next.Count == waiting.Count)
            {
                break;
            }

            waiting = next;
        }

        results.AddRange(waiting.Select(w => Publication(ProcessCatalog.ProcessKind, w.Key, KeyOf(w.Value), rejected[w.Key])));
        await work.CommitAsync(cancellationToken);
        return results;
    }

    private static string? KeyOf(string processJson) => Processes.ProcessReader.Read(processJson).Process?.Key;

    private static DefinitionPublication Publication(string kind, string source, string? key, PublishResult result) => new(
        kind,
        source,
        key,
        result.Version is null ? PublishOutcome.Rejected : result.Unchanged ? PublishOutcome.Unchanged : PublishOutcome.Published,
        result.Version,
        result.Findings);
}
