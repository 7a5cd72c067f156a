using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FormFlow.Text;

namespace FormFlow.Templates;

/// <summary>
/// The rule for JSON text FormFlow reads (request bodies, submissions, definition files): every string must be
/// well-formed Unicode and every number must fit a double. JSON's <c>\uD83D</c> escape can carry half of a UTF-16
/// surrogate pair — what a browser sends after <c>"好的👍".slice(0, 3)</c> — which is no character: .NET cannot read it
/// as text, PostgreSQL refuses it in <c>text</c> and <c>jsonb</c>, and it would print as garbage. A number such as
/// <c>1e400</c> is infinity to JavaScript, which sends it back as <c>null</c>. Both are refused when the text is read,
/// each as one problem naming the value by its JSON Pointer, before anything is validated or saved.
/// </summary>
public static class PortableJson
{
    /// <summary>The code of a string (or member name) that holds a lone UTF-16 surrogate.</summary>
    public const string UnpairedSurrogate = "json.unpaired-surrogate";

    /// <summary>The code of a number beyond the range of a double (about ±1.8e308).</summary>
    public const string NumberOutOfRange = "json.number-out-of-range";

    private const int MaxDepth = 256;

    /// <summary>
    /// The values of the UTF-8 JSON text that break the rule, in document order; none for portable JSON. Text that is
    /// not JSON at all has no problem here: the reader that reads it for real reports where its syntax breaks.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> Check(ReadOnlySpan<byte> utf8Json)
    {
        if (!MayBreak(utf8Json))
        {
            return [];
        }

        var problems = new List<ValidationProblem>();
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        bool brokenName = HasLoneSurrogate(ref reader);
                        frames[^1].Name = brokenName ? Repaired(ref reader) : reader.GetString()!;
                        if (brokenName)
                        {
                            problems.Add(Unpaired(Pointer(frames)));
                        }

                        break;
                    case JsonTokenType.String:
                        Advance(frames);
                        if (HasLoneSurrogate(ref reader))
                        {
                            problems.Add(Unpaired(Pointer(frames)));
                        }

                        break;
                    case JsonTokenType.Number:
                        Advance(frames);
                        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
                        {
                            problems.Add(OutOfRange(Pointer(frames)));
                        }

                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: left to the reader that reads it for real, which says where.
        }

        return problems;
    }

    /// <summary>The problems of a value already parsed (its text as the parser received it).</summary>
    public static IReadOnlyList<ValidationProblem> Check(JsonElement value) => Check(JsonMarshal.GetRawUtf8Value(value));

    /// <summary>The problems of JSON text held as a string (a definition file, a command-line argument).</summary>
    public static IReadOnlyList<ValidationProblem> Check(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Check(Encoding.UTF8.GetBytes(EscapeLoneSurrogates(json)));
    }

    // UTF-8 would turn a lone surrogate char into U+FFFD unseen; as an escape (the same string in JSON) it is found.
    private static string EscapeLoneSurrogates(string json)
    {
        StringBuilder? escaped = null;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]);
            if (char.IsSurrogate(c) && !pair)
            {
                escaped ??= new StringBuilder(json, 0, i, json.Length + 16);
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                continue;
            }

            escaped?.Append(c);
            if (pair)
            {
                escaped?.Append(json[i + 1]);
                i++;
            }
        }

        return escaped?.ToString() ?? json;
    }

    // Lone surrogates only arrive as \u escapes (UTF-8 cannot encode them), and numbers out of range need an exponent
    // or more than 300 digits: most texts are let through after one vectorised search.
    private static bool MayBreak(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) >= 0)
        {
            return true;
        }

        int digits = 0;
        for (int i = 0; i < json.Length; i++)
        {
            byte b = json[i];
            if (b is (byte)'e' or (byte)'E' && i > 0 && (char.IsAsciiDigit((char)json[i - 1]) || json[i - 1] == (byte)'.'))
            {
                return true;
            }

            digits = char.IsAsciiDigit((char)b) ? digits + 1 : 0;
            if (digits > 300)
            {
                return true;
            }
        }

        return false;
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    // The raw token holds the escapes as written: a high surrogate must be followed at once by an escaped low one.
    private static bool HasLoneSurrogate(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        return LoneSurrogateAt(raw, 0) >= 0;
    }

    // The index of the first escape of a lone surrogate at or after start, or -1.
    private static int LoneSurrogateAt(ReadOnlySpan<byte> raw, int start)
    {
        int i = start;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                i += 2;
                continue;
            }

            int unit = Unit(raw, i);
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return i;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 12 <= raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' && Unit(raw, i + 6) is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 12;
                    continue;
                }

                return i;
            }

            i += 6;
        }

        return -1;
    }

    private static int Unit(ReadOnlySpan<byte> raw, int escape) =>
        int.Parse(Encoding.ASCII.GetString(raw.Slice(escape + 2, 4)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    // A member name with its lone surrogates shown as U+FFFD, so that the pointer naming it can be written as JSON.
    private static string Repaired(ref Utf8JsonReader reader)
    {
        byte[] raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        var fixedText = new List<byte>(raw.Length + 2) { (byte)'"' };
        int i = 0;
        int lone;
        while ((lone = LoneSurrogateAt(raw, i)) >= 0)
        {
            fixedText.AddRange(raw[i..lone]);
            fixedText.AddRange("\\uFFFD"u8.ToArray());
            i = lone + 6;
        }

        fixedText.AddRange(raw[i..]);
        fixedText.Add((byte)'"');
        return JsonSerializer.Deserialize<string>(fixedText.ToArray())!;
    }

    private static string Pointer(List<Frame> frames)
    {
        var pointer = new StringBuilder();
        foreach (Frame frame in frames)
        {
            pointer.Append('/');
            if (frame.IsArray)
            {
                pointer.Append(frame.Index.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                pointer.Append(frame.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
        }

        return pointer.ToString();
    }

    private static ValidationProblem Unpaired(string pointer) => new(pointer, UnpairedSurrogate, new LocalizedText(
        $"{Where(pointer, "文字")}含有残缺的字符（单独的 UTF-16 代理项，常见于截断或复制 emoji 时）：请删除后重新输入这段文字。",
        $"{WhereEn(pointer, "text")} holds a broken character (a lone UTF-16 surrogate, often left when an emoji is cut or copied in half): delete it and type the text again."));

    private static ValidationProblem OutOfRange(string pointer) => new(pointer, NumberOutOfRange, new LocalizedText(
        $"{Where(pointer, "数字")}超出了可以表示的范围（约 ±1.8×10³⁰⁸）。",
        $"{WhereEn(pointer, "number")} is beyond the range numbers can hold (about ±1.8e308)."));

    private static string Where(string pointer, string what) => pointer.Length == 0 ? $"提交的{what}" : $"位于 {pointer} 的{what}";

    private static string WhereEn(string pointer, string what) => pointer.Length == 0 ? $"The {what}" : $"The {what} at {pointer}";

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string Name { get; set; } = string.Empty;
    }
}
