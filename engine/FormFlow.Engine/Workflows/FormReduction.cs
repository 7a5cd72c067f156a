using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace FormFlow.Workflows;

/// <summary>
/// A template's JSON Schema and uiSchema cut down to what one person at one step may see, in react-jsonschema-form's
/// conventions: only the readable top-level properties; those they cannot write marked <c>readOnly: true</c> in the
/// schema and <c>ui:readonly: true</c> in the uiSchema; <c>required</c> only for fields they write.
/// <para>
/// The server validates a step's submission against the whole schema and reports what concerns the fields the person
/// writes (<see cref="FormAccess.Validate"/>); the reduced schema says the same to the browser. So a top-level
/// conditional (<c>if</c>/<c>then</c>/<c>else</c>, and each part of <c>allOf</c>) is kept when its condition reads
/// only fields the person can read — their values are in the browser's data, so the browser picks the branch the server
/// picks — with its branches reduced to the fields the person writes (a requirement on a field they only read is not
/// theirs to meet, and the server does not hold them to it). A condition that reads a field the person cannot read is
/// left out whole: the browser cannot evaluate it, and deciding it here would tell them something about that field;
/// the server still checks it on submit. A condition or branch with a keyword whose fields cannot be told (a
/// <c>$ref</c>, <c>additionalProperties</c>, …) is left out too.
/// </para>
/// </summary>
internal static class FormReduction
{
    private static readonly FrozenSet<string> ConditionalKeywords = new[] { "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "dependencies" }.ToFrozenSet(StringComparer.Ordinal);

    // Keywords of a schema applied to the whole form whose fields can be told: they validate nothing or name them.
    private static readonly FrozenSet<string> Annotation = new[] { "$schema", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly", "type" }.ToFrozenSet(StringComparer.Ordinal);

    public static (JsonObject Schema, JsonObject UiSchema) Reduce(JsonObject template, IReadOnlySet<string> readable, IReadOnlySet<string> writable)
    {
        ArgumentNullException.ThrowIfNull(template);
        var source = template["schema"] as JsonObject ?? [];
        var schema = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (name, property) in value as JsonObject ?? [])
                    {
                        if (!readable.Contains(name))
                        {
                            continue;
                        }

                        var copy = property?.DeepClone();
                        if (!writable.Contains(name) && copy is JsonObject marked)
                        {
                            marked["readOnly"] = true;
                        }

                        properties[name] = copy;
                    }

                    schema["properties"] = properties;
                    break;
                case "required":
                    schema["required"] = new JsonArray([.. (value as JsonArray ?? []).Select(v => (string?)v).Where(n => n is not null && writable.Contains(n)).Select(n => (JsonNode?)JsonValue.Create(n))]);
                    break;
                case "if":
                    if (Conditional(source, readable, writable) is { } kept)
                    {
                        foreach (var (part, body) in kept)
                        {
                            schema[part] = body;
                        }
                    }

                    break;
                case "allOf":
                    var parts = new JsonArray([.. (value as JsonArray ?? []).Select(p => Branch(p, readable, writable)).Where(p => p is not null)]);
                    if (parts.Count > 0)
                    {
                        schema["allOf"] = parts;
                    }

                    break;
                case var _ when ConditionalKeywords.Contains(key):
                    break;
                default:
                    schema[key] = value?.DeepClone();
                    break;
            }
        }

