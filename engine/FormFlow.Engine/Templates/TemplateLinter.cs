using System.Text.RegularExpressions;
using FormFlow.Expressions;
using FormFlow.Schema;
using FormFlow.Text;
using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

/// <summary>
/// The publish-time check of a template document. Every finding is data: a stable code, a severity,
/// the JSON path inside the document, a zh-CN/en message, and the line and column where the text has one.
/// </summary>
internal sealed partial class TemplateLinter
{
    public const string FormatMarker = "template/1";

    private static readonly string[] Members =
        ["formflow", "key", "title", "description", "schema", "uiSchema", "fields", "sections", "computed", "rules", "prefill", "indicators", "actuals", "roles"];

    private static readonly string[] MonolingualUiKeys = ["ui:title", "ui:description", "ui:help", "ui:placeholder"];

    private readonly JObject document;
    private readonly List<LintFinding> findings = [];

    private TemplateLinter(JObject document)
    {
        this.document = document;
    }

    /// <summary>What lint learnt on the way, for compiling the template when there is no error.</summary>
    internal sealed record Outcome(
        IReadOnlyList<LintFinding> Findings,
        JObject? Document,
        FieldNode? Fields,
        IReadOnlyList<(string Field, FormExpression Expression)> Computed,
        IReadOnlyList<LintedRule> Rules)
    {
        /// <summary>The lists tasks start with (<c>prefill</c>), those without error.</summary>
        public IReadOnlyList<Prefill> Prefills { get; init; } = [];

        public string? ActualsField { get; init; }

        /// <summary>The list holding a person's indicators (<c>indicators.field</c>), when it is declared without error.</summary>
        public string? IndicatorField { get; init; }

        /// <summary>What the fields mean (<c>roles</c>: field path → <see cref="FieldRoles"/>), those without error.</summary>
        public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>();

        /// <summary>The whole numbers each rating field (<see cref="FieldRoles.Numeric"/>) lets a person pick.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<int>> RatingValues { get; init; } = new Dictionary<string, IReadOnlyList<int>>();
    }

    internal sealed record LintedRule(string Key, FormExpression? When, FormExpression Assert, string? Field, LocalizedText Message);

    public static Outcome Lint(string text)
    {
        var (document, error) = TemplateJson.Read(text);
        if (document is null)
        {
            return new Outcome([error!], null, null, [], []);
        }

        return new TemplateLinter(document).Run();
    }

    private Outcome Run()
    {
        CheckShape();
        var schema = document["schema"];
        FieldNode? fields = null;
        if (schema is JObject schemaObject)
        {
            CheckSchema(schemaObject);
            var withinProfile = !findings.Any(f => f.Severity == LintSeverity.Error && f.Path.StartsWith("$.schema", StringComparison.Ordinal));
            (fields, var tooLarge) = FieldNode.Build(schemaObject);
            if (tooLarge)
            {
                Add(
                    "schema.too-large",
                    schemaObject,
                    $"数据结构声明的字段超过 {FieldNode.MaxFields} 个，请拆分为多个表单",
                    $"The schema declares more than {FieldNode.MaxFields} fields; split it into several forms");
                return new Outcome(findings, document, null, [], []);
            }

            if (withinProfile)
            {
                findings.AddRange(SchemaContradictions.Check(schemaObject, fields));
            }

            CheckFieldNames(fields);
            CheckLabels(fields);
            CheckUiSchema(fields);
            CheckSections(fields);
        }

        var computed = fields is null ? [] : CheckComputed(fields, schema as JObject);
        var rules = fields is null ? [] : CheckRules(fields);
        var prefills = fields is null ? [] : CheckPrefill(fields);
        var indicatorField = fields is null ? null : CheckIndicators(fields);
        var actualsField = fields is null ? null : CheckActuals(fields);
        var (roles, ratingValues) = fields is null ? (new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<int>>()) : CheckRoles(fields);
        return new Outcome(findings, document, fields, computed, rules) { Prefills = prefills, IndicatorField = indicatorField, ActualsField = actualsField, Roles = roles, RatingValues = ratingValues };
    }

