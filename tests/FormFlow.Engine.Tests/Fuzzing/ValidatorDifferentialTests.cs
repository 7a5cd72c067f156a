using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using FormFlow.Schema;
using FormFlow.Templates;
using FormFlow.Tests.Schema;
using Json.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FormFlow.Tests.Fuzzing;

/// <summary>
/// The FormFlow validator and a second, independent one (JsonSchema.Net, draft-07, formats asserted) over the
/// schemas of the official JSON-Schema-Test-Suite that the profile accepts, with generated instances: random JSON built
/// from the names and values the schema and its tests mention, so that most instances come near the schema's edges.
/// Both must give the same verdict, except where FormFlow deliberately answers otherwise (<see cref="KnownDifferences"/>).
/// </summary>
public partial class ValidatorDifferentialTests
{
    private static readonly Lazy<IReadOnlyList<SuiteSchema>> Schemas = new(Load);

    /// <summary>
    /// Where FormFlow and JsonSchema.Net are known to differ, each with why FormFlow's answer is the intended one
    /// (docs/schema-profile.md: FormFlow answers as the browser's validator, ECMA-262 regular expressions and IEEE
    /// doubles, and as the suite). A predicate on the schema and the instance's text, and its name.
    /// </summary>
    private static readonly IReadOnlyList<(string Name, Func<SuiteSchema, string, bool> Applies)> KnownDifferences =
    [
        // JsonSchema.Net runs patterns with .NET's Regex: \s, \d, \w over Unicode and U+FEFF/U+2029 not white space,
        // a character outside the BMP as two. FormFlow translates them to ECMA-262 semantics as the browser runs them.
        ("ECMA-262 regular expressions (JsonSchema.Net: .NET's)", (schema, text) => schema.Text.Contains("pattern", StringComparison.Ordinal) && (StringsIn(text).Any(NotAscii) || StringsIn(schema.Text).Any(NotAscii))),
        // Numbers past a double's precision or range, and those decimal cannot hold: FormFlow compares doubles as the
        // browser does (and refuses 1e400 in submissions before validating); JsonSchema.Net uses decimal, which turns
        // 9E-65 into 0 and cannot read 1e400.
        ("numbers past a double's precision or decimal's range", (_, text) => Numbers(text).Any(BeyondDecimal)),
        // RFC 3986: "%" starts a percent-encoding of two hex digits. JsonSchema.Net accepts a lone "%".
        ("a URI with a \"%\" not followed by two hex digits", (schema, text) => schema.File.EndsWith("uri.json", StringComparison.Ordinal) && LonePercent().IsMatch(text)),
        // RFC 5321 allows a domain of one label (a@b), and so do FormFlow and the pages; JsonSchema.Net wants a dot.
        ("an email address whose domain is one label", (schema, text) => schema.Text.Contains("email", StringComparison.Ordinal) && StringsIn(text).Any(s => s.Contains('@', StringComparison.Ordinal) && !s[(s.LastIndexOf('@') + 1)..].Contains('.', StringComparison.Ordinal))),
        // JsonSchema.Net checks formats with .NET regular expressions, whose "$" also matches before a final "\n".
        ("a format value that ends with a line feed", (schema, text) => schema.Text.Contains("format", StringComparison.Ordinal) && StringsIn(text).Any(s => s.EndsWith('\n'))),
        // RFC 3339's date-time has a "T" (or "t") between date and time; JsonSchema.Net also takes a space.
        ("a date-time with a space for the T", (schema, text) => schema.Text.Contains("date-time", StringComparison.Ordinal) && StringsIn(text).Any(s => s.Length > 10 && s[10] == ' ')),
        // A string's length is its count of Unicode code points (RFC 8259 characters): "a\u0301" is 2. JsonSchema.Net
        // counts text elements (graphemes), 1.
        ("a string with a combining mark, counted by code points", (schema, text) => schema.Text.Contains("Length", StringComparison.Ordinal) && StringsIn(text).Any(s => s.Any(c => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark))),
        // RFC 3986: a scheme may be one letter ("P:", "X:)+i" are absolute URIs). JsonSchema.Net refuses them (.NET's
        // Uri reads "X:" as a Windows drive).
        ("a URI whose scheme is one letter", (schema, text) => schema.File.EndsWith("uri.json", StringComparison.Ordinal) && StringsIn(text).Any(s => s.Length >= 2 && char.IsAsciiLetter(s[0]) && s[1] == ':')),
    ];

    [System.Text.RegularExpressions.GeneratedRegex("%(?![0-9A-Fa-f]{2})")]
    private static partial System.Text.RegularExpressions.Regex LonePercent();

    private static bool NotAscii(string text) => text.Any(c => c > 0x7F);

