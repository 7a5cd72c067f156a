using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Workflows;

/// <summary>The outcome of publishing: the new version, or the findings that stopped it (warnings either way).</summary>
internal sealed record PublishResult(int? Version, IReadOnlyList<LintFinding> Findings)
{
    public bool Published => Version is not null;

    /// <summary>Nothing was published: the newest published version (<see cref="Version"/>) already has this content.</summary>
    public bool Unchanged { get; init; }
}

/// <summary>What checking a process found, and — when it could be read — its key and its body with the forms pinned.</summary>
internal sealed record ProcessCheck(IReadOnlyList<LintFinding> Findings, string? Key, string? PinnedBody);

/// <summary>Definitions about to be published together with a process (an import): templates by key, notification and process keys.</summary>
internal sealed record ProcessOverlay(Func<string, FormTemplate?> Templates, IReadOnlySet<string> Notifications, IReadOnlySet<string> Processes)
{
    /// <summary>The bodies of the processes of <see cref="Processes"/> by key, when known: what a carry into one of them is checked against.</summary>
    public IReadOnlyDictionary<string, string> ProcessBodies { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// Published templates and processes, read from the definitions table, parsed once per database
/// (<see cref="UnitOfWork.PublishedAsync"/>). Publishing a process pins each of its forms to the template version current
/// at that moment, so that instances see the forms they started with.
/// </summary>
internal static class ProcessCatalog
{
    public const string TemplateKind = "template";
    public const string ProcessKind = "process";

    public static Task<FormTemplate?> TemplateAsync(UnitOfWork work, string key, int version)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.PublishedAsync(TemplateKind, key, version, body => FormTemplate.Load(body).Template
            ?? throw new InvalidOperationException($"the published template {key}@{version} no longer loads"));
    }

    public static Task<ProcessDefinition?> ProcessAsync(UnitOfWork work, string key, int version)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.PublishedAsync(ProcessKind, key, version, body => ProcessReader.Read(body).Process
            ?? throw new InvalidOperationException($"the published process {key}@{version} no longer reads"));
    }

    /// <summary>The template a process form names, at the version the process pinned.</summary>
    public static async Task<FormTemplate> FormAsync(UnitOfWork work, ProcessDefinition process, string form)
    {
        var reference = process.Forms[form];
        return await TemplateAsync(work, reference.Template, reference.Version ?? 0)
            ?? throw new InvalidOperationException($"process {process.Key} names template {reference}, which is not published");
    }

    /// <summary>Lints a template and, when it has no error, saves it as the draft and publishes it.</summary>
    /// <param name="unlessUnchanged">When the newest published version has the same content, publishes nothing and says so.</param>
    public static async Task<PublishResult> PublishTemplateAsync(UnitOfWork work, string json, string by, long at, bool unlessUnchanged = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        var loaded = FormTemplate.Load(json);
        if (loaded.Template is null)
        {
            return new PublishResult(null, loaded.Findings);
        }

        if (unlessUnchanged && await SameAsPublishedAsync(work, TemplateKind, loaded.Template.Key, json) is { } current)
        {
            return new PublishResult(current, loaded.Findings) { Unchanged = true };
        }

        var version = await DefinitionStore.PublishBodyAsync(work, TemplateKind, loaded.Template.Key, json, by, at);
        return new PublishResult(version, loaded.Findings);
    }

    /// <summary>
    /// Reads and lints a process against the published templates and the current organisation and, when it has no
    /// error, publishes it with every form pinned to its template's newest published version.
    /// </summary>
    /// <param name="unlessUnchanged">
    /// When the newest published version has the same content, with its forms pinned to the same template versions,
    /// publishes nothing and says so.
    /// </param>
    public static async Task<PublishResult> PublishProcessAsync(UnitOfWork work, string json, string by, long at, bool unlessUnchanged = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        var check = await CheckProcessAsync(work, json);
        if (check.Key is null || check.PinnedBody is null)
        {
            return new PublishResult(null, check.Findings);
        }

        if (unlessUnchanged && await SameAsPublishedAsync(work, ProcessKind, check.Key, check.PinnedBody) is { } current)
        {
            return new PublishResult(current, check.Findings) { Unchanged = true };
        }

        if (check.Findings.Any(f => f.Severity == LintSeverity.Error))
        {
            return new PublishResult(null, check.Findings);
        }

        var published = await DefinitionStore.PublishBodyAsync(work, ProcessKind, check.Key, check.PinnedBody, by, at);
        return new PublishResult(published, check.Findings);
    }

