using System.CommandLine;
using System.Text;
using FormFlow.Cli;

Console.OutputEncoding = Encoding.UTF8;

var language = CommonOptions.LanguageOption();
var root = new RootCommand("FormFlow — performance forms and processes / 绩效表单与流程") { language };
root.Subcommands.Add(LintCommand.Create(language));
root.Subcommands.Add(ValidateCommand.Create(language));
root.Subcommands.Add(MigrateCommand.Create(language));
var parsed = root.Parse(args);
return parsed.Errors.Count == 0 ? parsed.Invoke() : Usage.Refuse(root, parsed, language, asJson: args.Contains("--json"));
