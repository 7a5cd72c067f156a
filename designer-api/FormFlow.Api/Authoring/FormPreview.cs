using System.Text.Json.Nodes;

namespace FormFlow.Api.Authoring;

/// <summary>
/// A form template as react-jsonschema-form renders it in one language: the schema with each field's label as
/// <c>title</c> (the template's own title and description on the root), and the uiSchema with each field's help as
/// <c>ui:help</c>, its placeholder as <c>ui:placeholder</c> and its option labels as <c>ui:enumNames</c>. Field paths
/// name nested fields (<c>kpis[].weight</c>). A field reached through a local <c>$ref</c> gets its own copy of the
/// referenced schema, labelled for that path: one definition can serve fields with different labels. The authoring
/// preview renders a whole template this way; a task renders its reduced form with the template's texts.
/// </summary>
internal static class FormPreview
{
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    public static Dictionary<string, FormModel> Render(JsonObject document) =>
        Languages.ToDictionary(l => l, l => Render(document, l), StringComparer.Ordinal);

    /// <summary>The form in <paramref name="language"/>, from a document with <c>schema</c>, <c>uiSchema</c>, <c>fields</c> and optionally <c>title</c> and <c>description</c>.</summary>
    public static FormModel Render(JsonObject document, string language)
    {
        var schema = document["schema"]?.DeepClone() as JsonObject ?? [];
        var uiSchema = document["uiSchema"]?.DeepClone() as JsonObject ?? [];
        if (Text(document["title"], language) is { } title)
        {
            schema["title"] = title;
        }

        if (Text(document["description"], language) is { } description)
        {
            schema["description"] = description;
        }

        foreach (var (path, field) in document["fields"] as JsonObject ?? [])
        {
            var (node, ui) = Locate(schema, uiSchema, path);
            if (node is null || ui is null)
            {
                continue;
            }

            if (Text(field?["label"], language) is { } label)
            {
                node["title"] = label;
            }

            if (Text(field?["help"], language) is { } help)
            {
                ui["ui:help"] = help;
            }

            if (Text(field?["placeholder"], language) is { } placeholder)
            {
                ui["ui:placeholder"] = placeholder;
            }

            if (field?["options"] is JsonObject options && node["enum"] is JsonArray values)
            {
                ui["ui:enumNames"] = new JsonArray([.. values.Select(v => (JsonNode?)(Text(options[v?.ToString() ?? string.Empty], language) ?? v?.ToString()))]);
            }
        }

        return new FormModel(schema, uiSchema);
    }

    // The schema node and uiSchema node of a field path, the uiSchema nodes made where missing; a local $ref on the way
    // is replaced by a copy of its target, so that the labels set on it belong to this path alone.
    private static (JsonObject? Schema, JsonObject? Ui) Locate(JsonObject schema, JsonObject uiSchema, string path)
    {
        JsonObject? node = schema;
        var ui = uiSchema;
        foreach (var raw in path.Split('.'))
        {
            var items = raw.EndsWith("[]", StringComparison.Ordinal);
            var name = items ? raw[..^2] : raw;
            node = Inlined(schema, node?["properties"] as JsonObject, name);
            ui = Child(ui, name);
            if (items)
            {
                node = Inlined(schema, node, "items");
                ui = Child(ui, "items");
            }
        }

        return (node, ui);
    }

    // The member of a schema object, with a local $ref ("#/definitions/goal") replaced by a copy of its target (the
    // member's other keywords kept over it). Only the nodes on a labelled path are copied, so a recursive definition is
    // copied as deep as the template labels it, no deeper.
    private static JsonObject? Inlined(JsonObject root, JsonObject? parent, string name)
    {
        if (parent?[name] is not JsonObject node)
        {
            return null;
        }

        if (node["$ref"] is not JsonValue reference || !reference.TryGetValue<string>(out var pointer) || !pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            return node;
        }

        JsonNode? target = root;
        foreach (var part in pointer[2..].Split('/'))
        {
            target = target is JsonObject o ? o[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null;
        }

        if (target is not JsonObject definition)
        {
            return node;
        }

        var copy = definition.DeepClone().AsObject();
        foreach (var (key, value) in node)
        {
            if (key != "$ref")
            {
                copy[key] = value?.DeepClone();
            }
        }

        parent[name] = copy;
        return copy;
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        var made = new JsonObject();
        parent[name] = made;
        return made;
    }

    private static string? Text(JsonNode? texts, string language) =>
        texts is JsonObject o && o[language] is JsonValue v && v.TryGetValue<string>(out var s) ? s : texts is JsonValue plain && plain.TryGetValue<string>(out var p) ? p : null;
}
