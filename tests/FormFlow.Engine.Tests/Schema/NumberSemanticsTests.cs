using System.Text.Json;
using FormFlow.Schema;
using FormFlow.Templates;
using Newtonsoft.Json.Linq;

namespace FormFlow.Tests.Schema;

/// <summary>
/// Numbers mean what they mean in the browser: the double JavaScript's JSON.parse gives, compared as doubles, and
/// multipleOf exactly on the decimals JSON carries for those doubles (their shortest round-trip text).
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

    [TestCase("5221890.72")]
    [TestCase("338907623.52")]
    [TestCase("19.99")]
    [TestCase("123456789012.34")]
    public void An_amount_in_cents_is_a_multiple_of_a_hundredth(string amount)
    {
        // 5221890.72 / 0.01 is 522189071.99999994 in double arithmetic: no quotient decides, the decimals do.
        Assert.That(Codes("""{ "multipleOf": 0.01 }""", amount), Is.Empty);
    }

    [Test]
    public void MultipleOf_compares_the_decimals_json_carries()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Codes("""{ "multipleOf": 0.1 }""", "0.3"), Is.Empty, "0.3 / 0.1 is 2.9999999999999996 as doubles");
            Assert.That(Codes("""{ "multipleOf": 0.1 }""", "0.35"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 0.0001 }""", "0.0075"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 0.0001 }""", "0.00751"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 0.01 }""", "0.30000000001"), Is.EqualTo(new[] { "multipleOf" }), "no tolerance: 30.000000001 hundredths");
            Assert.That(Codes("""{ "multipleOf": 0.01 }""", "0.300000000000000000001"), Is.Empty, "the nearest double is 0.3");
        });
    }

    [Test]
    public void MultipleOf_holds_for_negative_numbers_as_for_their_magnitude()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Codes("""{ "multipleOf": 0.01 }""", "-5221890.72"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 0.1 }""", "-0.3"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 0.1 }""", "-0.35"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 3 }""", "-6"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 3 }""", "-7"), Is.EqualTo(new[] { "multipleOf" }));
        });
    }

    [Test]
    public void MultipleOf_with_whole_numbers_is_divisibility()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Codes("""{ "multipleOf": 3 }""", "0"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 3 }""", "12"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 3 }""", "13"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 3 }""", "7.5"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 0.5 }""", "7.5"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 2.5 }""", "10"), Is.Empty);
        });
    }

    [Test]
    public void MultipleOf_reads_exponent_forms_as_their_decimals()
    {
        // .NET writes 1E-07, JavaScript 1e-7; both are 0.0000001.
        Assert.Multiple(() =>
        {
            Assert.That(Codes("""{ "multipleOf": 1e-7 }""", "3e-7"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 1e-7 }""", "0.0000035"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 1e-7 }""", "0.3"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 1e-7 }""", "1.5e-7"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 0.0000001 }""", "5221890.72"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 1e-7 }""", "1e-9"), Is.EqualTo(new[] { "multipleOf" }));
        });
    }

    [Test]
    public void MultipleOf_is_exact_for_huge_values()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Codes("""{ "multipleOf": 0.5 }""", "1e308"), Is.Empty, "10^308 is a multiple of 0.5");
            Assert.That(Codes("""{ "multipleOf": 0.123456789 }""", "1e308"), Is.EqualTo(new[] { "multipleOf" }), "10^317 has no factor 3");
            Assert.That(Codes("""{ "multipleOf": 3 }""", "1.7976931348623157e308"), Is.EqualTo(new[] { "multipleOf" }));
            Assert.That(Codes("""{ "multipleOf": 0.01 }""", "123456789012345680000"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 1e-7 }""", "1e21"), Is.Empty);
            Assert.That(Codes("""{ "multipleOf": 2 }""", "9007199254740993"), Is.Empty, "the nearest double is 9007199254740992");
            Assert.That(Codes("""{ "multipleOf": 0.01 }""", "1e-400"), Is.Empty, "the nearest double is 0");
        });
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
