using System.Globalization;
using System.Text.Json;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Schema;

/// <summary>
/// The publish-time check that a schema inside the profile does not contradict itself: a range, length or list size
/// no value fits, an <c>enum</c> listing a value twice, an <c>enum</c>, <c>const</c> or <c>default</c> value its own
/// schema refuses, a <c>required</c> field the form can never hold, a field declared where <c>additionalProperties:
/// false</c> refuses it. Each is a form that refuses what it offers, or offers what it refuses. Runs on a schema that
/// passed <see cref="SchemaProfile.Check"/>.
/// </summary>
internal sealed class SchemaContradictions
{
    public const string EmptyRange = "schema.empty-range";
    public const string EmptyLength = "schema.empty-length";
    public const string EmptyItems = "schema.empty-items";
    public const string DuplicateEnumValue = "schema.duplicate-enum-value";
    public const string ValueFailsSchema = "schema.value-fails-schema";
    public const string RequiredUndeclared = "schema.required-undeclared";
    public const string PropertyNeverAllowed = "schema.property-never-allowed";

    private readonly JObject root;
    private readonly List<LintFinding> findings = [];

    private SchemaContradictions(JObject root)
    {
        this.root = root;
    }

    /// <summary>The contradictions of <paramref name="schema"/> (a template's schema), whose fields are <paramref name="fields"/>.</summary>
    public static IReadOnlyList<LintFinding> Check(JObject schema, FieldNode fields)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(fields);
        var check = new SchemaContradictions(schema);
        var positions = new List<JObject>();
        Positions(schema, positions);
        // Compiling costs a regular expression per pattern: only a schema with values to check pays for it.
        var withValues = positions.Where(p => p["enum"] is not null || p["const"] is not null || p["default"] is not null).ToList();
        var compiled = withValues.Count == 0 ? null : new SchemaCompiler(schema).CompileAll(withValues);
        foreach (var position in positions)
        {
            check.CheckNumbers(position);
            check.CheckLengths(position);
            check.CheckItems(position);
            if (compiled?.GetValueOrDefault(position) is { } node)
            {
                check.CheckValues(position, node);
            }
        }

