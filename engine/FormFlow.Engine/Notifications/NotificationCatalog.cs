using FormFlow.Rendering;
using FormFlow.Storage;
using FormFlow.Text;

namespace FormFlow.Notifications;

/// <summary>The outcome of publishing a notification template: the new version, or every problem that stopped it.</summary>
internal sealed record NotificationPublishResult(int? Version, IReadOnlyList<NotificationProblem> Problems)
{
    public bool Published => Version is not null;
}

/// <summary>
/// Notification templates: the ones FormFlow ships (samples/notifications, embedded in the engine) and the versions
/// authors publish over them (definition kind <c>notification</c>, key = the template's key). The newest published
/// version of a key wins; a key never published uses the shipped template.
/// </summary>
internal static class NotificationCatalog
{
    public const string Kind = "notification";

    /// <summary>The suffix of the template a person copied on a notice receives (the superior on an overdue task).</summary>
    public const string CopySuffix = "-copy";

    // The shipped templates are part of the engine's assembly, the same for every database and never changed: read once.
    private static readonly Lazy<IReadOnlyDictionary<string, (NotificationTemplate Template, string Json)>> ShippedTemplates = new(LoadShipped);

    /// <summary>The shipped templates by key, with their JSON as shipped.</summary>
    public static IReadOnlyDictionary<string, (NotificationTemplate Template, string Json)> Shipped => ShippedTemplates.Value;

    /// <summary>The newest published version of <paramref name="key"/>, else the shipped one; null when neither exists.</summary>
    public static async Task<NotificationTemplate?> CurrentAsync(UnitOfWork work, string key)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (await DefinitionStore.LatestVersionAsync(work, Kind, key) is { } version)
        {
            return await work.PublishedAsync(Kind, key, version, body => NotificationTemplate.Load(body).Template
                ?? throw new InvalidOperationException($"the published notification {key}@{version} no longer parses"));
        }

        return Shipped.TryGetValue(key, out var shipped) ? shipped.Template : null;
    }

    /// <summary>
    /// Saves <paramref name="json"/> as the draft of its key and publishes it, unless a text does not parse or fails
    /// against the sample model: each problem names the language, the part, the line and the column.
    /// </summary>
    public static async Task<NotificationPublishResult> PublishAsync(UnitOfWork work, string json, string by, long at)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (template, problems) = Check(json);
        if (template is null)
        {
            return new NotificationPublishResult(null, problems);
        }

        var version = await DefinitionStore.PublishBodyAsync(work, Kind, template.Key, json, by, at);
        return new NotificationPublishResult(version, []);
    }

    /// <summary>Loads a template and renders each of its texts against the sample model; the template when all went well.</summary>
    public static (NotificationTemplate? Template, IReadOnlyList<NotificationProblem> Problems) Check(string json)
    {
        var (template, problems) = NotificationTemplate.Load(json);
        if (template is null)
        {
            return (null, problems);
        }

        var rendered = NotificationPreview.Render(template, language => NotificationModel.Sample(language, template.Event, template.Key.EndsWith(CopySuffix, StringComparison.Ordinal)));
        return rendered.Problems.Count > 0 ? (null, rendered.Problems) : (template, []);
    }

    private static Dictionary<string, (NotificationTemplate, string)> LoadShipped()
    {
        const string prefix = "FormFlow.Notifications.Shipped.";
        var assembly = typeof(NotificationCatalog).Assembly;
        var shipped = new Dictionary<string, (NotificationTemplate, string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var json = reader.ReadToEnd();
            var (template, problems) = NotificationTemplate.Load(json);
            if (template is null)
            {
                throw new InvalidOperationException($"the shipped notification {name} does not load: {string.Join("; ", problems)}");
            }

            shipped[template.Key] = (template, json);
        }

        return shipped;
    }
}

/// <summary>One text of a notification rendered for a preview.</summary>
internal sealed record PreviewText(string Language, string Part, string Text);

/// <summary>What a preview shows: every text that rendered, and every problem (with its line and column).</summary>
internal sealed record NotificationPreviewResult(IReadOnlyList<PreviewText> Texts, IReadOnlyList<NotificationProblem> Problems);

/// <summary>Renders notification templates while they are written: against the sample model or a real outbox message's model.</summary>
internal static partial class NotificationPreview
{
    /// <summary>Renders a template document (JSON) in both languages against <paramref name="model"/> (the sample model when null).</summary>
    public static NotificationPreviewResult Render(string json, Func<string, NotificationModel>? model = null)
    {
        var (template, problems) = NotificationTemplate.Load(json);
        return template is null
            ? new NotificationPreviewResult([], problems)
            : Render(template, model ?? (language => NotificationModel.Sample(language, template.Event, template.Key.EndsWith(NotificationCatalog.CopySuffix, StringComparison.Ordinal))));
    }