    private static List<string> Numbers(string text) => Tokens(text, JsonValueKind.Number);

    // The strings of a JSON text as characters (escapes undone), member names included.
    private static List<string> StringsIn(string text) => Tokens(text, JsonValueKind.String);

    private static List<string> Tokens(string text, JsonValueKind kind)
    {
        using var document = JsonDocument.Parse(text);
        var found = new List<string>();
        Collect(document.RootElement);
        return found;

        void Collect(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Number when kind == JsonValueKind.Number:
                    found.Add(e.GetRawText());
                    break;
                case JsonValueKind.String when kind == JsonValueKind.String:
                    found.Add(e.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Collect(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        if (kind == JsonValueKind.String)
                        {
                            found.Add(property.Name);
                        }

                        Collect(property.Value);
                    }

                    break;
            }
        }
    }

    private static bool BeyondDecimal(string number)
    {
        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return true;
        }

        var mantissa = number.Split('e', 'E')[0].TrimStart('-').Replace(".", "", StringComparison.Ordinal).Trim('0');
        return (d == 0 && double.Parse(number, CultureInfo.InvariantCulture) != 0) || mantissa.Length > 15;
    }

    [Test]
    public void The_validator_gives_the_same_verdict_as_a_second_validator_on_generated_instances_of_the_suites_schemas()
    {
        var schemas = Schemas.Value;
        Assert.That(schemas, Has.Count.GreaterThan(100), "the suite's schemas in the profile were found");
        var disagreements = new List<string>();
        var explained = new Dictionary<string, int>(StringComparer.Ordinal);
        long compared = 0;
        var gen = Gen.Int[0, schemas.Count - 1].SelectMany(i => Instance(schemas[i], 3).Select(text => (i, text)));
        FuzzRun.Sample(
            "validator against JsonSchema.Net",
            gen,
            input =>
            {
                var (index, text) = input;
                var schema = schemas[index];
                using var document = JsonDocument.Parse(text);
                var ours = Verdict(schema.Ours, document.RootElement);
                bool theirs;
                try
                {
                    theirs = schema.Theirs.Evaluate(document.RootElement, Options).IsValid;
                }
                catch (Exception error) when (error is not AssertionException)
                {
                    lock (explained)
                    {
                        explained["the second validator cannot read the instance (" + error.GetType().Name + ")"] = explained.GetValueOrDefault("the second validator cannot read the instance (" + error.GetType().Name + ")") + 1;
                    }

                    return;
                }

                Interlocked.Increment(ref compared);
                if (ours == theirs)
                {
                    return;
                }

                var known = KnownDifferences.FirstOrDefault(k => k.Applies(schema, text));
                lock (explained)
                {
                    if (known.Name is not null)
                    {
                        explained[known.Name] = explained.GetValueOrDefault(known.Name) + 1;
                    }
                    else if (disagreements.Count < 40)
                    {
                        disagreements.Add($"{schema.File} / {schema.Group}: {text} — FormFlow valid={ours}, JsonSchema.Net valid={theirs}; schema {schema.Text}");
                    }
                }
            },
            iterations: 50_000,
            print: input => $"{schemas[input.Item1].File} / {schemas[input.Item1].Group}: {input.Item2}");

        TestContext.Out.WriteLine($"compared {compared} verdicts over {schemas.Count} schemas; explained: {string.Join(", ", explained.Select(e => $"{e.Key} × {e.Value}"))}");
        Assert.That(disagreements, Is.Empty, "verdicts that differ from JsonSchema.Net's");
    }

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    // Both answers of FormFlow's validator (the list of problems and the quick check) must agree with each other first.
    private static bool Verdict(CompiledSchema schema, JsonElement instance)
    {
        var problems = new List<ValidationProblem>();
        schema.Validate(instance, problems);
        var valid = schema.IsValid(instance);
        Assert.That(valid, Is.EqualTo(problems.Count == 0), $"IsValid and Validate disagree on {instance.GetRawText()}: {string.Join(", ", problems.Select(p => p.Code + " at " + p.Pointer))}");
        return valid;
    }

    internal sealed record SuiteSchema(string File, string Group, string Text, CompiledSchema Ours, JsonSchema Theirs, IReadOnlyList<string> Names, IReadOnlyList<string> Literals);

    private static List<SuiteSchema> Load()
    {
        var result = new List<SuiteSchema>();
        foreach (var file in ConformanceSuite.Files)
        {
            var text = File.ReadAllText(Path.Combine(ConformanceSuite.SuiteDirectory(), file));
            JArray groups;
            using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None })
            {
                groups = (JArray)JToken.Load(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
            }

            using var raw = JsonDocument.Parse(text);
            var index = 0;
            foreach (var group in raw.RootElement.EnumerateArray())
            {
                var schema = groups[index++]["schema"]!;
                if (SchemaProfile.Check(schema, "$.schema").Any(f => f.Severity == LintSeverity.Error))
                {
                    continue;
                }

                var schemaText = group.GetProperty("schema").GetRawText();
                var literals = new List<string>();
                Literals(group.GetProperty("schema"), literals);
                foreach (var test in group.GetProperty("tests").EnumerateArray())
                {
                    Literals(test.GetProperty("data"), literals);
                }

                result.Add(new SuiteSchema(
                    file,
                    group.GetProperty("description").GetString()!,
                    schemaText,
                    CompiledSchema.Compile(schema),
                    JsonSchema.FromText(schemaText, new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() }),
                    [.. Names(group.GetProperty("schema")).Distinct(StringComparer.Ordinal)],
                    [.. literals.Distinct(StringComparer.Ordinal)]));
            }
        }

        return result;
    }

    // Every value in a schema or an instance (the whole and each part), as raw JSON: what generated instances reuse.
    private static void Literals(JsonElement element, List<string> into)
    {
        into.Add(element.GetRawText());
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Literals(property.Value, into);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Literals(item, into);
                }

                break;
        }
    }

    private static IEnumerable<string> Names(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var name in Names(property.Value))
                    {
                        yield return name;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var name in Names(item))
                    {
                        yield return name;
                    }
                }

                break;
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
        }
    }

    private static readonly string[] NumberTexts =
    [
        "0", "-0", "0.0", "1", "-1", "1.0", "1.5", "-1.5", "0.1", "0.3", "0.0075", "1e2", "1E-2", "2.5e1", "10", "3", "4.5", "100", "1.0e1",
        "9007199254740993", "12345678901234567890123", "-12345678901234567890123", "98249283749234923498293171823948729348710298301928331",
        "1e308", "-1e308", "1e-7", "0.000000000000000000001", "1.7976931348623157e308", "1e400",
    ];

    private static readonly string[] Strings =
    [
        "", "a", "aa", "aaa", "abc", "foo", "bar", "x", "1", "true", "null", "é", "𝒜", "🐲", "\u0000", "a\nb", " ", "ǅ", "٣", "ⅷ",
        "1963-06-19", "2020-02-29", "2021-02-29", "2020-13-01", "1998-1-20", "1963-06-1৪", "2020-01-01T00:00:00Z", "1963-06-19T08:30:06.283185Z",
        "1963-06-19t08:30:06.283185z", "1990-12-31T23:59:60Z", "1990-12-31T15:59:60-08:00", "1963-06-19T08:30:06+01:60", "1963-06-19 08:30:06Z",
        "joe.bloggs@example.com", "te~st@example.com", ".test@example.com", "test..test@example.com", "2962", "a@b",
        "http://foo.bar/?baz=qux#quux", "https://example.com", "//foo.bar/?baz=qux#quux", "\\\\WINDOWS\\fileshare", "abc", "http:// shouldfail.com",
        "mailto:joe@example.com", ":// should fail", "urn:isbn:0451450523", "bar://", "a\u0301", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
    ];

    /// <summary>A JSON text near <paramref name="schema"/>: its own literals, names and values, and random ones, nested up to <paramref name="depth"/>.</summary>
    private static Gen<string> Instance(SuiteSchema schema, int depth)
    {
        var scalar = Gen.Frequency(
            (3, (IGen<string>)Gen.OneOf<string>([.. schema.Literals])),
            (1, Gen.Const("null")),
            (1, Gen.Bool.Select(b => b ? "true" : "false")),
            (2, Gen.Int[-20, 20].Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (2, Gen.OneOf<string>(NumberTexts)),
            (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "0")),
            (3, Gen.OneOf(Gen.OneOf<string>(Strings), Gen.OneOf<string>([.. schema.Names.DefaultIfEmpty("a")]), Text(8)).Select(Quote)));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = Instance(schema, depth - 1);
        var array = inner.Array[0, 5].Select(items => "[" + string.Join(",", items) + "]");
        var key = Gen.OneOf(Gen.OneOf<string>([.. schema.Names.DefaultIfEmpty("a")]), Text(4));
        var @object = Gen.Select(key, inner).Array[0, 5].Select(members =>
            "{" + string.Join(",", members.DistinctBy(m => m.Item1, StringComparer.Ordinal).Select(m => Quote(m.Item1) + ":" + m.Item2)) + "}");
        return Gen.Frequency((5, scalar), (2, array), (3, @object));
    }

    // Lone surrogates never reach the validator: the readers before it refuse them (json.unpaired-surrogate).
    private static Gen<string> Text(int length) => Gen.String[0, length].Select(s => new string([.. s.Where(c => !char.IsSurrogate(c))]));

    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || char.IsSurrogate(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
