using System.Text.Json;
using FormFlow.Schema;
using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Tests.Schema;

/// <summary>
/// Numbers mean what they mean in the browser: the double JavaScript's JSON.parse gives, compared as doubles, and
/// multipleOf as react-jsonschema-form's AJV computes it (a quotient within 1e-8 of a whole number).
/// </summary>
public class NumberSemanticsTests
{
    private static string[] Codes(string schema, string data)
    {
        var compiled = CompiledSchema.Compile(JToken.Parse(schema));
        using var document = JsonDocument.Parse(data);
        var problems = new List<ValidationProblem>();
        compiled.Validate(document.RootElement, problems);
        Assert.That(compiled.IsValid(document.RootElement), Is.EqualTo(problems.Count == 0), "IsValid agrees with Validate");
        return [.. problems.Select(p => p.Code)];
    }

    [Test]
    public void An_integer_beyond_two_to_the_53_compares_as_its_nearest_double()
    {
        // JSON.parse("9007199254740993") is 9007199254740992.
        Assert.That(Codes("""{ "maximum": 9007199254740992 }""", "9007199254740993"), Is.Empty);
        Assert.That(Codes("""{ "const": 9007199254740992 }""", "9007199254740993"), Is.Empty);
    }

    [Test]
    public void Decimals_beyond_double_precision_compare_as_doubles()
    {
        Assert.That(Codes("""{ "maximum": 100 }""", "100.00000000000000001"), Is.Empty);
        Assert.That(Codes("""{ "exclusiveMaximum": 100 }""", "100.00000000000000001"), Is.EqualTo(new[] { "exclusiveMaximum" }));
        Assert.That(Codes("""{ "enum": [0.1] }""", "0.1000000000000000000001"), Is.Empty);
    }

    [Test]
    public void MultipleOf_accepts_a_quotient_within_the_browsers_tolerance()
    {
        Assert.That(Codes("""{ "multipleOf": 0.01 }""", "0.30000000001"), Is.Empty, "30.000000001 is within 1e-8 of 30");
        Assert.That(Codes("""{ "multipleOf": 0.01 }""", "0.3000001"), Is.EqualTo(new[] { "multipleOf" }));
        Assert.That(Codes("""{ "multipleOf": 0.0001 }""", "0.0075"), Is.Empty);
        Assert.That(Codes("""{ "multipleOf": 0.5 }""", "1e308"), Is.Empty, "a quotient beyond double's range counts, as in AJV");
    }

    [Test]
    public void An_integer_is_a_number_with_no_fraction_as_a_double()
    {
        Assert.That(Codes("""{ "type": "integer" }""", "1.0"), Is.Empty);
        Assert.That(Codes("""{ "type": "integer" }""", "1.0000000000000001"), Is.Empty, "the nearest double is 1");
        Assert.That(Codes("""{ "type": "integer" }""", "1.5"), Is.EqualTo(new[] { "type" }));
        Assert.That(Codes("""{ "type": "integer" }""", "12345678910111213141516171819202122232425262728293031"), Is.Empty);
    }
}
