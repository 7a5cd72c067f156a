using System.Text.Json.Nodes;

namespace FormFlow.Workflows;

/// <summary>
/// A template's JSON Schema and uiSchema cut down to what one person at one step may see, in react-jsonschema-form's
/// conventions: only the readable top-level properties; those they cannot write marked <c>readOnly: true</c> in the
/// schema and <c>ui:readonly: true</c> in the uiSchema; <c>required</c> only for fields they write. Conditional
/// keywords at the top (<c>if</c>/<c>then</c>/<c>else</c>, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>,
/// <c>dependencies</c>) are left out, as they may name fields the person cannot see: the server checks them on submit.
/// </summary>
internal static class FormReduction
{
    private static readonly HashSet<string> Conditional = new(StringComparer.Ordinal) { "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "dependencies" };

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
                case var _ when Conditional.Contains(key):
                    break;
                default:
                    schema[key] = value?.DeepClone();
                    break;
            }
        }

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

        return (schema, ui);
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
