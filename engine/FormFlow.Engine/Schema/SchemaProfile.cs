using System.Globalization;
using System.Numerics;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Schema;

/// <summary>
/// The publish-time check that a template's schema stays inside the FormFlow schema profile: the draft-07
/// keywords forms need, each with a value of the right shape, and $ref only to places inside the same schema.
/// Anything else is an error that names what to use instead, so what is published is exactly what the
/// compiled validator enforces.
/// </summary>
internal static class SchemaProfile
{
    public const string UnsupportedKeyword = "schema.unsupported-keyword";
    public const string UnsupportedFormat = "schema.unsupported-format";
    public const string RemoteRef = "schema.remote-ref";
    public const string UnresolvedRef = "schema.unresolved-ref";
    public const string InvalidKeywordValue = "schema.invalid-keyword-value";
    public const string PatternDialect = "schema.pattern-dialect";
    public const string RefSiblings = "schema.ref-siblings";

    /// <summary>Keywords the validator enforces.</summary>
    public static readonly IReadOnlyList<string> ValidationKeywords =
    [
        "type", "properties", "required", "additionalProperties", "enum", "const", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format",
        "items", "additionalItems", "minItems", "maxItems", "uniqueItems", "allOf", "if", "then", "else",
        "$ref", "definitions",
    ];

    /// <summary>Keywords allowed for people and tools and ignored by validation.</summary>
    public static readonly IReadOnlyList<string> Annotations =
    [
        "$schema", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly",
    ];

    public static readonly IReadOnlyList<string> TypeNames = ["string", "number", "integer", "boolean", "object", "array", "null"];

    /// <summary>
    /// Checks <paramref name="schema"/> (loaded with line info) against the profile. <paramref name="pathPrefix"/>
    /// is the schema's JSON path in its template document (e.g. <c>$.schema</c>); finding paths continue it.
    /// </summary>
    public static IReadOnlyList<LintFinding> Check(JToken schema, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var checker = new ProfileChecker(schema);
        checker.CheckSchema(schema, pathPrefix);
        checker.CheckReferences();
        checker.CheckNumbers(schema, pathPrefix);
        return checker.Findings;
    }

    /// <summary>
    /// A number token's value as a double. Json.NET keeps integers beyond 64 bits as <see cref="BigInteger"/>,
    /// which <c>Value&lt;double&gt;()</c> cannot convert.
    /// </summary>
    public static double ToDouble(JToken number) =>
        number is JValue { Value: BigInteger big } ? (double)big : number.Value<double>();

    private sealed class ProfileChecker(JToken root)
    {
        private readonly HashSet<JToken> schemaPositions = new(ReferenceEqualityComparer.Instance);
        private readonly List<(JValue Reference, string Path)> references = [];

        public List<LintFinding> Findings { get; } = [];

        public void CheckSchema(JToken schema, string path)
        {
            schemaPositions.Add(schema);
            if (schema.Type == JTokenType.Boolean)
            {
                return;
            }

            if (schema is not JObject keywords)
            {
                Invalid(schema, path, ProfileMessages.NotASchema(schema));
                return;
            }

            foreach (JProperty keyword in keywords.Properties())
            {
                CheckKeyword(keyword, JsonPath.Member(path, keyword.Name));
            }

            if (keywords.ContainsKey("$ref"))
            {
                // Draft-07 ignores the keywords beside a $ref; the browser's AJV applies them. Neither reading may stand.
                foreach (JProperty sibling in keywords.Properties().Where(p => ValidationKeywords.Contains(p.Name) && p.Name is not "$ref" and not "definitions"))
                {
                    Add(RefSiblings, sibling.Value, JsonPath.Member(path, sibling.Name), ProfileMessages.RefSibling(sibling.Name));
                }
            }
        }

        private void CheckKeyword(JProperty keyword, string path)
        {
            JToken value = keyword.Value;
            string name = keyword.Name;
            switch (name)
            {
                case "$schema":
                    if (value is not JValue { Type: JTokenType.String } uri
                        || ((string)uri!).TrimEnd('#') != "http://json-schema.org/draft-07/schema")
                    {
                        Invalid(value, path, ProfileMessages.SchemaUri(value));
                    }

                    break;
                case "$comment" or "title" or "description":
                    RequireType(value, path, name, JTokenType.String);
                    break;
                case "default" or "examples":
                    break;
                case "readOnly" or "writeOnly" or "uniqueItems":
                    RequireType(value, path, name, JTokenType.Boolean);
                    break;
                case "type":
                    CheckTypeKeyword(value, path);
                    break;
                case "properties" or "definitions":
                    if (value is JObject members)
                    {
                        foreach (JProperty member in members.Properties())
                        {
                            CheckSchema(member.Value, JsonPath.Member(path, member.Name));
                        }
                    }
                    else
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.ObjectOfSchemas, value));
                    }

