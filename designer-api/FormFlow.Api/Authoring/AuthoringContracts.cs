using System.Text.Json.Nodes;
using FormFlow.Api.Contracts;
using FormFlow.Authoring;
using FormFlow.Templates;

namespace FormFlow.Api.Authoring;

/// <summary>
/// A key of a kind: its newest published version, whether a draft is pending, whether only the shipped one exists; for
/// a process the department owning its newest version (its draft's when never published), left out for the whole organisation.
/// </summary>
internal sealed record DefinitionListItem(string Key, int? LatestVersion, bool HasDraft, bool ShippedOnly, string? OwnerDepartment = null);

/// <summary>One page of a list.</summary>

/// <summary>A stored version (0: the draft) with its document; for a process its owning department (left out: the whole organisation).</summary>
internal sealed record DefinitionBody(string Key, int Version, string ETag, string SavedBy, DateTimeOffset SavedAt, string? PublishedBy, DateTimeOffset? PublishedAt, JsonNode Document, string? OwnerDepartment = null)
{
    public static DefinitionBody From(DefinitionDocument d) => new(d.Key, d.Version, d.ETag, d.SavedBy, d.SavedAt, d.PublishedBy, d.PublishedAt, JsonNode.Parse(d.Body) ?? throw new InvalidOperationException($"the stored document of {d.Key} is null"), d.OwnerDepartment);
}

/// <summary>A notification or report template as it ships with FormFlow: the document an author starts from.</summary>
internal sealed record ShippedBody(string Key, JsonNode Document);

/// <summary>A published version without its document; for a process its owning department (left out: the whole organisation).</summary>
internal sealed record VersionItem(int Version, string SavedBy, DateTimeOffset SavedAt, string? PublishedBy, DateTimeOffset? PublishedAt, string? OwnerDepartment = null);

/// <summary>A finding of lint, with its message in both languages.</summary>
internal sealed record FindingBody(string Code, string Severity, string Path, int? Line, int? Column, string? Language, string? Part, string? File, Texts Message)
{
    public static FindingBody From(DefinitionFinding f) =>
        new(f.Code, f.Severity == LintSeverity.Error ? "error" : "warning", f.Path, f.Line, f.Column, f.Language, f.Part, f.File, Texts.From(f.Message));
}

/// <summary>
/// What lint found: <c>ok</c> when nothing is an error; for a process, the template each form was checked against
/// (<c>templatesUsed</c>: a published version, or the template's draft).
/// </summary>
internal sealed record LintResponse(bool Ok, IReadOnlyList<FindingBody> Findings, IReadOnlyList<TemplateUsedBody>? TemplatesUsed = null);

/// <summary>The template a process form was linted against: <c>version</c> when published, <c>draft: true</c> (no version) when its draft.</summary>
internal sealed record TemplateUsedBody(string Form, string Key, int? Version, bool Draft)
{
    public static TemplateUsedBody From(TemplateUsed used) => new(used.Form, used.Key, used.Version, used.Draft);
}

/// <summary>
/// What to preview: a document (else the draft, else the newest published version); for a form template, data to
/// show in the form and validate; for a report template, the real report to render it against (<c>subject</c>: the
/// cycle, the employee or the manager the report is about) instead of the sample model; for a notification template, the
/// real outbox message to render it over (<c>messageId</c>).
/// </summary>
internal sealed record PreviewRequest(JsonObject? Document = null, JsonObject? Data = null, string? Subject = null, string? MessageId = null);

/// <summary>A form template as react-jsonschema-form renders it in one language.</summary>
internal sealed record FormModel(JsonObject Schema, JsonObject UiSchema);

/// <summary>A form template's preview: the form per language, the data shown and what validating it found.</summary>
internal sealed record TemplatePreviewResponse(string Key, IReadOnlyDictionary<string, FormModel>? Forms, JsonObject? Data, IReadOnlyList<DataProblemBody> DataProblems, IReadOnlyList<FindingBody> Findings);

/// <summary>One problem of the data given to a template preview.</summary>
internal sealed record DataProblemBody(string Pointer, string Code, Texts Message);

/// <summary>A rendered text of a notification or report template.</summary>
internal sealed record RenderedTextBody(string Language, string Part, string Text);

/// <summary>A notification or report template's preview: every text rendered against the sample model, and every finding.</summary>
internal sealed record TextPreviewResponse(string Key, IReadOnlyList<RenderedTextBody> Texts, IReadOnlyList<FindingBody> Findings);

/// <summary>A published version.</summary>
internal sealed record PublishResponse(string Key, int Version, IReadOnlyList<FindingBody> Findings);

/// <summary>One difference between two versions: <c>add</c>, <c>remove</c> or <c>replace</c> at a JSON Pointer; a text diff by line for changed multi-line texts.</summary>
internal sealed record DiffChange(string Op, string Path, JsonNode? Old, JsonNode? New, IReadOnlyList<string>? Lines);

/// <summary>The structural differences of version <c>from</c> to version <c>to</c>.</summary>
internal sealed record DiffResponse(string Key, int From, int To, IReadOnlyList<DiffChange> Changes);

/// <summary>What an import did with one file.</summary>
internal sealed record ImportItem(string File, string Kind, string Key, string Action, int? Version);

/// <summary>
/// An import that went through: what each file became, and any warnings. <c>published</c>: whether it published (else saved
/// drafts); <c>dryRun</c>: only checked — each file's action is what the import would do, and nothing was written.
/// </summary>
internal sealed record AppImportResponse(bool Published, bool DryRun, IReadOnlyList<ImportItem> Definitions, IReadOnlyList<FindingBody> Findings);
