using System.Text.Json.Nodes;
using FormFlow.Documents;
using FormFlow.Rendering;
using FormFlow.Text;

namespace FormFlow.Notifications;

/// <summary>
/// What is wrong with a notification template: the language (<c>zh-CN</c>, <c>en</c>) and part (<c>subject</c>,
/// <c>body</c>) it is in, with the line and column in that text when the problem has a place.
/// </summary>
internal sealed record NotificationProblem(string Code, string? Language, string? Part, int? Line, int? Column, LocalizedText Message)
{
    public static NotificationProblem InText(string code, string language, string part, TemplateError error)
    {
        var partZh = part == NotificationTemplate.SubjectPart ? "标题" : "正文";
        return new(
            code,
            language,
            part,
            error.Line,
            error.Column,
            new LocalizedText(
                $"{language} {partZh}第 {error.Line} 行第 {error.Column} 列：{error.Message}",
                $"{language} {part}, line {error.Line}, column {error.Column}: {error.Message}"));
    }

    public override string ToString() => Message.En;
}

/// <summary>
/// A notification template: the event it answers, and a subject and a body in zh-CN and en, each a Scriban text
/// over the model of <see cref="NotificationModel"/>. Every text is parsed on load.
/// </summary>
internal sealed class NotificationTemplate
{
    public const string SubjectPart = "subject";
    public const string BodyPart = "body";
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    private readonly Dictionary<(string Language, string Part), TextTemplate> texts;

    private NotificationTemplate(string key, string @event, Dictionary<(string, string), TextTemplate> texts)
    {
        Key = key;
        Event = @event;
        this.texts = texts;
    }

    public string Key { get; }

    public string Event { get; }

    /// <summary>The locale a text is picked in: English for any <c>en*</c>, Chinese otherwise.</summary>
    public static string LanguageOf(string? locale) => new LocalizedText("zh-CN", "en").For(locale);

    public TextTemplate Text(string locale, string part) => texts[(LanguageOf(locale), part)];

    /// <summary>Reads and parses a template document; every problem comes back, each syntax error with its line, column and language.</summary>
    public static (NotificationTemplate? Template, IReadOnlyList<NotificationProblem> Problems) Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (DocumentReader.Check(json) is { } unreadable)
        {
            return (null, [new NotificationProblem(unreadable.Code, null, null, unreadable.Line, unreadable.Column, unreadable.Message)]);
        }

        var document = JsonNode.Parse(json) as JsonObject;
        if (document is null)
        {
            return (null, [Missing("the document", "文档")]);
        }

        var problems = new List<NotificationProblem>();
        var key = StringAt(document, "key");
        var @event = StringAt(document, "event");
        if (key is null)
        {
            problems.Add(Missing("\"key\"", "“key”"));
        }

        if (@event is null)
        {
            problems.Add(Missing("\"event\"", "“event”"));
        }

        var texts = new Dictionary<(string, string), TextTemplate>();
        foreach (var part in new[] { SubjectPart, BodyPart })
        {
            foreach (var language in Languages)
            {
                if ((document[part] as JsonObject)?[language] is not JsonValue value || !value.TryGetValue<string>(out var source) || source.Length == 0)
                {
                    problems.Add(Missing($"\"{part}\".\"{language}\"", $"“{part}”.“{language}”"));
                    continue;
                }

                var (text, errors) = TextTemplate.Parse(source);
                problems.AddRange(errors.Select(e => NotificationProblem.InText("notification.syntax", language, part, e)));
                if (text is not null)
                {
                    texts[(language, part)] = text;
                }
            }
        }

        return problems.Count > 0 ? (null, problems) : (new NotificationTemplate(key!, @event!, texts), []);
    }

    private static string? StringAt(JsonObject document, string name) =>
        document[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static NotificationProblem Missing(string en, string zh) =>
        new("notification.missing", null, null, null, null, new LocalizedText($"缺少{zh}（须为非空文本）", $"{en} is missing (a non-empty text is required)"));
}
