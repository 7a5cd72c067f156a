using System.Diagnostics;
using CsCheck;
using FormFlow.Notifications;
using FormFlow.Rendering;

namespace FormFlow.Tests.Fuzzing;

/// <summary>
/// The Scriban sandbox of notification and report texts over generated templates: pieces of text and code — model
/// members, .NET members, huge ranges and strings, loops, recursion, regular expressions that backtrack, include,
/// import, eval, paths of a secret file — nested in any order. Each renders or fails with an error at a line; none
/// crashes the host, runs unbounded or reads anything outside its model.
/// </summary>
public class TemplateSandboxFuzzTests
{
    private static readonly string Secret = "secret-" + Guid.NewGuid().ToString("N");
    private static readonly Lazy<string> SecretFile = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "formflow-fuzz-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, Secret);
        return path;
    });

    private static readonly NotificationModel Model = NotificationModel.Sample("zh-CN", "task.returned");

    [OneTimeTearDown]
    public void RemoveSecretFile()
    {
        if (SecretFile.IsValueCreated)
        {
            File.Delete(SecretFile.Value);
        }
    }

    [Test]
    public void Every_generated_template_renders_or_fails_at_a_line_within_its_limits_and_reads_nothing_outside_its_model()
    {
        Environment.SetEnvironmentVariable("FORMFLOW_FUZZ_SECRET", Secret);
        var slowest = TimeSpan.Zero;
        int rendered = 0, refused = 0;
        FuzzRun.Sample(
            "scriban sandbox",
            Template(3),
            source =>
            {
                var watch = Stopwatch.StartNew();
                var result = FuzzRun.Bounded(() => NotificationPreview.RenderText(source, NotificationTemplate.BodyPart, Model), () => source);
                watch.Stop();
                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
                foreach (var text in result.Texts.Select(t => t.Text))
                {
                    Assert.That(text, Does.Not.Contain(Secret), $"the template read the secret: {source}");
                    Assert.That(text, Does.Not.Contain("System.").And.Not.Contain("RuntimeType"), $"the template reached .NET: {source}");
                    Assert.That(text, Has.Length.LessThanOrEqualTo(2 * RenderLimits.Notification.MaxOutputChars), $"past the output limit: {source}");
                }

                foreach (var problem in result.Problems)
                {
                    Assert.That(problem.Line is > 0 && problem.Column is > 0, Is.True, $"a problem without its place: {problem} in {source}");
                    Assert.That(problem.Message.En, Does.Not.Contain(Secret));
                }

                if (result.Problems.Count == 0)
                {
                    Interlocked.Increment(ref rendered);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            },
            iterations: 1500);
        TestContext.Out.WriteLine($"rendered {rendered}, refused with a problem {refused}; slowest {slowest.TotalMilliseconds:0} ms");
    }

    /// <summary>The templates that earlier runs stopped on, kept: each fails at a line or renders, and returns.</summary>
    [TestCase("{{ (1..1000000000) | array.size }}")]
    public void A_kept_template_renders_or_fails_at_a_line(string source)
    {
        var result = FuzzRun.Bounded(() => NotificationPreview.RenderText(source, NotificationTemplate.BodyPart, Model), () => source);

        Assert.That(result.Problems.All(p => p.Line > 0) && (result.Problems.Count > 0 || result.Texts.Count > 0), Is.True);
    }

    private static Gen<string> Template(int depth)
    {
        var path = SecretFile.Value.Replace("\\", "\\\\", StringComparison.Ordinal);
        var values = Gen.OneOf<string>(
            "recipient.name", "recipient.locale", "subject.name", "subject.department", "task.title", "task.due", "task.link", "cycle.name", "reason",
            "comments", "comments[0].body", "comments[99]", "decision.round", "nobody", "recipient.GetType", "recipient.name.Length", "task.due.Year",
            "this", "$", "$0", "null", "true", "0", "-1", "1.5", "2147483647", "9223372036854775807", "1e308", "12345678901234567890123",
            "\"x\"", "\"评价\"", "\"\"", "'\\u{1F600}'", "\"" + path + "\"", "`raw`", "[1, 2, 3]", "{a: 1}", "(1..10)", "(1..1000000000)", "(0..-1000000)",
            "date.now", "object", "string", "array", "math", "regex", "html", "environment", "file", "System", "typeof", "__proto__");
        var pipes = Gen.OneOf<string>(
            "string.pad_left 100000", "string.pad_right 1000000000", "string.upcase", "string.size", "string.replace \"a\" \"bb\"", "string.split \"\"",
            "string.slice 5 -1", "string.truncate -5", "array.size", "array.join \",\"", "array.sort", "array.reverse", "array.uniq", "array.first",
            "array.limit 1000000000", "array.offset 1000000000", "math.times 1e308", "math.divided_by 0", "math.modulo 0", "math.round 1000", "math.format \"N99999\"",
            "date.parse", "date.to_string \"%Y%%%\"", "object.typeof", "object.eval", "object.eval_template", "object.keys", "html.escape", "html.strip",
            "regex.match \"(a+)+$\"", "regex.replace \"(a|a)*b\" \"x\"", "regex.split \"(?<x>\"", "include", "string.to_int", "string.to_double", "size");
        var expression = Gen.OneOf(
            values,
            Gen.Select(values, pipes, (v, p) => $"{v} | {p}"),
            Gen.Select(values, Gen.OneOf<string>("+", "-", "*", "/", "//", "%", "==", "<", "..", "&&", "??", "|"), values, (a, op, b) => $"{a} {op} {b}"),
            Gen.Select(Gen.OneOf<string>("include", "import", "object.eval", "object.eval_template", "readfile", "file.read", "load"), values, (f, v) => $"{f} {v}"),
            Gen.OneOf<string>("include \"" + path + "\"", "import \"" + path + "\"", "\"{{ 1 + 1 }}\" | object.eval_template", "environment.FORMFLOW_FUZZ_SECRET"));
        var statement = Gen.OneOf(
            expression,
            expression.Select(e => $"x = {e}"),
            Gen.OneOf<string>("while true; end", "for i in 1..1000000; end", "func f(n); ret f(n + 1); end; f(1)", "func g; g; end; g", "break", "continue", "ret",
                "capture c; end", "tablerow r in 1..100000; r; end", "with recipient; name = 1; end", "end", "else", "if", "case 1; when 1; end"));
        var code = Gen.Frequency(
            (1, (IGen<string>)Gen.OneOf<string>("plain text 普通文本 ", "\n", "{", "}", "{{", "}}", "{%", "{{~", "~}}", "\\", "\u0000", "\uD800", " ")),
            (4, statement.Select(s => $"{{{{ {s} }}}}")));
        if (depth == 0)
        {
            return code.Array[1, 4].Select(string.Concat);
        }

        var inner = Template(depth - 1);
        var block = Gen.Frequency(
            (4, (IGen<string>)code),
            (1, Gen.Select(Gen.OneOf<string>("for i in 1..", "for i in (1..", "while ", "if "), Gen.OneOf<string>("100", "1000000", "1e10", "true", "x", "recipient.name"), inner,
                (head, bound, body) => head.StartsWith("for i in (", StringComparison.Ordinal) ? $"{{{{ {head}{bound}) }}}}{body}{{{{ end }}}}" : $"{{{{ {head}{bound} }}}}{body}{{{{ end }}}}")),
            (1, Gen.Select(Gen.OneOf<string>("capture c", "func h", "with subject"), inner, (head, body) => $"{{{{ {head} }}}}{body}{{{{ end }}}}")));
        return block.Array[1, 4].Select(string.Concat);
    }
}
