using FormFlow.Notifications;
using FormFlow.Rendering;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>
/// The report templates FormFlow ships (samples/reports/{key}.{language}.scriban, embedded in the engine), parsed once,
/// rendered under <see cref="RenderLimits.Report"/>.
/// </summary>
internal static class ReportTemplates
{
    public const string CycleProgress = "cycle-progress";

    public const string PreInterview = "pre-interview";

    public const string FollowUp = "follow-up";

    public const string History = "history";

    /// <summary>The reports FormFlow builds a model for: a published report template lays out one of these.</summary>
    public static readonly IReadOnlyList<string> Keys = [CycleProgress, PreInterview, FollowUp, History];

    // The shipped templates are part of the engine's assembly, the same for every database and never changed: parsed once.
    private static readonly Lazy<IReadOnlyDictionary<(string Key, string Language), TextTemplate>> Loaded = new(LoadShipped);

    /// <summary>The shipped templates' keys and languages.</summary>
    public static IEnumerable<(string Key, string Language)> Shipped => Loaded.Value.Keys;

    /// <summary>The shipped template of <paramref name="key"/> in both languages.</summary>
    public static ReportTemplate ShippedTemplate(string key) => new(
        key,
        NotificationTemplate.Languages.ToDictionary(l => l, l => Loaded.Value.TryGetValue((key, l), out var text) ? text : throw new ArgumentException($"no report template {key}.{l} ships", nameof(key))));

    /// <summary>The shipped template of <paramref name="key"/> as a document an author may edit and publish.</summary>
    public static string ShippedJson(string key) => new System.Text.Json.Nodes.JsonObject
    {
        ["key"] = key,
        ["text"] = new System.Text.Json.Nodes.JsonObject(NotificationTemplate.Languages.Select(l => KeyValuePair.Create(l, (System.Text.Json.Nodes.JsonNode?)Source(key, l)))),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Renders the shipped template <paramref name="key"/> in <paramref name="locale"/>'s language over <paramref name="model"/>.</summary>
    public static RenderResult Render(string key, string locale, ScriptObject model) =>
        Loaded.Value.TryGetValue((key, NotificationTemplate.LanguageOf(locale)), out var template)
            ? template.Render(model, RenderLimits.Report)
            : throw new ArgumentException($"no report template {key} ships", nameof(key));

    /// <summary>Renders a report template being written (a preview) over <paramref name="model"/>: a syntax error or a broken limit comes back with its line and column.</summary>
    public static RenderResult Preview(string source, ScriptObject model)
    {
        var (template, errors) = TextTemplate.Parse(source);
        return template is null ? new RenderResult(null, errors[0]) : template.Render(model, RenderLimits.Report);
    }

    private static string Source(string key, string language)
    {
        using var stream = typeof(ReportTemplates).Assembly.GetManifestResourceStream($"FormFlow.Reports.Shipped.{key}.{language}.scriban")
            ?? throw new ArgumentException($"no report template {key}.{language} ships", nameof(key));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Dictionary<(string, string), TextTemplate> LoadShipped()
    {
        const string prefix = "FormFlow.Reports.Shipped.";
        const string suffix = ".scriban";
        var assembly = typeof(ReportTemplates).Assembly;
        var shipped = new Dictionary<(string, string), TextTemplate>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)))
        {
            var stem = name[prefix.Length..^suffix.Length];
            var dot = stem.LastIndexOf('.');
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var (template, errors) = TextTemplate.Parse(reader.ReadToEnd());
            shipped[(stem[..dot], stem[(dot + 1)..])] = template
                ?? throw new InvalidOperationException($"the shipped report {name} does not parse: {string.Join("; ", errors)}");
        }

        return shipped;
    }
}
