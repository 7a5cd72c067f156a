using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Schema;

/// <summary>
/// Turns a schema that passed <see cref="SchemaProfile.Check"/> into a graph of <see cref="SchemaNode"/>s.
/// Nodes are keyed by the schema token they come from, so a $ref to an already-seen schema (including "#"
/// itself) links to the same node instead of compiling it again: recursion costs nothing and cannot loop.
/// </summary>
internal sealed class SchemaCompiler
{
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private readonly JToken root;
    private readonly Dictionary<JToken, SchemaNode> nodes = new(ReferenceEqualityComparer.Instance);

    public SchemaCompiler(JToken root)
    {
        this.root = root;
    }

    /// <summary>A pattern of FormFlow's dialect (ECMAScript), compiled as its .NET translation.</summary>
    public static CompiledPattern CreatePattern(string pattern) =>
        new(new Regex(PatternDialect.Translate(pattern), RegexOptions.CultureInvariant | RegexOptions.Compiled, PatternTimeout), pattern);

    public SchemaNode CompileRoot()
    {
        SchemaNode result = Compile(root);
        foreach (SchemaNode node in nodes.Values)
        {
            node.Seal();
        }

        return result;
    }

    /// <summary>The compiled node of each of <paramref name="positions"/> (schemas inside the root, reachable or not), sealed.</summary>
    public IReadOnlyDictionary<JToken, SchemaNode> CompileAll(IEnumerable<JToken> positions)
    {
        var result = new Dictionary<JToken, SchemaNode>(ReferenceEqualityComparer.Instance);
        foreach (JToken position in positions)
        {
            result[position] = Compile(position);
        }

        foreach (SchemaNode node in nodes.Values)
        {
            node.Seal();
        }

        return result;
    }

    private SchemaNode Compile(JToken token)
    {
        if (nodes.TryGetValue(token, out SchemaNode? existing))
        {
            return existing;
        }

        var node = new SchemaNode();
        nodes.Add(token, node);
        if (token.Type == JTokenType.Boolean)
        {
            node.IsFalse = !token.Value<bool>();
            return node;
        }

        var schema = (JObject)token;
        if (schema.Property("$ref", StringComparison.Ordinal)?.Value is JValue reference)
        {
            JToken target = SchemaPointer.Resolve(root, (string)reference!)
                ?? throw new InvalidOperationException($"Unresolved $ref '{reference}' passed the profile check.");
            node.Ref = Compile(target);
            return node;
        }

        JToken? required = null;
        foreach (JProperty keyword in schema.Properties())
        {
            CompileKeyword(node, keyword.Name, keyword.Value, ref required);
        }

        // After "properties", whichever order the keywords were written in.
        if (required is not null)
        {
            node.Required = [.. required.Select(name => ToRequired((string)name!, node.Properties))];
        }

        return node;
    }

    private void CompileKeyword(SchemaNode node, string keyword, JToken value, ref JToken? required)
    {
        switch (keyword)
        {
            case "type":
                node.Types = value is JArray types
                    ? types.Aggregate(JsonTypes.None, (all, t) => all | ParseType((string)t!))
                    : ParseType((string)value!);
                break;
            case "enum":
                node.Enum = [.. value.Select(ToConstant)];
                node.EnumText = DescribeValues((JArray)value);
                break;
            case "const":
                node.Const = ToConstant(value);
                node.ConstText = Describe(value);
                break;
            case "minimum":
                node.Minimum = ToLimit(value);
                break;
            case "maximum":
                node.Maximum = ToLimit(value);
                break;
            case "exclusiveMinimum":
                node.ExclusiveMinimum = ToLimit(value);
                break;
            case "exclusiveMaximum":
                node.ExclusiveMaximum = ToLimit(value);
                break;
            case "multipleOf":
                node.MultipleOf = ToLimit(value);
                break;
            case "minLength":
                node.MinLength = ToCount(value);
                break;
            case "maxLength":
                node.MaxLength = ToCount(value);
                break;
            case "pattern":
                node.Pattern = CreatePattern((string)value!);
                break;
            case "format":
                node.Format = StringFormats.Parse((string)value!);
                break;
            case "properties":
                node.Properties = [.. ((JObject)value).Properties().Select(p => new PropertySchema(p.Name, Encoding.UTF8.GetBytes(p.Name), Compile(p.Value)))];
                break;
            case "required":
                required = value;
                break;
            case "additionalProperties":
                node.AdditionalProperties = Compile(value);
                break;
            case "items":
                if (value is JArray itemSchemas)
                {
                    node.ItemsArray = [.. itemSchemas.Select(Compile)];
                }
                else
                {
                    node.Items = Compile(value);
                }

                break;
            case "additionalItems":
                node.AdditionalItems = Compile(value);
                break;
            case "minItems":
                node.MinItems = ToCount(value);
                break;
            case "maxItems":
                node.MaxItems = ToCount(value);
                break;
            case "uniqueItems":
                node.UniqueItems = value.Value<bool>();
                break;
            case "allOf":
                node.AllOf = [.. value.Select(Compile)];
                break;
            case "if":
                node.If = Compile(value);
                break;
            case "then":
                node.Then = Compile(value);
                break;
            case "else":
                node.Else = Compile(value);
                break;
            default:
                // Annotations ($schema, title, default, ...) and definitions, which only matter as $ref targets.
                break;
        }
    }

    private static JsonTypes ParseType(string name) => name switch
    {
        "null" => JsonTypes.Null,
        "boolean" => JsonTypes.Boolean,
        "object" => JsonTypes.Object,
        "array" => JsonTypes.Array,
        "number" => JsonTypes.Number,
        "integer" => JsonTypes.Integer,
        "string" => JsonTypes.String,
        _ => throw new InvalidOperationException($"Unknown type '{name}' passed the profile check."),
    };

    // Constants are re-read as System.Text.Json values so data and constants are compared by one equality.
    private static JsonElement ToElement(JToken value)
    {
        using JsonDocument document = JsonDocument.Parse(value.ToString(Formatting.None));
        return document.RootElement.Clone();
    }

    private static JsonConstant ToConstant(JToken value)
    {
        JsonElement element = ToElement(value);
        return new JsonConstant(element, value.Type == JTokenType.String ? Encoding.UTF8.GetBytes((string)value!) : null);
    }

    private static RequiredName ToRequired(string name, PropertySchema[]? properties)
    {
        int index = properties is null ? -1 : Array.FindIndex(properties, p => p.Name == name);
        return new RequiredName(name, Encoding.UTF8.GetBytes(name), index);
    }

    private static NumberLimit ToLimit(JToken value)
    {
        string text = value.ToString(Formatting.None);
        return new NumberLimit(JsonNumber.Read(ToElement(value)), text);
    }

    private static int ToCount(JToken value)
    {
        double count = SchemaProfile.ToDouble(value);
        return count >= int.MaxValue ? int.MaxValue : (int)count;
    }

    private static string Describe(JToken value) =>
        value.Type == JTokenType.String ? $"\"{(string)value!}\"" : value.ToString(Formatting.None);

    private static string DescribeValues(JArray values)
    {
        const int Shown = 10;
        string text = string.Join(", ", values.Take(Shown).Select(Describe));
        return values.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text}, … ({values.Count})") : text;
    }
}
