using System.CommandLine;
using System.Text.Json;
using FormFlow.Documents;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Cli;

/// <summary>
/// <c>formflow validate &lt;template&gt; &lt;data.json&gt;</c>: validates one submission as the server does. The data file is
/// the form's data, or an example submission as shipped in <c>templates/examples/</c> —
/// <c>{"description", "data", "expected"}</c> — whose <c>data</c> is validated and whose <c>expected</c> problems are
/// compared with those found.
/// </summary>
internal static class ValidateCommand
{
    private static readonly string[] ExampleMembers = ["description", "data", "expected"];

    public static Command Create(Option<string> language)
    {
        var template = new Argument<string>("template") { Description = "the template file / 模板文件" };
        var data = new Argument<string>("data") { Description = "the submitted data, or an example {description, data, expected}: a JSON file / 提交的数据，或示例 {description, data, expected}（JSON 文件）" };
        var json = CommonOptions.JsonOption();
        var command = new Command("validate", "validate a submission against a template / 按模板校验提交的数据") { template, data, json };
        command.SetAction(result => Run(result.GetValue(template)!, result.GetValue(data)!, result.GetValue(json), result.GetValue(language)!));
        return command;
    }

    private static int Run(string templateFile, string dataFile, bool asJson, string language)
    {
        foreach (var file in new[] { templateFile, dataFile })
        {
            if (!File.Exists(file))
            {
                return CommonOptions.Refuse(asJson, language, "file.not-found", new LocalizedText($"找不到文件：{file}", $"No such file: {file}"), file);
            }
        }

        var loaded = FormTemplate.Load(File.ReadAllText(templateFile));
        if (loaded.Template is not { } template)
        {
            return CommonOptions.Refuse(
                asJson,
                language,
                "template.has-errors",
                new LocalizedText($"模板有错误，无法校验；请先运行 formflow lint {templateFile}", $"The template has errors and cannot validate; run formflow lint {templateFile} first"),
                templateFile,
                loaded.Findings.Select(f => CommonOptions.Finding(templateFile, f)));
        }

        var text = File.ReadAllText(dataFile);
        var (data, expected, description, wrongShape) = Read(text, template);
        if (wrongShape is not null)
        {
            return CommonOptions.Refuse(asJson, language, "validate.unknown-shape", wrongShape, dataFile);
        }

        var result = template.Validate(data ?? text);
        var comparison = expected is null ? null : Compare(expected, result.Problems);
        if (asJson)
        {
            var problems = result.Problems.Select(p => new { pointer = p.Pointer, code = p.Code, message = CommonOptions.Text(p.Message) });
            object report = comparison is not { } c
                ? new { valid = result.IsValid, problems, data = result.Data }
                : new
                {
                    valid = result.IsValid,
                    problems,
                    data = result.Data,
                    example = new
                    {
                        description,
                        matches = c.Matches,
                        missing = c.Missing.Select(e => new { pointer = e.Pointer, code = e.Code }),
                        unexpected = c.Unexpected.Select(e => new { pointer = e.Pointer, code = e.Code }),
                    },
                };
            Console.WriteLine(JsonSerializer.Serialize(report, CommonOptions.Json));
        }
        else
        {
            foreach (var problem in result.Problems)
            {
                var where = problem.Pointer.Length == 0 ? "/" : problem.Pointer;
                Console.WriteLine($"{where}: {problem.Code}: {problem.Message.For(language)}");
            }

            Console.WriteLine(result.IsValid
                ? CommonOptions.Say(language, "数据有效", "The data is valid")
                : CommonOptions.Say(language, $"发现 {result.Problems.Count} 个问题", $"{result.Problems.Count} problem(s) found"));
            if (comparison is { } c)
            {
                Console.WriteLine(Verdict(c).For(language));
            }
        }

        return comparison is { } compared
            ? (compared.Matches ? CommonOptions.Ok : CommonOptions.Findings)
            : (result.IsValid ? CommonOptions.Ok : CommonOptions.Findings);
    }

