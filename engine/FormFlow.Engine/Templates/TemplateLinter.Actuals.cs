using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

internal sealed partial class TemplateLinter
{
    // What each item of the actuals list holds (docs/templates.md#actuals): the indicator's name, unit, target and
    // threshold, last week's value (absent: none recorded) and whether it is on the wrong side of the threshold.
    private static readonly (string Name, string[] Types)[] ActualsProperties =
    [
        ("name", ["string"]),
        ("unit", ["string"]),
        ("target", ["number"]),
        ("threshold", ["number"]),
        ("value", ["number"]),
        ("breaches", ["boolean"]),
    ];

    // actuals: { "field": "last_week" }: a top-level list a task starts with, filled from the subject's indicators and
    // last week's actuals when it opens. Returns the field when it fits.
    private string? CheckActuals(FieldNode fields)
    {
        if (document["actuals"] is not { } token)
        {
            return null;
        }

        if (token is not JObject declared || declared["field"]?.Type != JTokenType.String)
        {
            Add("actuals.invalid", token, "actuals 必须是对象：{\"field\": 列表字段}", "actuals is an object: {\"field\": a list field}");
            return null;
        }

        foreach (var member in declared.Properties().Where(m => m.Name != "field"))
        {
            Add("actuals.invalid", member, $"actuals 不认识成员「{member.Name}」；可用：field", $"\"{member.Name}\" is not a member of actuals; the member is: field");
        }

        var at = declared["field"]!;
        var name = (string)at!;
        if (!fields.Properties.TryGetValue(name, out var node))
        {
            Add("actuals.unknown-field", at, $"实际值字段「{name}」不是数据结构中的顶层字段", $"The actuals field \"{name}\" is not a top-level field of the schema");
            return null;
        }

        if (!node.IsArray || node.Items is not { Properties.Count: > 0 } items)
        {
            Add("actuals.not-list", at, $"实际值字段「{name}」必须是由对象组成的列表（数组）", $"The actuals field \"{name}\" must be a list (array) of objects");
            return null;
        }

        var missing = ActualsProperties.Where(p => items.Properties.GetValueOrDefault(p.Name) is not { } property || TypeOf(property) is not { } type || !p.Types.Contains(type)).Select(p => $"{p.Name} ({string.Join("/", p.Types)})").ToList();
        if (missing.Count > 0)
        {
            Add("actuals.missing-property", at, $"实际值字段「{name}」的每项须有：{string.Join("、", missing)}", $"Each item of the actuals field \"{name}\" needs: {string.Join(", ", missing)}");
            return null;
        }

        return name;
    }
}
