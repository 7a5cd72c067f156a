using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Indicators;
using FormFlow.Notifications;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Text;
using FormFlow.Workflows;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Authoring;

/// <summary>
/// The authoring side of the four kinds of definition, for the HTTP API: list keys, keep a draft per key (version 0,
/// with an entity tag for optimistic concurrency), lint and preview, publish the draft as the next immutable version,
/// read versions, and export and import a whole app. Authorisation is the caller's business.
/// </summary>
public static class DefinitionAuthoring
{
    /// <summary>The <c>definitions.kind</c> of a kind.</summary>
    public static string StorageKind(DefinitionKind kind) => kind switch
    {
        DefinitionKind.Template => ProcessCatalog.TemplateKind,
        DefinitionKind.Process => ProcessCatalog.ProcessKind,
        DefinitionKind.Notification => NotificationCatalog.Kind,
        DefinitionKind.Report => ReportCatalog.Kind,
        DefinitionKind.Indicator => IndicatorLibrary.Kind,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Every key of <paramref name="kind"/>, stored or shipped, by key (ordinal).</summary>
    public static async Task<IReadOnlyList<DefinitionSummary>> ListAsync(Database database, DefinitionKind kind, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var stored = (await DefinitionStore.KeysAsync(work, StorageKind(kind))).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var owners = kind == DefinitionKind.Process ? await DefinitionStore.OwnersAsync(work, StorageKind(kind)) : new Dictionary<string, string?>();
        var shipped = ShippedKeys(kind);
        return [.. stored.Keys.Union(shipped).Order(StringComparer.Ordinal).Select(key =>
        {
            var row = stored.GetValueOrDefault(key);
            return new DefinitionSummary(key, row.Latest, row.HasDraft, shipped.Contains(key) && row.Latest is null) { OwnerDepartment = owners.GetValueOrDefault(key) };
        })];
    }

    /// <summary>The draft of a key; null when there is none.</summary>
    public static async Task<DefinitionDocument?> DraftAsync(Database database, DefinitionKind kind, string key, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return Document(await DefinitionStore.FindAsync(work, StorageKind(kind), key, DefinitionStore.Draft));
    }

    /// <summary>A published version (1, 2, …); null when there is no such version.</summary>
    public static async Task<DefinitionDocument?> VersionAsync(Database database, DefinitionKind kind, string key, int version, CancellationToken cancellationToken = default)
    {
        if (version <= DefinitionStore.Draft)
        {
            return null;
        }

        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return Document(await DefinitionStore.FindAsync(work, StorageKind(kind), key, version));
    }

    /// <summary>The published versions of a key, oldest first.</summary>
    public static async Task<IReadOnlyList<DefinitionDocument>> VersionsAsync(Database database, DefinitionKind kind, string key, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        return [.. (await DefinitionStore.PublishedAsync(work, StorageKind(kind), key)).Select(v => Document(v)!)];
    }

    /// <summary>
    /// Saves <paramref name="body"/> as the draft of the key. With <paramref name="ifMatch"/> (the entity-tag values the
    /// client read, without quotes or weak mark — the host parses the header — or <c>*</c> for any draft) only over the
    /// draft it names: a stale tag, or a tag when there is no draft, is a conflict. Null: no condition.
    /// </summary>
    public static async Task<DraftResult> SaveDraftAsync(Database database, DefinitionKind kind, string key, string body, IReadOnlyCollection<string>? ifMatch, string by, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var storageKind = StorageKind(kind);
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var current = await DefinitionStore.FindAsync(work, storageKind, key, DefinitionStore.Draft);
        if (ifMatch is not null)
        {
            if (current is null || !Matches(ifMatch, current) || !await DefinitionStore.ReplaceDraftAsync(work, current, body, by, at))
            {
                return new DraftResult(DraftChange.Conflict, null);
            }
        }
        else
        {
            try
            {
                await DefinitionStore.SaveDraftAsync(work, storageKind, key, body, by, at);
            }
            catch (ConcurrencyConflictException)
            {
                return new DraftResult(DraftChange.Conflict, null);
            }
        }

        var saved = await DefinitionStore.FindAsync(work, storageKind, key, DefinitionStore.Draft);
        await work.CommitAsync(cancellationToken);
        return new DraftResult(DraftChange.Done, Document(saved));
    }

    /// <summary>Deletes the draft of a key; with <paramref name="ifMatch"/> only when it is still that draft.</summary>
    public static async Task<DraftResult> DeleteDraftAsync(Database database, DefinitionKind kind, string key, IReadOnlyCollection<string>? ifMatch, CancellationToken cancellationToken = default)
    {
        var storageKind = StorageKind(kind);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var current = await DefinitionStore.FindAsync(work, storageKind, key, DefinitionStore.Draft);
        if (current is null)
        {
            return new DraftResult(ifMatch is null ? DraftChange.Missing : DraftChange.Conflict, null);
        }

        if (ifMatch is not null && !Matches(ifMatch, current))
        {
            return new DraftResult(DraftChange.Conflict, null);
        }

        if (!await DefinitionStore.DeleteDraftAsync(work, storageKind, key, current))
        {
            return new DraftResult(DraftChange.Conflict, null);
        }

        await work.CommitAsync(cancellationToken);
        return new DraftResult(DraftChange.Done, null);
    }

    /// <summary>
    /// Lints a document of <paramref name="kind"/> as publishing would, writing nothing: templates with the template
    /// linter; processes against the published templates, processes, notification templates and the organisation;
    /// notification and report templates by parsing and rendering them against their sample model. With
    /// <paramref name="key"/>, the document's <c>key</c> must be it.
    /// </summary>
    public static async Task<IReadOnlyList<DefinitionFinding>> LintAsync(Database database, DefinitionKind kind, string? key, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var findings = new List<DefinitionFinding>();
        if (key is not null && KeyMismatch(body, key) is { } mismatch)
        {
            findings.Add(mismatch);
        }

        switch (kind)
        {
            case DefinitionKind.Template:
                findings.AddRange(FormTemplate.Load(body).Findings.Select(From));
                break;
            case DefinitionKind.Process:
                return [.. findings, .. (await LintProcessAsync(database, null, body, cancellationToken)).Findings];
            case DefinitionKind.Notification:
                findings.AddRange(NotificationCatalog.Check(body).Problems.Select(From));
                break;
            case DefinitionKind.Report:
                findings.AddRange(ReportCatalog.Check(body).Problems.Select(From));
                break;
            case DefinitionKind.Indicator:
                findings.AddRange(IndicatorLibrary.Load(body).Findings.Select(From));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return findings;
    }

    /// <summary>
    /// Lints a process as <see cref="LintAsync"/> does, but an author's view: a form naming no version is checked against
    /// its template's draft when there is one that loads (a draft is always newer than the published versions), so a
    /// process can be written alongside its templates. <see cref="ProcessLintResult.TemplatesUsed"/> says which template
    /// each form was checked against. Publishing still pins every form to a published version.
    /// </summary>
    public static async Task<ProcessLintResult> LintProcessAsync(Database database, string? key, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var findings = new List<DefinitionFinding>();
        if (key is not null && KeyMismatch(body, key) is { } mismatch)
        {
            findings.Add(mismatch);
        }

        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var read = Processes.ProcessReader.Read(body);
        var drafts = new Dictionary<string, FormTemplate>(StringComparer.Ordinal);
        var used = new List<TemplateUsed>();
        var templateKind = StorageKind(DefinitionKind.Template);
        foreach (var (form, reference) in read.Process?.Forms ?? new Dictionary<string, Processes.FormReference>())
        {
            int? version = reference.Version;
            if (version is null && await DefinitionStore.FindAsync(work, templateKind, reference.Template, DefinitionStore.Draft) is { } draft)
            {
                if (drafts.ContainsKey(reference.Template) || FormTemplate.Load(draft.Body).Template is { } loaded && drafts.TryAdd(reference.Template, loaded))
                {
                    used.Add(new TemplateUsed(form, reference.Template, null, Draft: true));
                    continue;
                }

                findings.Add(new DefinitionFinding(
                    "definition.draft-template-has-errors",
                    LintSeverity.Warning,
                    TemplateJson.PathOf(read.Document!["forms"]![form]!),
                    new LocalizedText(
                        $"模板「{reference.Template}」的草稿有错误，表单「{form}」改用已发布的版本检查",
                        $"The draft of the template \"{reference.Template}\" has errors, so the form \"{form}\" is checked against the published version")));
            }

            version ??= await DefinitionStore.LatestVersionAsync(work, templateKind, reference.Template);
            if (version is not null && await DefinitionStore.FindAsync(work, templateKind, reference.Template, version.Value) is not null)
            {
                used.Add(new TemplateUsed(form, reference.Template, version, Draft: false));
            }
        }

        var overlay = new ProcessOverlay(template => drafts.GetValueOrDefault(template), new HashSet<string>(), new HashSet<string>());
        findings.AddRange((await ProcessCatalog.CheckProcessAsync(work, body, overlay)).Findings.Select(From));
        return new ProcessLintResult(findings, used);
    }

    /// <summary>Renders a notification (subject and body) or report (html) template in zh-CN and en against its sample model.</summary>
    public static DefinitionPreview Preview(DefinitionKind kind, string body)
    {
        switch (kind)
        {
            case DefinitionKind.Notification:
                var notice = NotificationPreview.Render(body);
                return new DefinitionPreview([.. notice.Texts.Select(t => new RenderedText(t.Language, t.Part, t.Text))], [.. notice.Problems.Select(From)]);
            case DefinitionKind.Report:
                var report = ReportCatalog.Preview(body);
                return new DefinitionPreview([.. report.Texts.Select(t => new RenderedText(t.Language, "html", t.Html))], [.. report.Problems.Select(From)]);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), "templates and processes have no rendered preview");
        }
    }

