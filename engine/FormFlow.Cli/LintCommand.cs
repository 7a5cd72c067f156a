using System.CommandLine;
using System.Text.Json;
using FormFlow.Templates;

namespace FormFlow.Cli;

/// <summary><c>formflow lint &lt;file-or-folder&gt;</c>: the publish-time check of template documents.</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "a template file, or a folder searched recursively / 模板文件或文件夹" };
        var json = CommonOptions.JsonOption();
        var language = CommonOptions.LanguageOption();
        var command = new Command("lint", "check templates before publishing / 发布前检查模板") { path, json, language };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(json), result.GetValue(language)!));
        return command;
    }

    private static int Run(string path, bool asJson, string language)
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

        var results = files.Select(file => (File: file, Findings: FormTemplate.Load(File.ReadAllText(file)).Findings)).ToList();
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

            Console.WriteLine(CommonOptions.Say(
                language,
                $"检查了 {results.Count} 个模板：{errors} 个错误，{warnings} 个警告",
                $"{results.Count} template(s) checked: {errors} error(s), {warnings} warning(s)"));
        }

        return errors > 0 ? CommonOptions.Findings : CommonOptions.Ok;
    }
}
