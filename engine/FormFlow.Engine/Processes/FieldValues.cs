using System.Globalization;
using System.Text.Json;
using FormFlow.Expressions;
using FormFlow.Schema;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Scriban;
using Scriban.Syntax;

namespace FormFlow.Processes;

/// <summary>
/// The values a field of a form can hold when a process condition reads it: what its schema lets a submission store,
/// or nothing (a field not written yet reads as null). Known only where the schema says it plainly — a list of values
/// (<c>enum</c>, <c>const</c>, true/false, whole numbers in a short range) or a range of numbers — and only for fields a
/// person writes: a computed value is not held to its schema when nobody at the step writes its section.
/// </summary>
internal sealed class FieldValues
{
    private const int MostListed = 1_000;

    // Scriban values, as a condition sees stored data: long, decimal, string, bool; null among them.
    private readonly IReadOnlyList<object?>? listed;
    private readonly NumberSpan? numbers;

    private FieldValues(IReadOnlyList<object?>? listed, NumberSpan? numbers, LocalizedText description)
    {
        this.listed = listed;
        this.numbers = numbers;
        Description = description;
    }

    /// <summary>What the field holds, in words: "a whole number from 1 to 5, or nothing".</summary>
    public LocalizedText Description { get; }

    /// <summary>The values of the field at <paramref name="path"/> (a top-level field, then object properties), or null when not plainly known.</summary>
    public static FieldValues? Of(FormTemplate template, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0 || template.ComputedFields.Contains(path[0], StringComparer.Ordinal) || SchemaAt(template.Schema, path) is not JObject schema)
        {
            return null;
        }

        if (schema["enum"] is JArray choices)
        {
            return Listed(choices);
        }

        if (schema["const"] is { } constant)
        {
            return Listed(new JArray(constant.DeepClone()));
        }

        var types = Types(schema);
        if (types is null)
        {
            return null;
        }

        types.Remove("null");
        if (types.SetEquals(["boolean"]))
        {
            return new FieldValues([true, false, null], null, new LocalizedText("是 true 或 false，或者为空", "is true or false, or empty"));
        }

        if (types.Count == 0 || !types.IsSubsetOf(["integer", "number"]))
        {
            return null;
        }

        var span = new NumberSpan(Bound(schema, "minimum"), Bound(schema, "exclusiveMinimum"), Bound(schema, "maximum"), Bound(schema, "exclusiveMaximum"), !types.Contains("number"));
        var description = span.Describe();
        if (span.WholeNumbers() is { } whole)
        {
            return new FieldValues([.. whole.Cast<object?>(), null], null, description);
        }

