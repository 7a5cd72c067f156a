using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

internal sealed partial class TemplateLinter
{
    // What an indicator item's properties hold when present (see docs/templates.md#indicators): the library key, the
    // texts, the numbers a warning is computed from, and the options the KPI pages and the threshold watch understand.
    private static readonly (string Name, string[] Types, string[] Options)[] IndicatorProperties =
    [
        ("indicator", ["string"], []),
        ("name", ["string"], []),
        ("definition", ["string"], []),
        ("unit", ["string"], []),
        ("data_source", ["string"], []),
        ("direction", ["string"], ["higher-better", "lower-better"]),
        ("target", ["number", "integer"], []),
        ("threshold", ["number", "integer"], []),
        ("frequency", ["string"], ["weekly", "biweekly", "monthly", "quarterly"]),
        ("warn_after", ["integer"], []),
    ];

    // indicators: { "field": "kpis" }: the top-level list whose items are a person's indicators. Returns the field when
    // it fits, so the pages can propose library indicators into it and the actuals can read it.
    private string? CheckIndicators(FieldNode fields)
    {
        if (document["indicators"] is not { } token)
        {
            return null;
        }

        if (token is not JObject declared || declared["field"]?.Type != JTokenType.String)
        {
            Add("indicators.invalid", token, "indicators 必须是对象：{\"field\": 列表字段}", "indicators is an object: {\"field\": a list field}");
            return null;
        }

        foreach (var member in declared.Properties().Where(m => m.Name != "field"))
        {
            Add("indicators.invalid", member, $"indicators 不认识成员「{member.Name}」；可用：field", $"\"{member.Name}\" is not a member of indicators; the member is: field");
        }

        var at = declared["field"]!;
        var name = (string)at!;
        if (!fields.Properties.TryGetValue(name, out var node))
        {
            Add("indicators.unknown-field", at, $"指标字段「{name}」不是数据结构中的顶层字段", $"The indicator field \"{name}\" is not a top-level field of the schema");
            return null;
        }

        if (!node.IsArray || node.Items is not { Properties.Count: > 0 } items)
        {
            Add("indicators.not-list", at, $"指标字段「{name}」必须是由对象组成的列表（数组）", $"The indicator field \"{name}\" must be a list (array) of objects");
            return null;
        }

        var fine = true;
        foreach (var required in new[] { "name", "target" })
        {
            if (!items.Properties.ContainsKey(required))
            {
                Add("indicators.missing-property", at, $"指标字段「{name}」的每项必须有属性「{required}」", $"The items of the indicator field \"{name}\" must have the property \"{required}\"");
                fine = false;
            }
        }

        foreach (var (property, types, options) in IndicatorProperties)
        {
            if (items.Properties.GetValueOrDefault(property) is not { } item)
            {
                continue;
            }

            var type = TypeOf(item);
            if (type is null || !types.Contains(type))
            {
                Add(
                    "indicators.type-mismatch",
                    item.DeclaredAt ?? at,
                    $"指标字段「{name}」每项的「{property}」必须是 {string.Join(" 或 ", types)} 类型",
                    $"\"{property}\" of the items of the indicator field \"{name}\" must be of type {string.Join(" or ", types)}");
                fine = false;
            }
            else if (options.Length > 0 && item.StringOptions.Except(options, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            {
                Add(
                    "indicators.unknown-option",
                    item.DeclaredAt ?? at,
                    $"指标字段「{name}」每项的「{property}」只能取 {string.Join("、", options)}，不能取 {string.Join("、", unknown)}",
                    $"\"{property}\" of the items of the indicator field \"{name}\" may only be {string.Join(", ", options)}, not {string.Join(", ", unknown)}");
                fine = false;
            }
        }

        return fine ? name : null;
    }
}
