using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Tests.Browser;

/// <summary>A variant of a submission: what was changed, and the data as JSON text.</summary>
internal sealed record Variant(string Name, string Json);

/// <summary>
/// Generates variants of a valid submission from its template's schema, the way a person (or a browser) gets things
/// wrong: a required field dropped, wrong types, numbers out of range or beyond double precision, strings too long or
/// too short (counted in characters, emoji included), pattern breakers (full-width and Arabic-Indic digits, a trailing
/// newline), date formats, lone surrogates, extra members, lists too long or too short or with a repeated item, enum
/// misses, and every option of each choice (which triggers the schema's conditionals). One change per variant.
/// </summary>
internal sealed class Variants
{
    // Placeholders for what a JsonNode cannot hold; replaced in the JSON text.
    private const string LoneHigh = "@@lone-high@@";
    private const string LoneLow = "@@lone-low@@";
    private const string RawPrefix = "@@raw:";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonObject root;
    private readonly Func<string, bool> mutable;

    /// <param name="schema">The template's schema.</param>
    /// <param name="mutable">Which top-level fields may change (a step's writable fields; all for a whole submission).</param>
    public Variants(JsonObject schema, Func<string, bool> mutable)
    {
        root = schema;
        this.mutable = mutable;
    }

    public static string Text(JsonNode data)
    {
        var json = data.ToJsonString(Compact);
        json = json.Replace(LoneHigh, "\\ud83d", StringComparison.Ordinal).Replace(LoneLow, "\\udc4d", StringComparison.Ordinal);
        while (json.IndexOf("\"" + RawPrefix, StringComparison.Ordinal) is var at and >= 0)
        {
            var end = json.IndexOf("@@\"", at + 1 + RawPrefix.Length, StringComparison.Ordinal);
            json = string.Concat(json.AsSpan(0, at), json.AsSpan(at + 1 + RawPrefix.Length, end - at - 1 - RawPrefix.Length), json.AsSpan(end + 3));
        }

        return json;
    }

    public IEnumerable<Variant> Of(JsonObject data)
    {
        foreach (var (pointer, change) in Changes(data, root, ""))
        {
            var copy = data.DeepClone().AsObject();
            change(copy);
            yield return new Variant(pointer, Text(copy));
        }
    }

    private static JsonValue Raw(string text) => JsonValue.Create(RawPrefix + text + "@@");

