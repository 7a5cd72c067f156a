using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace FormFlow.Schema;

/// <summary>
/// A JSON number as the browser reads it: the IEEE double JavaScript's JSON.parse gives (the nearest double, so
/// 9007199254740993 is 9007199254740992 and 0.1000000000000000001 is 0.1). Every numeric keyword compares these
/// values, so the server and the browser reach the same verdict. Numbers beyond double's range (1e400) are
/// refused when the submission is read (<see cref="Templates.PortableJson"/>); here they would read as infinities.
/// </summary>
internal readonly struct JsonNumber
{
    private JsonNumber(double value)
    {
        Value = value;
    }

    public double Value { get; }

    // JavaScript's Number.isInteger, which AJV's "integer" uses (1.0 and 1e308 are integers).
    public bool IsInteger => double.IsFinite(Value) && Math.Floor(Value) == Value;

    public static JsonNumber Read(JsonElement number)
    {
        if (!number.TryGetDouble(out double d))
        {
            // TryGetDouble refuses values beyond double's range; JavaScript reads them as +/- infinity.
            _ = double.TryParse(JsonMarshal.GetRawUtf8Value(number), NumberStyles.Float, CultureInfo.InvariantCulture, out d);
        }

        return new JsonNumber(d);
    }

    public static int Compare(in JsonNumber x, in JsonNumber y) => x.Value.CompareTo(y.Value);

    /// <summary>
    /// multipleOf on the decimals JSON carries: each double written as its shortest round-trip text (what .NET's "R"
    /// and JavaScript's String(n) give, 5221890.72 and 1E-07 / 1e-7), both scaled by 10^k for the larger count of
    /// decimals k, and the scaled value divisible by the scaled divisor. So 5221890.72 is a multiple of 0.01 and 0.3
    /// of 0.1, though their double quotients are 522189071.99999994 and 2.9999999999999996; 0.35 is no multiple of
    /// 0.1, nor 0.30000000001 of 0.01. The browser's validator (@cfworker/json-schema, and
    /// designer-api/web/src/forms/validation.ts) decides the same way, so no tolerance is needed to agree.
    /// </summary>
    public static bool IsMultipleOf(in JsonNumber value, in JsonNumber divisor)
    {
        if (!double.IsFinite(value.Value) || !double.IsFinite(divisor.Value) || divisor.Value <= 0)
        {
            return false;
        }

        var (valueDigits, valueExponent) = ShortestDecimal(value.Value);
        var (divisorDigits, divisorExponent) = ShortestDecimal(divisor.Value);
        int shift = valueExponent - divisorExponent;
        return shift >= 0
            ? (valueDigits * BigInteger.Pow(10, shift)) % divisorDigits == 0
            : valueDigits % (divisorDigits * BigInteger.Pow(10, -shift)) == 0;
    }

    // |d| as digits × 10^exponent, read from its shortest round-trip text ("5221890.72", "1E-07", "1.2345678901234568E+20").
    private static (BigInteger Digits, int Exponent) ShortestDecimal(double d)
    {
        Span<char> text = stackalloc char[32];
        _ = Math.Abs(d).TryFormat(text, out int length, "R", CultureInfo.InvariantCulture);
        ReadOnlySpan<char> written = text[..length];
        int exponent = 0;
        int e = written.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(written[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            written = written[..e];
        }

        Span<char> digits = stackalloc char[length];
        int count = 0;
        foreach (char c in written)
        {
            if (c == '.')
            {
                exponent -= written.Length - written.IndexOf('.') - 1;
            }
            else
            {
                digits[count++] = c;
            }
        }

        return (BigInteger.Parse(digits[..count], NumberStyles.None, CultureInfo.InvariantCulture), exponent);
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
