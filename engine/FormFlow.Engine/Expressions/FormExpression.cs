using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace FormFlow.Expressions;

/// <summary>A syntax error in an expression, with a 1-based line and column inside the expression's text.</summary>
internal sealed record ExpressionError(string Message, int Line, int Column);

/// <summary>Thrown when an expression fails while it runs (a limit, a type error, an unknown variable).</summary>
internal sealed class ExpressionException : Exception
{
    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// A Scriban expression over form data (<c>form.rating &lt;= 2</c>), parsed once and evaluated many times,
/// each time in a fresh, limited context that sees only the data it is given.
/// </summary>
internal sealed class FormExpression
{
    private const string FormVariable = "form";
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);
    private readonly Template template;

    private readonly IReadOnlyList<string> roots;

    private FormExpression(string source, Template template, IReadOnlyList<string> roots, IReadOnlyList<IReadOnlyList<string>> references, bool readsWholeForm, IReadOnlyList<string> unknownVariables)
    {
        Source = source;
        this.roots = roots;
        this.template = template;
        References = references;
        ReadsWholeForm = readsWholeForm;
        UnknownVariables = unknownVariables;
    }

    /// <summary>
    /// Names the expression reads that are neither <c>form</c>, a built-in function, nor a variable it sets itself:
    /// at run time each would fail on every submission (<c>frm.rating</c>).
    /// </summary>
    public IReadOnlyList<string> UnknownVariables { get; }

    public string Source { get; }

    /// <summary>The parsed expression, for lint to read its comparisons (parsing succeeded, so there is a page).</summary>
    public ScriptPage Syntax => template.Page!;

    /// <summary>
    /// The member chains read from <c>form</c>: <c>form.kpis[0].weight</c> is <c>["kpis", "[]", "weight"]</c>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> References { get; }

    /// <summary>
    /// The member chains read from another of the expression's roots (<c>subject.level</c> is <c>["level"]</c>), as
    /// <see cref="References"/> does for the first.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> ReferencesFrom(string root)
    {
        var chains = new List<IReadOnlyList<string>>();
        var whole = false;
        CollectReferences(Syntax, root, chains, ref whole);
        return chains;
    }

    /// <summary>Whether <paramref name="root"/> is used as a whole (passed to a function, iterated), as <see cref="ReadsWholeForm"/> for the first.</summary>
    public bool ReadsWhole(string root)
    {
        var whole = false;
        CollectReferences(Syntax, root, [], ref whole);
        return whole;
    }

    /// <summary>True when <c>form</c> is used as a whole (passed to a function, iterated), so every field is read.</summary>
    public bool ReadsWholeForm { get; }

    /// <summary>The top-level fields the expression reads.</summary>
    public IEnumerable<string> TopLevelFields => References.Select(chain => chain[0]).Distinct(StringComparer.Ordinal);

    public static (FormExpression? Expression, IReadOnlyList<ExpressionError> Errors) Parse(string source) => Parse(source, [FormVariable]);

    /// <summary>
    /// Parses an expression over named data (<c>forms</c>, <c>vars</c>, ...); <see cref="References"/> and
    /// <see cref="ReadsWholeForm"/> then speak of the first of <paramref name="roots"/>.
    /// </summary>
    public static (FormExpression? Expression, IReadOnlyList<ExpressionError> Errors) Parse(string source, IReadOnlyList<string> roots)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(roots);
        if (string.IsNullOrWhiteSpace(source))
        {
            return (null, [new ExpressionError("the expression is empty", 1, 1)]);
        }

        var parsed = Template.Parse(source, lexerOptions: new LexerOptions { Mode = ScriptMode.ScriptOnly });
        if (parsed.HasErrors)
        {
            var errors = parsed.Messages
                .Where(m => m.Type == ParserMessageType.Error)
                .Select(m => ToError(m, source))
                .ToList();
            return (null, errors);
        }

