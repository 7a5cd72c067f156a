using System.CommandLine;
using FormFlow.Text;

namespace FormFlow.Cli;

/// <summary>
/// A command line that does not parse — no command, an unknown one, a missing argument — says what is wrong in the
/// chosen language, shows the usage of the command it got to, and exits with <see cref="CommonOptions.CannotRun"/>.
/// </summary>
internal static class Usage
{
    public static int Refuse(RootCommand root, ParseResult parsed, Option<string> languageOption, bool asJson)
    {
        var language = parsed.GetValue(languageOption) ?? "zh-CN";
        var command = parsed.CommandResult.Command;
        var names = root.Subcommands.Select(c => c.Name).ToList();
        var (zhCommands, enCommands) = (string.Join("、", names), string.Join(", ", names));
        var unknown = parsed.UnmatchedTokens.Count > 0 ? parsed.UnmatchedTokens[0] : null;
        var missing = command.Arguments.Where(a => parsed.GetResult(a) is not { Tokens.Count: > 0 }).Select(a => $"<{a.Name}>").ToList();
        var message = (command == root, unknown) switch
        {
            (true, null) => new LocalizedText($"缺少命令：请给出 {zhCommands} 之一", $"No command given: use one of {enCommands}"),
            (true, { } word) => new LocalizedText($"不认识的命令「{word}」：可用的命令是 {zhCommands}", $"Unknown command \"{word}\": the commands are {enCommands}"),
            (false, { } word) => new LocalizedText($"formflow {command.Name} 不认识「{word}」", $"formflow {command.Name} does not take \"{word}\""),
            (false, null) when missing.Count > 0 => new LocalizedText($"formflow {command.Name} 缺少参数：{string.Join("、", missing)}", $"formflow {command.Name} is missing {string.Join(", ", missing)}"),

            // What else System.CommandLine refuses (an option's value of the wrong kind) it says in English only.
            _ => new LocalizedText($"formflow {command.Name} 的参数有误，请对照下面的用法", $"formflow {command.Name}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}"),
        };
        if (asJson)
        {
            return CommonOptions.Refuse(asJson, language, "usage", message);
        }

        Console.Error.WriteLine(message.For(language));
        Console.Error.WriteLine();
        root.Parse(command == root ? ["--help"] : [command.Name, "--help"]).Invoke(new InvocationConfiguration { Output = Console.Error });
        return CommonOptions.CannotRun;
    }
}
