using System.Globalization;
using System.Text.RegularExpressions;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json.Linq;

namespace FormFlow.Indicators;

/// <summary>
/// The publish-time check of an indicator document: every finding names the member at fault (a JSONPath, its line and
/// column) in zh-CN and en, with a stable code (docs/indicators.md#lint). The limits on texts are those of the KPI
/// form's items, so that an indicator chosen from the library always fits the form it is copied into.
/// </summary>
internal sealed partial class IndicatorLinter
{
    public const int MaxName = 50;
    public const int MaxDefinition = 500;
    public const int MaxUnit = 20;
    public const int MaxDataSource = 100;
    public const int MaxListEntry = 64;

    private static readonly string[] Members =
        ["formflow", "key", "name", "definition", "unit", "direction", "dataSource", "frequency", "target", "threshold", "warnAfter", "appliesTo", "grades"];

    private static readonly string[] ScopeMembers = ["departments", "levels", "roleFamilies"];

    private readonly JObject document;
    private readonly List<LintFinding> findings = [];

    private IndicatorLinter(JObject document) => this.document = document;

    public static (Indicator? Indicator, IReadOnlyList<LintFinding> Findings) Lint(string text)
    {
        var (document, error) = TemplateJson.Read(text);
        if (document is null)
        {
            return (null, [error!]);
        }

        var linter = new IndicatorLinter(document);
        var indicator = linter.Run();
        return (linter.findings.Any(f => f.Severity == LintSeverity.Error) ? null : indicator, linter.findings);
    }

    private Indicator? Run()
    {
        foreach (var property in document.Properties().Where(p => !Members.Contains(p.Name, StringComparer.Ordinal)))
        {
            Add("indicator.unknown-member", property, $"指标不认识成员「{property.Name}」；可用的成员：{string.Join("、", Members)}", $"\"{property.Name}\" is not a member of an indicator; the members are: {string.Join(", ", Members)}");
        }

        if (document["formflow"] is not { } marker)
        {
            Missing("formflow", $"缺少格式标记 \"formflow\": \"{IndicatorLibrary.FormatMarker}\"", $"The format marker \"formflow\": \"{IndicatorLibrary.FormatMarker}\" is missing");
        }
        else if (marker.Type != JTokenType.String || (string?)marker != IndicatorLibrary.FormatMarker)
        {
            Add("indicator.invalid-member", marker, $"格式标记必须是 \"{IndicatorLibrary.FormatMarker}\"", $"The format marker must be \"{IndicatorLibrary.FormatMarker}\"");
        }

        string? key = null;
        if (document["key"] is not { } keyToken)
        {
            Missing("key", "缺少指标标识 key", "The indicator key is missing");
        }
        else if (keyToken.Type != JTokenType.String || !KeyPattern().IsMatch((string)keyToken!))
        {
            Add("indicator.invalid-key", keyToken, "指标标识只能包含小写字母、数字和 -，以字母或数字开头，最多 64 个字符（如 contract-value）", "An indicator key uses lower-case letters, digits and -, starts with a letter or digit and has at most 64 characters (e.g. contract-value)");
        }
        else
        {
            key = (string)keyToken!;
        }

        var name = Text("name", "名称", "name", MaxName);
        var definition = Text("definition", "定义", "definition", MaxDefinition);
        var unit = String("unit", "单位", "unit", MaxUnit, required: true);
        var dataSource = String("dataSource", "数据来源", "data source", MaxDataSource, required: true);
        var direction = Choice("direction", "方向", "direction", Indicator.Directions, "indicator.invalid-direction");
        var frequency = Choice("frequency", "更新频率", "update frequency", Indicator.Frequencies, "indicator.invalid-frequency");
        var target = Number(document, "target", "目标值", "target", required: true);
        var threshold = Number(document, "threshold", "预警阈值", "threshold", required: false);
        var warnAfter = WarnAfter();
        if (direction is not null && target is { } t && threshold is { } h)
        {
            ThresholdSide(document["threshold"]!, direction, t, h, "默认");
        }

        var appliesTo = Scope(document["appliesTo"], "appliesTo", allowEmpty: true);
        var grades = new List<IndicatorGrade>();
        if (document["grades"] is { } gradesToken)
        {
            if (gradesToken is not JArray list)
            {
                Add("indicator.invalid-member", gradesToken, "grades 必须是数组：[{\"levels\": [\"P7\"], \"target\": 150, \"threshold\": 120}]", "grades must be an array: [{\"levels\": [\"P7\"], \"target\": 150, \"threshold\": 120}]");
            }
            else
            {
                foreach (var entry in list)
                {
                    if (Grade(entry, direction) is { } grade)
                    {
                        grades.Add(grade);
                    }
                }
            }
        }

        return key is null || name is null || definition is null || unit is null || dataSource is null || direction is null || frequency is null || target is null || appliesTo is null
            ? null
            : new Indicator(key, name, definition, unit, direction, dataSource, frequency, target.Value, threshold, warnAfter ?? Indicator.DefaultWarnAfter, appliesTo, grades);
    }

