using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace FormFlow.Tests.Fuzzing;

/// <summary>
/// Generated damage to a JSON document: a member dropped, written twice or renamed, a value of another type, a random
/// string, deep nesting, huge numbers, a subtree copied elsewhere, or the text cut or broken. Each mutation is a few
/// numbers and a string, so CsCheck shrinks a failing document to the fewest, smallest changes.
/// </summary>
internal static class JsonMutation
{
    // Markers that survive System.Text.Json's writer ("\u0001" is escaped) and are swapped for raw text afterwards:
    // a member written twice and numbers no JsonNode holds (1e400) are made this way.
    private const string RawOpen = "\u0001raw\u0001";
    private const string DuplicateMark = "\u0001dup\u0001";

    /// <summary>One change: what kind, where (an index into the document's nodes), a second place, a size and a text.</summary>
    public sealed record Mutation(int Kind, int Target, int Other, int Size, string Text)
    {
        public override string ToString() => $"{Names[Kind % Names.Length]}@{Target}/{Other} size={Size} text={Quote(Text)}";
    }

    private static readonly string[] Names =
    [
        "drop", "duplicate", "retype", "random-string", "deep-nesting", "huge-number", "add-member", "copy-subtree", "rename", "cut-text", "insert-char",
    ];

    /// <summary>Strings chosen to hurt: control characters, lone surrogates, CJK, Scriban and JSONPath syntax, long runs.</summary>
    public static readonly Gen<string> NastyString = Gen.OneOf(
        Gen.String,
        Gen.Char[(char)0, (char)0xFFFF].Array[0, 12].Select(c => new string(c)),
        Gen.OneOf<string>(
            "", " ", "\u0000", "\uD800", "\uDC00x", "\uFEFF", "\u202E", "评价", "$", "$ref", "#/definitions/x", "#", "/", "~1", "..",
            "{{ x }}", "a.b", "a[0]", "kpis[].weight", "__proto__", "constructor", "null", "true", "-1", "1e400", "NaN", "P1Y", "9999-12-31",
            "\\", "\"", "'", "<script>", "CON", "../../etc/passwd", "(a+)+$", "^(a|a)*$", "x{1000000}"),
        Gen.Int[1, 200_000].Select(n => new string('a', n)));

