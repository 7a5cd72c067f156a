using System.Globalization;
using System.Text;
using System.Text.Json;
using FormFlow.Text;

namespace FormFlow.Documents;

/// <summary>
/// Why a text is not a document FormFlow reads: a stable code (<c>json.syntax</c>, <c>json.duplicate-key</c>,
/// <c>json.too-deep</c>, <c>json.too-large</c>, <c>json.unpaired-surrogate</c>), a message in zh-CN and en that names the line and column, and the
/// 1-based line and column themselves (null when the problem is the whole text, e.g. its size).
/// </summary>
public sealed record DocumentProblem(string Code, LocalizedText Message, int? Line, int? Column);

/// <summary>
/// The one reader of JSON documents — templates, processes, notification and report templates, submitted data —
/// for the command line and the server alike: strict JSON (no comments, no trailing commas, no single quotes, one
/// value), no member twice in one object, at most <see cref="MaxBytes"/> bytes of UTF-8 and <see cref="MaxDepth"/>
/// levels of nesting. Whatever reads a document checks it here first, then parses it with the library it uses.
/// </summary>
public static class DocumentReader
{
    /// <summary>The largest document, in bytes of UTF-8 (1 MB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays (the root object is level 1).</summary>
    public const int MaxDepth = 64;

    /// <summary>The problem of a document over <see cref="MaxBytes"/>, for a reader that refuses it by its length before it reads it.</summary>
    public static DocumentProblem TooLarge { get; } = new(
        "json.too-large",
        new LocalizedText(
            string.Create(CultureInfo.InvariantCulture, $"文档超过了 {MaxBytes:N0} 字节（1 MB）的上限"),
            string.Create(CultureInfo.InvariantCulture, $"The document is over the limit of {MaxBytes:N0} bytes (1 MB)")),
        null,
        null);

    /// <summary>Null when <paramref name="text"/> is one strict JSON value within the limits; else the first thing wrong with it.</summary>
    public static DocumentProblem? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // A character is at least one byte: a text longer than the limit in characters is over it in bytes.
        if (text.Length > MaxBytes || Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return TooLarge;
        }

        var bytes = Encoding.UTF8.GetBytes(text);

        // A lone surrogate char is no character: UTF-8 turns it into U+FFFD here, and the reader that comes after this
        // check (System.Text.Json) throws on it. Text decoded from bytes never holds one; text made in code can.
        if (FirstLoneSurrogate(text) is var lone and >= 0)
        {
            return At(bytes, Encoding.UTF8.GetByteCount(text.AsSpan(0, lone)), "json.unpaired-surrogate", "含有残缺的字符（单独的 UTF-16 代理项）", "the text holds a broken character (a lone UTF-16 surrogate)");
        }

        // One level more than allowed, so that the reader lets the level too many through and this check names it.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = MaxDepth + 1,
        });
        var names = new Stack<HashSet<string>>();
        var complete = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= MaxDepth:
                        return At(bytes, reader.TokenStartIndex, "json.too-deep", $"嵌套超过了 {MaxDepth} 层", $"the document is nested more than {MaxDepth} levels deep");
                    case JsonTokenType.StartObject:
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = NameOf(ref reader);
                        if (!names.Peek().Add(name))
                        {
                            return At(bytes, reader.TokenStartIndex, "json.duplicate-key", $"同一对象中出现了重复的键「{name}」", $"the key \"{name}\" appears twice in the same object");
                        }

                        break;
                }

                complete = reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray);
            }

            return null;
        }
        catch (JsonException error)
        {
            return Syntax(text, bytes, error.LineNumber ?? 0, error.BytePositionInLine ?? 0, complete);
        }
    }

    // A name with an escape that is no character (a lone surrogate, "\ud800") cannot be a string: it is named as
    // written, which is all a person needs to find it.
    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    // What System.Text.Json stopped at, said by what is in the text there rather than by its (English) message.
    private static DocumentProblem Syntax(string text, byte[] bytes, long line, long bytePosition, bool complete)
    {
        var offset = (int)Math.Min(StartOfLine(bytes, line) + bytePosition, bytes.Length);
        var at = Encoding.UTF8.GetCharCount(bytes, 0, offset);
        var here = at < text.Length ? text[at] : (char?)null;
        var (zh, en) = here switch
        {
            _ when text.Trim().Length == 0 => ("文档是空的：须为一个 JSON 值", "the document is empty: it must be one JSON value"),
            '/' when at + 1 < text.Length && text[at + 1] is '/' or '*' => ("JSON 中不能有注释（// 或 /* */）", "JSON does not allow comments (// or /* */)"),
            _ when complete => ("JSON 文档结束后还有多余内容", "there is more text after the end of the JSON document"),
            '}' or ']' when text[..at].TrimEnd().EndsWith(',') => ("最后一项后面不能有逗号", "there must be no comma after the last item"),
            '\'' => ("JSON 的字符串和键须用双引号（\"）", "strings and keys in JSON take double quotes (\")"),
            null => ("文档不完整：有未闭合的 {、[ 或字符串", "the document ends too early: a {, [ or string is not closed"),
            _ => (null, null),
        };
        if (zh is null || en is null)
        {
            // A word that is no JSON value (tru, None, 0x1F) is found at its end: name where it starts.
            var start = at;
            while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '-' or '.'))
            {
                start--;
            }

            (offset, zh, en) = (Encoding.UTF8.GetByteCount(text.AsSpan(0, start)), "此处不是有效的 JSON", "this is not valid JSON");
        }

        return At(bytes, offset, "json.syntax", zh, en);
    }

    private static DocumentProblem At(byte[] bytes, long offset, string code, string zh, string en)
    {
        var end = (int)Math.Min(offset, bytes.Length);
        var start = bytes.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
        var line = bytes.AsSpan(0, start).Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(bytes, start, end - start) + 1;
        return new DocumentProblem(
            code,
            new LocalizedText($"第 {line} 行第 {column} 列：{zh}", $"Line {line}, column {column}: {en}"),
            line,
            column);
    }

    private static int FirstLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static long StartOfLine(byte[] bytes, long line)
    {
        var start = 0;
        for (var i = 0L; i < line && start < bytes.Length; i++)
        {
            var next = Array.IndexOf(bytes, (byte)'\n', start);
            if (next < 0)
            {
                return bytes.Length;
            }

            start = next + 1;
        }

        return start;
    }
}
