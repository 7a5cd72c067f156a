using System.CommandLine;
using System.Text.Json;
using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Cli;

/// <summary>
/// <c>formflow lint &lt;file-or-folder&gt;</c>: the publish-time check of template and process documents. A process
/// is checked against the templates beside it and those in <c>--templates</c>; the organisation is not at hand here,
/// so the check of assignees against it happens when publishing.
/// </summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "a template or process file, or a folder searched recursively / 模板或流程文件，或文件夹" };
        var templatesFolder = new Option<string>("--templates")
        {
            Description = "the folder of templates that processes name / 流程引用的模板所在文件夹",
            DefaultValueFactory = _ => "templates",
        };
        var json = CommonOptions.JsonOption();
        var language = CommonOptions.LanguageOption();
        var command = new Command("lint", "check templates and processes before publishing / 发布前检查模板和流程") { path, templatesFolder, json, language };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(templatesFolder)!, result.GetValue(json), result.GetValue(language)!));
        return command;
    }

    private static int Run(string path, string templatesFolder, bool asJson, string language)
    {
        var files = TemplateFiles.Find(path);
        if (files is null)
        {
            Console.Error.WriteLine(CommonOptions.Say(language, $"找不到文件或文件夹：{path}", $"No such file or folder: {path}"));
            return CommonOptions.CannotRun;
        }

        if (files.Count == 0)
        {
            Console.Error.WriteLine(CommonOptions.Say(language, $"{path} 中没有模板（*.json，examples 文件夹除外）", $"No template (*.json outside examples folders) in {path}"));
            return CommonOptions.CannotRun;
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
                findings = results.SelectMany(r => r.Findings.Select(f => new
                {
                    file = r.File,
                    code = f.Code,
                    severity = f.Severity == LintSeverity.Error ? "error" : "warning",
                    path = f.Path,
                    line = f.Line,
                    column = f.Column,
                    message = CommonOptions.Text(f.Message),
                })),
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

    // A process document has steps; a template has a schema.
    private static bool IsProcess(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("steps", out _)
                && !document.RootElement.TryGetProperty("schema", out _);
        }
        catch (JsonException)
        {
            return false;
        }
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
