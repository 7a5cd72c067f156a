using System.Collections;
using System.Globalization;
using Scriban.Runtime;

namespace FormFlow.Expressions;

/// <summary>The functions FormFlow adds to Scriban's built-ins for form expressions.</summary>
internal static class ExpressionFunctions
{
    public static void AddTo(ScriptObject globals)
    {
        globals.Import("sum", new Func<object?, object?[], decimal>(Sum));
    }

    // `sum form.kpis "weight"` adds a member of every item; `sum [1, 2]` adds the items themselves.
    // Missing and null values count as 0, because a half-filled form is summed while the person types.
    private static decimal Sum(object? list, params object?[] member)
    {
        if (list is null)
        {
            return 0m;
        }

        if (list is not IEnumerable items || list is string)
        {
            throw new ArgumentException("sum expects an array");
        }

        var name = member.Length > 0 ? member[0] as string : null;
        var total = 0m;
        foreach (var item in items)
        {
            var value = name is null ? item : (item as ScriptObject)?[name];
            if (value is null)
            {
                continue;
            }

            total += value switch
            {
                decimal d => d,
                long l => l,
                int i => i,
                double d => (decimal)d,
                _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"sum cannot add the value '{value}'")),
            };
        }

        return total;
    }
}
