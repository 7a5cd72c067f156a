using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FormFlow.Schema;

/// <summary>
/// Applies compiled keywords to data. One method serves both modes: with a <see cref="ValidationWalk"/> it
/// reports every problem; without one (IsValid, and the "if" of if/then/else) it stops at the first failure and
/// records nothing. The hot path does not allocate: strings are decoded into a stack buffer, numbers and
/// constants are compared on their UTF-8 form, and no LINQ is used.
/// </summary>
internal static class KeywordChecks
{
    private const int StackChars = 512;

    public static bool Evaluate(SchemaNode schema, JsonElement value, ValidationWalk? walk)
    {
        SchemaNode node = schema.Target;
        if (node.IsFalse)
        {
            walk?.Report("false", ProblemMessages.False(walk.Subject));
            return false;
        }

        bool valid = true;
        JsonValueKind kind = value.ValueKind;
        if (node.Types != JsonTypes.None && !HasType(node.Types, value, kind))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("type", ProblemMessages.Type(walk.Subject, node.Types));
        }

        if (node.Enum is not null && !IsOneOf(node.Enum, value))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("enum", ProblemMessages.Enum(walk.Subject, node.EnumText!));
        }

        if (node.Const is { } constant && !Matches(constant, value))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("const", ProblemMessages.Const(walk.Subject, node.ConstText!));
        }

        bool kindValid = kind switch
        {
            JsonValueKind.Number => !node.HasNumberChecks || CheckNumber(node, value, walk),
            JsonValueKind.String => !node.HasStringChecks || CheckString(node, value, walk),
            JsonValueKind.Object => !node.HasObjectChecks || CheckObject(node, value, walk),
            JsonValueKind.Array => !node.HasArrayChecks || CheckArray(node, value, walk),
            _ => true,
        };
        if (!kindValid)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
        }

        if (node.AllOf is { } allOf)
        {
            foreach (SchemaNode part in allOf)
            {
                if (!Evaluate(part, value, walk))
                {
                    if (walk is null)
                    {
                        return false;
                    }

                    valid = false;
                }
            }
        }

        if (node.If is { } condition)
        {
            // The condition's own failures are not problems; only the chosen branch's are.
            SchemaNode? branch = Evaluate(condition, value, null) ? node.Then : node.Else;
            if (branch is not null && !Evaluate(branch, value, walk))
            {
                valid = false;
            }
        }

        return valid;
    }

    private static bool HasType(JsonTypes types, JsonElement value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => (types & JsonTypes.String) != 0,
        JsonValueKind.Number => (types & JsonTypes.Number) != 0
            || ((types & JsonTypes.Integer) != 0 && JsonNumber.Read(value).IsInteger),
        JsonValueKind.True or JsonValueKind.False => (types & JsonTypes.Boolean) != 0,
        JsonValueKind.Object => (types & JsonTypes.Object) != 0,
        JsonValueKind.Array => (types & JsonTypes.Array) != 0,
        JsonValueKind.Null => (types & JsonTypes.Null) != 0,
        _ => false,
    };

    private static bool IsOneOf(JsonConstant[] allowed, JsonElement value)
    {
        foreach (JsonConstant candidate in allowed)
        {
            if (Matches(candidate, value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(JsonConstant constant, JsonElement value)
    {
        if (constant.Utf8String is not { } expected)
        {
            return JsonEquality.DeepEquals(constant.Value, value);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // An unescaped JSON string is its own UTF-8 text: compare bytes, decode nothing.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        return raw.Contains((byte)'\\') ? value.ValueEquals(expected) : raw.SequenceEqual(expected);
    }

    private static bool CheckNumber(SchemaNode node, JsonElement value, ValidationWalk? walk)
    {
        JsonNumber number = JsonNumber.Read(value);
        bool valid = true;
        if (node.Minimum is { } minimum && JsonNumber.Compare(number, minimum.Value) < 0)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("minimum", ProblemMessages.Minimum(walk.Subject, minimum.Text));
        }

        if (node.Maximum is { } maximum && JsonNumber.Compare(number, maximum.Value) > 0)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("maximum", ProblemMessages.Maximum(walk.Subject, maximum.Text));
        }

        if (node.ExclusiveMinimum is { } exclusiveMinimum && JsonNumber.Compare(number, exclusiveMinimum.Value) <= 0)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("exclusiveMinimum", ProblemMessages.ExclusiveMinimum(walk.Subject, exclusiveMinimum.Text));
        }

        if (node.ExclusiveMaximum is { } exclusiveMaximum && JsonNumber.Compare(number, exclusiveMaximum.Value) >= 0)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("exclusiveMaximum", ProblemMessages.ExclusiveMaximum(walk.Subject, exclusiveMaximum.Text));
        }

        if (node.MultipleOf is { } multipleOf && !JsonNumber.IsMultipleOf(number, multipleOf.Value))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("multipleOf", ProblemMessages.MultipleOf(walk.Subject, multipleOf.Text));
        }

        return valid;
    }

    private static bool CheckString(SchemaNode node, JsonElement value, ValidationWalk? walk)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        bool escaped = raw.Contains((byte)'\\');
        if (!escaped && node.Pattern is null && node.Format == StringFormat.None)
        {
            // Only lengths to check: an unescaped JSON string is UTF-8, whose code points are its non-continuation bytes.
            return CheckLength(node, CodePoints(raw), walk);
        }

        if (escaped)
        {
            return CheckText(node, value.GetString().AsSpan(), walk);
        }

        // UTF-8 never needs more chars than bytes, so raw.Length chars are enough to decode into.
        if (raw.Length <= StackChars)
        {
            Span<char> buffer = stackalloc char[raw.Length];
            return CheckText(node, buffer[..Encoding.UTF8.GetChars(raw, buffer)], walk);
        }

        char[] rented = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            return CheckText(node, rented.AsSpan(0, Encoding.UTF8.GetChars(raw, rented)), walk);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool CheckLength(SchemaNode node, int length, ValidationWalk? walk)
    {
        bool valid = true;
        if (node.MinLength >= 0 && length < node.MinLength)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("minLength", ProblemMessages.MinLength(walk.Subject, node.MinLength));
        }

        if (node.MaxLength >= 0 && length > node.MaxLength)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("maxLength", ProblemMessages.MaxLength(walk.Subject, node.MaxLength));
        }

        return valid;
    }

    private static bool CheckText(SchemaNode node, ReadOnlySpan<char> text, ValidationWalk? walk)
    {
        bool valid = true;
        if ((node.MinLength >= 0 || node.MaxLength >= 0) && !CheckLength(node, CodePoints(text), walk))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
        }

        if (node.Pattern is { } pattern && !Matches(pattern.Regex, text))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("pattern", ProblemMessages.Pattern(walk.Subject, pattern.Source));
        }

        if (node.Format != StringFormat.None && !StringFormats.IsValid(node.Format, text))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("format", ProblemMessages.Format(walk.Subject, node.Format));
        }

        return valid;
    }

    private static bool Matches(Regex pattern, ReadOnlySpan<char> text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that cannot decide within its time limit does not accept the value.
            return false;
        }
    }

    // Lengths count code points (as JSON Schema does), so an emoji is one character, not two UTF-16 units.
    private static int CodePoints(ReadOnlySpan<char> text)
    {
        int count = text.Length;
        foreach (char c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }

    private static int CodePoints(ReadOnlySpan<byte> utf8)
    {
        int count = utf8.Length;
        foreach (byte b in utf8)
        {
            // Continuation bytes (10xxxxxx) carry the rest of a code point started before them.
            if ((b & 0xC0) == 0x80)
            {
                count--;
            }
        }

        return count;
    }

    private static bool CheckObject(SchemaNode node, JsonElement value, ValidationWalk? walk)
    {
        bool valid = true;
        PropertySchema[]? properties = node.Properties;
        SchemaNode? additional = node.AdditionalProperties;

        // Bit i: properties[i] occurs in the data; lets "required" skip a second lookup for declared names.
        ulong seen = 0;
        bool scanned = false;
        if (properties is not null || additional is not null)
        {
            scanned = true;
            foreach (JsonProperty property in value.EnumerateObject())
            {
                int declared = properties is null ? -1 : IndexOf(properties, property);
                if (declared >= 0)
                {
                    if (declared < 64)
                    {
                        seen |= 1UL << declared;
                    }

                    PropertySchema match = properties![declared];
                    walk?.Push(match.Name);
                    bool ok = Evaluate(match.Schema, property.Value, walk);
                    walk?.Pop();
                    if (!ok)
                    {
                        if (walk is null)
                        {
                            return false;
                        }

                        valid = false;
                    }
                }
                else if (additional is not null)
                {
                    if (additional.Target.IsFalse)
                    {
                        if (walk is null)
                        {
                            return false;
                        }

                        valid = false;
                        walk.Push(property);
                        walk.Report("additionalProperties", ProblemMessages.AdditionalProperties(walk.Subject));
                        walk.Pop();
                        continue;
                    }

                    walk?.Push(property);
                    bool ok = Evaluate(additional, property.Value, walk);
                    walk?.Pop();
                    if (!ok)
                    {
                        if (walk is null)
                        {
                            return false;
                        }

                        valid = false;
                    }
                }
            }
        }

        if (node.Required is { } required)
        {
            foreach (RequiredName name in required)
            {
                bool present = scanned && name.PropertyIndex is >= 0 and < 64
                    ? (seen & (1UL << name.PropertyIndex)) != 0
                    : value.TryGetProperty(name.Utf8Name, out _);
                if (!present)
                {
                    if (walk is null)
                    {
                        return false;
                    }

                    valid = false;
                    walk.Push(name.Name);
                    walk.Report("required", ProblemMessages.Required(walk.Subject));
                    walk.Pop();
                }
            }
        }

        return valid;
    }

    private static int IndexOf(PropertySchema[] properties, JsonProperty property)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        bool escaped = raw.Contains((byte)'\\');
        for (int i = 0; i < properties.Length; i++)
        {
            if (escaped ? property.NameEquals(properties[i].Utf8Name) : raw.SequenceEqual(properties[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool CheckArray(SchemaNode node, JsonElement value, ValidationWalk? walk)
    {
        bool valid = true;
        int length = value.GetArrayLength();
        if (node.MinItems >= 0 && length < node.MinItems)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("minItems", ProblemMessages.MinItems(walk.Subject, node.MinItems));
        }

        if (node.MaxItems >= 0 && length > node.MaxItems)
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("maxItems", ProblemMessages.MaxItems(walk.Subject, node.MaxItems));
        }

        SchemaNode[]? tuple = node.ItemsArray;
        if (tuple is not null || node.Items is not null)
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                // Draft-07: additionalItems only applies after an array-form "items".
                SchemaNode? itemSchema = tuple is null ? node.Items : index < tuple.Length ? tuple[index] : node.AdditionalItems;
                if (itemSchema is not null)
                {
                    bool ok;
                    walk?.Push(index);
                    if (tuple is not null && index >= tuple.Length && itemSchema.Target.IsFalse)
                    {
                        ok = false;
                        walk?.Report("additionalItems", ProblemMessages.AdditionalItems(walk.Subject, tuple.Length));
                    }
                    else
                    {
                        ok = Evaluate(itemSchema, item, walk);
                    }

                    walk?.Pop();
                    if (!ok)
                    {
                        if (walk is null)
                        {
                            return false;
                        }

                        valid = false;
                    }
                }

                index++;
            }
        }

        if (node.UniqueItems && length > 1 && FindDuplicate(value, out int first, out int second))
        {
            if (walk is null)
            {
                return false;
            }

            valid = false;
            walk.Report("uniqueItems", ProblemMessages.UniqueItems(walk.Subject, first, second));
        }

        return valid;
    }

    private static bool FindDuplicate(JsonElement array, out int first, out int second)
    {
        int i = 0;
        foreach (JsonElement later in array.EnumerateArray())
        {
            int j = 0;
            foreach (JsonElement earlier in array.EnumerateArray())
            {
                if (j == i)
                {
                    break;
                }

                if (JsonEquality.DeepEquals(earlier, later))
                {
                    first = j;
                    second = i;
                    return true;
                }

                j++;
            }

            i++;
        }

        first = second = -1;
        return false;
    }
}