    /// <summary>
    /// Renders a notification template document in both languages over a real outbox message, for
    /// <paramref name="viewerId"/> when they are its recipient or copied on it, else — for an administrator
    /// (<paramref name="asAdministrator"/>) — for its recipient as far as the administrator may see it too (a returned
    /// form's comments and reason stay out unless the process shows them the form); null when there is no such message
    /// or the viewer may not read it.
    /// </summary>
    public static async Task<DefinitionPreview?> PreviewNotificationAsync(Database database, string body, string messageId, string viewerId, bool asAdministrator, string baseUrl, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        if (await OutboxStore.FindAsync(work, messageId) is not { } message)
        {
            return null;
        }

        var payload = JsonNode.Parse(message.Payload)!;
        var addressee = (string?)payload["recipient"] ?? message.Recipient;
        var copied = payload["cc"] is JsonArray cc && cc.Any(c => (string?)c == viewerId);
        var readAs = viewerId == addressee || copied ? viewerId : asAdministrator ? addressee : null;
        if (readAs is null)
        {
            return null;
        }

        var models = new Dictionary<string, NotificationModel>(StringComparer.Ordinal);
        foreach (var language in NotificationTemplate.Languages)
        {
            models[language] = await NotificationModel.BuildAsync(work, message, readAs, baseUrl, locale: language, readerId: viewerId);
        }

        var notice = NotificationPreview.Render(body, language => models[language]);
        return new DefinitionPreview([.. notice.Texts.Select(t => new RenderedText(t.Language, t.Part, t.Text))], [.. notice.Problems.Select(From)]);
    }