        return (schema, UiSchema(template, readable, writable));
    }

    // if/then/else of a schema applied to the whole form, kept when the condition reads readable fields only.
    private static List<(string Keyword, JsonNode? Body)>? Conditional(JsonObject schema, IReadOnlySet<string> readable, IReadOnlySet<string> writable)
    {
        var condition = schema["if"];
        if (FieldsRead(condition) is not { } read || !read.IsSubsetOf(readable))
        {
            return null;
        }

        var kept = new List<(string, JsonNode?)> { ("if", condition?.DeepClone()) };
        foreach (var keyword in new[] { "then", "else" })
        {
            if (schema.ContainsKey(keyword))
            {
                if (Branch(schema[keyword], readable, writable) is not { } branch)
                {
                    return null;
                }

                kept.Add((keyword, branch));
            }
        }

        return kept;
    }

    /// <summary>A schema applied to the whole form, reduced to the fields the person writes; null when that cannot be told.</summary>
    private static JsonNode? Branch(JsonNode? node, IReadOnlySet<string> readable, IReadOnlySet<string> writable)
    {
        if (node is JsonValue)
        {
            return node.DeepClone();
        }

        if (node is not JsonObject source)
        {
            return null;
        }

        var branch = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (name, property) in value as JsonObject ?? [])
                    {
                        if (writable.Contains(name))
                        {
                            properties[name] = property?.DeepClone();
                        }
                    }

                    branch["properties"] = properties;
                    break;
                case "required":
                    branch["required"] = new JsonArray([.. (value as JsonArray ?? []).Select(v => (string?)v).Where(n => n is not null && writable.Contains(n)).Select(n => (JsonNode?)JsonValue.Create(n))]);
                    break;
                case "allOf":
                    var parts = (value as JsonArray ?? []).Select(p => Branch(p, readable, writable)).ToList();
                    if (parts.Any(p => p is null))
                    {
                        return null;
                    }

                    branch["allOf"] = new JsonArray([.. parts]);
                    break;
                case "if":
                    // A nested condition on fields the person cannot read is left out: the server still checks it.
                    foreach (var (part, body) in Conditional(source, readable, writable) ?? [])
                    {
                        branch[part] = body;
                    }

                    break;
                case "then" or "else":
                    break;
                case var _ when Annotation.Contains(key):
                    branch[key] = value?.DeepClone();
                    break;
                default:
                    return null;
            }
        }

        return branch;
    }

    /// <summary>The top-level fields a condition reads; null when that cannot be told.</summary>
    private static HashSet<string>? FieldsRead(JsonNode? node)
    {
        if (node is JsonValue)
        {
            return [];
        }

        if (node is not JsonObject condition)
        {
            return null;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in condition)
        {
            switch (key)
            {
                case "properties":
                    fields.UnionWith((value as JsonObject ?? []).Select(p => p.Key));
                    break;
                case "required":
                    fields.UnionWith((value as JsonArray ?? []).Select(v => (string?)v).OfType<string>());
                    break;
                case "allOf" or "if" or "then" or "else":
                    foreach (var part in value is JsonArray list ? [.. list] : new[] { value })
                    {
                        if (FieldsRead(part) is not { } read)
                        {
                            return null;
                        }

                        fields.UnionWith(read);
                    }

                    break;
                case var _ when Annotation.Contains(key):
                    break;
                default:
                    return null;
            }
        }

        return fields;
    }

    private static JsonObject UiSchema(JsonObject template, IReadOnlySet<string> readable, IReadOnlySet<string> writable)
    {
        var ui = new JsonObject();
        foreach (var (key, value) in template["uiSchema"] as JsonObject ?? [])
        {
            if (key == "ui:order")
            {
                ui[key] = new JsonArray([.. (value as JsonArray ?? []).Select(v => (string?)v).Where(n => n == "*" || (n is not null && readable.Contains(n))).Select(n => (JsonNode?)JsonValue.Create(n))]);
            }
            else if (key.StartsWith("ui:", StringComparison.Ordinal) || readable.Contains(key))
            {
                ui[key] = value?.DeepClone();
            }
        }

        foreach (var name in readable.Where(n => !writable.Contains(n)))
        {
            if (ui[name] is not JsonObject field)
            {
                ui[name] = field = [];
            }

            field["ui:readonly"] = true;
        }

        return ui;
    }

    /// <summary>The template's title, description and the <c>fields</c> entries whose top-level field is readable.</summary>
    public static JsonObject Texts(JsonObject template, IReadOnlySet<string> readable)
    {
        ArgumentNullException.ThrowIfNull(template);
        var texts = new JsonObject();
        foreach (var key in (string[])["title", "description"])
        {
            if (template[key] is { } text)
            {
                texts[key] = text.DeepClone();
            }
        }

        var fields = new JsonObject();
        foreach (var (path, entry) in template["fields"] as JsonObject ?? [])
        {
            var top = path.Split('.')[0];
            if (readable.Contains(top.EndsWith("[]", StringComparison.Ordinal) ? top[..top.IndexOf('[', StringComparison.Ordinal)] : top))
            {
                fields[path] = entry?.DeepClone();
            }
        }

        texts["fields"] = fields;
        return texts;
    }
}