    private IndicatorGrade? Grade(JToken entry, string? direction)
    {
        if (entry is not JObject grade)
        {
            Add("indicator.invalid-member", entry, "每个分级必须是对象：{\"levels\": [\"P7\"], \"target\": 150, \"threshold\": 120}", "Each grade is an object: {\"levels\": [\"P7\"], \"target\": 150, \"threshold\": 120}");
            return null;
        }

        foreach (var property in grade.Properties().Where(p => p.Name is not ("departments" or "levels" or "roleFamilies" or "target" or "threshold")))
        {
            Add("indicator.unknown-member", property, $"分级不认识成员「{property.Name}」；可用：departments、levels、roleFamilies、target、threshold", $"\"{property.Name}\" is not a member of a grade; the members are: departments, levels, roleFamilies, target, threshold");
        }

        var scope = Scope(grade, "grades", allowEmpty: false);
        var target = Number(grade, "target", "分级目标值", "grade's target", required: true);
        var threshold = Number(grade, "threshold", "分级预警阈值", "grade's threshold", required: false);
        if (direction is not null && target is { } t && threshold is { } h)
        {
            ThresholdSide(grade["threshold"]!, direction, t, h, "该分级");
        }

        return scope is null || target is null ? null : new IndicatorGrade(scope, target.Value, threshold);
    }

    // appliesTo (or a grade): lists of department ids, levels and role families; a grade must say whom it is for.
    private IndicatorScope? Scope(JToken? token, string member, bool allowEmpty)
    {
        if (token is null)
        {
            return IndicatorScope.Any;
        }

        if (token is not JObject scope)
        {
            Add("indicator.invalid-member", token, $"「{member}」必须是对象：{{\"departments\": […], \"levels\": […], \"roleFamilies\": […]}}", $"\"{member}\" must be an object: {{\"departments\": […], \"levels\": […], \"roleFamilies\": […]}}");
            return null;
        }

        if (member == "appliesTo")
        {
            foreach (var property in scope.Properties().Where(p => !ScopeMembers.Contains(p.Name, StringComparer.Ordinal)))
            {
                Add("indicator.unknown-member", property, $"appliesTo 不认识成员「{property.Name}」；可用：departments、levels、roleFamilies", $"\"{property.Name}\" is not a member of appliesTo; the members are: departments, levels, roleFamilies");
            }
        }

        var fine = true;
        var lists = new List<IReadOnlyList<string>>();
        foreach (var name in ScopeMembers)
        {
            var list = new List<string>();
            if (scope[name] is { } value)
            {
                if (value is not JArray array || array.Any(e => e.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)e) || ((string)e!).Length > MaxListEntry))
                {
                    Add("indicator.invalid-member", value, $"「{name}」必须是非空文本的数组（每项最多 {MaxListEntry} 个字符），如 [\"P5\", \"P6\"]", $"\"{name}\" must be an array of non-empty texts (at most {MaxListEntry} characters each), e.g. [\"P5\", \"P6\"]");
                    fine = false;
                }
                else
                {
                    list.AddRange(array.Select(e => ((string)e!).Trim()).Distinct(StringComparer.Ordinal));
                }
            }