    /// <summary>
    /// Renders a report template document in both languages against the real report about <paramref name="subjectId"/>
    /// (a cycle for <c>cycle-progress</c>, an employee for <c>pre-interview</c> and <c>history</c>, a manager for
    /// <c>follow-up</c>) as <paramref name="readerId"/> (the author) would read it; null when the document names no known
    /// report or the subject does not exist. The caller decides first whether the author may read that report.
    /// </summary>
    public static async Task<DefinitionPreview?> PreviewReportAsync(Database database, TimeProvider clock, string body, string subjectId, string readerId, CancellationToken cancellationToken = default)
    {
        var (template, problems) = ReportTemplate.Load(body);
        if (template is null)
        {
            return new DefinitionPreview([], [.. problems.Select(From)]);
        }

        var models = new Dictionary<string, Scriban.Runtime.ScriptObject>(StringComparer.Ordinal);
        foreach (var language in NotificationTemplate.Languages)
        {
            if (await ReportRendering.BuildAsync(database, clock, template.Key, subjectId, readerId, language, cancellationToken) is not { } built)
            {
                return null;
            }

            models[language] = built.Model;
        }

        var report = ReportCatalog.Preview(body, language => models[language]);
        return new DefinitionPreview([.. report.Texts.Select(t => new RenderedText(t.Language, "html", t.Html))], [.. report.Problems.Select(From)]);
    }

