using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FormFlow.Schema;
using FormFlow.Templates;

namespace FormFlow.Benchmarks;

/// <summary>
/// Validation of one submission, from its JSON text, by FormFlow's compiled validator and by NJsonSchema
/// on the same schema and the same document. "Schema" rows do the same work in both libraries (parse the
/// text, check the schema); the "whole submission" row adds FormFlow's computed fields and rules.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private CompiledSchema formflowSchema = null!;
    private FormTemplate formflowTemplate = null!;
    private NJsonSchema.JsonSchema njsonSchema = null!;
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

        var example = Directory.EnumerateFiles(Path.Combine(root, "templates", "examples", Template), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .First(e => e.GetProperty("expected").GetArrayLength() == 0);
        submission = example.GetProperty("data").GetRawText();

        // A comparison only means something when both agree the document is valid.
        if (FormFlowSchema() != 0 || NJsonSchemaValidator() != 0 || FormFlowWholeSubmission() != 0)
        {
            throw new InvalidOperationException($"the validators disagree on the valid example of {Template}");
        }
    }

    [Benchmark(Baseline = true, Description = "NJsonSchema: schema")]
    public int NJsonSchemaValidator() => njsonSchema.Validate(submission).Count;

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

    private static string FindRoot()
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
