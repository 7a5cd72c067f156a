using System.Text.Json.Nodes;

namespace FormFlow.Web.Tests;

/// <summary>The shipped example submissions of the templates (templates/examples/{template}/{name}.json), as a person's app would send them.</summary>
internal static class TemplateExamples
{
    /// <summary>The data of one example.</summary>
    public static JsonObject Data(string template, string name)
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        var path = Path.Combine(folder!.FullName, "templates", "examples", template, name + ".json");
        return JsonNode.Parse(File.ReadAllText(path))!["data"]!.DeepClone().AsObject();
    }

    /// <summary>Only <paramref name="fields"/> of <paramref name="data"/>: what one part of a form writes.</summary>
    public static JsonObject Only(JsonObject data, params string[] fields) =>
        new(data.Where(p => fields.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
}