    /// <summary>
    /// Publishes the draft of a key as the next version and removes the draft, in one transaction; refused with every
    /// finding (nothing written) when lint finds an error. A process is pinned to its templates' newest versions.
    /// </summary>
    public static async Task<PublishAttempt> PublishDraftAsync(Database database, DefinitionKind kind, string key, string by, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var storageKind = StorageKind(kind);
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var draft = await DefinitionStore.FindAsync(work, storageKind, key, DefinitionStore.Draft);
        if (draft is null)
        {
            return new PublishAttempt(null, [], NoDraft: true);
        }

        if (KeyMismatch(draft.Body, key) is { } mismatch)
        {
            return new PublishAttempt(null, [mismatch]);
        }

        try
        {
            var (version, findings) = await PublishAsync(work, kind, draft.Body, by, at, unlessUnchanged: false);
            if (version is null)
            {
                return new PublishAttempt(null, findings);
            }

            await DefinitionStore.DeleteDraftAsync(work, storageKind, key, draft);
            await work.CommitAsync(cancellationToken);
            return new PublishAttempt(version, findings);
        }
        catch (ConcurrencyConflictException)
        {
            return new PublishAttempt(null, [], Conflict: true);
        }
    }

    /// <summary>
    /// The whole app: for every key of every kind its newest published version (a process's forms pinned to their
    /// template's newest version are written unpinned, as authors write them), the shipped notification and report
    /// templates never published over, and with <paramref name="drafts"/> the draft instead where a key has one.
    /// </summary>
    public static async Task<IReadOnlyList<DefinitionFile>> ExportAsync(Database database, bool drafts, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var latestTemplates = (await DefinitionStore.KeysAsync(work, ProcessCatalog.TemplateKind)).Where(r => r.Latest is not null).ToDictionary(r => r.Key, r => r.Latest!.Value, StringComparer.Ordinal);
        var files = new List<DefinitionFile>();
        foreach (var kind in Enum.GetValues<DefinitionKind>())
        {
            var storageKind = StorageKind(kind);
            var stored = (await DefinitionStore.KeysAsync(work, storageKind)).ToDictionary(r => r.Key, StringComparer.Ordinal);
            foreach (var key in stored.Keys.Union(ShippedKeys(kind)).Order(StringComparer.Ordinal))
            {
                var row = stored.GetValueOrDefault(key);
                if (drafts && row.HasDraft)
                {
                    files.Add(new DefinitionFile(kind, key, (await DefinitionStore.FindAsync(work, storageKind, key, DefinitionStore.Draft))!.Body, IsDraft: true));
                }
                else if (row.Latest is { } latest)
                {
                    var body = (await DefinitionStore.FindAsync(work, storageKind, key, latest))!.Body;
                    files.Add(new DefinitionFile(kind, key, kind == DefinitionKind.Process ? UnpinCurrent(body, latestTemplates) : body));
                }
                else if (ShippedJson(kind, key) is { } shipped)
                {
                    files.Add(new DefinitionFile(kind, key, shipped));
                }
            }
        }

        return files;
    }

