using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

internal sealed partial class TemplateLinter
{
    // roles: { "overall_rating": "rating", "goal_results[].self_rating": "self-rating" }. Each path is a field of the
    // schema, each role one FieldRoles knows; a field holding a rating holds whole numbers a person picks from (an
    // integer with both bounds, or an enum of whole numbers); a template has one rating at most, and its rating is a
    // top-level field, because what a reader is shown of a form is decided field by field at the top level.
    private (Dictionary<string, string> Roles, Dictionary<string, IReadOnlyList<int>> Values) CheckRoles(FieldNode fields)
    {
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        if (document["roles"] is not JObject declared)
        {
            return (roles, values);
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in declared.Properties())
        {
            var path = entry.Name;
            if (entry.Value.Type != JTokenType.String || !FieldRoles.Names.ContainsKey((string)entry.Value!))
            {
                var known = string.Join(", ", FieldRoles.Names.Keys);
                Add("roles.unknown-role", entry, $"「{path}」的角色必须是以下之一：{known}", $"The role of \"{path}\" must be one of: {known}");
                continue;
            }

            var role = (string)entry.Value!;
            if (fields.Find(path) is not { } node || path.Length == 0)
            {
                Add("roles.unknown-field", entry, $"「{path}」不是数据结构中的字段（嵌套字段写作 goal_results[].self_rating）", $"\"{path}\" is not a field of the schema (a nested field is written goal_results[].self_rating)");
                continue;
            }

            if (FieldRoles.Single.Contains(role) && seen.TryGetValue(role, out var first))
            {
                Add("roles.duplicate", entry, $"角色「{FieldRoles.Names[role].ZhCn}」已给了「{first}」，一个模板只能有一个", $"The role \"{FieldRoles.Names[role].En}\" is already given to \"{first}\"; a template has one at most");
                continue;
            }

            if (FieldRoles.Numeric.Contains(role))
            {
                if (RatingValues(node) is not { } options)
                {
                    Add("roles.not-a-rating", entry, $"「{path}」的角色是「{FieldRoles.Names[role].ZhCn}」，它必须是有最小值和最大值的整数，或由整数组成的选项（enum）", $"\"{path}\" has the role \"{FieldRoles.Names[role].En}\": it must be an integer with a minimum and a maximum, or an enum of whole numbers");
                    continue;
                }

                if (role == FieldRoles.Rating && node.Parent != fields)
                {
                    Add("roles.rating-nested", entry, $"「{path}」是嵌套字段；评分必须是顶层字段", $"\"{path}\" is nested; the rating must be a top-level field");
                    continue;
                }

                values[path] = options;
            }

            seen.TryAdd(role, path);
            roles[path] = role;
        }

        return (roles, values);
    }

    // The whole numbers a field lets a person pick: its enum, or its bounds (at most 100 of them); null for anything else.
    private static List<int>? RatingValues(FieldNode node)
    {
        if (node.DeclaredAt is not JProperty { Value: JObject schema })
        {
            return null;
        }

        if (schema["enum"] is JArray options)
        {
            var whole = options.Select(Whole).ToList();
            return whole.Count > 0 && whole.All(n => n is not null) ? [.. whole.Select(n => n!.Value).Distinct().Order()] : null;
        }

        // Any member may hold anything here (an object as type, a number past an int): the schema's own check reports
        // those at their field; this only asks whether the field is a rating.
        return schema["type"] is JValue { Type: JTokenType.String, Value: "integer" } && Whole(schema["minimum"]) is { } low && Whole(schema["maximum"]) is { } high
            && high >= low && (long)high - low < 100
            ? [.. Enumerable.Range(low, high - low + 1)]
            : null;
    }

    private static int? Whole(JToken? token) =>
        token is JValue { Type: JTokenType.Integer, Value: long n } && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;
}
