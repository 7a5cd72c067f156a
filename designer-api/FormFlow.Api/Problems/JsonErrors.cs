using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FormFlow.Text;

namespace FormFlow.Api.Problems;

/// <summary>Turns what System.Text.Json says about a request body into a field error: where (JSON Pointer), which kind, in zh-CN and en.</summary>
internal static partial class JsonErrors
{
    public static FieldError Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var pointer = Pointer(error.Path);
        var message = error.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = QuotedName().Match(message) is { Success: true } m ? m.Groups[1].Value : pointer;
            if (!pointer.EndsWith("/" + Escape(name), StringComparison.Ordinal))
            {
                pointer = pointer + "/" + Escape(name);
            }

            return new FieldError(pointer, "json.unknown-member", new LocalizedText($"不认识的字段「{name}」：请去掉它。", $"Unknown field \"{name}\": leave it out."));
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var name = QuotedName().Matches(message).Select(m => m.Groups[1].Value).LastOrDefault() ?? string.Empty;
            return new FieldError(pointer + "/" + Escape(name), "json.required", new LocalizedText($"缺少必填字段「{name}」。", $"The field \"{name}\" is required."));
        }

        if (message.Contains("null", StringComparison.Ordinal) && message.Contains("doesn't allow", StringComparison.Ordinal))
        {
            return new FieldError(pointer, "json.null", new LocalizedText($"「{pointer}」不能为 null。", $"\"{pointer}\" cannot be null."));
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return new FieldError(pointer, "json.wrong-type", new LocalizedText($"「{pointer}」的值类型不对。", $"The value of \"{pointer}\" has the wrong type."));
        }

        var line = (error.LineNumber ?? 0) + 1;
        var column = (error.BytePositionInLine ?? 0) + 1;
        // Text that is not JSON is refused by the document reader before it gets here (RequestBodyCheck); should the
        // serializer still find some, it is said with the reader's code.
        return new FieldError(pointer, "json.syntax", new LocalizedText(
            string.Create(CultureInfo.InvariantCulture, $"请求体不是有效的 JSON（第 {line} 行第 {column} 个字节附近）。"),
            string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON (near line {line}, byte {column}).")));
    }

    /// <summary>A System.Text.Json path (<c>$.a.b[0]</c>, <c>$['x.y']</c>) as a JSON Pointer (<c>/a/b/0</c>, <c>/x.y</c>); "" for the root.</summary>
    public static string Pointer(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        var pointer = new StringBuilder();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                pointer.Append('/').Append(Escape(path[(i + 1)..end]));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                pointer.Append('/').Append(Escape(path[(i + 2)..end]));
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                end = end < 0 ? path.Length : end;
                pointer.Append('/').Append(path[(i + 1)..end]);
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                i++;
            }
        }

        return pointer.ToString();
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedName();
}
