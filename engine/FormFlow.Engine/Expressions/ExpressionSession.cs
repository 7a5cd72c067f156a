using Scriban;
using Scriban.Runtime;

namespace FormFlow.Expressions;

/// <summary>
/// The evaluations of one submission's expressions (computed fields and rules, over the same data, on one thread):
/// they share one Scriban context, because building one costs more than most expressions (~2 µs and 21 KB, most of
/// it Scriban's pool of argument arrays). Each expression still gets its own globals (what it assigns is gone when it
/// ends), its own time limit and the same loop, recursion and member limits; after any failure the context is
/// dropped and the next expression gets a new one, so no half-unwound state is ever reused. Never kept beyond the
/// submission: not on the template, not static.
/// </summary>
internal sealed class ExpressionSession
{
    private TemplateContext? context;

    public object? Evaluate(FormExpression expression, ScriptObject form)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var current = context ?? FormExpression.NewContext();
        context = null;
        var result = expression.EvaluateIn(current, form);
        context = current;
        return result;
    }
}
