using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FormFlow.Schema;
using FormFlow.Templates;
using Json.Schema;

namespace FormFlow.Benchmarks;

/// <summary>
/// Validation of one submission, from its JSON text, by FormFlow's compiled validator, by NJsonSchema and by
/// JsonSchema.Net (draft-07, formats asserted, as FormFlow does) on the same schema and the same document. "Schema" rows do the same work in both libraries (parse the
/// text, check the schema); the "whole submission" row adds FormFlow's computed fields and rules.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private CompiledSchema formflowSchema = null!;
    private FormTemplate formflowTemplate = null!;
    private NJsonSchema.JsonSchema njsonSchema = null!;
    private JsonSchema jsonSchemaNet = null!;
    private string submission = null!;

    [Params("interview-preparation-333", "kpi-setting")]
    public string Template { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        var templateText = File.ReadAllText(Path.Combine(root, "templates", Template + ".json"));
        // The same reading as lint and publishing: no date parsing, line information kept.
        var schemaToken = TemplateJson.Read(templateText).Document!["schema"]!;
        formflowSchema = CompiledSchema.Compile(schemaToken);
        formflowTemplate = FormTemplate.Load(templateText).Template ?? throw new InvalidOperationException("the template does not load");
        njsonSchema = NJsonSchema.JsonSchema.FromJsonAsync(schemaToken.ToString()).GetAwaiter().GetResult();
        jsonSchemaNet = JsonSchema.FromText(schemaToken.ToString(), new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() });

        var example = Directory.EnumerateFiles(Path.Combine(root, "templates", "examples", Template), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .First(e => e.GetProperty("expected").GetArrayLength() == 0);
        submission = example.GetProperty("data").GetRawText();

        // A comparison only means something when both agree the document is valid.
        if (FormFlowSchema() != 0 || NJsonSchemaValidator() != 0 || JsonSchemaNetValidator() != 0 || FormFlowWholeSubmission() != 0)
        {
            throw new InvalidOperationException($"the validators disagree on the valid example of {Template}");
        }
    }

    [Benchmark(Baseline = true, Description = "NJsonSchema: schema")]
    public int NJsonSchemaValidator() => njsonSchema.Validate(submission).Count;

    // Every problem, as NJsonSchema and FormFlow report them (a list, not the first failure only).
    [Benchmark(Description = "JsonSchema.Net: schema")]
    public int JsonSchemaNetValidator()
    {
        using var document = JsonDocument.Parse(submission);
        var result = jsonSchemaNet.Evaluate(document.RootElement, JsonSchemaNetOptions);
        return result.IsValid ? 0 : 1;
    }

    [Benchmark(Description = "FormFlow: schema")]
    public int FormFlowSchema()
    {
        using var document = JsonDocument.Parse(submission);
        var problems = new List<ValidationProblem>();
        formflowSchema.Validate(document.RootElement, problems);
        return problems.Count;
    }

    [Benchmark(Description = "FormFlow: whole submission (schema + computed + rules)")]
    public int FormFlowWholeSubmission() => formflowTemplate.Validate(submission).Problems.Count;

    private static readonly EvaluationOptions JsonSchemaNetOptions = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FormFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FormFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