    public static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int.NonNegative, Gen.Int.NonNegative, Gen.Int[0, 3000], NastyString, (k, t, o, s, x) => new Mutation(k, t, o, s, x));

    /// <summary>One to <paramref name="most"/> mutations of one of <paramref name="seeds"/> (by index), as a document's text.</summary>
    public static Gen<(int Seed, Mutation[] Mutations)> Of(int seeds, int most = 6) =>
        Gen.Select(Gen.Int[0, seeds - 1], OneMutation.Array[1, most]);

    /// <summary>The text of <paramref name="seed"/> with <paramref name="mutations"/> applied in order.</summary>
    public static string Apply(string seed, IEnumerable<Mutation> mutations)
    {
        var root = JsonNode.Parse(seed) ?? JsonValue.Create(RawOpen + "null");
        var textual = new List<Mutation>();
        foreach (var mutation in mutations)
        {
            if (Names[mutation.Kind % Names.Length] is "cut-text" or "insert-char")
            {
                textual.Add(mutation);
                continue;
            }

            root = ApplyOne(root, mutation);
        }

        var text = Write(root);
        foreach (var mutation in textual)
        {
            var at = text.Length == 0 ? 0 : mutation.Target % text.Length;
            text = Names[mutation.Kind % Names.Length] == "cut-text"
                ? text[..at]
                : text[..at] + (mutation.Text.Length > 0 ? mutation.Text[..Math.Min(3, mutation.Text.Length)] : "{") + text[at..];
        }

        return text;
    }

    /// <summary>Serialises <paramref name="root"/>, then turns the markers into member names written twice and raw numbers.</summary>
    public static string Write(JsonNode root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = 10_000, SkipValidation = true }))
        {
            root.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        text = text.Replace("\"\\u0001dup\\u0001", "\"", StringComparison.Ordinal);
        var open = "\"\\u0001raw\\u0001";
        for (var at = text.IndexOf(open, StringComparison.Ordinal); at >= 0; at = text.IndexOf(open, StringComparison.Ordinal))
        {
            var end = text.IndexOf('"', at + open.Length);
            text = string.Concat(text.AsSpan(0, at), text.AsSpan(at + open.Length, end - at - open.Length), text.AsSpan(end + 1));
        }

        return text;
    }

    private static JsonNode ApplyOne(JsonNode root, Mutation m)
    {
        var nodes = new List<(JsonNode? Node, JsonNode? Parent, string? Name, int Index)>();
        Collect(root, null, null, -1, nodes);
        var (node, parent, name, index) = nodes[m.Target % nodes.Count];
        switch (Names[m.Kind % Names.Length])
        {
            case "drop":
                Remove(parent, name, index);
                return root;
            case "duplicate" when parent is JsonObject o:
                o[DuplicateMark + name] = Copy(node);
                return root;
            case "duplicate" when parent is JsonArray a:
                a.Insert(index, Copy(node));
                return root;
            case "retype":
                return Replace(root, parent, name, index, Retyped(node, m));
            case "random-string":
                return Replace(root, parent, name, index, JsonValue.Create(m.Text));
            case "deep-nesting":
                return Replace(root, parent, name, index, Nested(m.Size, m.Other % 2 == 0, Copy(node)));
            case "huge-number":
                return Replace(root, parent, name, index, JsonValue.Create(RawOpen + HugeNumbers[m.Other % HugeNumbers.Length]));
            case "add-member" when node is JsonObject target:
                target[Unique(target, m.Text)] = Retyped(null, m);
                return root;
            case "add-member" when node is JsonArray items:
                items.Add(Retyped(items.Count > 0 ? items[0] : null, m));
                return root;
            case "copy-subtree":
                return Replace(root, parent, name, index, Copy(nodes[m.Other % nodes.Count].Node));
            case "rename" when parent is JsonObject o:
                var value = Copy(node);
                o.Remove(name!);
                o[Unique(o, m.Other % 2 == 0 ? m.Text : NameFrom(nodes, m.Other))] = value;
                return root;
            default:
                return root;
        }
    }

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808", "2147483648",
        "1.7976931348623157e308", "4.9e-324", "0.1e1", "-0", "1E+2", "100000000000000000000000000000000000000000000000000000.5",
    ];

    private static JsonNode? Retyped(JsonNode? node, Mutation m) => (m.Other % 13) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(false),
        3 => JsonValue.Create(0),
        4 => JsonValue.Create(-1),
        5 => JsonValue.Create(1.5),
        6 => JsonValue.Create(m.Size),
        7 => JsonValue.Create(m.Text),
        8 => new JsonArray(),
        9 => new JsonObject(),
        10 => new JsonArray(Copy(node)),
        11 => new JsonObject { ["value"] = Copy(node) },
        _ => JsonValue.Create(node is null ? "null" : Write(node)),
    };

    private static JsonNode Nested(int depth, bool arrays, JsonNode? inner)
    {
        var current = inner;
        for (var i = 0; i < depth; i++)
        {
            current = arrays ? new JsonArray(current) : new JsonObject { ["a"] = current };
        }

        return current ?? new JsonArray();
    }

    private static JsonNode Replace(JsonNode root, JsonNode? parent, string? name, int index, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o:
                o[name!] = value;
                return root;
            case JsonArray a:
                a[index] = value;
                return root;
            default:
                // The root itself: a document that is not an object at all.
                return value ?? JsonValue.Create(RawOpen + "null")!;
        }
    }

    private static void Remove(JsonNode? parent, string? name, int index)
    {
        switch (parent)
        {
            case JsonObject o:
                o.Remove(name!);
                break;
            case JsonArray a:
                a.RemoveAt(index);
                break;
        }
    }

    private static string Unique(JsonObject o, string name) => o.ContainsKey(name) ? DuplicateMark + name : name;

    private static string NameFrom(List<(JsonNode? Node, JsonNode? Parent, string? Name, int Index)> nodes, int pick)
    {
        var names = nodes.Where(n => n.Name is not null).Select(n => n.Name!).ToList();
        return names.Count == 0 ? "x" : names[pick % names.Count];
    }

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    private static void Collect(JsonNode? node, JsonNode? parent, string? name, int index, List<(JsonNode?, JsonNode?, string?, int)> nodes)
    {
        nodes.Add((node, parent, name, index));
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    Collect(value, o, key, -1, nodes);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i], a, null, i, nodes);
                }

                break;
        }
    }

    private static string Quote(string text)
    {
        var shown = text.Length > 60 ? text[..60] + $"…({text.Length.ToString(CultureInfo.InvariantCulture)} chars)" : text;
        var sb = new StringBuilder("\"");
        foreach (var c in shown)
        {
            sb.Append(c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return sb.Append('"').ToString();
    }
}
