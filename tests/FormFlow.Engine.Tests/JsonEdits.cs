using System.Globalization;
using System.Text.Json.Nodes;

namespace FormFlow.Tests;

/// <summary>
/// Edits a JSON document at a slash-separated path (<c>steps/confirm/next</c>, <c>rules/0/assert</c>): what the test
/// builders of templates and processes use to make the one change a test is about.
/// </summary>
internal static class JsonEdits
{
    /// <summary>Sets the value, creating objects on the way; an index one past an array's end appends.</summary>
    public static void Set(JsonNode document, string path, JsonNode? value)
    {
        var (parent, last) = Parent(document, path);
        if (parent is JsonArray array)
        {
            var index = int.Parse(last, CultureInfo.InvariantCulture);
            if (index == array.Count)
            {
                array.Add(value);
            }
            else
            {
                array[index] = value;
            }
        }
        else
        {
            ((JsonObject)parent)[last] = value;
        }
    }

    public static void Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        if (parent is JsonArray array)
        {
            array.RemoveAt(int.Parse(last, CultureInfo.InvariantCulture));
        }
        else
        {
            ((JsonObject)parent).Remove(last);
        }
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        var parts = path.Split('/');
        var node = document;
        foreach (var part in parts[..^1])
        {
            node = node is JsonArray a
                ? a[int.Parse(part, CultureInfo.InvariantCulture)]!
                : ((JsonObject)node)[part] ??= new JsonObject();
        }

        return (node, parts[^1]);
    }
}