    /// <summary>
    /// Reads and lints a process as publishing would — against the published templates (each unpinned form pinned to its
    /// template's newest version), the organisation, the published processes and notification templates — and writes
    /// nothing. <paramref name="overlay"/> adds definitions about to be published with it (an import): an unpinned form
    /// of an overlaid template is checked against that template.
    /// </summary>
    public static async Task<ProcessCheck> CheckProcessAsync(UnitOfWork work, string json, ProcessOverlay? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var read = ProcessReader.Read(json);
        if (read.Process is null || read.Document is null)
        {
            return new ProcessCheck(read.Findings, null, null);
        }

        var pinned = new Dictionary<string, FormTemplate>(StringComparer.Ordinal);
        var forms = (JObject)read.Document["forms"]!;
        foreach (var (name, reference) in read.Process.Forms)
        {
            if (reference.Version is null && overlay?.Templates(reference.Template) is { } overlaid)
            {
                pinned[reference.Template] = overlaid;
                continue;
            }

            var version = reference.Version ?? await DefinitionStore.LatestVersionAsync(work, TemplateKind, reference.Template);
            if (version is not null && await TemplateAsync(work, reference.Template, version.Value) is { } template)
            {
                pinned[reference.Template + "@" + version] = template;
                forms[name] = $"{reference.Template}@{version}";
            }
        }

        var organisation = await OrganisationStore.LoadAsync(work);
        var pinnedProcess = PinnedForms(read.Process, forms);
        var lint = await ProcessLinter.LintAsync(
            read with { Process = pinnedProcess },
            reference => pinned.GetValueOrDefault(reference.ToString()),
            organisation.People.Count == 0 ? null : organisation);
        var findings = read.Findings.Concat(lint)
            .Concat(await UnpublishedTargetsAsync(work, read, overlay))
            .Concat(await CarryTargetsAsync(work, read with { Process = pinnedProcess }, name => pinnedProcess.Forms.TryGetValue(name, out var reference) ? pinned.GetValueOrDefault(reference.ToString()) : null, overlay))
            .Concat(await UnknownNotificationsAsync(work, read, overlay)).ToList();
        if (read.Process.OwnerDepartment is { } owner && organisation.People.Count > 0 && !organisation.Departments.Any(d => d.Id == owner))
        {
            findings.Add(TemplateJson.Finding("process.unknown-department", read.Document["ownerDepartment"]!, new LocalizedText(
                $"组织中没有部门「{owner}」：ownerDepartment 须为一个部门的编号，或省略（全组织的流程）",
                $"The organisation has no department \"{owner}\": ownerDepartment must be a department's id, or left out (a process of the whole organisation)")));
        }

        return new ProcessCheck(findings, read.Process.Key, read.Document.ToString(Formatting.Indented));
    }

    // The newest published version when its body is the same JSON as this one; null when it differs or none is published.
    private static async Task<int?> SameAsPublishedAsync(UnitOfWork work, string kind, string key, string body)
    {
        if (await DefinitionStore.LatestVersionAsync(work, kind, key) is not { } latest)
        {
            return null;
        }

        var stored = await DefinitionStore.FindAsync(work, kind, key, latest);
        return stored is not null && JToken.DeepEquals(JToken.Parse(stored.Body), JToken.Parse(body)) ? latest : null;
    }

    // A start-process step names a process that must be published before this one can start it (or this one).
    private static async Task<List<LintFinding>> UnpublishedTargetsAsync(UnitOfWork work, ProcessReadResult read, ProcessOverlay? overlay)
    {
        var findings = new List<LintFinding>();
        foreach (var start in read.Process!.Steps.Values.OfType<StartProcessStep>())
        {
            if (start.Process != read.Process.Key && overlay?.Processes.Contains(start.Process) != true && await DefinitionStore.LatestVersionAsync(work, ProcessKind, start.Process) is null)
            {
                var token = read.Document!["steps"]![start.Id]!["process"]!;
                findings.Add(TemplateJson.Finding("process.unknown-process", token, new LocalizedText(
                    $"步骤「{start.Id}」要启动的流程「{start.Process}」尚未发布：请先发布它",
                    $"The step \"{start.Id}\" starts the process \"{start.Process}\", which is not published: publish it first")));
            }
        }

        return findings;
    }

