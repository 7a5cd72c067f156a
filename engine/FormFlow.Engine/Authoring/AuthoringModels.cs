using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Authoring;

/// <summary>The five kinds of definition authors write: form templates, processes, notification and report templates, and the indicators of the library.</summary>
public enum DefinitionKind
{
    Template,
    Process,
    Notification,
    Report,
    Indicator,
}

/// <summary>A key of a kind: its newest published version (null: never published), whether it has a draft, and whether only the shipped one exists.</summary>
public sealed record DefinitionSummary(string Key, int? LatestVersion, bool HasDraft, bool ShippedOnly)
{
    /// <summary>For a process, the department owning its newest published version (its draft's when never published); null for the whole organisation.</summary>
    public string? OwnerDepartment { get; init; }
}

/// <summary>
/// One stored version of a definition (version 0 is the draft) with its body as saved, an entity tag that changes with
/// every save, who saved it and when, and for published versions who published it and when.
/// </summary>
public sealed record DefinitionDocument(
    string Key,
    int Version,
    string Body,
    string ETag,
    string SavedBy,
    DateTimeOffset SavedAt,
    string? PublishedBy,
    DateTimeOffset? PublishedAt)
{
    /// <summary>For a process, the department owning this version (its <c>ownerDepartment</c>); null for the whole organisation and other kinds.</summary>
    public string? OwnerDepartment { get; init; }
}

/// <summary>
/// A finding of lint: code, severity, where (a JSONPath into the document; for a Scriban text also its language and
/// part, with the line and column in that text), the message in zh-CN and en, and for an import the file it is in.
/// </summary>
public sealed record DefinitionFinding(
    string Code,
    LintSeverity Severity,
    string Path,
    LocalizedText Message,
    int? Line = null,
    int? Column = null,
    string? Language = null,
    string? Part = null,
    string? File = null);

/// <summary>
/// The template a form of a process was linted against: the published <see cref="Version"/>, or the key's draft
/// (<see cref="Draft"/>, no version) when the form names no version and the template has a draft that loads.
/// </summary>
public sealed record TemplateUsed(string Form, string Key, int? Version, bool Draft);

/// <summary>What linting a process found, and the template each of its forms was checked against.</summary>
public sealed record ProcessLintResult(IReadOnlyList<DefinitionFinding> Findings, IReadOnlyList<TemplateUsed> TemplatesUsed);

/// <summary>What became of a change to a draft.</summary>
public enum DraftChange
{
    /// <summary>Saved or deleted.</summary>
    Done,

    /// <summary>There was no draft to delete.</summary>
    Missing,

    /// <summary>The draft is not the one the caller read (a stale entity tag): nothing changed.</summary>
    Conflict,
}

/// <summary>A change to a draft and the draft now stored (null after a delete or a conflict).</summary>
public sealed record DraftResult(DraftChange Change, DefinitionDocument? Draft);

/// <summary>Publishing a draft: the new version, or the findings that refused it (nothing changed); <see cref="NoDraft"/> when there was nothing to publish, <see cref="Conflict"/> when another author published at the same moment.</summary>
public sealed record PublishAttempt(int? Version, IReadOnlyList<DefinitionFinding> Findings, bool NoDraft = false, bool Conflict = false);

/// <summary>One text of a notification (subject, body) or report (html) rendered in one language.</summary>
public sealed record RenderedText(string Language, string Part, string Text);

/// <summary>A rendered preview: the texts that rendered, and every finding.</summary>
public sealed record DefinitionPreview(IReadOnlyList<RenderedText> Texts, IReadOnlyList<DefinitionFinding> Findings);

/// <summary>One definition file of an app (export, import): its kind, key and body; <see cref="IsDraft"/> when the body is the draft.</summary>
public sealed record DefinitionFile(DefinitionKind Kind, string Key, string Body, bool IsDraft = false);

/// <summary>One file given to an import: its name in the archive (<c>templates/idp.json</c>), kind and content.</summary>
public sealed record ImportSource(string Name, DefinitionKind Kind, string Body);

/// <summary>What an import did with one file.</summary>
public enum ImportAction
{
    /// <summary>Published as a new version.</summary>
    Published,

    /// <summary>The same as the newest published version (or the shipped one, or the draft): nothing written.</summary>
    Unchanged,

    /// <summary>Saved as the key's draft.</summary>
    DraftSaved,
}

/// <summary>What an import did with one file: its action and, when published or unchanged, the version now current.</summary>
public sealed record ImportedDefinition(string File, DefinitionKind Kind, string Key, ImportAction Action, int? Version);

/// <summary>An import's outcome: refused (nothing written) with every finding by file, or what each file became.</summary>
public sealed record ImportOutcome(bool Refused, IReadOnlyList<ImportedDefinition> Definitions, IReadOnlyList<DefinitionFinding> Findings);
