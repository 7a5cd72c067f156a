using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban.Runtime;

namespace FormFlow.Expressions;

/// <summary>
/// Converts form data to the plain Scriban values expressions see (never live .NET objects), and
/// expression results back to JSON. Integers become <see cref="long"/>, other numbers <see cref="decimal"/>
/// so that 33.3 + 33.3 + 33.4 is exactly 100.
/// </summary>
internal static class ScriptData
{
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromObject(element),
        JsonValueKind.Array => FromArray(element),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => FromNumber(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    // Sized up front: a form's objects have a known count of members, and a dictionary grown from empty one member at
    // a time reallocates its arrays two or three times for the 4-10 members of a typical item.
    private static ScriptObject FromObject(JsonElement element)
    {
        var result = new ScriptObject(element.GetPropertyCount());
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = FromJson(property.Value);
        }

        return result;
    }

    /// <summary>The members of <paramref name="element"/> (an object) named in <paramref name="only"/>, as <see cref="FromJson"/> converts them.</summary>
    public static ScriptObject FromObject(JsonElement element, IReadOnlySet<string> only)
    {
        ArgumentNullException.ThrowIfNull(only);
        var result = new ScriptObject(Math.Min(only.Count, element.GetPropertyCount()));
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (only.Contains(name))
            {
                result[name] = FromJson(property.Value);
            }
        }

        return result;
    }

    private static ScriptArray FromArray(JsonElement element)
    {
        var result = new ScriptArray(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            result.Add(FromJson(item));
        }

        return result;
    }

    private static object FromNumber(JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            return integer;
        }

        if (element.TryGetDecimal(out var exact))
        {
            return exact;
        }

        return element.GetDouble();
    }

    /// <summary>An expression's result as JSON; <c>null</c> for a Scriban null.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        int i => JsonValue.Create((long)i),
        long l => JsonValue.Create(l),
        decimal d => d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue ? JsonValue.Create((long)d) : JsonValue.Create(d),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        float f when float.IsFinite(f) => JsonValue.Create((double)f),
        ScriptObject o => ToJsonObject(o),
        ScriptArray a => new JsonArray([.. a.Select(ToJson)]),
        DateTime t => JsonValue.Create(t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)),
        double or float => throw new ExpressionException("the result is not a finite number / 结果不是有限的数值"),
        _ => throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"the result, of kind '{value.GetType().Name}', has no JSON form / 结果无法表示为 JSON")),
    };

    private static JsonObject ToJsonObject(ScriptObject source)
    {
        var result = new JsonObject();
        foreach (var pair in source)
        {
            result[pair.Key] = ToJson(pair.Value);
        }

        return result;
    }
}
