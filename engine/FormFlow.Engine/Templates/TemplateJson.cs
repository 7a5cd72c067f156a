using System.Globalization;
using FormFlow.Documents;
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
    };

    /// <summary>
    /// The document, or the one finding that says why the text is not a JSON object: what <see cref="DocumentReader"/>
    /// refuses (with its code, line and column), or a root that is not an object.
    /// </summary>
    public static (JObject? Document, LintFinding? Error) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DocumentReader.Check(text) is { } problem)
        {
            return (null, new LintFinding(problem.Code, LintSeverity.Error, "$", problem.Message, problem.Line, problem.Column));
        }

        // Strict, unique and shallow enough by the check above: Json.NET reads it for the line of every token.
        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = null };
        var token = JToken.ReadFrom(reader, LoadSettings);
        if (token is not JObject document)
        {
            return (null, new LintFinding(
                "json.syntax",
                LintSeverity.Error,
                "$",
                new LocalizedText("第 1 行第 1 列：文档必须是一个 JSON 对象（以 { 开头）", "Line 1, column 1: the document must be a JSON object (starting with {)"),
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
}
