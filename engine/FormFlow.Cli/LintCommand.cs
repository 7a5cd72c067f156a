using System.CommandLine;
using System.Text.Json;
using FormFlow.Documents;
using FormFlow.Processes;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Cli;

/// <summary>
/// <c>formflow lint &lt;file-or-folder&gt;</c>: the publish-time check of template and process documents. A process
/// is checked against the templates beside it and those in <c>--templates</c>; the organisation is not at hand here,
/// so the check of assignees against it happens when publishing.
/// </summary>
internal static class LintCommand
{
    public static Command Create(Option<string> language)
    {
        var path = new Argument<string>("path") { Description = "a template or process file, or a folder searched recursively / 模板或流程文件，或文件夹" };
        var templatesFolder = new Option<string>("--templates")
        {
            Description = "the folder of templates that processes name / 流程引用的模板所在文件夹",
            DefaultValueFactory = _ => "templates",
        };
        var json = CommonOptions.JsonOption();
        var command = new Command("lint", "check templates and processes before publishing / 发布前检查模板和流程") { path, templatesFolder, json };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(templatesFolder)!, result.GetValue(json), result.GetValue(language)!));
        return command;
    }

    private static int Run(string path, string templatesFolder, bool asJson, string language)
    {
        var files = TemplateFiles.Find(path);
        if (files is null)
        {
            return CommonOptions.Refuse(asJson, language, "file.not-found", new LocalizedText($"找不到文件或文件夹：{path}", $"No such file or folder: {path}"), path);
        }

        if (files.Count == 0)
        {
            return CommonOptions.Refuse(asJson, language, "lint.no-documents", new LocalizedText($"{path} 中没有模板（*.json，examples 文件夹除外）", $"No template (*.json outside examples folders) in {path}"), path);
        }

        var texts = files.ToDictionary(file => file, File.ReadAllText, StringComparer.Ordinal);
        var processFiles = files.Where(file => IsProcess(texts[file])).ToHashSet(StringComparer.Ordinal);
        var templates = KnownTemplates(templatesFolder, files.Where(f => !processFiles.Contains(f)).Select(f => texts[f]));
        var results = files.Select(file => (File: file, Findings: processFiles.Contains(file)
            ? LintProcess(texts[file], templates)
            : FormTemplate.Load(texts[file]).Findings)).ToList();
        var errors = results.Sum(r => r.Findings.Count(f => f.Severity == LintSeverity.Error));
        var warnings = results.Sum(r => r.Findings.Count(f => f.Severity == LintSeverity.Warning));
        if (asJson)
        {
            var report = new
            {
                files = results.Count,
                errors,
                warnings,
                findings = results.SelectMany(r => r.Findings.Select(f => CommonOptions.Finding(r.File, f))),
            };
            Console.WriteLine(JsonSerializer.Serialize(report, CommonOptions.Json));
        }
        else
        {
            foreach (var (file, findings) in results)
            {
                foreach (var f in findings)
                {
                    var where = f.Line is null ? file : $"{file}({f.Line},{f.Column})";
                    var severity = f.Severity == LintSeverity.Error ? "error" : "warning";
                    Console.WriteLine($"{where}: {severity} {f.Code} at {f.Path}: {f.Message.For(language)}");
                }
            }

            var templateCount = results.Count - processFiles.Count;
            Console.WriteLine(processFiles.Count == 0
                ? CommonOptions.Say(
                    language,
                    $"检查了 {templateCount} 个模板：{errors} 个错误，{warnings} 个警告",
                    $"{templateCount} template(s) checked: {errors} error(s), {warnings} warning(s)")
                : CommonOptions.Say(
                    language,
                    $"检查了 {templateCount} 个模板和 {processFiles.Count} 个流程：{errors} 个错误，{warnings} 个警告",
                    $"{templateCount} template(s) and {processFiles.Count} process(es) checked: {errors} error(s), {warnings} warning(s)"));
        }

        return errors > 0 ? CommonOptions.Findings : CommonOptions.Ok;
    }

    // A process document has steps; a template has a schema. A text the document reader refuses is linted as a
    // template, whose lint reports the reader's problem as a process's lint would.
    private static bool IsProcess(string text)
    {
        if (DocumentReader.Check(text) is not null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("steps", out _)
            && !document.RootElement.TryGetProperty("schema", out _);
    }

    private static Dictionary<string, FormTemplate> KnownTemplates(string folder, IEnumerable<string> linted)
    {
        var texts = (TemplateFiles.Find(folder) ?? []).Select(File.ReadAllText).Concat(linted);
        var templates = new Dictionary<string, FormTemplate>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (FormTemplate.Load(text).Template is { } template)
            {
                templates[template.Key] = template;
            }
        }

        return templates;
    }

    private static IReadOnlyList<LintFinding> LintProcess(string text, Dictionary<string, FormTemplate> templates) => ProcessLint.Check(text, templates);
}