        check.CheckDeclarations(schema, fields, allowed: null, new HashSet<(JToken, FieldNode)>());
        return check.findings;
    }

    // Every schema object inside the schema, definitions included, each once.
    private static void Positions(JToken schema, List<JObject> positions)
    {
        if (schema is not JObject keywords)
        {
            return;
        }

        positions.Add(keywords);
        foreach (var keyword in keywords.Properties())
        {
            switch (keyword.Name)
            {
                case "properties" or "definitions" when keyword.Value is JObject members:
                    foreach (var member in members.Properties())
                    {
                        Positions(member.Value, positions);
                    }

                    break;
                case "items" or "allOf" when keyword.Value is JArray list:
                    foreach (var item in list)
                    {
                        Positions(item, positions);
                    }

                    break;
                case "items" or "additionalProperties" or "additionalItems" or "if" or "then" or "else":
                    Positions(keyword.Value, positions);
                    break;
            }
        }
    }

    private void CheckNumbers(JObject schema)
    {
        var minimum = Number(schema, "minimum");
        var maximum = Number(schema, "maximum");
        var exclusiveMinimum = Number(schema, "exclusiveMinimum");
        var exclusiveMaximum = Number(schema, "exclusiveMaximum");

        // The tightest bound on each side; an exclusive bound at the same value as an inclusive one is the tighter.
        var lower = Tighter(minimum, exclusiveMinimum, below: false);
        var upper = Tighter(maximum, exclusiveMaximum, below: true);
        if (lower is null || upper is null)
        {
            return;
        }

        var (low, high) = (lower.Value, upper.Value);
        var compared = decimal.Compare(low.Value, high.Value);
        if (compared > 0 || (compared == 0 && (low.Exclusive || high.Exclusive)))
        {
            Add(
                EmptyRange,
                high.Token,
                $"「{low.Keyword}」{Show(low.Token)} 与「{high.Keyword}」{Show(high.Token)} 之间没有任何数字，这个字段永远无法填写",
                $"No number lies between \"{low.Keyword}\" {Show(low.Token)} and \"{high.Keyword}\" {Show(high.Token)}, so the field can never be filled in");
            return;
        }

        if (IsIntegerOnly(schema))
        {
            var first = low.Exclusive ? decimal.Floor(low.Value) + 1 : decimal.Ceiling(low.Value);
            var last = high.Exclusive ? decimal.Ceiling(high.Value) - 1 : decimal.Floor(high.Value);
            if (first > last)
            {
                Add(
                    EmptyRange,
                    high.Token,
                    $"「{low.Keyword}」{Show(low.Token)} 与「{high.Keyword}」{Show(high.Token)} 之间没有整数，而这个字段只接受整数",
                    $"No whole number lies between \"{low.Keyword}\" {Show(low.Token)} and \"{high.Keyword}\" {Show(high.Token)}, and the field takes whole numbers only");
                return;
            }
        }

        if (Number(schema, "multipleOf") is { } multipleOf && multipleOf.Value > 0 && !HasMultiple(low, high, multipleOf.Value))
        {
            Add(
                EmptyRange,
                multipleOf.Token,
                $"「{low.Keyword}」{Show(low.Token)} 与「{high.Keyword}」{Show(high.Token)} 之间没有 {Show(multipleOf.Token)} 的倍数，这个字段永远无法填写",
                $"No multiple of {Show(multipleOf.Token)} lies between \"{low.Keyword}\" {Show(low.Token)} and \"{high.Keyword}\" {Show(high.Token)}, so the field can never be filled in");
        }
    }

    // In decimal arithmetic on the limits' digits, as the validator counts multiples (JsonNumber.IsMultipleOf): the
    // first multiple of the step at or above the low bound, compared with the high one.
    private static bool HasMultiple(Bound low, Bound high, decimal step)
    {
        try
        {
            var first = decimal.Ceiling(low.Value / step) * step;
            if (low.Exclusive && first == low.Value)
            {
                first += step;
            }

            return first < high.Value || (first == high.Value && !high.Exclusive);
        }
        catch (OverflowException)
        {
            return true;
        }
    }

    private void CheckLengths(JObject schema)
    {
        if (Number(schema, "minLength") is { } min && Number(schema, "maxLength") is { } max && min.Value > max.Value)
        {
            Add(
                EmptyLength,
                max.Token,
                $"最少 {Show(min.Token)} 个字符（minLength）却最多 {Show(max.Token)} 个字符（maxLength），没有文本能同时满足",
                $"At least {Show(min.Token)} characters (minLength) but at most {Show(max.Token)} (maxLength): no text fits both");
        }
    }

    private void CheckItems(JObject schema)
    {
        if (Number(schema, "minItems") is not { } min)
        {
            return;
        }

        if (Number(schema, "maxItems") is { } max && min.Value > max.Value)
        {
            Add(
                EmptyItems,
                max.Token,
                $"最少 {Show(min.Token)} 项（minItems）却最多 {Show(max.Token)} 项（maxItems），没有列表能同时满足",
                $"At least {Show(min.Token)} items (minItems) but at most {Show(max.Token)} (maxItems): no list fits both");
            return;
        }

        if (schema["items"] is JArray tuple && schema["additionalItems"] is JValue { Type: JTokenType.Boolean } more && !(bool)more! && min.Value > tuple.Count)
        {
            Add(
                EmptyItems,
                min.Token,
                $"列表最多只能有「items」列出的 {tuple.Count} 项（additionalItems 为 false），却要求至少 {Show(min.Token)} 项",
                $"The list holds at most the {tuple.Count} items \"items\" lists (additionalItems is false) but needs at least {Show(min.Token)}");
            return;
        }

        if (schema["uniqueItems"] is JValue { Type: JTokenType.Boolean } unique && (bool)unique! && Resolve(schema["items"]) is JObject items && items["enum"] is JArray choices)
        {
            var distinct = Distinct(choices).Count;
            if (min.Value > distinct)
            {
                Add(
                    EmptyItems,
                    min.Token,
                    $"列表要求至少 {Show(min.Token)} 项且各不相同（uniqueItems），但每项只有 {distinct} 个可选值",
                    $"The list needs at least {Show(min.Token)} different items (uniqueItems), but an item has only {distinct} possible values");
            }
        }
    }

    private void CheckValues(JObject schema, SchemaNode node)
    {
        if (schema["$ref"] is not null)
        {
            // Beside a $ref draft-07 ignores every other keyword: the values are never compared with anything.
            return;
        }

        if (schema["enum"] is JArray choices)
        {
            var seen = new List<JsonElement>();
            foreach (var choice in choices)
            {
                var element = Element(choice);
                if (seen.Any(s => JsonEquality.DeepEquals(s, element)))
                {
                    Add(
                        DuplicateEnumValue,
                        choice,
                        $"「enum」中的值 {Show(choice)} 重复出现，请删除重复项",
                        $"The value {Show(choice)} appears more than once in \"enum\"; remove the duplicate");
                    continue;
                }

                seen.Add(element);
                CheckValue("enum", choice, element, node, LintSeverity.Error);
            }
        }

        if (schema["const"] is { } constant)
        {
            CheckValue("const", constant, Element(constant), node, LintSeverity.Error);
        }

        // A default is where the person starts: a value they must change before the form is accepted. An object or a
        // list is a start they fill in, so only a single value is held to the schema.
        if (schema["default"] is { Type: not (JTokenType.Object or JTokenType.Array) } fallback)
        {
            CheckValue("default", fallback, Element(fallback), node, LintSeverity.Error);
        }
    }

    private void CheckValue(string keyword, JToken value, JsonElement element, SchemaNode node, LintSeverity severity)
    {
        var problems = new List<ValidationProblem>();
        using (var walk = new ValidationWalk(problems, labelOf: null))
        {
            KeywordChecks.Evaluate(node, element, walk);
        }

        if (problems.Count == 0)
        {
            return;
        }

        var failed = string.Join("、", problems.Select(p => p.Code).Distinct(StringComparer.Ordinal));
        var failedEn = string.Join(", ", problems.Select(p => $"\"{p.Code}\"").Distinct(StringComparer.Ordinal));
        var (zh, en) = keyword switch
        {
            "enum" => ("这个选项永远不会被接受", "so choosing it could never be accepted"),
            "const" => ("这个字段永远无法填写", "so the field can never be filled in"),
            _ => ("表单一开始就填着一个会被拒绝的值", "so the form starts with a value it refuses"),
        };
        Add(
            ValueFailsSchema,
            value,
            $"「{keyword}」的值 {Show(value)} 不满足同一定义中的「{failed}」，{zh}",
            $"The \"{keyword}\" value {Show(value)} fails {failedEn} of its own schema, {en}",
            severity);
    }

    /// <summary>
    /// Walks the schema along the form's fields: a name <c>required</c> at the form's root must be one of its fields (a
    /// section hands out fields, so an undeclared one is never written); where <c>additionalProperties</c> is false only
    /// the properties beside it may appear, so a name required or declared beyond them can never be present.
    /// </summary>
    private void CheckDeclarations(JToken schema, FieldNode node, IReadOnlySet<string>? allowed, HashSet<(JToken, FieldNode)> visited)
    {
        if (schema is not JObject keywords || !visited.Add((keywords, node)))
        {
            return;
        }

        if (keywords["$ref"] is JValue { Type: JTokenType.String } reference)
        {
            if (SchemaPointer.Resolve(root, (string)reference!) is { } target)
            {
                CheckDeclarations(target, node, allowed, visited);
            }

            return;
        }

        var properties = keywords["properties"] as JObject;
        if (keywords["additionalProperties"] is JValue { Type: JTokenType.Boolean } additional && !(bool)additional!)
        {
            var own = (properties?.Properties().Select(p => p.Name) ?? []).ToHashSet(StringComparer.Ordinal);
            allowed = allowed is null ? own : own.Where(allowed.Contains).ToHashSet(StringComparer.Ordinal);
        }

        foreach (var name in (keywords["required"] as JArray ?? []).OfType<JValue>().Where(v => v.Type == JTokenType.String))
        {
            var field = (string)name!;
            if (node.Parent is null && !node.Properties.ContainsKey(field))
            {
                Add(
                    RequiredUndeclared,
                    name,
                    $"必填字段「{field}」没有在数据结构中声明：分区只能交出声明过的字段，没有人能填写它，每次提交都会被拒绝",
                    $"The required field \"{field}\" is declared nowhere in the schema: sections hand out declared fields only, so nobody can fill it in and every submission is refused");
            }
            else if (allowed is not null && !allowed.Contains(field))
            {
                Add(
                    RequiredUndeclared,
                    name,
                    $"「{field}」是必填的，但「additionalProperties」为 false 且旁边的「properties」没有它，它永远不能出现",
                    $"\"{field}\" is required, but \"additionalProperties\" is false and the \"properties\" beside it lack it, so it can never be present");
            }
        }

        foreach (var property in properties?.Properties() ?? [])
        {
            if (allowed is not null && !allowed.Contains(property.Name))
            {
                Add(
                    PropertyNeverAllowed,
                    property,
                    $"字段「{property.Name}」在这里声明，但外层「additionalProperties」为 false 且外层的「properties」没有它，它永远不能填写",
                    $"The field \"{property.Name}\" is declared here, but the enclosing \"additionalProperties\" is false and the enclosing \"properties\" lack it, so it can never be filled in");
            }

            if (node.Properties.TryGetValue(property.Name, out var child))
            {
                CheckDeclarations(property.Value, child, allowed: null, visited);
            }
        }

        if (node.Items is { } items)
        {
            foreach (var itemSchema in keywords["items"] is JArray tuple ? [.. tuple] : new[] { keywords["items"], keywords["additionalItems"] })
            {
                if (itemSchema is not null)
                {
                    CheckDeclarations(itemSchema, items, allowed: null, visited);
                }
            }
        }

        // allOf, then and else describe the same object: the closed set above holds for them too.
        foreach (var combined in (keywords["allOf"] as JArray ?? []).Concat(new[] { keywords["then"], keywords["else"] }))
        {
            if (combined is not null)
            {
                CheckDeclarations(combined, node, allowed, visited);
            }
        }
    }

    private JToken? Resolve(JToken? schema)
    {
        var seen = new HashSet<JToken>(ReferenceEqualityComparer.Instance);
        while (schema is JObject { } keywords && keywords["$ref"] is JValue { Type: JTokenType.String } reference && seen.Add(keywords))
        {
            schema = SchemaPointer.Resolve(root, (string)reference!);
        }

        return schema;
    }

    private static List<JsonElement> Distinct(JArray values)
    {
        var distinct = new List<JsonElement>();
        foreach (var element in values.Select(Element))
        {
            if (!distinct.Any(d => JsonEquality.DeepEquals(d, element)))
            {
                distinct.Add(element);
            }
        }

        return distinct;
    }

    private static bool IsIntegerOnly(JObject schema) => schema["type"] switch
    {
        JValue { Type: JTokenType.String } single => (string)single! == "integer",
        JArray types => types.Any(t => (string?)t == "integer") && types.All(t => (string?)t is "integer" or "null"),
        _ => false,
    };

    private readonly record struct Bound(string Keyword, JToken Token, decimal Value, bool Exclusive);

    private static Bound? Number(JObject schema, string keyword)
    {
        if (schema.Property(keyword, StringComparison.Ordinal)?.Value is not { Type: JTokenType.Integer or JTokenType.Float } token)
        {
            return null;
        }

        // Numbers beyond decimal's range are left alone: no form limit is that large.
        return decimal.TryParse(token.ToString(Formatting.None), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new Bound(keyword, token, value, keyword.StartsWith("exclusive", StringComparison.Ordinal))
            : null;
    }

    private static Bound? Tighter(Bound? inclusive, Bound? exclusive, bool below)
    {
        if (inclusive is null || exclusive is null)
        {
            return inclusive ?? exclusive;
        }

        var compared = decimal.Compare(exclusive.Value.Value, inclusive.Value.Value);
        return compared == 0 || (below ? compared < 0 : compared > 0) ? exclusive : inclusive;
    }

    private static JsonElement Element(JToken value)
    {
        using var document = JsonDocument.Parse(value.ToString(Formatting.None));
        return document.RootElement.Clone();
    }

    private static string Show(JToken value)
    {
        var text = value.ToString(Formatting.None);
        return text.Length > 60 ? string.Concat(text.AsSpan(0, 57), "...") : text;
    }

    private void Add(string code, JToken at, string zh, string en, LintSeverity severity = LintSeverity.Error) =>
        findings.Add(TemplateJson.Finding(code, at, new LocalizedText(zh, en), severity));
}
