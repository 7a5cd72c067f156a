using System.Text.Json.Nodes;

namespace FormFlow.Api.Authoring;

/// <summary>
/// A form template as react-jsonschema-form renders it in one language: the schema with each field's label as
/// <c>title</c> (the template's own title and description on the root), and the uiSchema with each field's help as
/// <c>ui:help</c> and its option labels as <c>ui:enumNames</c>. Field paths name nested fields (<c>kpis[].weight</c>).
/// </summary>
internal static class FormPreview
{
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    public static Dictionary<string, FormModel> Render(JsonObject document) =>
        Languages.ToDictionary(l => l, l => Render(document, l), StringComparer.Ordinal);

    private static FormModel Render(JsonObject document, string language)
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

            if (field?["options"] is JsonObject options && node["enum"] is JsonArray values)
            {
                ui["ui:enumNames"] = new JsonArray([.. values.Select(v => (JsonNode?)(Text(options[v?.ToString() ?? string.Empty], language) ?? v?.ToString()))]);
            }
        }

        return new FormModel(schema, uiSchema);
    }

    // The schema node and uiSchema node of a field path, the uiSchema nodes made where missing.
    private static (JsonObject? Schema, JsonObject? Ui) Locate(JsonObject schema, JsonObject uiSchema, string path)
    {
        JsonObject? node = schema;
        var ui = uiSchema;
        foreach (var raw in path.Split('.'))
        {
            var items = raw.EndsWith("[]", StringComparison.Ordinal);
            var name = items ? raw[..^2] : raw;
            node = node?["properties"]?[name] as JsonObject;
            ui = Child(ui, name);
            if (items)
            {
                node = node?["items"] as JsonObject;
                ui = Child(ui, "items");
            }
        }

        return (node, ui);
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
