using System.Text.Json.Nodes;
using FormFlow.Documents;
using FormFlow.Notifications;
using FormFlow.Rendering;
using FormFlow.Text;

namespace FormFlow.Reports;

/// <summary>What is wrong with a report template: the language (<c>zh-CN</c>, <c>en</c>) it is in, with the line and column in that text when the problem has a place.</summary>
internal sealed record ReportProblem(string Code, string? Language, int? Line, int? Column, LocalizedText Message)
{
    public static ReportProblem InText(string code, string language, TemplateError error) => new(
        code,
        language,
        error.Line,
        error.Column,
        new LocalizedText(
            $"{language} 第 {error.Line} 行第 {error.Column} 列：{error.Message}",
            $"{language}, line {error.Line}, column {error.Column}: {error.Message}"));

    public static ReportProblem Of(string code, string zh, string en) => new(code, null, null, null, new LocalizedText(zh, en));

    public override string ToString() => Message.En;
}

/// <summary>
/// A report template as authors publish it: the report it lays out (<c>key</c>, one of the reports FormFlow builds a
/// model for) and one Scriban text per language, <c>{ "key": "pre-interview", "text": { "zh-CN": "…", "en": "…" } }</c>.
/// Every text is parsed on load.
/// </summary>
internal sealed class ReportTemplate
{
    private readonly IReadOnlyDictionary<string, TextTemplate> texts;

    public ReportTemplate(string key, IReadOnlyDictionary<string, TextTemplate> texts)
    {
        Key = key;
        this.texts = texts;
    }

    public string Key { get; }

    /// <summary>The text for <paramref name="locale"/>: English for any <c>en*</c>, Chinese otherwise.</summary>
    public TextTemplate Text(string locale) => texts[NotificationTemplate.LanguageOf(locale)];

    /// <summary>Reads and parses a template document; every problem comes back, each syntax error with its language, line and column.</summary>
    public static (ReportTemplate? Template, IReadOnlyList<ReportProblem> Problems) Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (DocumentReader.Check(json) is { } unreadable)
        {
            return (null, [new ReportProblem(unreadable.Code, null, unreadable.Line, unreadable.Column, unreadable.Message)]);
        }

        var document = JsonNode.Parse(json) as JsonObject;
        if (document is null)
        {
            return (null, [Missing("the document", "文档")]);
        }

        var problems = new List<ReportProblem>();
        var key = document["key"] is JsonValue keyValue && keyValue.TryGetValue<string>(out var k) && k.Length > 0 ? k : null;
        if (key is null)
        {
            problems.Add(Missing("\"key\"", "“key”"));
        }
        else if (!ReportTemplates.Keys.Contains(key))
        {
            problems.Add(ReportProblem.Of(
                "report.unknown-key",
                $"没有名为「{key}」的报表（可用：{string.Join("、", ReportTemplates.Keys)}）",
                $"There is no report \"{key}\" (known: {string.Join(", ", ReportTemplates.Keys)})"));
        }

        var texts = new Dictionary<string, TextTemplate>(StringComparer.Ordinal);
        foreach (var language in NotificationTemplate.Languages)
        {
            if ((document["text"] as JsonObject)?[language] is not JsonValue value || !value.TryGetValue<string>(out var source) || source.Length == 0)
            {
                problems.Add(Missing($"\"text\".\"{language}\"", $"“text”.“{language}”"));
                continue;
            }

            var (text, errors) = TextTemplate.Parse(source);
            problems.AddRange(errors.Select(e => ReportProblem.InText("report.syntax", language, e)));
            if (text is not null)
            {
                texts[language] = text;
            }
        }

        return problems.Count > 0 ? (null, problems) : (new ReportTemplate(key!, texts), []);
    }

    private static ReportProblem Missing(string en, string zh) =>
        ReportProblem.Of("report.missing", $"缺少{zh}（须为非空文本）", $"{en} is missing (a non-empty text is required)");
}