            lists.Add(list);
        }

        if (!allowEmpty && fine && lists.All(l => l.Count == 0))
        {
            Add("indicator.empty-grade", token, "分级必须至少写明一个适用的部门、职级或岗位类别", "A grade must name at least one department, level or role family it is for");
            fine = false;
        }

        return fine ? new IndicatorScope(lists[0], lists[1], lists[2]) : null;
    }

    private void ThresholdSide(JToken at, string direction, double target, double threshold, string whose)
    {
        if ((direction == Indicator.HigherBetter && threshold > target) || (direction == Indicator.LowerBetter && threshold < target))
        {
            Add(
                "indicator.threshold-side",
                at,
                $"{whose}预警阈值 {Shown(threshold)} 应比目标值 {Shown(target)} 差：越高越好的指标阈值不高于目标，越低越好的指标阈值不低于目标",
                $"The threshold {Shown(threshold)} must be worse than the target {Shown(target)}: not above it for a higher-is-better indicator, not below it for a lower-is-better one");
        }
    }

    private int? WarnAfter()
    {
        if (document["warnAfter"] is not { } token)
        {
            return null;
        }

        if (token.Type != JTokenType.Integer || (long)token < 1 || (long)token > 12)
        {
            Add("indicator.invalid-warn-after", token, "warnAfter（连续几期预警）必须是 1 到 12 的整数", "warnAfter (periods before a warning) must be a whole number from 1 to 12");
            return null;
        }

        return (int)(long)token;
    }

    private double? Number(JObject parent, string member, string zh, string en, bool required)
    {
        if (parent[member] is not { } token)
        {
            if (required)
            {
                MissingIn(parent, member, $"缺少{zh}「{member}」", $"The {en} \"{member}\" is missing");
            }

            return null;
        }

        if (token.Type is not (JTokenType.Integer or JTokenType.Float))
        {
            Add("indicator.invalid-member", token, $"{zh}「{member}」必须是数字", $"The {en} \"{member}\" must be a number");
            return null;
        }

        return (double)token;
    }

    private string? Choice(string member, string zh, string en, IReadOnlyList<string> options, string code)
    {
        if (document[member] is not { } token)
        {
            Missing(member, $"缺少{zh}「{member}」，可选：{string.Join("、", options)}", $"The {en} \"{member}\" is missing; it is one of: {string.Join(", ", options)}");
            return null;
        }

        if (token.Type != JTokenType.String || !options.Contains((string)token!, StringComparer.Ordinal))
        {
            Add(code, token, $"{zh}「{member}」只能是 {string.Join("、", options)}", $"The {en} \"{member}\" is one of: {string.Join(", ", options)}");
            return null;
        }

        return (string)token!;
    }

    private string? String(string member, string zh, string en, int limit, bool required)
    {
        if (document[member] is not { } token)
        {
            if (required)
            {
                Missing(member, $"缺少{zh}「{member}」", $"The {en} \"{member}\" is missing");
            }

            return null;
        }

        if (token.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)token))
        {
            Add("indicator.invalid-member", token, $"{zh}「{member}」必须是非空文本", $"The {en} \"{member}\" must be a non-empty text");
            return null;
        }

        var text = ((string)token!).Trim();
        if (text.Length > limit)
        {
            Add("indicator.too-long", token, $"{zh}「{member}」超过 {limit} 个字符", $"The {en} \"{member}\" is longer than {limit} characters");
            return null;
        }

        return text;
    }

    // A text in both languages, each non-empty and within the limit of the KPI form.
    private LocalizedText? Text(string member, string zh, string en, int limit)
    {
        if (document[member] is not { } token)
        {
            Missing(member, $"缺少{zh}「{member}」的中文（zh-CN）和英文（en）文本", $"The {en} \"{member}\" is missing; it needs a zh-CN and an en text");
            return null;
        }

        if (token is not JObject text)
        {
            Add("indicator.invalid-member", token, $"{zh}「{member}」必须是包含 zh-CN 和 en 的对象，如 {{\"zh-CN\": \"…\", \"en\": \"…\"}}", $"The {en} \"{member}\" must be an object with zh-CN and en, e.g. {{\"zh-CN\": \"…\", \"en\": \"…\"}}");
            return null;
        }

        var values = new List<string>();
        foreach (var (language, languageName) in new[] { ("zh-CN", "中文"), ("en", "英文") })
        {
            var value = text[language];
            if (value is null)
            {
                findings.Add(TemplateJson.Missing("text.missing-language", text, language, new LocalizedText($"{zh}「{member}」缺少{languageName}（{language}）文本", $"The {en} \"{member}\" has no {language} text")));
            }
            else if (value.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)value))
            {
                Add("text.empty", value, $"{zh}「{member}」的{languageName}（{language}）文本为空", $"The {language} text of the {en} \"{member}\" is empty");
            }
            else if (((string)value!).Trim().Length > limit)
            {
                Add("indicator.too-long", value, $"{zh}「{member}」的{languageName}（{language}）文本超过 {limit} 个字符", $"The {language} text of the {en} \"{member}\" is longer than {limit} characters");
            }
            else
            {
                values.Add(((string)value!).Trim());
            }
        }

        foreach (var other in text.Properties().Where(p => p.Name is not "zh-CN" and not "en"))
        {
            Add("text.unknown-language", other, $"FormFlow 提供 zh-CN 和 en 两种语言，「{other.Name}」不会显示", $"FormFlow ships zh-CN and en; \"{other.Name}\" is not shown", LintSeverity.Warning);
        }

        return values.Count == 2 ? new LocalizedText(values[0], values[1]) : null;
    }

    private static string Shown(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private void Add(string code, JToken at, string zh, string en, LintSeverity severity = LintSeverity.Error) =>
        findings.Add(TemplateJson.Finding(code, at, new LocalizedText(zh, en), severity));

    private void Missing(string member, string zh, string en) => MissingIn(document, member, zh, en);

    private void MissingIn(JObject parent, string member, string zh, string en) =>
        findings.Add(TemplateJson.Missing("indicator.missing-member", parent, member, new LocalizedText(zh, en)));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