    /// <summary>
    /// Imports an app: every file is linted first (processes against the templates, processes and notification
    /// templates of the import as well as the published ones); any error refuses the whole import and nothing is
    /// written. Otherwise, with <paramref name="publish"/>, what differs from the newest published (or shipped) version
    /// is published in one transaction — templates, then notification and report templates, then processes (a process
    /// after the processes it starts); without, what differs is saved as the key's draft. With
    /// <paramref name="dryRun"/> every step runs as for real — the same checks, the same order, the same versions — and
    /// the transaction is rolled back instead of committed: the outcome says what the import would do, and nothing is
    /// written (one code path, so that what an author is shown is what importing does).
    /// </summary>
    public static async Task<ImportOutcome> ImportAsync(Database database, IReadOnlyList<ImportSource> files, bool publish, bool dryRun, string by, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(clock);
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var findings = new List<DefinitionFinding>();
        var keyed = new List<(ImportSource File, string Key)>();
        var seen = new HashSet<(DefinitionKind, string)>();
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file.Name);
            if (KeyMismatch(file.Body, stem) is { } mismatch)
            {
                findings.Add(mismatch with { File = file.Name });
            }

            if (!seen.Add((file.Kind, stem)))
            {
                findings.Add(new DefinitionFinding("import.duplicate", LintSeverity.Error, "$", new LocalizedText($"压缩包中「{file.Name}」出现了不止一次", $"\"{file.Name}\" is in the archive more than once"), File: file.Name));
            }

            // Templates are read by their linter, which says this with a line; the other kinds here, and not linted then:
            // their readers cannot read a broken character.
            if (file.Kind != DefinitionKind.Template && PortableJson.Check(file.Body) is { Count: > 0 } unportable)
            {
                findings.AddRange(unportable.Select(p => new DefinitionFinding(p.Code, LintSeverity.Error, "$" + p.Pointer.Replace('/', '.'), p.Message, File: file.Name)));
                continue;
            }

