using System.Text.Json;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json.Linq;

namespace FormFlow.Schema;

/// <summary>
/// A template's schema compiled once into FormFlow's own validator (the profile only), used for every submission.
/// Immutable and thread-safe; each Validate call keeps its own position in the data.
/// </summary>
internal sealed class CompiledSchema
{
    private readonly SchemaNode root;
    private readonly Func<string, LocalizedText?>? labelOf;

    private CompiledSchema(SchemaNode root, Func<string, LocalizedText?>? labelOf)
    {
        this.root = root;
        this.labelOf = labelOf;
    }

    /// <summary>
    /// Compiles a schema that <see cref="SchemaProfile.Check"/> accepts. <paramref name="labelOf"/> maps a field path
    /// ("kpis[].weight", "" for the root) to the field's label so messages can name fields the way the form shows them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema is outside the FormFlow schema profile.</exception>
    public static CompiledSchema Compile(JToken schema, Func<string, LocalizedText?>? labelOf = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (LintFinding finding in SchemaProfile.Check(schema, "$"))
        {
            if (finding.Severity == LintSeverity.Error)
            {
                throw new InvalidOperationException(
                    $"The schema is outside the FormFlow schema profile ({finding.Code} at {finding.Path}): {finding.Message.En}");
            }
        }

        return new CompiledSchema(new SchemaCompiler(schema).CompileRoot(), labelOf);
    }

    /// <summary>Adds every problem of <paramref name="data"/> to <paramref name="problems"/>; none means the data is valid.</summary>
    public void Validate(JsonElement data, ICollection<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        using var walk = new ValidationWalk(problems, labelOf);
        KeywordChecks.Evaluate(root, data, walk);
    }

    /// <summary>
    /// Whether every problem a document can have under its top-level property <paramref name="name"/> comes from that
    /// property's own schema: the root declares it under <c>properties</c> and has no <c>allOf</c> or
    /// <c>if</c>/<c>then</c>/<c>else</c> that could reach it too. Then <see cref="ValidateProperty"/> finds exactly them.
    /// </summary>
    public bool ChecksPropertyAlone(string name)
    {
        var node = root.Target;
        return !node.IsFalse
            && node.AllOf is null && node.If is null && node.Then is null && node.Else is null
            && node.Properties is { } properties && Array.Exists(properties, p => p.Name == name);
    }

    /// <summary>
    /// Adds the problems of <paramref name="value"/> as the top-level property <paramref name="name"/>, as validating a
    /// whole document holding it reports them (pointers under <c>/name</c>), for a name <see cref="ChecksPropertyAlone"/>
    /// accepts.
    /// </summary>
    public void ValidateProperty(string name, JsonElement value, ICollection<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var property = Array.Find(root.Target.Properties ?? [], p => p.Name == name)
            ?? throw new ArgumentException($"'{name}' is not a property of the root schema", nameof(name));
        using var walk = new ValidationWalk(problems, labelOf);
        walk.Push(property.Name);
        KeywordChecks.Evaluate(property.Schema, value, walk);
        walk.Pop();
    }

    /// <summary>Whether <paramref name="data"/> is valid; stops at the first problem and allocates nothing.</summary>
    public bool IsValid(JsonElement data) => KeywordChecks.Evaluate(root, data, null);
}