    private void Add(string code, JToken at, string zh, string en, LintSeverity severity = LintSeverity.Error) =>
        findings.Add(TemplateJson.Finding(code, at, new LocalizedText(zh, en), severity));

    private void AddMissing(string code, JToken parent, string member, string zh, string en) =>
        findings.Add(TemplateJson.Missing(code, parent, member, new LocalizedText(zh, en)));

    private void CheckShape()
    {
        foreach (var property in document.Properties())
        {
            if (!Members.Contains(property.Name, StringComparer.Ordinal))
            {
                Add(
                    "template.unknown-member",
                    property,
                    $"模板不认识成员「{property.Name}」；可用的成员：{string.Join("、", Members)}",
                    $"\"{property.Name}\" is not a member of a template; the members are: {string.Join(", ", Members)}");
            }
        }

        if (document["formflow"] is not { } marker)
        {
            AddMissing("template.missing-member", document, "formflow", $"缺少格式标记 \"formflow\": \"{FormatMarker}\"", $"The format marker \"formflow\": \"{FormatMarker}\" is missing");
        }
        else if (marker.Type != JTokenType.String || (string?)marker != FormatMarker)
        {
            Add("template.invalid-member", marker, $"格式标记必须是 \"{FormatMarker}\"", $"The format marker must be \"{FormatMarker}\"");
        }

        if (document["key"] is not { } key)
        {
            AddMissing("template.missing-member", document, "key", "缺少模板标识 key", "The template key is missing");
        }
        else if (key.Type != JTokenType.String || !TemplateKey().IsMatch((string)key!))
        {
            Add(
                "template.invalid-key",
                key,
                "模板标识只能包含小写字母、数字和 -，以字母开头，最多 64 个字符（如 kpi-setting）",
                "A template key uses lower-case letters, digits and -, starts with a letter and has at most 64 characters (e.g. kpi-setting)");
        }

        CheckText(document, "title", required: true);
        CheckText(document, "description", required: false);

        if (document["schema"] is not { } schema)
        {
            AddMissing("template.missing-member", document, "schema", "缺少数据结构 schema", "The schema is missing");
        }
        else if (schema is not JObject)
        {
            Add("template.invalid-member", schema, "schema 必须是一个 JSON Schema 对象", "The schema must be a JSON Schema object");
        }

        ExpectKind(document, "uiSchema", JTokenType.Object, required: false);
        ExpectKind(document, "fields", JTokenType.Object, required: true);
        ExpectKind(document, "sections", JTokenType.Array, required: true);
        ExpectKind(document, "computed", JTokenType.Array, required: false);
        ExpectKind(document, "rules", JTokenType.Array, required: false);
        ExpectKind(document, "prefill", JTokenType.Array, required: false);
        ExpectKind(document, "roles", JTokenType.Object, required: false);
    }

    private void ExpectKind(JObject parent, string member, JTokenType kind, bool required)
    {
        var token = parent[member];
        if (token is null)
        {
            if (required)
            {
                AddMissing("template.missing-member", parent, member, $"缺少「{member}」", $"\"{member}\" is missing");
            }

            return;
        }

        if (token.Type != kind)
        {
            var (zh, en) = kind == JTokenType.Array ? ("数组", "an array") : ("对象", "an object");
            Add("template.invalid-member", token, $"「{member}」必须是{zh}", $"\"{member}\" must be {en}");
        }
    }

