using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Cli;

/// <summary>What every command shares: the output language, JSON output, exit codes, and how a command that cannot run says so.</summary>
internal static class CommonOptions
{
    /// <summary>Exit code: everything checked is fine.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the check ran and found errors.</summary>
    public const int Findings = 1;

    /// <summary>Exit code: the check could not run (no command, a missing file, a template that does not load).</summary>
    public const int CannotRun = 2;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "print results as JSON, failures included / 以 JSON 输出结果（包括失败）" };

    /// <summary>The one <c>--lang</c>, given to the root command and so to every command.</summary>
    public static Option<string> LanguageOption() => new("--lang")
    {
        Description = "language of the messages: zh-CN or en / 消息语言",
        DefaultValueFactory = _ => "zh-CN",
        Recursive = true,
    };

    public static object Text(LocalizedText text) => new Dictionary<string, string> { ["zh-CN"] = text.ZhCn, ["en"] = text.En };

    public static string Say(string language, string zh, string en) => new LocalizedText(zh, en).For(language);

    /// <summary>A finding of lint as data: where, what, how bad, in both languages.</summary>
    public static object Finding(string file, LintFinding finding) => new
    {
        file,
        code = finding.Code,
        severity = finding.Severity == LintSeverity.Error ? "error" : "warning",
        path = finding.Path,
        line = finding.Line,
        column = finding.Column,
        message = Text(finding.Message),
    };

    /// <summary>
    /// Says why a command cannot run — as <c>{"error": {"code", "message", …}}</c> on standard output with
    /// <c>--json</c>, else in the chosen language on standard error — and gives its exit code, <see cref="CannotRun"/>.
    /// </summary>
    public static int Refuse(bool asJson, string language, string code, LocalizedText message, string? file = null, IEnumerable<object>? findings = null)
    {
        if (asJson)
        {
            var error = new Dictionary<string, object> { ["code"] = code, ["message"] = Text(message) };
            if (file is not null)
            {
                error["file"] = file;
            }

            if (findings is not null)
            {
                error["findings"] = findings.ToList();
            }

            Console.WriteLine(JsonSerializer.Serialize(new { error }, Json));
        }
        else
        {
            Console.Error.WriteLine(message.For(language));
        }

        return CannotRun;
    }
}