            keyed.Add((file, stem));
        }

        // Lint everything before writing anything.
        var templates = new Dictionary<string, FormTemplate>(StringComparer.Ordinal);
        foreach (var (file, key) in keyed.Where(f => f.File.Kind == DefinitionKind.Template))
        {
            var loaded = FormTemplate.Load(file.Body);
            findings.AddRange(loaded.Findings.Select(f => From(f) with { File = file.Name }));
            if (loaded.Template is not null)
            {
                templates[key] = loaded.Template;
            }
        }

        foreach (var (file, _) in keyed.Where(f => f.File.Kind == DefinitionKind.Notification))
        {
            findings.AddRange(NotificationCatalog.Check(file.Body).Problems.Select(p => From(p) with { File = file.Name }));
        }

        foreach (var (file, _) in keyed.Where(f => f.File.Kind == DefinitionKind.Report))
        {
            findings.AddRange(ReportCatalog.Check(file.Body).Problems.Select(p => From(p) with { File = file.Name }));
        }

        foreach (var (file, _) in keyed.Where(f => f.File.Kind == DefinitionKind.Indicator))
        {
            findings.AddRange(IndicatorLibrary.Load(file.Body).Findings.Select(f => From(f) with { File = file.Name }));
        }

        var overlay = new ProcessOverlay(
            templates.GetValueOrDefault,
            keyed.Where(f => f.File.Kind == DefinitionKind.Notification).Select(f => f.Key).ToHashSet(StringComparer.Ordinal),
            keyed.Where(f => f.File.Kind == DefinitionKind.Process).Select(f => f.Key).ToHashSet(StringComparer.Ordinal))
        {
            ProcessBodies = keyed.Where(f => f.File.Kind == DefinitionKind.Process).GroupBy(f => f.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().File.Body, StringComparer.Ordinal),
        };
        await using (var read = await UnitOfWork.BeginReadAsync(database, cancellationToken))
        {
            foreach (var (file, _) in keyed.Where(f => f.File.Kind == DefinitionKind.Process))
            {
                findings.AddRange((await ProcessCatalog.CheckProcessAsync(read, file.Body, overlay)).Findings.Select(f => From(f) with { File = file.Name }));
            }
        }

        if (findings.Any(f => f.Severity == LintSeverity.Error))
        {
            return new ImportOutcome(true, [], findings);
        }

        var order = new[] { DefinitionKind.Template, DefinitionKind.Notification, DefinitionKind.Report, DefinitionKind.Indicator };
        var done = new List<ImportedDefinition>();
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        try
        {
            foreach (var (file, key) in keyed.Where(f => order.Contains(f.File.Kind)).OrderBy(f => Array.IndexOf(order, f.File.Kind)))
            {
                done.Add(publish ? await PublishFileAsync(work, file, key, by, at) : await DraftFileAsync(work, file, key, by, at));
            }

            // A process that starts another is refused until that one is published: go round while rounds publish something.
            var waiting = keyed.Where(f => f.File.Kind == DefinitionKind.Process).ToList();
            var refused = new List<DefinitionFinding>();
            while (waiting.Count > 0)
            {
                var next = new List<(ImportSource File, string Key)>();
                refused.Clear();
                foreach (var (file, key) in waiting)
                {
                    if (!publish)
                    {
                        done.Add(await DraftFileAsync(work, file, key, by, at));
                        continue;
                    }

                    var (version, processFindings, unchanged) = await PublishProcessFileAsync(work, file.Body, by, at);
                    if (version is null)
                    {
                        refused.AddRange(processFindings.Select(f => f with { File = file.Name }));
                        next.Add((file, key));
                    }
                    else
                    {
                        done.Add(new ImportedDefinition(file.Name, file.Kind, key, unchanged ? ImportAction.Unchanged : ImportAction.Published, version));
                    }
                }

                if (next.Count == waiting.Count)
                {
                    return new ImportOutcome(true, [], refused);
                }

                waiting = next;
            }

            // A dry run ends here: disposing the unit of work uncommitted rolls back everything it wrote.
            if (!dryRun)
            {
                await work.CommitAsync(cancellationToken);
            }

            return new ImportOutcome(false, done, findings);
        }
        catch (ConcurrencyConflictException)
        {
            return new ImportOutcome(true, [], [new DefinitionFinding("import.conflict", LintSeverity.Error, "$", new LocalizedText("另一位作者同时发布了相同的定义，请重试导入", "Another author published the same definition at the same moment: import again"))]);
        }
    }

    /// <summary>
    /// The files of an import that would change something: those whose content differs from the key's newest published
    /// (or shipped) version, and without <paramref name="publish"/> from its draft too. Lets the caller decide who may
    /// import them (<see cref="ProcessRights"/>) before anything is written; writes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<ImportSource>> ChangesAsync(Database database, IReadOnlyList<ImportSource> files, bool publish, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var changes = new List<ImportSource>();
        foreach (var file in files)
        {
            var key = Path.GetFileNameWithoutExtension(file.Name);
            var draft = publish ? null : await DefinitionStore.FindAsync(work, StorageKind(file.Kind), key, DefinitionStore.Draft);
            var current = draft?.Body ?? await CurrentBodyAsync(work, file.Kind, key);
            if (current is null || !Same(file.Kind, current, file.Body))
            {
                changes.Add(file);
            }
        }

        return changes;
    }

    private static async Task<(int? Version, IReadOnlyList<DefinitionFinding> Findings, bool Unchanged)> PublishProcessFileAsync(UnitOfWork work, string body, string by, long at)
    {
        var result = await ProcessCatalog.PublishProcessAsync(work, body, by, at, unlessUnchanged: true);
        return (result.Version, [.. result.Findings.Select(From)], result.Unchanged);
    }

    private static async Task<ImportedDefinition> PublishFileAsync(UnitOfWork work, ImportSource file, string key, string by, long at)
    {
        if (file.Kind == DefinitionKind.Template)
        {
            var result = await ProcessCatalog.PublishTemplateAsync(work, file.Body, by, at, unlessUnchanged: true);
            return new ImportedDefinition(file.Name, file.Kind, key, result.Unchanged ? ImportAction.Unchanged : ImportAction.Published, result.Version);
        }

        if (file.Kind == DefinitionKind.Indicator)
        {
            var (indicatorVersion, _, unchanged) = await IndicatorLibrary.PublishAsync(work, file.Body, by, at, unlessUnchanged: true);
            return new ImportedDefinition(file.Name, file.Kind, key, unchanged ? ImportAction.Unchanged : ImportAction.Published, indicatorVersion);
        }

        var storageKind = StorageKind(file.Kind);
        var latest = await DefinitionStore.LatestVersionAsync(work, storageKind, key);
        if (await CurrentBodyAsync(work, file.Kind, key) is { } current && SameJson(current, file.Body))
        {
            return new ImportedDefinition(file.Name, file.Kind, key, ImportAction.Unchanged, latest);
        }

        var (version, findings) = await PublishAsync(work, file.Kind, file.Body, by, at, unlessUnchanged: false);
        return version is { } published
            ? new ImportedDefinition(file.Name, file.Kind, key, ImportAction.Published, published)
            : throw new InvalidOperationException($"{file.Name} passed lint but was refused: {string.Join("; ", findings.Select(f => f.Message.En))}");
    }

    private static async Task<ImportedDefinition> DraftFileAsync(UnitOfWork work, ImportSource file, string key, string by, long at)
    {
        var storageKind = StorageKind(file.Kind);
        var latest = await DefinitionStore.LatestVersionAsync(work, storageKind, key);
        var draft = await DefinitionStore.FindAsync(work, storageKind, key, DefinitionStore.Draft);
        var current = await CurrentBodyAsync(work, file.Kind, key);
        if (draft is not null ? Same(file.Kind, draft.Body, file.Body) : current is not null && Same(file.Kind, current, file.Body))
        {
            return new ImportedDefinition(file.Name, file.Kind, key, ImportAction.Unchanged, latest);
        }

        await DefinitionStore.SaveDraftAsync(work, storageKind, key, file.Body, by, at);
        return new ImportedDefinition(file.Name, file.Kind, key, ImportAction.DraftSaved, latest);
    }

    // What an author would compare a file with: the newest published body (a process's current pins removed), else the shipped one.
    private static async Task<string?> CurrentBodyAsync(UnitOfWork work, DefinitionKind kind, string key)
    {
        var storageKind = StorageKind(kind);
        if (await DefinitionStore.LatestVersionAsync(work, storageKind, key) is not { } latest)
        {
            return ShippedJson(kind, key);
        }

        var body = (await DefinitionStore.FindAsync(work, storageKind, key, latest))!.Body;
        if (kind != DefinitionKind.Process)
        {
            return body;
        }

        var templates = (await DefinitionStore.KeysAsync(work, ProcessCatalog.TemplateKind)).Where(r => r.Latest is not null).ToDictionary(r => r.Key, r => r.Latest!.Value, StringComparer.Ordinal);
        return UnpinCurrent(body, templates);
    }

    private static async Task<(int? Version, IReadOnlyList<DefinitionFinding> Findings)> PublishAsync(UnitOfWork work, DefinitionKind kind, string body, string by, long at, bool unlessUnchanged)
    {
        switch (kind)
        {
            case DefinitionKind.Template:
                var template = await ProcessCatalog.PublishTemplateAsync(work, body, by, at, unlessUnchanged);
                return (template.Version, [.. template.Findings.Select(From)]);
            case DefinitionKind.Process:
                var process = await ProcessCatalog.PublishProcessAsync(work, body, by, at, unlessUnchanged);
                return (process.Version, [.. process.Findings.Select(From)]);
            case DefinitionKind.Notification:
                var notice = await NotificationCatalog.PublishAsync(work, body, by, at);
                return (notice.Version, [.. notice.Problems.Select(From)]);
            case DefinitionKind.Report:
                var report = await ReportCatalog.PublishAsync(work, body, by, at);
                return (report.Version, [.. report.Problems.Select(From)]);
            case DefinitionKind.Indicator:
                var indicator = await IndicatorLibrary.PublishAsync(work, body, by, at, unlessUnchanged);
                return (indicator.Version, [.. indicator.Findings.Select(From)]);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static HashSet<string> ShippedKeys(DefinitionKind kind) => kind switch
    {
        DefinitionKind.Notification => NotificationCatalog.Shipped.Keys.ToHashSet(StringComparer.Ordinal),
        DefinitionKind.Report => ReportTemplates.Shipped.Select(s => s.Key).ToHashSet(StringComparer.Ordinal),
        _ => new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>
    /// The notification or report template <paramref name="key"/> as it ships with FormFlow (the document an author
    /// starts from, also where a version was published over it); null for another kind or a key that does not ship.
    /// </summary>
    public static string? ShippedDocument(DefinitionKind kind, string key) => ShippedJson(kind, key);

    private static string? ShippedJson(DefinitionKind kind, string key) => kind switch
    {
        DefinitionKind.Notification => NotificationCatalog.Shipped.TryGetValue(key, out var shipped) ? shipped.Json : null,
        DefinitionKind.Report when ShippedKeys(kind).Contains(key) => ReportTemplates.ShippedJson(key),
        _ => null,
    };

    // A process as stored pins each form ("idp@3"); a pin to the template's newest version is what publishing does anyway.
    private static string UnpinCurrent(string body, Dictionary<string, int> latestTemplates)
    {
        var document = JObject.Parse(body);
        if (document["forms"] is JObject forms)
        {
            foreach (var form in forms.Properties().ToList())
            {
                if (form.Value.Type == JTokenType.String && Processes.ProcessReader.ParseFormReference((string)form.Value!) is { Version: { } version } reference
                    && latestTemplates.TryGetValue(reference.Template, out var latest) && latest == version)
                {
                    form.Value = reference.Template;
                }
            }
        }

        return document.ToString(Formatting.Indented);
    }

    // An indicator is published in its canonical form: compared so, a file that says the same is the same.
    private static bool Same(DefinitionKind kind, string left, string right) =>
        kind == DefinitionKind.Indicator ? IndicatorLibrary.Same(left, right) : SameJson(left, right);

    private static bool SameJson(string left, string right)
    {
        try
        {
            return JToken.DeepEquals(JToken.Parse(left), JToken.Parse(right));
        }
        catch (JsonReaderException)
        {
            return string.Equals(left, right, StringComparison.Ordinal);
        }
    }

    private static DefinitionFinding? KeyMismatch(string body, string key)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // the kind's own lint says where the JSON breaks
        }

        var found = node is JsonObject document && document["key"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return found is null || found == key
            ? null
            : new DefinitionFinding("definition.key-mismatch", LintSeverity.Error, "$.key", new LocalizedText(
                $"文档的 key「{found}」与地址（或文件名）中的「{key}」不一致",
                $"The document's key \"{found}\" is not \"{key}\", the key of its address (or file name)"));
    }

    // Whether the draft is one the client read: a tag value equal to the draft's (its ETag without the quotes), or "*".
    private static bool Matches(IReadOnlyCollection<string> ifMatch, DefinitionVersion current)
    {
        var tag = ETag(current).Trim('"');
        return ifMatch.Any(t => t == "*" || t == tag);
    }

    private static string ETag(DefinitionVersion row)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{row.Kind}\n{row.Key}\n{row.Version}\n{row.SavedBy}\n{row.SavedAt}\n{row.Body}"));
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 12)) + "\"";
    }

    private static DefinitionDocument? Document(DefinitionVersion? row) => row is null ? null : new DefinitionDocument(
        row.Key,
        row.Version,
        row.Body,
        ETag(row),
        row.SavedBy,
        DateTimeOffset.FromUnixTimeMilliseconds(row.SavedAt),
        row.PublishedBy,
        row.PublishedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null)
    {
        OwnerDepartment = row.OwnerDepartment,
    };

    internal static DefinitionFinding From(LintFinding finding) =>
        new(finding.Code, finding.Severity, finding.Path, finding.Message, finding.Line, finding.Column);

    private static DefinitionFinding From(NotificationProblem problem) => new(
        problem.Code,
        LintSeverity.Error,
        problem.Language is { } language && problem.Part is { } part ? $"$.{part}['{language}']" : "$",
        problem.Message,
        problem.Line,
        problem.Column,
        problem.Language,
        problem.Part);

    private static DefinitionFinding From(ReportProblem problem) => new(
        problem.Code,
        LintSeverity.Error,
        problem.Language is { } language ? $"$.text['{language}']" : "$",
        problem.Message,
        problem.Line,
        problem.Column,
        problem.Language,
        problem.Language is null ? null : "text");
}
