using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace FormFlow.Rendering;

/// <summary>A problem with a text template, at a 1-based line and column of its source.</summary>
internal sealed record TemplateError(string Message, int Line, int Column);

/// <summary>What rendering may cost at most: output size and time; loops and recursion are bounded for every template alike.</summary>
internal sealed record RenderLimits(int MaxOutputChars, TimeSpan MaxTime)
{
    /// <summary>The clock <see cref="MaxTime"/> is measured on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A notification: a subject and a body of a page or two.</summary>
    public static readonly RenderLimits Notification = new(100_000, TimeSpan.FromSeconds(1));

    /// <summary>A report: a cycle of thousands of people fits; a runaway template does not.</summary>
    public static readonly RenderLimits Report = new(20_000_000, TimeSpan.FromSeconds(10));
}

/// <summary>The text a template rendered, or the error that stopped it (with its place in the template).</summary>
internal sealed record RenderResult(string? Text, TemplateError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// A Scriban text template (a notification, a report) parsed once and rendered in a sandbox: each rendering gets a
/// fresh context that sees only the model it is given (plain <see cref="ScriptObject"/> data, never live .NET
/// objects, no member access to .NET types), cannot include or import other templates, cannot evaluate text as
/// code, and is stopped by limits on loops, recursion, output size and time — a hostile template fails with an error
/// that names the line; it never takes the server down.
/// </summary>
internal sealed class TextTemplate
{
    private const int LoopLimit = 100_000;
    private const int RecursiveLimit = 50;
    private static readonly ScriptObject Builtins = FrozenBuiltins();
    private readonly Template template;

    private TextTemplate(Template template) => this.template = template;

    /// <summary>Parses <paramref name="source"/>; every syntax error comes back with its line and column, nothing throws.</summary>
    public static (TextTemplate? Template, IReadOnlyList<TemplateError> Errors) Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parsed = Template.Parse(source);
        if (parsed.HasErrors)
        {
            return (null, [.. parsed.Messages.Where(m => m.Type == ParserMessageType.Error).Select(m => ToError(m.Message, m.Span, source))]);
        }

        return (new TextTemplate(parsed), []);
    }

    /// <summary>Renders with the model's members as the template's variables (<c>recipient.name</c>, <c>task.due</c>).</summary>
    public RenderResult Render(ScriptObject model, RenderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(limits);
        var output = new BoundedWriter(limits.MaxOutputChars);
        var context = new TemplateContext(Builtins)
        {
            StrictVariables = true,
            LoopLimit = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            LimitToString = limits.MaxOutputChars,
            ObjectRecursionLimit = 20,
            RegexTimeOut = TimeSpan.FromMilliseconds(100),
            MemberFilter = static _ => false,
            TemplateLoader = null,
            EnableRelaxedMemberAccess = false,
        };
        context.PushOutput(new TextWriterOutput(output));
        context.PushGlobal(model);
        using var deadline = new CancellationTokenSource(limits.MaxTime, limits.Clock);
        context.CancellationToken = deadline.Token;
        try
        {
            template.Render(context);
            return new RenderResult(output.ToString(), null);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or ScriptRuntimeException)
        {
            return Failed($"rendering took longer than {limits.MaxTime.TotalSeconds:0.#} s / 渲染超过 {limits.MaxTime.TotalSeconds:0.#} 秒", context);
        }
        catch (Exception ex) when (ex is OutputTooLargeException || ex.InnerException is OutputTooLargeException)
        {
            // Scriban wraps what the writer throws in a ScriptRuntimeException of the node that wrote.
            return Failed($"the output is longer than {limits.MaxOutputChars:N0} characters / 输出超过 {limits.MaxOutputChars:N0} 个字符", context);
        }
        catch (ScriptRuntimeException ex) when (ex.InnerException is NotAllowedException)
        {
            return new RenderResult(null, ToError(ex.InnerException.Message, ex.Span, null));
        }
        catch (NotAllowedException ex)
        {
            return Failed(ex.Message, context);
        }
        catch (ScriptRuntimeException ex)
        {
            return new RenderResult(null, ToError(ex.OriginalMessage, ex.Span, null));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidCastException or ArithmeticException or FormatException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return Failed(ex.Message, context);
        }
    }

    private static RenderResult Failed(string message, TemplateContext context)
    {
        var span = context.CurrentNode?.Span ?? default;
        return new RenderResult(null, new TemplateError(message, Math.Max(span.Start.Line + 1, 1), Math.Max(span.Start.Column + 1, 1)));
    }

    private static TemplateError ToError(string message, SourceSpan span, string? source)
    {
        if (span.Start.Line < 0 && source is not null)
        {
            // Scriban reports an unexpected end without a position: the end of the text is where it is.
            var lines = source.Split('\n');
            return new TemplateError(message, lines.Length, lines[^1].Length + 1);
        }

        return new TemplateError(message, Math.Max(span.Start.Line + 1, 1), Math.Max(span.Start.Column + 1, 1));
    }

    // Scriban's built-in functions without the ones that reach outside the model: evaluating text as a template
    // (object.eval*) would run code nobody checked. Frozen and shared; each rendering gets a context of its own.
    private static ScriptObject FrozenBuiltins()
    {
        var builtins = new TemplateContext().BuiltinObject;
        if (builtins["object"] is ScriptObject objectFunctions)
        {
            objectFunctions.Remove("eval");
            objectFunctions.Remove("eval_template");
        }

        // Without a loader include fails anyway; refused by name so that an author reads why, not "no TemplateLoader
        // registered". (import is a statement, not a function: it copies members of a model object, nothing else.)
        builtins.Remove("include");
        builtins.Import("include", new Func<object?, object?>(_ => throw new NotAllowedException("include")));

        foreach (var (_, value) in builtins)
        {
            if (value is ScriptObject functions)
            {
                functions.IsReadOnly = true;
            }
        }

        builtins.IsReadOnly = true;
        return builtins;
    }

    private sealed class NotAllowedException(string function)
        : Exception($"`{function}` is not allowed: a template sees only its own model / 模板中不能使用 `{function}`：模板只能读取自己的数据模型")
    {
    }

    private sealed class OutputTooLargeException : Exception
    {
        public OutputTooLargeException()
            : base("output too large")
        {
        }
    }

    // Counts what the template writes and stops it at the limit, before a runaway template fills the memory.
    private sealed class BoundedWriter(int limit) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            Check(1);
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Check(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Check(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        private void Check(int adding)
        {
            if (GetStringBuilder().Length + (long)adding > limit)
            {
                throw new OutputTooLargeException();
            }
        }
    }
}