    /// <summary>Renders one text (a subject or a body being edited) against <paramref name="model"/>; a syntax or runtime error has its line and column.</summary>
    public static NotificationPreviewResult RenderText(string source, string part, NotificationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (text, errors) = TextTemplate.Parse(source);
        if (text is null)
        {
            return new NotificationPreviewResult([], [.. errors.Select(e => NotificationProblem.InText("notification.syntax", model.Locale, part, e))]);
        }

        var result = text.Render(model.ToScriptObject(), RenderLimits.Notification);
        return result.Error is { } error
            ? new NotificationPreviewResult([], [NotificationProblem.InText("notification.render", model.Locale, part, error)])
            : new NotificationPreviewResult([new PreviewText(model.Locale, part, Tidy(result.Text!, part))], []);
    }

    internal static NotificationPreviewResult Render(NotificationTemplate template, Func<string, NotificationModel> model)
    {
        var texts = new List<PreviewText>();
        var problems = new List<NotificationProblem>();
        foreach (var language in NotificationTemplate.Languages)
        {
            var variables = model(language).ToScriptObject();
            foreach (var part in new[] { NotificationTemplate.SubjectPart, NotificationTemplate.BodyPart })
            {
                var result = template.Text(language, part).Render(variables, RenderLimits.Notification);
                if (result.Error is { } error)
                {
                    problems.Add(NotificationProblem.InText("notification.render", language, part, error));
                }
                else
                {
                    texts.Add(new PreviewText(language, part, Tidy(result.Text!, part)));
                }
            }
        }

        return new NotificationPreviewResult(texts, problems);
    }

    /// <summary>
    /// A subject is one line (a mail header); a body keeps at most one blank line in a row, whatever blank lines the
    /// tags of an author's template leave behind.
    /// </summary>
    internal static string Tidy(string text, string part) => part == NotificationTemplate.SubjectPart
        ? string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        : BlankLines().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), "\n\n") + "\n";

    [System.Text.RegularExpressions.GeneratedRegex(@"\n[ \t]*(\n[ \t]*)+\n")]
    private static partial System.Text.RegularExpressions.Regex BlankLines();
}

/// <summary>Renders an outbox message for one of its recipients, in that person's language.</summary>
internal static class NotificationRenderer
{
    /// <summary>
    /// The notice <paramref name="recipientId"/> (the message's recipient or someone it copies) receives: the newest
    /// published template of the event (for a copy, of <c>{event}-copy</c> when there is one), else the shipped one.
    /// A published template that fails on this message's data gives way to the shipped one: the mail still leaves.
    /// </summary>
    public static async Task<RenderedNotice> RenderAsync(UnitOfWork work, OutboxMessage message, string recipientId, string baseUrl)
    {
        var model = await NotificationModel.BuildAsync(work, message, recipientId, baseUrl);
        var key = model.IsCopy && await NotificationCatalog.CurrentAsync(work, model.Event + NotificationCatalog.CopySuffix) is not null
            ? model.Event + NotificationCatalog.CopySuffix
            : model.Event;
        if (await ChosenByProcessAsync(work, message, key) is { } chosen)
        {
            key = chosen;
        }

        var template = await NotificationCatalog.CurrentAsync(work, key)
            ?? throw new InvalidOperationException($"there is no notification template for {key}");
        var variables = model.ToScriptObject();
        var rendered = Render(template, model.Locale, variables);
        if (rendered.Problem is not null && NotificationCatalog.Shipped.TryGetValue(key, out var shipped) && shipped.Template != template)
        {
            rendered = Render(shipped.Template, model.Locale, variables);
        }

        if (rendered.Problem is { } problem)
        {
            throw new InvalidOperationException($"the notification {key} failed for outbox message {message.Id}: {problem}");
        }

        return new RenderedNotice(model.RecipientId, model.Email, rendered.Subject!, rendered.Body!, model.Locale, model.Meeting?.Calendar);
    }

    // The process of the message may name its own template for the event ("notifications" in the process).
    private static async Task<string?> ChosenByProcessAsync(UnitOfWork work, OutboxMessage message, string key)
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(message.Payload)!;
        if ((string?)payload["process"] is not { } processKey || payload["processVersion"]?.GetValue<int>() is not { } version)
        {
            return null;
        }

        var process = await Workflows.ProcessCatalog.ProcessAsync(work, processKey, version);
        return process?.Notifications.GetValueOrDefault(key) is { } chosen && await NotificationCatalog.CurrentAsync(work, chosen) is not null ? chosen : null;
    }

    private static (string? Subject, string? Body, NotificationProblem? Problem) Render(NotificationTemplate template, string locale, Scriban.Runtime.ScriptObject variables)
    {
        var subject = template.Text(locale, NotificationTemplate.SubjectPart).Render(variables, RenderLimits.Notification);
        if (subject.Error is { } subjectError)
        {
            return (null, null, NotificationProblem.InText("notification.render", locale, NotificationTemplate.SubjectPart, subjectError));
        }

        var body = template.Text(locale, NotificationTemplate.BodyPart).Render(variables, RenderLimits.Notification);
        return body.Error is { } bodyError
            ? (null, null, NotificationProblem.InText("notification.render", locale, NotificationTemplate.BodyPart, bodyError))
            : (NotificationPreview.Tidy(subject.Text!, NotificationTemplate.SubjectPart), NotificationPreview.Tidy(body.Text!, NotificationTemplate.BodyPart), null);
    }
}
