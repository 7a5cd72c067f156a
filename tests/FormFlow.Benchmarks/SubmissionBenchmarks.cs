using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using FormFlow.Processes;
using FormFlow.Schema;
using FormFlow.Templates;
using FormFlow.Workflows;
using Json.Schema;

namespace FormFlow.Benchmarks;

/// <summary>
/// The whole submission of a task, for every shipped template, as the runtime checks it when a person submits
/// (<see cref="FormAccess.Validate"/>: the merged document to text and back, the schema, the computed fields and
/// every rule), over the template's most complete valid example. The schema alone, on the same document, is the
/// anchor: what the rest adds is the ratio. JsonSchema.Net's check of the same schema on the same text stands beside
/// it, as in <see cref="ValidationBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class SubmissionBenchmarks
{
    private CompiledSchema schema = null!;
    private JsonSchema jsonSchemaNet = null!;
    private FormAccess access = null!;
    private JsonObject merged = null!;
    private string submission = null!;

    public static IEnumerable<string> Templates() =>
        Directory.EnumerateFiles(Path.Combine(ValidationBenchmarks.FindRoot(), "templates"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    [ParamsSource(nameof(Templates))]
    public string Template { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var root = ValidationBenchmarks.FindRoot();
        var templateText = File.ReadAllText(Path.Combine(root, "templates", Template + ".json"));
        var template = FormTemplate.Load(templateText).Template ?? throw new InvalidOperationException("the template does not load");
        var schemaToken = TemplateJson.Read(templateText).Document!["schema"]!;
        schema = CompiledSchema.Compile(schemaToken);
        jsonSchemaNet = JsonSchema.FromText(schemaToken.ToString(), new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() });
        // The person writes every section, so that every field, computed value and rule is checked.
        access = new FormAccess(template, new Access([], [.. template.Sections.Select(s => s.Key)], ReadsAll: false));

        // The most complete of the valid examples: the longest.
        submission = Directory.EnumerateFiles(Path.Combine(root, "templates", "examples", Template), "valid-*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("data").GetRawText())
            .OrderByDescending(text => text.Length)
            .First();
        merged = JsonNode.Parse(submission)!.AsObject();

        if (Schema() != 0 || WholeSubmission() != 0 || JsonSchemaNetValidator() != 0)
        {
            throw new InvalidOperationException($"the most complete valid example of {Template} is not valid");
        }
    }

    [Benchmark(Baseline = true, Description = "FormFlow: schema")]
    public int Schema()
    {
        using var document = JsonDocument.Parse(submission);
        var problems = new List<ValidationProblem>();
        schema.Validate(document.RootElement, problems);
        return problems.Count;
    }

    [Benchmark(Description = "JsonSchema.Net: schema")]
    public int JsonSchemaNetValidator()
    {
        using var document = JsonDocument.Parse(submission);
        var result = jsonSchemaNet.Evaluate(document.RootElement, JsonSchemaNetOptions);
        return result.IsValid ? 0 : 1;
    }

    [Benchmark(Description = "FormFlow: whole submission (as the runtime: schema + computed + rules)")]
    public int WholeSubmission() => access.Validate(merged).Problems.Count;

    private static readonly EvaluationOptions JsonSchemaNetOptions = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
}