    /// <summary>
    /// The data to validate: an example's <c>data</c> with its expected problems, or (null) the whole text as the
    /// form's data — also a text the document reader refuses, which validation reports as a problem with its line. A
    /// text that is neither — not an object, or an example that is not whole — comes back with what it should be.
    /// </summary>
    private static (string? Data, IReadOnlyList<(string Pointer, string Code)>? Expected, string? Description, LocalizedText? WrongShape) Read(string text, FormTemplate template)
    {
        if (DocumentReader.Check(text) is not null)
        {
            return (null, null, null, null);
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null, null, WhatIsWanted());
        }

        // A template with a field of the example's names takes such a file as its data.
        var looksLikeExample = root.TryGetProperty("expected", out _) && ExampleMembers.All(m => template.LabelOf(m) is null);
        if (!looksLikeExample)
        {
            return (null, null, null, null);
        }

        if (root.EnumerateObject().Any(p => !ExampleMembers.Contains(p.Name))
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || root.GetProperty("expected") is not { ValueKind: JsonValueKind.Array } expected
            || expected.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object
                || !e.TryGetProperty("pointer", out var pointer) || pointer.ValueKind != JsonValueKind.String
                || !e.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String)
            || (root.TryGetProperty("description", out var about) && about.ValueKind != JsonValueKind.String))
        {
            return (null, null, null, WhatIsWanted());
        }

        var problems = expected.EnumerateArray().Select(e => (e.GetProperty("pointer").GetString()!, e.GetProperty("code").GetString()!)).ToList();
        return (data.GetRawText(), problems, root.TryGetProperty("description", out var d) ? d.GetString() : null, null);
    }

    private static LocalizedText WhatIsWanted() => new(
        "数据文件须为一个 JSON 对象：表单数据（{\"字段\": 值, …}），或一个示例（{\"description\": \"…\", \"data\": {表单数据}, \"expected\": [{\"pointer\": \"/字段\", \"code\": \"…\"}]}，如 templates/examples/ 中的文件）",
        "The data file must be a JSON object: the form's data ({\"field\": value, …}), or an example ({\"description\": \"…\", \"data\": {the form's data}, \"expected\": [{\"pointer\": \"/field\", \"code\": \"…\"}]}, as the files in templates/examples/)");

    private sealed record Comparison(bool Matches, IReadOnlyList<(string Pointer, string Code)> Missing, IReadOnlyList<(string Pointer, string Code)> Unexpected);

    // Expected and found problems as lists that may repeat an entry: what one has more of than the other.
    private static Comparison Compare(IReadOnlyList<(string Pointer, string Code)> expected, IReadOnlyList<ValidationProblem> problems)
    {
        var found = problems.Select(p => (p.Pointer, p.Code)).ToList();
        var missing = expected.ToList();
        var unexpected = new List<(string, string)>();
        foreach (var problem in found)
        {
            if (!missing.Remove(problem))
            {
                unexpected.Add(problem);
            }
        }

        return new Comparison(missing.Count == 0 && unexpected.Count == 0, missing, unexpected);
    }

    private static LocalizedText Verdict(Comparison comparison)
    {
        if (comparison.Matches)
        {
            return new LocalizedText("与示例的 expected 一致", "As the example expects");
        }

        static string List(IEnumerable<(string Pointer, string Code)> entries) => string.Join(", ", entries.Select(e => $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)} {e.Code}"));
        var zh = new List<string>();
        var en = new List<string>();
        if (comparison.Missing.Count > 0)
        {
            zh.Add($"预期但未发现：{List(comparison.Missing)}");
            en.Add($"expected but not found: {List(comparison.Missing)}");
        }

        if (comparison.Unexpected.Count > 0)
        {
            zh.Add($"发现但未预期：{List(comparison.Unexpected)}");
            en.Add($"found but not expected: {List(comparison.Unexpected)}");
        }

        return new LocalizedText($"与示例的 expected 不一致：{string.Join("；", zh)}", $"Not as the example expects: {string.Join("; ", en)}");
    }
}
