using System.Text.Json.Nodes;

namespace FormFlow.Api.Authoring;

/// <summary>
/// The structural differences of two JSON documents: members and items added, removed or replaced, each at its JSON
/// Pointer with the old and new values; a replaced text of several lines also gets a line diff (<c>-</c>, <c>+</c>, <c>" "</c>).
/// </summary>
internal static class JsonDiff
{
    public static List<DiffChange> Compare(JsonNode? from, JsonNode? to)
    {
        var changes = new List<DiffChange>();
        Walk(from, to, string.Empty, changes);
        return changes;
    }

    private static void Walk(JsonNode? from, JsonNode? to, string path, List<DiffChange> changes)
    {
        if (from is JsonObject a && to is JsonObject b)
        {
            foreach (var (name, value) in a)
            {
                var at = path + "/" + Escape(name);
                if (!b.ContainsKey(name))
                {
                    changes.Add(new DiffChange("remove", at, value?.DeepClone(), null, null));
                }
                else
                {
                    Walk(value, b[name], at, changes);
                }
            }

            foreach (var (name, value) in b.Where(p => !a.ContainsKey(p.Key)))
            {
                changes.Add(new DiffChange("add", path + "/" + Escape(name), null, value?.DeepClone(), null));
            }

            return;
        }

        if (from is JsonArray x && to is JsonArray y)
        {
            for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
            {
                var at = path + "/" + i;
                if (i >= y.Count)
                {
                    changes.Add(new DiffChange("remove", at, x[i]?.DeepClone(), null, null));
                }
                else if (i >= x.Count)
                {
                    changes.Add(new DiffChange("add", at, null, y[i]?.DeepClone(), null));
                }
                else
                {
                    Walk(x[i], y[i], at, changes);
                }
            }

            return;
        }

        if (!JsonNode.DeepEquals(from, to))
        {
            var lines = from is JsonValue f && to is JsonValue t && f.TryGetValue<string>(out var old) && t.TryGetValue<string>(out var @new) && (old.Contains('\n', StringComparison.Ordinal) || @new.Contains('\n', StringComparison.Ordinal))
                ? Lines(old, @new)
                : null;
            changes.Add(new DiffChange("replace", path, from?.DeepClone(), to?.DeepClone(), lines));
        }
    }

    // A line diff by longest common subsequence (texts of a template are at most a few thousand lines).
    private static List<string> Lines(string old, string @new)
    {
        var a = old.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var b = @new.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int p = 0, q = 0;
        while (p < a.Length || q < b.Length)
        {
            if (p < a.Length && q < b.Length && a[p] == b[q])
            {
                lines.Add("  " + a[p++]);
                q++;
            }
            else if (q < b.Length && (p == a.Length || lcs[p, q + 1] >= lcs[p + 1, q]))
            {
                lines.Add("+ " + b[q++]);
            }
            else
            {
                lines.Add("- " + a[p++]);
            }
        }

        return lines;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
