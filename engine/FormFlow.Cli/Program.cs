using System.CommandLine;
using System.Text;
using FormFlow.Cli;

Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("FormFlow — performance forms and processes / 绩效表单与流程");
root.Subcommands.Add(LintCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
return root.Parse(args).Invoke();
