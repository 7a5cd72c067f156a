using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using FormFlow.Text;

namespace FormFlow.Cli;

/// <summary>What every command shares: the output language, JSON output, and exit codes.</summary>
internal static class CommonOptions
{
    /// <summary>Exit code: everything checked is fine.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the check ran and found errors.</summary>
    public const int Findings = 1;

    /// <summary>Exit code: the check could not run (a missing file, a template that does not load).</summary>
    public const int CannotRun = 2;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "print results as JSON / 以 JSON 输出结果" };

    public static Option<string> LanguageOption() => new("--lang")
    {
        Description = "language of the messages: zh-CN or en / 消息语言",
        DefaultValueFactory = _ => "zh-CN",
    };

    public static object Text(LocalizedText text) => new Dictionary<string, string> { ["zh-CN"] = text.ZhCn, ["en"] = text.En };

    public static string Say(string language, string zh, string en) => new LocalizedText(zh, en).For(language);
}