        var chains = new List<IReadOnlyList<string>>();
        var wholeForm = false;
        CollectReferences(parsed.Page, roots[0], chains, ref wholeForm);
        var read = new List<string>();
        var set = new HashSet<string>(StringComparer.Ordinal);
        CollectVariables(parsed.Page, roots, read, set);
        var known = KnownGlobals(roots);
        var unknown = read
            .Select(name => Unknown(name, set, known))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (new FormExpression(source, parsed, roots, chains, wholeForm, unknown), []);
    }

    // Every name an expression may read: `form`, FormFlow's functions, Scriban's built-in objects and their
    // functions (`array.size`), less those evaluation removes.
    private static HashSet<string> KnownGlobals(IReadOnlyList<string> roots)
    {
        var builtins = NewContext().BuiltinObject;
        var known = new HashSet<string>([.. builtins.Keys, .. roots], StringComparer.Ordinal);
        foreach (var (name, value) in builtins)
        {
            if (value is ScriptObject functions)
            {
                known.UnionWith(functions.Keys.Select(function => name + "." + function));
            }
        }

        return known;
    }

    // The unknown part of a name read: "frm" for `frm` or `frm.rating`, "math.pw" for `math.pw`, null when known.
    private static string? Unknown(string name, HashSet<string> set, HashSet<string> known)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? name : name[..dot];
        if (set.Contains(head))
        {
            return null;
        }

        if (!known.Contains(head))
        {
            return head;
        }

        return dot < 0 || known.Contains(name) ? null : name;
    }

    private static void CollectVariables(ScriptNode? node, IReadOnlyList<string> roots, List<string> read, HashSet<string> set)
    {
        switch (node)
        {
            case null:
                return;
            case ScriptAssignExpression { Target: ScriptVariableGlobal target }:
                set.Add(target.Name);
                break;
            case ScriptForStatement { Variable: ScriptVariableGlobal loopVariable }:
                set.Add(loopVariable.Name);
                break;
            case ScriptVariableGlobal variable:
                read.Add(variable.Name);
                return;
            case ScriptMemberExpression { Target: ScriptVariableGlobal { Name: var ns }, Member: { } function } when !roots.Contains(ns):
                // `math.pow` names a function of a built-in object: both parts must exist.
                read.Add(ns + "." + function.Name);
                return;
            case ScriptMemberExpression member:
                // The member's name (the `rating` of `form.rating`) is not a variable.
                CollectVariables(member.Target, roots, read, set);
                return;
        }

        for (var i = 0; i < node.ChildrenCount; i++)
        {
            CollectVariables(node.GetChildren(i), roots, read, set);
        }
    }

    /// <summary>Evaluates the expression with <paramref name="form"/> bound to <c>form</c>, in a context of its own.</summary>
    public object? Evaluate(ScriptObject form) => new ExpressionSession().Evaluate(this, form);

    /// <summary>Evaluates the expression with each of <paramref name="data"/>'s values bound to its name, in a context of its own.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var globals = new ScriptObject(data.Count);
        foreach (var (name, value) in data)
        {
            globals[name] = value;
        }

        return EvaluateWith(NewContext(), globals);
    }

    /// <summary>
    /// Evaluates the expression in <paramref name="context"/> with <paramref name="form"/> bound to <c>form</c>. The
    /// context is left as it was found only when this returns; after an exception it must not be used again.
    /// </summary>
    internal object? EvaluateIn(TemplateContext context, ScriptObject form) =>
        EvaluateWith(context, new ScriptObject(1) { [roots[0]] = form });

    private object? EvaluateWith(TemplateContext context, ScriptObject globals)
    {
        // The expression's own globals: what it assigns stays there and goes with them.
        context.PushGlobal(globals);

        // Scriban has no time limit of its own; the loop and recursion limits bound the count of steps, this bounds their cost.
        using var deadline = new CancellationTokenSource(TimeLimit);
        context.CancellationToken = deadline.Token;
        try
        {
            var result = template.Evaluate(context);
            context.PopGlobal();
            return result;
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new ExpressionException($"the expression ran longer than {TimeLimit.TotalSeconds:0.#} s / 表达式运行超过 {TimeLimit.TotalSeconds:0.#} 秒", ex);
        }
        catch (ScriptRuntimeException ex)
        {
            throw new ExpressionException(ex.OriginalMessage, ex);
        }
        catch (ArgumentException ex)
        {
            throw new ExpressionException(ex.Message, ex);
        }
        catch (InvalidCastException ex)
        {
            throw new ExpressionException(ex.Message, ex);
        }
        catch (ArithmeticException ex)
        {
            throw new ExpressionException(ex.Message, ex);
        }
    }

    // Scriban's built-in functions, without eval, and FormFlow's, frozen: building them takes ~100 µs (importing
    // `sum` alone ~2 µs, once per evaluation before), so every evaluation shares this one table (scripts cannot change
    // read-only members; assigning `sum` shadows it in the evaluation's own globals) while getting a context of its own.
    private static readonly ScriptObject Builtins = FrozenBuiltins();

    private static ScriptObject FrozenBuiltins()
    {
        var builtins = new TemplateContext().BuiltinObject;
        ExpressionFunctions.AddTo(builtins);
        if (builtins["object"] is ScriptObject objectFunctions)
        {
            // Evaluating text as a template would run code the linter never saw.
            objectFunctions.Remove("eval");
            objectFunctions.Remove("eval_template");
        }

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

    /// <summary>
    /// A context with FormFlow's limits. Its settings are never changed afterwards: Scriban caches member access per
    /// context, and a filter changed on a used context was once bypassed (GHSA-5wr9-m6jw-xx44).
    /// </summary>
    internal static TemplateContext NewContext()
    {
        return new TemplateContext(Builtins)
        {
            StrictVariables = true,
            LoopLimit = 1_000,
            RecursiveLimit = 20,
            LimitToString = 10_000,
            ObjectRecursionLimit = 20,
            RegexTimeOut = RegexTimeout,
            MemberFilter = static _ => false,
        };
    }

    /// <summary>Scriban's truthiness: null, false, 0 and "" are false.</summary>
    public bool EvaluateCondition(ScriptObject form) => IsTrue(Evaluate(form));

    /// <summary>Scriban's truthiness, evaluated in <paramref name="session"/>.</summary>
    internal bool EvaluateCondition(ScriptObject form, ExpressionSession session) => IsTrue(session.Evaluate(this, form));

    /// <summary>Scriban's truthiness over named data.</summary>
    public bool EvaluateCondition(IReadOnlyDictionary<string, object?> data) => IsTrue(Evaluate(data));

    internal static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        int i => i != 0,
        long l => l != 0,
        decimal d => d != 0,
        double d => d != 0,
        _ => true,
    };

    private static ExpressionError ToError(LogMessage message, string source)
    {
        var position = message.Span.Start;
        if (position.Line < 0)
        {
            // Scriban reports "unexpected end" without a position; the end of the text is where it is.
            var lines = source.Split('\n');
            return new ExpressionError(message.Message, lines.Length, lines[^1].Length + 1);
        }

        return new ExpressionError(message.Message, position.Line + 1, position.Column + 1);
    }

    private static void CollectReferences(ScriptNode? node, string root, List<IReadOnlyList<string>> chains, ref bool wholeForm)
    {
        if (node is null)
        {
            return;
        }

        if (node is ScriptMemberExpression or ScriptIndexerExpression && ChainFrom(root, node) is { } chain)
        {
            chains.Add(chain);
            return;
        }

        if (node is ScriptVariableGlobal variable && variable.Name == root)
        {
            wholeForm = true;
            return;
        }

        for (var i = 0; i < node.ChildrenCount; i++)
        {
            CollectReferences(node.GetChildren(i), root, chains, ref wholeForm);
        }
    }

    // The chain of member names from the root (`form`) down to this node, or null when the node does not start there.
    private static List<string>? ChainFrom(string root, ScriptNode? node)
    {
        switch (node)
        {
            case ScriptVariableGlobal variable when variable.Name == root:
                return [];
            case ScriptMemberExpression member when ChainFrom(root, member.Target) is { } parent:
                parent.Add(member.Member?.Name ?? "[]");
                return parent;
            case ScriptIndexerExpression indexer when ChainFrom(root, indexer.Target) is { } parent:
                parent.Add(indexer.Index is ScriptLiteral { Value: string name } ? name : "[]");
                return parent;
            default:
                return null;
        }
    }
}
