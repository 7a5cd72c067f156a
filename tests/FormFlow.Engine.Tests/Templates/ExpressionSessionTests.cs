using FormFlow.Expressions;
using Scriban.Runtime;

namespace FormFlow.Tests.Templates;

/// <summary>
/// The expressions of one submission share one Scriban context (<see cref="ExpressionSession"/>): what one of them
/// leaves behind is never seen by the next, and a failure never hands a half-unwound context on.
/// </summary>
public class ExpressionSessionTests
{
    private static FormExpression Expression(string source) =>
        FormExpression.Parse(source).Expression ?? throw new InvalidOperationException("the test expression does not parse: " + source);

    private static ScriptObject Form() => new() { ["a"] = 1L };

    // What the next expression reads of a name, or "unknown" when Scriban refuses the name.
    private static object? Read(ExpressionSession session, string name, ScriptObject form)
    {
        try
        {
            return session.Evaluate(Expression(name), form);
        }
        catch (ExpressionException)
        {
            return "unknown";
        }
    }

    [Test]
    public void Variables_and_functions_one_expression_defines_are_unknown_to_the_next_of_the_same_submission()
    {
        var session = new ExpressionSession();
        var form = Form();

        var set = session.Evaluate(Expression("x = 41; $y = 42; func f; ret 43; end; true"), form);

        Assert.That(set, Is.EqualTo(true));
        Assert.That(Read(session, "x", form), Is.EqualTo("unknown"));
        Assert.That(Read(session, "$y", form), Is.Not.EqualTo(42L).And.Not.EqualTo(42));
        Assert.That(Read(session, "f", form), Is.EqualTo("unknown"));
        Assert.That(session.Evaluate(Expression("form.a + 1"), form), Is.EqualTo(2L));
    }

    [Test]
    public void After_an_expression_stops_at_the_loop_limit_the_next_of_the_same_submission_runs_within_its_own_limits()
    {
        var session = new ExpressionSession();
        var form = Form();

        Assert.That(
            () => session.Evaluate(Expression("for i in 1..100000000; end; true"), form),
            Throws.TypeOf<ExpressionException>().With.Message.Contains("LoopLimit"));
        Assert.That(
            () => session.Evaluate(Expression("func r(n); ret r(n + 1); end; r(0)"), form),
            Throws.TypeOf<ExpressionException>());

        Assert.That(session.Evaluate(Expression("s = 0; for i in 1..900; s = s + 1; end; s + form.a"), form), Is.EqualTo(901L));
        Assert.That(session.Evaluate(Expression("n = 0; for i in 1..900; n = n + 1; end; n"), form), Is.EqualTo(900L), "each loop counts its own steps");
    }

    [Test]
    public void An_expression_of_a_submission_cannot_reach_a_member_of_a_dotnet_object()
    {
        var session = new ExpressionSession();
        var form = Form();
        session.Evaluate(Expression("form.a"), form);

        Assert.That(Read(session, "form.a.GetType", form), Is.Null.Or.EqualTo("unknown"));
        Assert.That(Read(session, "(\"text\").Length", form), Is.Null.Or.EqualTo("unknown"));
    }
}