                    break;
                case "required":
                    CheckRequired(value, path);
                    break;
                case "additionalProperties" or "additionalItems" or "if" or "then" or "else":
                    CheckSchema(value, path);
                    break;
                case "items":
                    if (value is JArray tuple)
                    {
                        CheckSchemaArray(tuple, path, allowEmpty: true);
                    }
                    else
                    {
                        CheckSchema(value, path);
                    }

                    break;
                case "allOf":
                    if (value is JArray parts && parts.Count > 0)
                    {
                        CheckSchemaArray(parts, path, allowEmpty: false);
                    }
                    else
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.ListOfSchemas, value));
                    }

                    break;
                case "enum":
                    if (value is not JArray { Count: > 0 })
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.ListOfChoices, value));
                    }

                    break;
                case "const":
                    break;
                case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                    if (!IsNumber(value))
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.Number, value));
                    }

                    break;
                case "multipleOf":
                    if (!IsNumber(value) || (IsFinite(value) && ToDouble(value) <= 0))
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.PositiveNumber, value));
                    }

                    break;
                case "minLength" or "maxLength" or "minItems" or "maxItems":
                    if (!IsNumber(value) || (IsFinite(value) && !IsCount(ToDouble(value))))
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.Count, value));
                    }

                    break;
                case "pattern":
                    CheckPattern(value, path);
                    break;
                case "format":
                    if (value is not JValue { Type: JTokenType.String } format)
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.Text, value));
                    }
                    else if (StringFormats.Parse((string)format!) == StringFormat.None)
                    {
                        Add(UnsupportedFormat, value, path, ProfileMessages.UnsupportedFormat((string)format!));
                    }

                    break;
                case "$ref":
                    if (value is JValue { Type: JTokenType.String } reference)
                    {
                        references.Add((reference, path));
                    }
                    else
                    {
                        Invalid(value, path, ProfileMessages.Expected(name, ProfileMessages.Text, value));
                    }

                    break;
                default:
                    Add(UnsupportedKeyword, keyword, path, ProfileMessages.Unsupported(name, Suggest(name)));
                    break;
            }
        }

        public void CheckReferences()
        {
            foreach ((JValue reference, string path) in references)
            {
                string target = (string)reference!;
                if (!SchemaPointer.IsLocal(target))
                {
                    Add(RemoteRef, reference, path, ProfileMessages.RemoteRef(target));
                    continue;
                }

                JToken? resolved = SchemaPointer.Resolve(root, target);
                if (resolved is null || !schemaPositions.Contains(resolved))
                {
                    Add(UnresolvedRef, reference, path, ProfileMessages.UnresolvedRef(target));
                }
                else if (IsEndlessChain(reference, resolved))
                {
                    Add(UnresolvedRef, reference, path, ProfileMessages.EndlessRef(target));
                }
            }
        }

        // Json.NET reads 1e400 as infinity and the text is gone, so such a number cannot mean what it says anywhere
        // in the schema: not as a limit, nor as a value of enum, const or default.
        public void CheckNumbers(JToken token, string path)
        {
            switch (token)
            {
                case JObject members:
                    foreach (JProperty member in members.Properties())
                    {
                        CheckNumbers(member.Value, JsonPath.Member(path, member.Name));
                    }

                    break;
                case JArray items:
                    for (int i = 0; i < items.Count; i++)
                    {
                        CheckNumbers(items[i], JsonPath.Index(path, i));
                    }

                    break;
                case JValue value when IsNumber(value) && !IsFinite(value):
                    Invalid(value, path, ProfileMessages.NumberTooLarge());
                    break;
            }
        }

        // {"$ref": "#"} at the root, or a → b → a: references that only lead to references never reach a schema.
        private bool IsEndlessChain(JValue reference, JToken resolved)
        {
            var visited = new HashSet<JToken>(ReferenceEqualityComparer.Instance);
            if (reference.Parent?.Parent is JObject owner)
            {
                visited.Add(owner);
            }

            JToken? current = resolved;
            while (current is JObject schema && schema.Property("$ref", StringComparison.Ordinal)?.Value is JValue { Type: JTokenType.String } next)
            {
                if (!visited.Add(schema))
                {
                    return true;
                }

                current = SchemaPointer.Resolve(root, (string)next!);
            }

            return false;
        }

        private void CheckSchemaArray(JArray schemas, string path, bool allowEmpty)
        {
            if (schemas.Count == 0 && !allowEmpty)
            {
                Invalid(schemas, path, ProfileMessages.Expected("allOf", ProfileMessages.ListOfSchemas, schemas));
            }

            for (int i = 0; i < schemas.Count; i++)
            {
                CheckSchema(schemas[i], JsonPath.Index(path, i));
            }
        }

        private void CheckTypeKeyword(JToken value, string path)
        {
            if (value is JValue { Type: JTokenType.String } single)
            {
                CheckTypeName(single, path);
                return;
            }

            if (value is not JArray { Count: > 0 } types)
            {
                Invalid(value, path, ProfileMessages.Expected("type", ProfileMessages.TypeList, value));
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < types.Count; i++)
            {
                if (types[i] is not JValue { Type: JTokenType.String } type)
                {
                    Invalid(types[i], JsonPath.Index(path, i), ProfileMessages.Expected("type", ProfileMessages.TypeList, types[i]));
                }
                else if (!seen.Add((string)type!))
                {
                    Invalid(type, JsonPath.Index(path, i), ProfileMessages.Duplicate("type", (string)type!));
                }
                else
                {
                    CheckTypeName(type, JsonPath.Index(path, i));
                }
            }
        }

        private void CheckTypeName(JValue type, string path)
        {
            string name = (string)type!;
            if (!TypeNames.Contains(name))
            {
                Invalid(type, path, ProfileMessages.UnknownType(name, Closest(name, TypeNames)));
            }
        }

        private void CheckRequired(JToken value, string path)
        {
            if (value is not JArray names)
            {
                Invalid(value, path, ProfileMessages.Expected("required", ProfileMessages.ListOfNames, value));
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i] is not JValue { Type: JTokenType.String } name)
                {
                    Invalid(names[i], JsonPath.Index(path, i), ProfileMessages.Expected("required", ProfileMessages.ListOfNames, names[i]));
                }
                else if (!seen.Add((string)name!))
                {
                    Invalid(name, JsonPath.Index(path, i), ProfileMessages.Duplicate("required", (string)name!));
                }
            }
        }

        private void CheckPattern(JToken value, string path)
        {
            if (value is not JValue { Type: JTokenType.String } pattern)
            {
                Invalid(value, path, ProfileMessages.Expected("pattern", ProfileMessages.Text, value));
                return;
            }

            if (!Schema.PatternDialect.TryTranslate((string)pattern!, out _, out PatternRefusal? refusal))
            {
                LocalizedText message = ProfileMessages.InvalidPattern((string)pattern!, refusal!);
                if (refusal!.OutsideDialect)
                {
                    Add(PatternDialect, value, path, message);
                }
                else
                {
                    Invalid(value, path, message);
                }
            }
        }

        private void RequireType(JToken value, string path, string keyword, JTokenType type)
        {
            if (value.Type != type)
            {
                string expected = type == JTokenType.String ? ProfileMessages.Text : ProfileMessages.TrueOrFalse;
                Invalid(value, path, ProfileMessages.Expected(keyword, expected, value));
            }
        }

        private static bool IsNumber(JToken value) => value.Type is JTokenType.Integer or JTokenType.Float;

        // Numbers beyond double's range are reported once, by CheckNumbers, not again by each keyword's check.
        private static bool IsFinite(JToken number) => double.IsFinite(ToDouble(number));

        private static bool IsCount(double value) => value >= 0 && Math.Floor(value) == value;

        private static string? Suggest(string keyword) =>
            Closest(keyword, ValidationKeywords) ?? Closest(keyword, Annotations);

        private static string? Closest(string word, IReadOnlyList<string> candidates)
        {
            string? best = null;
            int bestDistance = 3;
            foreach (string candidate in candidates)
            {
                int distance = EditDistance(word, candidate);
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        // Optimal string alignment distance: a swapped pair of letters ("requried") counts as one edit.
        private static int EditDistance(string a, string b)
        {
            if (Math.Abs(a.Length - b.Length) > 2)
            {
                return int.MaxValue;
            }

            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }

        private void Invalid(JToken token, string path, LocalizedText message) => Add(InvalidKeywordValue, token, path, message);

        private void Add(string code, JToken token, string path, LocalizedText message)
        {
            var lineInfo = (IJsonLineInfo)token;
            Findings.Add(lineInfo.HasLineInfo()
                ? new LintFinding(code, LintSeverity.Error, path, message, lineInfo.LineNumber, lineInfo.LinePosition)
                : new LintFinding(code, LintSeverity.Error, path, message));
        }
    }
}

/// <summary>JSON paths as lint findings show them: <c>$.schema.properties.rating</c>, <c>$.schema.allOf[0]</c>, <c>$['a b']</c>.</summary>
internal static class JsonPath
{
    public static string Member(string path, string name)
    {
        bool plain = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '$' && c != '-')
            {
                plain = false;
                break;
            }
        }

        return plain
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}