    /// <summary>Checks a zh-CN/en text; returns it when it is complete.</summary>
    private LocalizedText? CheckText(JObject parent, string member, bool required)
    {
        var token = parent[member];
        if (token is null)
        {
            if (required)
            {
                AddMissing("text.missing-language", parent, member, $"缺少「{member}」的中文（zh-CN）和英文（en）文本", $"\"{member}\" is missing; it needs a zh-CN and an en text");
            }

            return null;
        }

        if (token is not JObject text)
        {
            Add(
                "template.invalid-member",
                token,
                $"「{member}」必须是包含 zh-CN 和 en 的对象，如 {{\"zh-CN\": \"…\", \"en\": \"…\"}}",
                $"\"{member}\" must be an object with zh-CN and en, e.g. {{\"zh-CN\": \"…\", \"en\": \"…\"}}");
            return null;
        }

        var complete = true;
        foreach (var (language, name) in new[] { ("zh-CN", "中文"), ("en", "英文") })
        {
            var value = text[language];
            if (value is null)
            {
                AddMissing("text.missing-language", text, language, $"「{member}」缺少{name}（{language}）文本", $"\"{member}\" has no {language} text");
                complete = false;
            }
            else if (value.Type != JTokenType.String)
            {
                Add("template.invalid-member", value, $"「{member}」的{name}（{language}）文本必须是字符串", $"The {language} text of \"{member}\" must be a string");
                complete = false;
            }
            else if (string.IsNullOrWhiteSpace((string?)value))
            {
                Add("text.empty", value, $"「{member}」的{name}（{language}）文本为空", $"The {language} text of \"{member}\" is empty");
                complete = false;
            }
        }

        foreach (var other in text.Properties().Where(p => p.Name is not "zh-CN" and not "en"))
        {
            Add(
                "text.unknown-language",
                other,
                $"FormFlow 提供 zh-CN 和 en 两种语言，「{other.Name}」不会显示",
                $"FormFlow ships zh-CN and en; \"{other.Name}\" is not shown",
                LintSeverity.Warning);
        }

        return complete ? new LocalizedText((string)text["zh-CN"]!, (string)text["en"]!) : null;
    }

    private void CheckSchema(JObject schema)
    {
        if (schema["type"] is not JValue { Value: "object" })
        {
            Add(
                "schema.root-not-object",
                schema["type"] ?? schema,
                "表单数据结构的根必须是 \"type\": \"object\"",
                "The root of a form's schema must be \"type\": \"object\"");
        }

        findings.AddRange(SchemaProfile.Check(schema, "$.schema"));
    }

    private void CheckFieldNames(FieldNode fields)
    {
        foreach (var field in fields.Descendants())
        {
            var name = field.Name;
            if (!FieldName().IsMatch(name) && field.DeclaredAt is not null)
            {
                Add(
                    "field.invalid-name",
                    field.DeclaredAt,
                    $"字段名「{name}」必须以字母开头，只含字母、数字和 _，才能在表达式中使用",
                    $"The field name \"{name}\" must start with a letter and use only letters, digits and _ so expressions can use it");
            }
        }
    }

    private void CheckLabels(FieldNode fields)
    {
        if (document["fields"] is not JObject labels)
        {
            return;
        }

        foreach (var field in fields.Descendants())
        {
            if (labels[field.Path] is not JObject entry)
            {
                if (labels[field.Path] is { } wrong)
                {
                    Add("template.invalid-member", wrong, $"字段「{field.Path}」的说明必须是对象，如 {{\"label\": {{…}}}}", $"The entry of field \"{field.Path}\" must be an object, e.g. {{\"label\": {{…}}}}");
                }
                else
                {
                    AddMissing("field.missing-label", labels, field.Path, $"字段「{field.Path}」没有标签（fields 中缺少它）", $"The field \"{field.Path}\" has no label (it is missing from fields)");
                }

                continue;
            }

            CheckText(entry, "label", required: true);
            CheckText(entry, "help", required: false);
            CheckText(entry, "placeholder", required: false);
            foreach (var property in entry.Properties().Where(p => p.Name is not ("label" or "help" or "placeholder" or "options")))
            {
                Add("template.unknown-member", property, $"字段说明不认识「{property.Name}」；可用：label、help、placeholder、options", $"\"{property.Name}\" is not a member of a field entry; use label, help, placeholder, options");
            }

            CheckOptions(field, entry);
        }

        foreach (var entry in labels.Properties())
        {
            if (fields.Find(entry.Name) is not { } node || node == fields || node.Path != entry.Name)
            {
                Add("field.unknown", entry, $"fields 中的「{entry.Name}」不是数据结构中的字段", $"\"{entry.Name}\" in fields is not a field of the schema");
            }
        }
    }