    // A start-process step's carry against the process it starts, where that process is known: about to be published
    // with this one (an import), this one itself, or else its newest published version. An unknown target is
    // process.unknown-process, reported above.
    private static async Task<List<LintFinding>> CarryTargetsAsync(UnitOfWork work, ProcessReadResult read, Func<string, FormTemplate?> sourceTemplate, ProcessOverlay? overlay)
    {
        var process = read.Process!;
        var findings = new List<LintFinding>();
        foreach (var start in process.Steps.Values.OfType<StartProcessStep>().Where(s => s.Carry.Count > 0))
        {
            ProcessDefinition? target;
            Func<string, FormTemplate?> targetTemplate;
            if (start.Process == process.Key)
            {
                (target, targetTemplate) = (process, name => process.Forms.ContainsKey(name) ? sourceTemplate(name) : null);
            }
            else if (overlay?.ProcessBodies.GetValueOrDefault(start.Process) is { } body)
            {
                target = ProcessReader.Read(body).Process;
                var templates = new Dictionary<string, FormTemplate?>(StringComparer.Ordinal);
                foreach (var (name, reference) in target?.Forms ?? new Dictionary<string, FormReference>())
                {
                    var template = reference.Version is null ? overlay.Templates(reference.Template) : null;
                    if (template is null && (reference.Version ?? await DefinitionStore.LatestVersionAsync(work, TemplateKind, reference.Template)) is { } version)
                    {
                        template = await TemplateAsync(work, reference.Template, version);
                    }

                    templates[name] = template;
                }

                targetTemplate = name => templates.GetValueOrDefault(name);
            }
            else if (await DefinitionStore.LatestVersionAsync(work, ProcessKind, start.Process) is { } version)
            {
                target = await ProcessAsync(work, start.Process, version);
                var templates = new Dictionary<string, FormTemplate?>(StringComparer.Ordinal);
                foreach (var name in target?.Forms.Keys ?? [])
                {
                    templates[name] = await FormAsync(work, target!, name);
                }

                targetTemplate = name => templates.GetValueOrDefault(name);
            }
            else
            {
                continue;
            }

            if (target is not null)
            {
                findings.AddRange(ProcessLinter.CarryTargets(read.Document!, start, sourceTemplate, target, targetTemplate));
            }
        }

        return findings;
    }

    // A notification template the process chooses for an event must exist (published or shipped) when it is published.
    private static async Task<List<LintFinding>> UnknownNotificationsAsync(UnitOfWork work, ProcessReadResult read, ProcessOverlay? overlay)
    {
        var findings = new List<LintFinding>();
        foreach (var (noticeEvent, key) in read.Process!.Notifications)
        {
            if (overlay?.Notifications.Contains(key) != true && await Notifications.NotificationCatalog.CurrentAsync(work, key) is null)
            {
                findings.Add(TemplateJson.Finding("process.unknown-notification", read.Document!["notifications"]![noticeEvent]!, new LocalizedText(
                    $"事件「{noticeEvent}」的通知模板「{key}」不存在：请先发布它",
                    $"The notification template \"{key}\" for \"{noticeEvent}\" does not exist: publish it first")));
            }
        }

        return findings;
    }

    private static ProcessDefinition PinnedForms(ProcessDefinition process, JObject forms) => process with
    {
        Forms = process.Forms.ToDictionary(
            f => f.Key,
            f => ProcessReader.ParseFormReference((string)forms[f.Key]!) ?? f.Value,
            StringComparer.Ordinal),
    };

    /// <summary>A finding for a process key that has no published version.</summary>
    public static LocalizedText NotPublished(string key) =>
        new($"流程「{key}」没有已发布的版本", $"The process \"{key}\" has no published version");
}
