using FormFlow.Notifications;
using FormFlow.Rendering;
using FormFlow.Storage;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>The outcome of publishing a report template: the new version, or every problem that stopped it.</summary>
internal sealed record ReportPublishResult(int? Version, IReadOnlyList<ReportProblem> Problems)
{
    public bool Published => Version is not null;
}

/// <summary>One language of a report template rendered for a preview.</summary>
internal sealed record ReportPreviewText(string Language, string Html);

/// <summary>What a preview shows: every language that rendered, and every problem (with its line and column).</summary>
internal sealed record ReportPreviewResult(IReadOnlyList<ReportPreviewText> Texts, IReadOnlyList<ReportProblem> Problems);

/// <summary>
/// Report templates: the ones FormFlow ships (samples/reports, embedded) and the versions authors publish over them
/// (definition kind <c>report</c>, key = the report's key). The newest published version of a key wins; a key never
/// published uses the shipped template. Publishing renders both languages against the sample model of the report,
/// so a template that does not parse, fails on the model or breaks a limit is refused with its line and column.
/// </summary>
internal static class ReportCatalog
{
    public const string Kind = "report";

    /// <summary>The newest published version of <paramref name="key"/>, else the shipped one.</summary>
    public static async Task<ReportTemplate> CurrentAsync(UnitOfWork work, string key)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (await DefinitionStore.LatestVersionAsync(work, Kind, key) is { } version)
        {
            return (await work.PublishedAsync(Kind, key, version, body => ReportTemplate.Load(body).Template
                ?? throw new InvalidOperationException($"the published report {key}@{version} no longer parses")))!;
        }

        return ReportTemplates.ShippedTemplate(key);
    }

    /// <summary>
    /// Renders report <paramref name="key"/> in <paramref name="locale"/>'s language over <paramref name="model"/> with the
    /// current template. A published template that fails on this model's data gives way to the shipped one, so the
    /// reader still gets the report; a shipped one that fails returns its error.
    /// </summary>
    public static async Task<RenderResult> RenderAsync(UnitOfWork work, string key, string locale, ScriptObject model)
    {
        var template = await CurrentAsync(work, key);
        var rendered = template.Text(locale).Render(model, RenderLimits.Report);
        return rendered.Succeeded || await DefinitionStore.LatestVersionAsync(work, Kind, key) is null
            ? rendered
            : ReportTemplates.Render(key, locale, model);
    }

    /// <summary>Saves <paramref name="json"/> as the draft of its key and publishes it, unless a text does not parse or fails on the sample model.</summary>
    public static async Task<ReportPublishResult> PublishAsync(UnitOfWork work, string json, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (template, problems) = Check(json);
        if (template is null)
        {
            return new ReportPublishResult(null, problems);
        }

        var version = await DefinitionStore.PublishBodyAsync(work, Kind, template.Key, json, by, at);
        return new ReportPublishResult(version, []);
    }

    /// <summary>Loads a template and renders both languages against the report's sample model; the template when all went well.</summary>
    public static (ReportTemplate? Template, IReadOnlyList<ReportProblem> Problems) Check(string json)
    {
        var preview = Preview(json);
        return preview.Problems.Count > 0 ? (null, preview.Problems) : (ReportTemplate.Load(json).Template, []);
    }

    /// <summary>
    /// Renders a template document (JSON) in both languages over <paramref name="model"/> — a real report's model built
    /// for the language — or over the report's sample model when null.
    /// </summary>
    public static ReportPreviewResult Preview(string json, Func<string, ScriptObject>? model = null)
    {
        var (template, problems) = ReportTemplate.Load(json);
        if (template is null)
        {
            return new ReportPreviewResult([], problems);
        }

        var texts = new List<ReportPreviewText>();
        var failed = new List<ReportProblem>();
        foreach (var language in NotificationTemplate.Languages)
        {
            var rendered = template.Text(language).Render(model?.Invoke(language) ?? ReportSamples.Model(template.Key, language), RenderLimits.Report);
            if (rendered.Error is { } error)
            {
                failed.Add(ReportProblem.InText("report.render", language, error));
            }
            else
            {
                texts.Add(new ReportPreviewText(language, rendered.Text!));
            }
        }

        return new ReportPreviewResult(texts, failed);
    }
}