    private void CheckOptions(FieldNode field, JObject entry)
    {
        var options = entry["options"] as JObject;
        if (entry["options"] is { } wrong && options is null)
        {
            Add("template.invalid-member", wrong, "options 必须是一个对象：选项值 → 文本", "options must be an object: option value → text");
            return;
        }

        var values = field.StringOptions.Count > 0 ? field.StringOptions : field.Items?.StringOptions ?? [];
        foreach (var value in values)
        {
            if (options?[value] is null)
            {
                AddMissing("field.missing-option", options ?? entry, value, $"字段「{field.Path}」的选项「{value}」没有文本", $"The option \"{value}\" of field \"{field.Path}\" has no text");
            }
        }

        foreach (var option in options?.Properties() ?? [])
        {
            if (!values.Contains(option.Name))
            {
                Add("field.unknown-option", option, $"「{option.Name}」不是字段「{field.Path}」的可选值", $"\"{option.Name}\" is not a value of field \"{field.Path}\"");
            }
            else
            {
                CheckText(options!, option.Name, required: true);
            }
        }

        CheckOptionTexts(field, options);
    }

    // Two choices that read the same in a language cannot be told apart by whoever fills the form in it.
    private void CheckOptionTexts(FieldNode field, JObject? options)
    {
        foreach (var language in new[] { "zh-CN", "en" })
        {
            var first = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var option in options?.Properties() ?? [])
            {
                // An option text that is no object is reported by CheckText; it has no language to compare.
                if ((option.Value as JObject)?[language] is not JValue { Type: JTokenType.String } text || string.IsNullOrWhiteSpace((string?)text))
                {
                    continue;
                }

                var shown = ((string)text!).Trim();
                if (first.TryGetValue(shown, out var earlier))
                {
                    Add(
                        "field.duplicate-option-text",
                        text,
                        $"字段「{field.Path}」的选项「{option.Name}」与「{earlier}」的 {language} 文本都是「{shown}」，填写的人无法区分",
                        $"The options \"{option.Name}\" and \"{earlier}\" of field \"{field.Path}\" both read \"{shown}\" in {language}, so whoever fills the form cannot tell them apart");
                }
                else
                {
                    first[shown] = option.Name;
                }
            }
        }
    }

    private void CheckUiSchema(FieldNode fields)
    {
        if (document["uiSchema"] is JObject ui)
        {
            CheckUiLevel(ui, fields);
        }
    }

    private void CheckUiLevel(JObject ui, FieldNode node)
    {
        foreach (var property in ui.Properties())
        {
            if (MonolingualUiKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                Add(
                    "ui.monolingual-text",
                    property,
                    $"「{property.Name}」只能写一种语言；请在 fields 中写 label/help/placeholder（zh-CN 和 en）",
                    $"\"{property.Name}\" holds one language only; put the label/help/placeholder in fields, in zh-CN and en");
            }
            else if (property.Name == "ui:order")
            {
                if (property.Value is not JArray)
                {
                    Add("template.invalid-member", property.Value, "ui:order 必须是字段名数组", "ui:order must be an array of field names");
                }

                foreach (var entry in property.Value as JArray ?? [])
                {
                    var name = entry.Type == JTokenType.String ? (string)entry! : null;
                    if (name != "*" && (name is null || !node.Properties.ContainsKey(name)))
                    {
                        Add("ui.unknown-order-entry", entry, $"ui:order 中的「{entry}」不是这一层的字段", $"\"{entry}\" in ui:order is not a field at this level");
                    }
                }
            }
            else if (property.Name.StartsWith("ui:", StringComparison.Ordinal))
            {
                continue;
            }
            else if (property.Name == "items" && node.Items is not null)
            {
                CheckUiChild(property, node.Items);
            }
            else if (node.Properties.TryGetValue(property.Name, out var child))
            {
                CheckUiChild(property, child);
            }
            else
            {
                var where = node.Path.Length == 0 ? "表单根" : $"「{node.Path}」";
                var whereEn = node.Path.Length == 0 ? "the form's root" : $"\"{node.Path}\"";
                Add("ui.unknown-field", property, $"uiSchema 中的「{property.Name}」不是{where}下的字段", $"\"{property.Name}\" in uiSchema is not a field of {whereEn}");
            }
        }
    }

    private void CheckUiChild(JProperty property, FieldNode node)
    {
        if (property.Value is JObject childUi)
        {
            CheckUiLevel(childUi, node);
        }
        else
        {
            Add("template.invalid-member", property.Value, $"uiSchema 中「{property.Name}」的值必须是对象", $"The value of \"{property.Name}\" in uiSchema must be an object");
        }
    }

    private void CheckSections(FieldNode fields)
    {
        if (document["sections"] is not JArray sections)
        {
            return;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            if (section is not JObject s)
            {
                Add("template.invalid-member", section, "每个分区必须是对象：{\"key\", \"title\", \"fields\"}", "Each section must be an object: {\"key\", \"title\", \"fields\"}");
                continue;
            }

            var key = s["key"]?.Type == JTokenType.String ? (string)s["key"]! : null;
            if (key is null || !SectionKey().IsMatch(key))
            {
                var at = s["key"] ?? s;
                Add("template.invalid-member", at, "分区 key 必须由小写字母、数字和 - 组成，以字母开头", "A section key uses lower-case letters, digits and -, starting with a letter");
            }
            else if (!keys.Add(key))
            {
                Add("section.duplicate-key", s["key"]!, $"分区「{key}」重复定义", $"The section \"{key}\" is defined twice");
            }

            CheckText(s, "title", required: true);
            CheckText(s, "description", required: false);
            if (s["fields"] is not JArray members)
            {
                AddMissing("template.missing-member", s, "fields", "分区必须列出它的字段（fields 数组）", "A section must list its fields (a fields array)");
                continue;
            }

            foreach (var member in members)
            {
                if (member.Type != JTokenType.String)
                {
                    Add("template.invalid-member", member, "分区的 fields 只能列出字段名（字符串）", "A section's fields lists field names (strings)");
                    continue;
                }

                var name = (string)member!;
                if (name.Contains('.', StringComparison.Ordinal) || name.Contains('[', StringComparison.Ordinal))
                {
                    Add("section.not-top-level", member, $"分区只能列出顶层字段，「{name}」不是", $"A section lists top-level fields only; \"{name}\" is not one");
                }
                else if (!fields.Properties.ContainsKey(name))
                {
                    Add("section.unknown-field", member, $"分区「{key}」中的「{name}」不是数据结构中的字段", $"\"{name}\" in section \"{key}\" is not a field of the schema");
                }
                else if (owner.TryGetValue(name, out var first))
                {
                    Add("section.field-in-two-sections", member, $"字段「{name}」已属于分区「{first}」，一个字段只能属于一个分区", $"The field \"{name}\" already belongs to section \"{first}\"; a field belongs to one section");
                }
                else
                {
                    owner[name] = key ?? string.Empty;
                }
            }
        }

        foreach (var name in fields.Properties.Keys.Where(n => !owner.ContainsKey(n)))
        {
            findings.Add(TemplateJson.Finding(
                "section.field-in-no-section",
                fields.Properties[name].DeclaredAt ?? sections,
                new LocalizedText($"字段「{name}」不属于任何分区，流程无法把它交给任何人填写", $"The field \"{name}\" belongs to no section, so no process step could hand it to anyone")));
        }
    }

    private List<(string Field, FormExpression Expression)> CheckComputed(FieldNode fields, JObject? schema)
    {
        var result = new List<(string, FormExpression)>();
        if (document["computed"] is not JArray computed)
        {
            return result;
        }

        var required = (schema?["required"] as JArray)?.OfType<JValue>().Select(v => v.Value as string).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = computed.OfType<JObject>().Select(c => c["field"]).Where(t => t?.Type == JTokenType.String).Select(t => (string)t!).ToHashSet(StringComparer.Ordinal);
        foreach (var item in computed)
        {
            if (item is not JObject c || c["field"]?.Type != JTokenType.String)
            {
                Add("template.invalid-member", item, "每个计算字段必须是对象：{\"field\", \"expression\"}", "Each computed field must be an object: {\"field\", \"expression\"}");
                continue;
            }

            var field = (string)c["field"]!;
            var fieldOk = true;
            if (!fields.Properties.ContainsKey(field))
            {
                Add("computed.unknown-field", c["field"]!, $"计算字段「{field}」必须是数据结构中的顶层字段", $"The computed field \"{field}\" must be a top-level field of the schema");
                fieldOk = false;
            }
            else if (!seen.Add(field))
            {
                Add("computed.duplicate", c["field"]!, $"字段「{field}」被计算了两次", $"The field \"{field}\" is computed twice");
                fieldOk = false;
            }
            else if (required.Contains(field))
            {
                Add("computed.required", c["field"]!, $"计算字段「{field}」由服务器填写，不能列在 required 中", $"The computed field \"{field}\" is filled in by the server and cannot be required");
            }

            pending.Remove(field);
            var expression = ParseExpression(c, "expression", fields);
            if (expression is null || !fieldOk)
            {
                continue;
            }

            foreach (var used in expression.TopLevelFields.Where(pending.Contains))
            {
                Add(
                    "computed.order",
                    c["expression"]!,
                    $"「{field}」用到了在它之后才计算的「{used}」；请调整 computed 的顺序",
                    $"\"{field}\" uses \"{used}\", which is computed after it; reorder computed");
            }

            result.Add((field, expression));
        }

        return result;
    }

    private List<LintedRule> CheckRules(FieldNode fields)
    {
        var result = new List<LintedRule>();
        if (document["rules"] is not JArray rules)
        {
            return result;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in rules)
        {
            if (item is not JObject r)
            {
                Add("template.invalid-member", item, "每条规则必须是对象：{\"key\", \"assert\", \"message\"}", "Each rule must be an object: {\"key\", \"assert\", \"message\"}");
                continue;
            }

            foreach (var property in r.Properties().Where(p => p.Name is not ("key" or "when" or "assert" or "field" or "message")))
            {
                Add("template.unknown-member", property, $"规则不认识「{property.Name}」；可用：key、when、assert、field、message", $"\"{property.Name}\" is not a member of a rule; use key, when, assert, field, message");
            }

            var key = r["key"]?.Type == JTokenType.String ? (string)r["key"]! : null;
            if (key is null || !SectionKey().IsMatch(key))
            {
                Add("template.invalid-member", r["key"] ?? r, "规则 key 必须由小写字母、数字和 - 组成，以字母开头", "A rule key uses lower-case letters, digits and -, starting with a letter");
            }
            else if (!keys.Add(key))
            {
                Add("rule.duplicate-key", r["key"]!, $"规则「{key}」重复定义", $"The rule \"{key}\" is defined twice");
            }

            string? field = null;
            if (r["field"] is { } fieldToken)
            {
                field = fieldToken.Type == JTokenType.String ? (string)fieldToken! : null;
                if (field is null || field.Contains('[', StringComparison.Ordinal) || fields.Find(field) is null)
                {
                    var shown = fieldToken.ToString(Newtonsoft.Json.Formatting.None);
                    Add("rule.unknown-field", fieldToken, $"规则的 field {shown} 不是数据结构中的字段（字段路径，不含 []）", $"The rule's field {shown} is not a field of the schema (a field path, without [])");
                }
            }

            var message = CheckText(r, "message", required: true);
            var when = r["when"] is null ? null : ParseExpression(r, "when", fields);
            var assert = ParseExpression(r, "assert", fields);
            if (key is not null && assert is not null && message is not null && (r["when"] is null || when is not null))
            {
                result.Add(new LintedRule(key, when, assert, field, message));
            }
        }

        return result;
    }

    private FormExpression? ParseExpression(JObject owner, string member, FieldNode fields)
    {
        if (owner[member] is not { Type: JTokenType.String } token)
        {
            if (owner[member] is { } wrong)
            {
                Add("template.invalid-member", wrong, $"「{member}」必须是一个 Scriban 表达式字符串", $"\"{member}\" must be a Scriban expression string");
            }
            else
            {
                AddMissing("template.missing-member", owner, member, $"缺少表达式「{member}」", $"The expression \"{member}\" is missing");
            }

            return null;
        }

        var source = (string)token!;
        var (expression, errors) = FormExpression.Parse(source);
        var (line, column) = TemplateJson.PositionOf(token);
        foreach (var error in errors)
        {
            // The expression's own line and column, because a JSON string's position says little inside it.
            findings.Add(new LintFinding(
                "expression.syntax",
                LintSeverity.Error,
                TemplateJson.PathOf(token),
                new LocalizedText(
                    $"表达式第 {error.Line} 行第 {error.Column} 列有语法错误：{error.Message}",
                    $"Syntax error in the expression at line {error.Line}, column {error.Column}: {error.Message}"),
                line,
                column));
        }

        if (expression is null)
        {
            return null;
        }

        foreach (var name in expression.UnknownVariables)
        {
            if (name.Contains('.', StringComparison.Ordinal))
            {
                Add(
                    "expression.unknown-function",
                    token,
                    $"表达式用到了不存在的函数「{name}」",
                    $"The expression uses \"{name}\", which is not a function FormFlow expressions offer");
            }
            else
            {
                Add(
                    "expression.unknown-variable",
                    token,
                    $"表达式用到了未知的名称「{name}」；表单数据请写 form.字段名",
                    $"The expression uses the unknown name \"{name}\"; reach form data as form.<field>");
            }
        }

        foreach (var chain in expression.References)
        {
            if (UnknownPart(fields, chain) is { } unknown)
            {
                Add(
                    "expression.unknown-field",
                    token,
                    $"表达式用到了「form.{unknown}」，但数据结构中没有这个字段",
                    $"The expression uses \"form.{unknown}\", which is not a field of the schema");
            }
        }

        return expression;
    }

    // The dotted prefix of a reference chain that names no field, or null when every named part exists.
    // Past an array or a scalar the chain may call members Scriban gives every value (.size), so checking stops there.
    private static string? UnknownPart(FieldNode fields, IReadOnlyList<string> chain)
    {
        var node = fields;
        var walked = new List<string>();
        foreach (var segment in chain)
        {
            if (segment == "[]")
            {
                if (node.Items is null)
                {
                    return null;
                }

                node = node.Items;
                walked.Add("[]");
                continue;
            }

            if (node.Properties.Count == 0 && node != fields)
            {
                return null;
            }

            walked.Add(segment);
            if (!node.Properties.TryGetValue(segment, out var child))
            {
                return string.Join('.', walked).Replace(".[]", "[]", StringComparison.Ordinal);
            }

            node = child;
        }

        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex TemplateKey();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex SectionKey();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex FieldName();
}
