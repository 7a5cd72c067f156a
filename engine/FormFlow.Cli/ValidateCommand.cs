using System.CommandLine;
using System.Text.Json;
using FormFlow.Templates;

namespace FormFlow.Cli;

/// <summary><c>formflow validate &lt;template&gt; &lt;data.json&gt;</c>: validates one submission as the server does.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var template = new Argument<string>("template") { Description = "the template file / 模板文件" };
        var data = new Argument<string>("data") { Description = "the submitted data, a JSON file / 提交的数据（JSON 文件）" };
        var json = CommonOptions.JsonOption();
        var language = CommonOptions.LanguageOption();
        var command = new Command("validate", "validate a submission against a template / 按模板校验提交的数据") { template, data, json, language };
        command.SetAction(result => Run(result.GetValue(template)!, result.GetValue(data)!, result.GetValue(json), result.GetValue(language)!));
        return command;
    }

    private static int Run(string templateFile, string dataFile, bool asJson, string language)
    {
        foreach (var file in new[] { templateFile, dataFile })
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine(CommonOptions.Say(language, $"找不到文件：{file}", $"No such file: {file}"));
                return CommonOptions.CannotRun;
            }
        }

        var loaded = FormTemplate.Load(File.ReadAllText(templateFile));
        if (loaded.Template is null)
        {
            Console.Error.WriteLine(CommonOptions.Say(
                language,
                $"模板有错误，无法校验；请先运行 formflow lint {templateFile}",
                $"The template has errors and cannot validate; run formflow lint {templateFile} first"));
            return CommonOptions.CannotRun;
        }

        var result = loaded.Template.Validate(File.ReadAllText(dataFile));
        if (asJson)
        {
            var report = new
            {
                valid = result.IsValid,
                problems = result.Problems.Select(p => new { pointer = p.Pointer, code = p.Code, message = CommonOptions.Text(p.Message) }),
                data = result.Data,
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
        }

        return result.IsValid ? CommonOptions.Ok : CommonOptions.Findings;
    }
}
