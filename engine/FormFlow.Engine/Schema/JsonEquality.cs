using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace FormFlow.Schema;

/// <summary>
/// A JSON number read for comparison. Decimal arithmetic is exact for the values forms carry (money, weights,
/// scores: 0.0075 is a multiple of 0.0001), so it is used whenever the number fits; double covers the rest
/// (1e308, 1e-30), where decimal would overflow or silently round to zero.
/// </summary>
internal readonly struct JsonNumber
{
    private JsonNumber(decimal decimalValue, bool hasDecimal, double doubleValue)
    {
        DecimalValue = decimalValue;
        HasDecimal = hasDecimal;
        DoubleValue = doubleValue;
    }

    public decimal DecimalValue { get; }

    public bool HasDecimal { get; }

    public double DoubleValue { get; }

    public bool IsInteger => HasDecimal
        ? decimal.Truncate(DecimalValue) == DecimalValue
        : double.IsFinite(DoubleValue) && Math.Floor(DoubleValue) == DoubleValue;

    public static JsonNumber Read(JsonElement number)
    {
        if (!number.TryGetDouble(out double d))
        {
            // TryGetDouble refuses values beyond double's range; they still compare as +/- infinity.
            _ = double.TryParse(JsonMarshal.GetRawUtf8Value(number), NumberStyles.Float, CultureInfo.InvariantCulture, out d);
        }

        // decimal parsing rounds tiny values such as 1e-30 to 0; that would make them equal to 0, so keep double then.
        bool hasDecimal = number.TryGetDecimal(out decimal m) && (m != 0m || d == 0d);
        return new JsonNumber(m, hasDecimal, d);
    }

    public static int Compare(in JsonNumber x, in JsonNumber y) =>
        x.HasDecimal && y.HasDecimal ? decimal.Compare(x.DecimalValue, y.DecimalValue) : x.DoubleValue.CompareTo(y.DoubleValue);

    public static bool IsMultipleOf(in JsonNumber value, in JsonNumber divisor)
    {
        if (value.HasDecimal && divisor.HasDecimal)
        {
            try
            {
                return decimal.Remainder(value.DecimalValue, divisor.DecimalValue) == 0m;
            }
            catch (OverflowException)
            {
                // Fall through to double arithmetic.
            }
        }

        double quotient = value.DoubleValue / divisor.DoubleValue;
        return double.IsFinite(quotient) && Math.Floor(quotient) == quotient;
    }
}

/// <summary>
/// JSON equality as JSON Schema defines it for enum, const and uniqueItems: numbers compare by value (1 == 1.0),
/// objects ignore member order, and values of different JSON types are never equal (false != 0).
/// Works on the raw UTF-8 where it can, so comparing does not allocate.
/// </summary>
internal static class JsonEquality
{
    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        JsonValueKind kind = a.ValueKind;
        if (kind != b.ValueKind)
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => StringEquals(a, b),
            JsonValueKind.Number => NumberEquals(a, b),
            JsonValueKind.Array => ArrayEquals(a, b),
            JsonValueKind.Object => ObjectEquals(a, b),
            // null, true and false: the kind is the whole value.
            _ => true,
        };
    }

    private static bool StringEquals(JsonElement a, JsonElement b)
    {
        ReadOnlySpan<byte> rawA = Unquote(JsonMarshal.GetRawUtf8Value(a));
        ReadOnlySpan<byte> rawB = Unquote(JsonMarshal.GetRawUtf8Value(b));
        bool escapedA = rawA.Contains((byte)'\\');
        bool escapedB = rawB.Contains((byte)'\\');
        if (!escapedA && !escapedB)
        {
            return rawA.SequenceEqual(rawB);
        }

        if (!escapedB)
        {
            return a.ValueEquals(rawB);
        }

        return !escapedA ? b.ValueEquals(rawA) : string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
    }

    private static bool NumberEquals(JsonElement a, JsonElement b)
    {
        if (JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b)))
        {
            return true;
        }

        return JsonNumber.Compare(JsonNumber.Read(a), JsonNumber.Read(b)) == 0;
    }

    private static bool ArrayEquals(JsonElement a, JsonElement b)
    {
        if (a.GetArrayLength() != b.GetArrayLength())
        {
            return false;
        }

        JsonElement.ArrayEnumerator right = b.EnumerateArray();
        foreach (JsonElement left in a.EnumerateArray())
        {
            right.MoveNext();
            if (!DeepEquals(left, right.Current))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ObjectEquals(JsonElement a, JsonElement b)
    {
        if (a.GetPropertyCount() != b.GetPropertyCount())
        {
            return false;
        }

        foreach (JsonProperty property in a.EnumerateObject())
        {
            ReadOnlySpan<byte> rawName = JsonMarshal.GetRawUtf8PropertyName(property);
            JsonElement other;
            bool found = rawName.Contains((byte)'\\')
                ? b.TryGetProperty(property.Name, out other)
                : b.TryGetProperty(rawName, out other);
            if (!found || !DeepEquals(property.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> rawString) =>
        rawString.Length >= 2 && rawString[0] == (byte)'"' ? rawString[1..^1] : rawString;
}
