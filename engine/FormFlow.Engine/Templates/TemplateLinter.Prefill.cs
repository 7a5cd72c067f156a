using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

internal sealed partial class TemplateLinter
{
    // prefill: [{ "field": "action_marks", "from": "goals", "copy": { "goal": "goal", "status": "status" } }]. Both lists
    // are top-level lists of objects; each copied property exists on both sides with the same type, and a copied option
    // is one the target offers: a task must never start with a value its own form refuses.
    private List<Prefill> CheckPrefill(FieldNode fields)
    {
        var result = new List<Prefill>();
        if (document["prefill"] is not JArray prefills)
        {
            return result;
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in prefills)
        {
            if (entry is not JObject p || p["field"]?.Type != JTokenType.String || p["from"]?.Type != JTokenType.String || p["copy"] is not JObject copy || copy.Count == 0)
            {
                Add("prefill.invalid", entry, "每项预填必须是对象：{\"field\": 列表字段, \"from\": 列表字段, \"copy\": {目标属性: 来源属性}}，copy 至少一项", "Each prefill is an object: {\"field\": list, \"from\": list, \"copy\": {target property: source property}}, with at least one property to copy");
                continue;
            }

            foreach (var member in p.Properties().Where(m => m.Name is not ("field" or "from" or "copy")))
            {
                Add("prefill.invalid", member, $"预填不认识成员「{member.Name}」；可用：field、from、copy", $"\"{member.Name}\" is not a member of a prefill; the members are: field, from, copy");
            }

            var field = (string)p["field"]!;
            var from = (string)p["from"]!;
            var target = ListOf(fields, field, p["field"]!);
            var source = ListOf(fields, from, p["from"]!);
            if (target is not null && !targets.Add(field))
            {
                Add("prefill.duplicate", p["field"]!, $"「{field}」预填了两次", $"\"{field}\" is prefilled twice");
                continue;
            }

            if (target is not null && field == from)
            {
                Add("prefill.invalid", p["from"]!, $"「{field}」不能从自己预填", $"\"{field}\" cannot be prefilled from itself");
                continue;
            }

            var pairs = new List<(string, string)>();
            var fine = target is not null && source is not null;
            foreach (var property in copy.Properties())
            {
                if (property.Value.Type != JTokenType.String)
                {
                    Add("prefill.invalid", property, $"copy 的「{property.Name}」必须写来源属性的名字", $"\"{property.Name}\" of copy must name a property of the source's items");
                    fine = false;
                    continue;
                }

                var copied = (string)property.Value!;
                if (target is null || source is null)
                {
                    continue;
                }

                var to = target.Properties.GetValueOrDefault(property.Name);
                var of = source.Properties.GetValueOrDefault(copied);
                if (to is null || of is null)
                {
                    var (zh, en) = to is null
                        ? ($"「{field}」的每项没有属性「{property.Name}」", $"The items of \"{field}\" have no property \"{property.Name}\"")
                        : ($"「{from}」的每项没有属性「{copied}」", $"The items of \"{from}\" have no property \"{copied}\"");
                    Add("prefill.unknown-property", to is null ? property : property.Value, zh, en);
                    fine = false;
                    continue;
                }

                if (TypeOf(to) is { } toType && TypeOf(of) is { } ofType && toType != ofType && !(toType == "number" && ofType == "integer"))
                {
                    Add("prefill.type-mismatch", property, $"「{from}[].{copied}」是 {ofType}，不能复制到 {toType} 类型的「{field}[].{property.Name}」", $"\"{from}[].{copied}\" is {ofType} and cannot be copied into \"{field}[].{property.Name}\", which is {toType}");
                    fine = false;
                    continue;
                }

                if (to.StringOptions.Count > 0 && of.StringOptions.Except(to.StringOptions, StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
                {
                    Add("prefill.enum-mismatch", property, $"「{from}[].{copied}」的选项 {string.Join("、", missing)} 不是「{field}[].{property.Name}」的选项", $"The options {string.Join(", ", missing)} of \"{from}[].{copied}\" are not options of \"{field}[].{property.Name}\"");
                    fine = false;
                    continue;
                }

                pairs.Add((property.Name, copied));
            }

            if (fine)
            {
                result.Add(new Prefill(field, from, pairs));
            }
        }

        return result;
    }

    // The item node of a top-level list of objects, or null (with the finding) when the field is not one.
    private FieldNode? ListOf(FieldNode fields, string name, JToken at)
    {
        if (!fields.Properties.TryGetValue(name, out var node))
        {
            Add("prefill.unknown-field", at, $"预填的「{name}」不是数据结构中的顶层字段", $"\"{name}\" of a prefill is not a top-level field of the schema");
            return null;
        }

        if (!node.IsArray || node.Items is not { Properties.Count: > 0 } items)
        {
            Add("prefill.not-list", at, $"预填的「{name}」必须是由对象组成的列表（数组）", $"\"{name}\" of a prefill must be a list (array) of objects");
            return null;
        }

        return items;
    }

    private static string? TypeOf(FieldNode node) =>
        node.DeclaredAt is JProperty { Value: JObject schema } && schema["type"] is JValue { Type: JTokenType.String } type ? (string)type! : null;
}
