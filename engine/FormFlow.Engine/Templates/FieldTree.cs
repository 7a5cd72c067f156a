using Newtonsoft.Json.Linq;

namespace FormFlow.Templates;

/// <summary>
/// The fields a schema declares, by field path (<c>kpis</c>, <c>kpis[].weight</c>): what lint checks labels,
/// sections, <c>uiSchema</c> and expressions against. Built from the schema's JSON, following local
/// <c>$ref</c>, <c>allOf</c> and <c>then</c>/<c>else</c>, so a field is known wherever the schema declares it.
/// </summary>
internal sealed class FieldNode
{
    private readonly Dictionary<string, FieldNode> properties = new(StringComparer.Ordinal);

    private FieldNode(string path, FieldNode? parent)
    {
        Path = path;
        Parent = parent;
    }

    public string Path { get; }

    public FieldNode? Parent { get; }

    /// <summary>The schema token where the field is first declared (for line information).</summary>
    public JToken? DeclaredAt { get; private set; }

    public IReadOnlyDictionary<string, FieldNode> Properties => properties;

    /// <summary>The node for "each item" when the field is an array.</summary>
    public FieldNode? Items { get; private set; }

    public HashSet<string> StringOptions { get; } = new(StringComparer.Ordinal);

    public bool IsArray { get; private set; }

    /// <summary>Every property at any depth, in declaration order, parents before children.</summary>
    public IEnumerable<FieldNode> Descendants()
    {
        foreach (var child in properties.Values)
        {
            yield return child;
            foreach (var grandchild in child.Descendants())
            {
                yield return grandchild;
            }
        }

        if (Items is not null)
        {
            foreach (var inItem in Items.Descendants())
            {
                yield return inItem;
            }
        }
    }

    /// <summary>The node at a field path such as <c>kpis[].weight</c>, or null.</summary>
    public FieldNode? Find(string path)
    {
        var node = this;
        foreach (var segment in Segments(path))
        {
            node = segment == "[]" ? node.Items : node.properties.GetValueOrDefault(segment);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public static IEnumerable<string> Segments(string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var arrays = 0;
            while (name.EndsWith("[]", StringComparison.Ordinal))
            {
                name = name[..^2];
                arrays++;
            }

            if (name.Length > 0)
            {
                yield return name;
            }

            for (var i = 0; i < arrays; i++)
            {
                yield return "[]";
            }
        }
    }

    /// <summary>The most fields a template may declare; past it the schema is refused rather than walked for ever.</summary>
    public const int MaxFields = 5_000;

    /// <summary>The property name as the schema spells it (the last part of <see cref="Path"/> for a property).</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>The fields of a schema; <c>TooLarge</c> when it declares more than <see cref="MaxFields"/>.</summary>
    public static (FieldNode Root, bool TooLarge) Build(JToken schema)
    {
        var root = new FieldNode(string.Empty, null);
        var walk = new Walk(schema);
        root.Add(schema, walk);
        return (root, walk.Nodes > MaxFields);
    }

    private FieldNode Property(string name, JToken declaredAt, Walk walk)
    {
        if (!properties.TryGetValue(name, out var child))
        {
            walk.Nodes++;
            child = new FieldNode(Path.Length == 0 ? name : Path + "." + name, this) { Name = name, DeclaredAt = declaredAt };
            properties.Add(name, child);
        }

        return child;
    }

    private FieldNode ItemNode(Walk walk)
    {
        IsArray = true;
        if (Items is null)
        {
            walk.Nodes++;
            Items = new FieldNode(Path + "[]", this);
        }

        return Items;
    }

    private void Add(JToken schema, Walk walk)
    {
        if (schema is not JObject obj || walk.Nodes > MaxFields)
        {
            return;
        }

        if (obj["$ref"] is JValue { Value: string reference })
        {
            // A recursive $ref (a tree of goals) declares the same fields again: follow it once per chain.
            // A target shared by many paths (allOf of the same $ref) adds the same fields to the same node:
            // expand it once per node, or the walk doubles with every level.
            if (Resolve(walk.Root, reference) is { } target && !walk.Following.Contains(target) && walk.Expanded.Add((this, target)))
            {
                walk.Following.Add(target);
                Add(target, walk);
                walk.Following.Remove(target);
            }

            return;
        }

        var type = obj["type"];
        var isArray = type switch
        {
            JValue { Value: string name } => name == "array",
            JArray names => names.Any(n => n is JValue { Value: "array" }),
            _ => false,
        };
        if (isArray)
        {
            ItemNode(walk);
        }

        if (obj["properties"] is JObject props)
        {
            foreach (var property in props.Properties())
            {
                Property(property.Name, property, walk).Add(property.Value, walk);
            }
        }

        if (obj["items"] is JObject items)
        {
            ItemNode(walk).Add(items, walk);
        }
        else if (obj["items"] is JArray tuple)
        {
            foreach (var item in tuple)
            {
                ItemNode(walk).Add(item, walk);
            }
        }

        if (obj["additionalItems"] is JObject additionalItems)
        {
            ItemNode(walk).Add(additionalItems, walk);
        }

        if (obj["enum"] is JArray options)
        {
            foreach (var option in options)
            {
                if (option.Type == JTokenType.String)
                {
                    StringOptions.Add((string)option!);
                }
            }
        }

        foreach (var combined in new[] { obj["then"], obj["else"] }.Concat(obj["allOf"] as JArray ?? []))
        {
            if (combined is not null)
            {
                Add(combined, walk);
            }
        }
    }

    private sealed class Walk(JToken root)
    {
        public JToken Root { get; } = root;

        public HashSet<JToken> Following { get; } = [];

        public HashSet<(FieldNode, JToken)> Expanded { get; } = [];

        public int Nodes { get; set; }
    }

    /// <summary>Resolves a local reference (<c>#</c>, <c>#/definitions/goal</c>), or null.</summary>
    public static JToken? Resolve(JToken root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        var pointer = Uri.UnescapeDataString(reference[1..]);
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JObject o => o[segment],
                JArray a when int.TryParse(segment, out var index) && index >= 0 && index < a.Count => a[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
