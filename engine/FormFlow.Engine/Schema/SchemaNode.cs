using System.Text.Json;
using System.Text.RegularExpressions;

namespace FormFlow.Schema;

[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    Integer = 32,
    String = 64,
}

/// <summary>A <c>pattern</c>: the .NET translation that checks values, and the pattern as the author wrote it (for messages).</summary>
internal sealed record CompiledPattern(Regex Regex, string Source);

/// <summary>A numeric keyword value, kept both for comparison and as the author wrote it (for messages).</summary>
internal sealed record NumberLimit(JsonNumber Value, string Text);

/// <summary>
/// A property of <c>properties</c>: the declared name, its UTF-8 form (data property names are compared as
/// UTF-8 without decoding them), and its compiled schema.
/// </summary>
internal sealed record PropertySchema(string Name, byte[] Utf8Name, SchemaNode Schema);

/// <summary>
/// A name of <c>required</c>. <see cref="PropertyIndex"/> is its position in the same schema's <c>properties</c>
/// (or -1): the properties pass already saw whether it is present, so no second lookup is needed.
/// </summary>
internal sealed record RequiredName(string Name, byte[] Utf8Name, int PropertyIndex);

/// <summary>
/// An enum or const value, with the unescaped UTF-8 of a string value precomputed so a data string is compared
/// byte for byte instead of being decoded.
/// </summary>
internal sealed record JsonConstant(JsonElement Value, byte[]? Utf8String);

/// <summary>
/// One compiled (sub)schema. Built once by <see cref="SchemaCompiler"/> and immutable afterwards, so a compiled
/// template can validate on many threads. Nodes form a graph, not a tree: a recursive $ref points back up.
/// </summary>
internal sealed class SchemaNode
{
    // Set for "false" (and for a $ref that resolves to it); such a node rejects every value.
    public bool IsFalse { get; set; }

    // In draft-07 a $ref replaces the whole schema object: when set, no other member is used.
    public SchemaNode? Ref { get; set; }

    public JsonTypes Types { get; set; }

    public JsonConstant[]? Enum { get; set; }

    public string? EnumText { get; set; }

    public JsonConstant? Const { get; set; }

    public string? ConstText { get; set; }

    public NumberLimit? Minimum { get; set; }

    public NumberLimit? Maximum { get; set; }

    public NumberLimit? ExclusiveMinimum { get; set; }

    public NumberLimit? ExclusiveMaximum { get; set; }

    public NumberLimit? MultipleOf { get; set; }

    public int MinLength { get; set; } = -1;

    public int MaxLength { get; set; } = -1;

    public CompiledPattern? Pattern { get; set; }

    public StringFormat Format { get; set; }

    public PropertySchema[]? Properties { get; set; }

    public RequiredName[]? Required { get; set; }

    public SchemaNode? AdditionalProperties { get; set; }

    public SchemaNode? Items { get; set; }

    public SchemaNode[]? ItemsArray { get; set; }

    public SchemaNode? AdditionalItems { get; set; }

    public int MinItems { get; set; } = -1;

    public int MaxItems { get; set; } = -1;

    public bool UniqueItems { get; set; }

    public SchemaNode[]? AllOf { get; set; }

    public SchemaNode? If { get; set; }

    public SchemaNode? Then { get; set; }

    public SchemaNode? Else { get; set; }

    // Summaries computed after compilation so the validator skips whole keyword groups with one test.
    public bool HasNumberChecks { get; private set; }

    public bool HasStringChecks { get; private set; }

    public bool HasObjectChecks { get; private set; }

    public bool HasArrayChecks { get; private set; }

    /// <summary>The node a $ref chain ends at (the profile check guarantees chains end).</summary>
    public SchemaNode Target
    {
        get
        {
            SchemaNode node = this;
            while (node.Ref is not null)
            {
                node = node.Ref;
            }

            return node;
        }
    }

    public void Seal()
    {
        HasNumberChecks = Minimum is not null || Maximum is not null || ExclusiveMinimum is not null
            || ExclusiveMaximum is not null || MultipleOf is not null;
        HasStringChecks = MinLength >= 0 || MaxLength >= 0 || Pattern is not null || Format != StringFormat.None;
        HasObjectChecks = Properties is not null || Required is not null || AdditionalProperties is not null;
        HasArrayChecks = Items is not null || ItemsArray is not null || MinItems >= 0 || MaxItems >= 0 || UniqueItems;
    }
}