        return span.IsBounded ? new FieldValues(null, span, description) : null;
    }

    /// <summary>
    /// Whether <c>field OP literal</c> holds for every value the field can hold (true), for none (false), or depends on
    /// the value (null). Compared the way Scriban compares at run time, so "5" == 5 holds and nothing is guessed.
    /// </summary>
    public bool? Compare(ScriptBinaryOperator op, object? literal)
    {
        if (listed is not null)
        {
            var context = new TemplateContext();
            bool? outcome = null;
            foreach (var value in listed)
            {
                bool result;
                try
                {
                    if (ScriptBinaryExpression.Evaluate(context, default, op, value, literal) is not bool compared)
                    {
                        return null;
                    }

                    result = compared;
                }
                catch (Exception error) when (error is Scriban.Syntax.ScriptRuntimeException or InvalidCastException or ArgumentException or FormatException or OverflowException)
                {
                    return null;
                }

                if (outcome is { } earlier && earlier != result)
                {
                    return null;
                }

                outcome = result;
            }

            return outcome;
        }

        return numbers?.Compare(op, literal);
    }

    private static FieldValues Listed(JArray choices)
    {
        var values = new List<object?>();
        foreach (var choice in choices)
        {
            using var document = JsonDocument.Parse(choice.ToString(Formatting.None));
            values.Add(ScriptData.FromJson(document.RootElement));
        }

        values.Add(null);
        var shown = string.Join(", ", choices.Take(10).Select(c => c.ToString(Formatting.None))) + (choices.Count > 10 ? ", …" : string.Empty);
        return new FieldValues(values, null, new LocalizedText($"只能是 {shown}，或者为空", $"holds only {shown}, or is empty"));
    }

    private static HashSet<string>? Types(JObject schema) => schema["type"] switch
    {
        JValue { Type: JTokenType.String } single => new HashSet<string>([(string)single!], StringComparer.Ordinal),
        JArray list => list.Select(t => (string?)t).OfType<string>().ToHashSet(StringComparer.Ordinal),
        _ => null,
    };

    private static decimal? Bound(JObject schema, string keyword) =>
        schema[keyword] is { Type: JTokenType.Integer or JTokenType.Float } token
        && decimal.TryParse(token.ToString(Formatting.None), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The schema of a field path: through <c>properties</c> (and local <c>$ref</c>) only, where the field is declared plainly.</summary>
    private static JToken? SchemaAt(JToken root, IReadOnlyList<string> path)
    {
        var schema = Resolve(root, root);
        foreach (var name in path)
        {
            schema = Resolve(root, (schema as JObject)?["properties"]?[name]);
            if (schema is null)
            {
                return null;
            }
        }

        return schema;
    }

    private static JToken? Resolve(JToken root, JToken? schema)
    {
        var seen = new HashSet<JToken>(ReferenceEqualityComparer.Instance);
        while (schema is JObject keywords && keywords["$ref"] is JValue { Type: JTokenType.String } reference && seen.Add(keywords))
        {
            schema = SchemaPointer.Resolve(root, (string)reference!);
        }

        return schema;
    }

    /// <summary>Numbers between bounds (each inclusive or exclusive, either may be absent), whole numbers only or any.</summary>
    private sealed record NumberSpan(decimal? Minimum, decimal? ExclusiveMinimum, decimal? Maximum, decimal? ExclusiveMaximum, bool Whole)
    {
        public bool IsBounded => Low is not null || High is not null;

        private (decimal Value, bool Exclusive)? Low => Tightest(Minimum, ExclusiveMinimum, lower: true);

        private (decimal Value, bool Exclusive)? High => Tightest(Maximum, ExclusiveMaximum, lower: false);

        // The smallest and largest whole numbers inside, when Whole.
        private decimal? First => Low is { } low ? (low.Exclusive ? decimal.Floor(low.Value) + 1 : decimal.Ceiling(low.Value)) : null;

        private decimal? Last => High is { } high ? (high.Exclusive ? decimal.Ceiling(high.Value) - 1 : decimal.Floor(high.Value)) : null;

        public List<long>? WholeNumbers()
        {
            if (!Whole || First is not { } first || Last is not { } last || last < first || last - first >= MostListed)
            {
                return null;
            }

            var values = new List<long>();
            for (var value = first; value <= last; value++)
            {
                values.Add((long)value);
            }

            return values;
        }

        public bool? Compare(ScriptBinaryOperator op, object? literal)
        {
            if (literal is string text && !text.Any(char.IsAsciiDigit))
            {
                // Text without a digit never equals a number.
                return op switch
                {
                    ScriptBinaryOperator.CompareEqual => false,
                    ScriptBinaryOperator.CompareNotEqual => true,
                    _ => null,
                };
            }

            if (Number(literal) is not { } c)
            {
                return null;
            }

            // A field not written yet is null: null == c is false, null != c true, and every ordering false. So a
            // comparison is certain only when no stored number satisfies it ("never"), or — for != — every one does.
            return op switch
            {
                ScriptBinaryOperator.CompareEqual => Holds(c) ? null : false,
                ScriptBinaryOperator.CompareNotEqual => Holds(c) ? null : true,
                ScriptBinaryOperator.CompareLess => SomeBelow(c, orEqual: false) ? null : false,
                ScriptBinaryOperator.CompareLessOrEqual => SomeBelow(c, orEqual: true) ? null : false,
                ScriptBinaryOperator.CompareGreater => SomeAbove(c, orEqual: false) ? null : false,
                ScriptBinaryOperator.CompareGreaterOrEqual => SomeAbove(c, orEqual: true) ? null : false,
                _ => null,
            };
        }

        private bool Holds(decimal c)
        {
            if (Whole)
            {
                return decimal.Truncate(c) == c && (First is not { } first || c >= first) && (Last is not { } last || c <= last);
            }

            return (Low is not { } low || c > low.Value || (c == low.Value && !low.Exclusive))
                && (High is not { } high || c < high.Value || (c == high.Value && !high.Exclusive));
        }

        private bool SomeBelow(decimal c, bool orEqual)
        {
            if (Whole)
            {
                return First is not { } first || first < c || (orEqual && first == c);
            }

            return Low is not { } low || low.Value < c || (orEqual && low.Value == c && !low.Exclusive);
        }

        private bool SomeAbove(decimal c, bool orEqual)
        {
            if (Whole)
            {
                return Last is not { } last || last > c || (orEqual && last == c);
            }

            return High is not { } high || high.Value > c || (orEqual && high.Value == c && !high.Exclusive);
        }

        public LocalizedText Describe()
        {
            var (zhKind, enKind) = Whole ? ("整数", "a whole number") : ("数字", "a number");
            var low = Low;
            var high = High;
            string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
            if (Whole && First is { } first && Last is { } last)
            {
                return new LocalizedText($"是 {Text(first)} 到 {Text(last)} 的整数，或者为空", $"is a whole number from {Text(first)} to {Text(last)}, or empty");
            }

            var zh = new List<string>();
            var en = new List<string>();
            if (low is { } l)
            {
                zh.Add(l.Exclusive ? $"大于 {Text(l.Value)}" : $"不小于 {Text(l.Value)}");
                en.Add(l.Exclusive ? $"above {Text(l.Value)}" : $"at least {Text(l.Value)}");
            }

            if (high is { } h)
            {
                zh.Add(h.Exclusive ? $"小于 {Text(h.Value)}" : $"不大于 {Text(h.Value)}");
                en.Add(h.Exclusive ? $"below {Text(h.Value)}" : $"at most {Text(h.Value)}");
            }

            return new LocalizedText($"是{string.Join("且", zh)}的{zhKind}，或者为空", $"is {enKind} {string.Join(" and ", en)}, or empty");
        }

        private static (decimal Value, bool Exclusive)? Tightest(decimal? inclusive, decimal? exclusive, bool lower)
        {
            if (inclusive is null || exclusive is null)
            {
                return inclusive is { } i ? (i, false) : exclusive is { } e ? (e, true) : null;
            }

            var tighter = lower ? exclusive.Value >= inclusive.Value : exclusive.Value <= inclusive.Value;
            return tighter ? (exclusive.Value, true) : (inclusive.Value, false);
        }

        private static decimal? Number(object? literal) => literal switch
        {
            int i => i,
            long l => l,
            decimal d => d,
            double d when double.IsFinite(d) && Math.Abs(d) < 7.9e28 => (decimal)d,
            float f when float.IsFinite(f) && Math.Abs(f) < 7.9e28f => (decimal)f,
            _ => null,
        };
    }
}