    // The schema a $ref chain ends at; null for a boolean schema.
    private JsonObject? Resolve(JsonNode? schema)
    {
        for (var hops = 0; schema is JsonObject o && o["$ref"] is JsonValue reference && hops < 32; hops++)
        {
            var target = (JsonNode?)root;
            foreach (var segment in ((string)reference!).TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target?[Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            schema = target;
        }

        return schema as JsonObject;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonNode Parent(JsonNode document, string pointer)
    {
        var node = document;
        var segments = pointer.Split('/')[1..^1];
        foreach (var segment in segments)
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonArray array ? array[int.Parse(name, CultureInfo.InvariantCulture)]! : node[name]!;
        }

        return node;
    }

    private static void Set(JsonNode document, string pointer, JsonNode? value)
    {
        var parent = Parent(document, pointer);
        var last = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        if (parent is JsonArray array)
        {
            array[int.Parse(last, CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[last] = value;
        }
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var last = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        Parent(document, pointer).AsObject().Remove(last);
    }

    private static (string, Action<JsonNode>) Put(string pointer, string what, JsonNode? value) =>
        ($"{pointer} {what}", d => Set(d, pointer, value?.DeepClone()));

    private IEnumerable<(string Name, Action<JsonNode> Change)> Changes(JsonNode? value, JsonNode? schemaNode, string pointer)
    {
        var schema = Resolve(schemaNode);
        if (schema is null)
        {
            yield break;
        }

        if (pointer.Length > 0)
        {
            foreach (var change in ValueChanges(value, schema, pointer))
            {
                yield return change;
            }
        }

        switch (value)
        {
            case JsonObject obj:
                var properties = Resolve(schema)?["properties"] as JsonObject ?? [];
                var required = (schema["required"] as JsonArray ?? []).Select(n => (string?)n).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var top = pointer.Length == 0;
                foreach (var (name, propertySchema) in properties)
                {
                    if (top && !mutable(name))
                    {
                        continue;
                    }

                    var at = $"{pointer}/{Escape(name)}";
                    if (obj[name] is { } member)
                    {
                        if (required.Contains(name))
                        {
                            yield return ($"{at} dropped", d => Remove(d, at));
                        }

                        foreach (var change in Changes(member, propertySchema, at))
                        {
                            yield return change;
                        }
                    }
                    else
                    {
                        foreach (var change in Additions(Resolve(propertySchema), at))
                        {
                            yield return change;
                        }
                    }
                }

                if (!top || mutable("zz_extra"))
                {
                    yield return ($"{pointer}/zz_extra added", d => Set(d, $"{pointer}/zz_extra", JsonValue.Create(1)));
                }

                break;
            case JsonArray array when array.Count > 0:
                var itemSchema = schema["items"] is JsonArray tuple ? tuple.FirstOrDefault() : schema["items"];
                foreach (var change in Changes(array[0], itemSchema, $"{pointer}/0"))
                {
                    yield return change;
                }

                if (array.Count > 1)
                {
                    foreach (var change in Changes(array[^1], schema["items"] is JsonArray t2 ? t2.ElementAtOrDefault(array.Count - 1) ?? schema["additionalItems"] : schema["items"], $"{pointer}/{array.Count - 1}"))
                    {
                        yield return change;
                    }
                }

                break;
        }
    }

    // Values for a member the data leaves out: each option of a choice (the conditionals' triggers) and simple values.
    private static IEnumerable<(string, Action<JsonNode>)> Additions(JsonObject? schema, string at)
    {
        if (schema is null)
        {
            yield break;
        }

        foreach (var option in schema["enum"] as JsonArray ?? [])
        {
            yield return Put(at, $"added as option {option?.ToJsonString()}", option);
        }

        var types = Types(schema);
        if (types.Contains("string"))
        {
            yield return Put(at, "added empty", JsonValue.Create(""));
            yield return Put(at, "added", JsonValue.Create("补充 note"));
        }

        if (types.Contains("boolean"))
        {
            yield return Put(at, "added true", JsonValue.Create(true));
            yield return Put(at, "added false", JsonValue.Create(false));
        }

        if (types.Contains("number") || types.Contains("integer"))
        {
            yield return Put(at, "added 1", JsonValue.Create(1));
        }

        if (types.Contains("array"))
        {
            yield return Put(at, "added empty list", new JsonArray());
        }
    }

    private static HashSet<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray list => [.. list.Select(t => (string?)t).OfType<string>()],
        JsonValue one => [(string)one!],
        _ => [],
    };

    private static double? Number(JsonObject schema, string keyword) => schema[keyword] is JsonValue v && v.TryGetValue(out double d) ? d : null;

    private static int? Count(JsonObject schema, string keyword) => Number(schema, keyword) is { } d ? (int)d : null;

    private static IEnumerable<(string, Action<JsonNode>)> ValueChanges(JsonNode? value, JsonObject schema, string at)
    {
        var types = Types(schema);

        // Wrong types: each JSON type the field does not take.
        foreach (var (type, wrong) in new (string, JsonNode?)[] { ("string", JsonValue.Create("12")), ("number", JsonValue.Create(12)), ("boolean", JsonValue.Create(true)), ("array", new JsonArray()), ("object", new JsonObject()), ("null", null) })
        {
            if (types.Count > 0 && !types.Contains(type) && !(type == "number" && types.Contains("integer")))
            {
                yield return Put(at, $"as {type}", wrong);
            }
        }

        foreach (var option in schema["enum"] as JsonArray ?? [])
        {
            if (!JsonNode.DeepEquals(option, value))
            {
                yield return Put(at, $"as option {option?.ToJsonString()}", option);
            }
        }

        if (schema["enum"] is JsonArray)
        {
            JsonNode miss = value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(987654) : JsonValue.Create("zz-not-an-option");
            yield return Put(at, "not an option", miss);
        }

        switch (value?.GetValueKind())
        {
            case JsonValueKind.String:
                foreach (var change in StringChanges((string)value!, schema, at))
                {
                    yield return change;
                }

                break;
            case JsonValueKind.Number:
                foreach (var change in NumberChanges(value!.GetValue<double>(), schema, at))
                {
                    yield return change;
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                yield return Put(at, "flipped", JsonValue.Create(!value!.GetValue<bool>()));
                break;
            case JsonValueKind.Array:
                var items = value!.AsArray();
                yield return Put(at, "emptied", new JsonArray());
                if (items.Count > 0)
                {
                    var shorter = items.DeepClone().AsArray();
                    shorter.RemoveAt(shorter.Count - 1);
                    yield return Put(at, "one item fewer", shorter);
                    var longer = items.DeepClone().AsArray();
                    longer.Add(items[^1]?.DeepClone());
                    yield return Put(at, "last item repeated", longer);
                    if (Count(schema, "maxItems") is { } max && max < 50)
                    {
                        var many = new JsonArray([.. Enumerable.Range(0, max + 1).Select(i => items[i % items.Count]?.DeepClone())]);
                        yield return Put(at, $"{max + 1} items", many);
                    }
                }

                break;
        }
    }

    private static IEnumerable<(string, Action<JsonNode>)> StringChanges(string text, JsonObject schema, string at)
    {
        yield return Put(at, "with a lone high surrogate", JsonValue.Create("好的" + LoneHigh));
        yield return Put(at, "with a lone low surrogate", JsonValue.Create(LoneLow + text));
        yield return Put(at, "with a whole emoji", JsonValue.Create(text + "👍"));
        if (Count(schema, "minLength") is { } min and > 0)
        {
            yield return Put(at, "one character short", JsonValue.Create(new string('好', min - 1)));
            yield return Put(at, "emoji at the minimum", JsonValue.Create(string.Concat(Enumerable.Repeat("👍", min))));
        }

        if (Count(schema, "maxLength") is { } max && max < 100_000)
        {
            yield return Put(at, "one character long", JsonValue.Create(new string('好', max + 1)));
            yield return Put(at, "emoji at the maximum", JsonValue.Create(string.Concat(Enumerable.Repeat("👍", max))));
            yield return Put(at, "emoji one over", JsonValue.Create(string.Concat(Enumerable.Repeat("👍", max + 1))));
        }

        if (schema["pattern"] is not null || schema["format"] is not null)
        {
            yield return Put(at, "full-width digits", JsonValue.Create(Digits(text, '０')));
            yield return Put(at, "Arabic-Indic digits", JsonValue.Create(Digits(text, '٠')));
            yield return Put(at, "trailing newline", JsonValue.Create(text + "\n"));
            yield return Put(at, "leading space", JsonValue.Create(" " + text));
        }

        switch ((string?)schema["format"])
        {
            case "date":
                foreach (var bad in new[] { "2026-02-30", "2024-02-29", "2100-02-29", "2026-2-1", "2026/01/01", "2026-01-01T00:00:00Z" })
                {
                    yield return Put(at, $"as {bad}", JsonValue.Create(bad));
                }

                break;
            case "date-time":
                foreach (var bad in new[] { "2026-01-01T10:00:00", "2026-01-01 10:00:00Z", "2026-01-01t10:00:00z", "2026-12-31T23:59:60Z", "2026-12-31T10:59:60Z", "2026-01-01T10:00:00+0800", "2026-01-01T10:00:00.5+08:00", "2026-01-01" })
                {
                    yield return Put(at, $"as {bad}", JsonValue.Create(bad));
                }

                break;
        }
    }

    private static string Digits(string text, char zero) =>
        new([.. text.Select(c => char.IsAsciiDigit(c) ? (char)(zero + (c - '0')) : c)]);

    private static IEnumerable<(string, Action<JsonNode>)> NumberChanges(double number, JsonObject schema, string at)
    {
        var values = new List<(string, JsonNode)>
        {
            ("beyond a double", Raw("1e400")),
            ("tiny", Raw("1e-400")),
            ("huge", JsonValue.Create(1e308)),
            ("huge negative", JsonValue.Create(-1e308)),
            ("past 2^53", Raw("9007199254740993")),
            ("a fraction", JsonValue.Create(number + 0.5)),
            ("point one plus point two", JsonValue.Create(0.1 + 0.2)),
            ("as 1.0", Raw(number.ToString("R", CultureInfo.InvariantCulture) + (number == Math.Floor(number) ? ".0" : "0"))),
        };
        foreach (var keyword in new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" })
        {
            if (Number(schema, keyword) is { } limit)
            {
                var text = schema[keyword]!.ToJsonString();
                values.Add(($"at {keyword}", schema[keyword]!.DeepClone()));
                values.Add(($"one below {keyword}", JsonValue.Create(limit - 1)));
                values.Add(($"one above {keyword}", JsonValue.Create(limit + 1)));
                values.Add(($"a hair above {keyword}", Raw(text + (text.Contains('.', StringComparison.Ordinal) ? "" : ".") + "00000000000000001")));
                values.Add(($"a hair below {keyword}", JsonValue.Create(limit - 1e-9)));
            }
        }

        if (Number(schema, "multipleOf") is { } step)
        {
            values.Add(("half a step off", JsonValue.Create(number + (step / 2))));
            values.Add(("a rounding error off", JsonValue.Create(number + (step * 1e-10))));
            values.Add(("three steps", JsonValue.Create(step * 3)));
        }

        return values.Select(v => Put(at, v.Item1, v.Item2));
    }
}
