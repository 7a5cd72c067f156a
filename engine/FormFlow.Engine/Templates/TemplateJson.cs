using System.Globalization;
using FormFlow.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

/// <summary>Reads a template document's text into JSON with line information, and locates tokens for findings.</summary>
internal static class TemplateJson
{
    private static readonly JsonLoadSettings LoadSettings = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        LineInfoHandling = LineInfoHandling.Load,
        CommentHandling = CommentHandling.Ignore,
    };

    /// <summary>The document, or the one finding that says why the text is not a JSON object.</summary>
    public static (JObject? Document, LintFinding? Error) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
        try
        {
            var token = JToken.ReadFrom(reader, LoadSettings);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
            {
                return (null, new LintFinding(
                    "json.syntax",
                    LintSeverity.Error,
                    "$",
                    new LocalizedText("JSON 文档结束后还有多余内容", "There is more text after the end of the JSON document"),
                    reader.LineNumber,
                    reader.LinePosition));
            }

            if (token is not JObject document)
            {
                return (null, new LintFinding(
                    "json.syntax",
                    LintSeverity.Error,
                    "$",
                    new LocalizedText("模板必须是一个 JSON 对象（以 { 开头）", "A template must be a JSON object (starting with {)"),
                    1,
                    1));
            }

            if (PortableJson.Check(text) is { Count: > 0 } unportable)
            {
                // Texts are stored and shown as written: a broken character would reach the database and every screen.
                var first = unportable[0];
                return (null, Finding(first.Code, At(document, first.Pointer), first.Message));
            }

            return (document, null);
        }
        catch (JsonReaderException ex) when (ex.Message.Contains("already exists in the current JSON object", StringComparison.Ordinal))
        {
            var name = ex.Message.Split('\'') is { Length: > 2 } parts ? parts[1] : "?";
            return (null, new LintFinding(
                "json.duplicate-key",
                LintSeverity.Error,
                ToJsonPath(ex.Path),
                new LocalizedText($"同一对象中出现了重复的键「{name}」", $"The key \"{name}\" appears twice in the same object"),
                ex.LineNumber,
                ex.LinePosition));
        }
        catch (JsonReaderException ex)
        {
            return (null, new LintFinding(
                "json.syntax",
                LintSeverity.Error,
                ToJsonPath(ex.Path),
                new LocalizedText($"JSON 语法错误：{StripPosition(ex.Message)}", $"JSON syntax error: {StripPosition(ex.Message)}"),
                Math.Max(ex.LineNumber, 1),
                // Json.NET counts the characters it consumed; the offending one is the next.
                ex.LinePosition + 1));
        }
    }

    /// <summary>
    /// A JSONPath for a token: <c>$.schema.properties.rating</c>, with brackets for names that are not
    /// identifiers (<c>$.fields['kpis[].weight']</c>, <c>$.uiSchema['ui:order'][1]</c>).
    /// </summary>
    public static string PathOf(JToken token)
    {
        var segments = new List<string>();
        for (var current = token; current.Parent is { } parent; current = parent)
        {
            if (current is JProperty property)
            {
                segments.Add(Member(property.Name));
            }
            else if (parent is JArray array)
            {
                segments.Add(string.Create(CultureInfo.InvariantCulture, $"[{array.IndexOf(current)}]"));
            }
        }

        segments.Reverse();
        return "$" + string.Concat(segments);
    }

    private static string Member(string name) =>
        IsIdentifier(name) ? "." + name : "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_' || name[0] == '$') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    public static string ToJsonPath(string? newtonsoftPath) => newtonsoftPath switch
    {
        null or "" => "$",
        var p when p.StartsWith('[') => "$" + p,
        var p => "$." + p,
    };

    // The token a JSON Pointer names (as far as it resolves), for the line and path of a finding. A member name with a
    // lone surrogate shows it as U+FFFD in the pointer.
    private static JToken At(JToken root, string pointer)
    {
        var token = root;
        foreach (var segment in pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            JToken? next = token switch
            {
                JObject o => o.Properties().FirstOrDefault(p => p.Name == segment || Shown(p.Name) == segment)?.Value,
                JArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            token = next;
        }

        return token;
    }

    private static string Shown(string name) => new([.. name.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c)]);

    public static (int? Line, int? Column) PositionOf(JToken? token) =>
        token is IJsonLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (null, null);

    public static LintFinding Finding(string code, JToken token, LocalizedText message, LintSeverity severity = LintSeverity.Error)
    {
        var (line, column) = PositionOf(token);
        return new LintFinding(code, severity, PathOf(token), message, line, column);
    }

    /// <summary>A finding about a member that is missing from <paramref name="parent"/>.</summary>
    public static LintFinding Missing(string code, JToken parent, string member, LocalizedText message)
    {
        var (line, column) = PositionOf(parent);
        return new LintFinding(code, LintSeverity.Error, PathOf(parent) + Member(member), message, line, column);
    }

    // Json.NET appends "Path '…', line 3, position 7." to its messages; findings carry those separately.
    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.IndexOf(", line ", StringComparison.Ordinal);
        }

        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ').ToString(CultureInfo.InvariantCulture);
    }
}
