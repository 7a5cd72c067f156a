using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>Lists of model records as the plain Scriban arrays a report template loops over.</summary>
internal static class ReportArrays
{
    public static ScriptArray Of<T>(IEnumerable<T> items, Func<T, ScriptObject> map)
    {
        var array = new ScriptArray();
        foreach (var item in items)
        {
            array.Add(map(item));
        }

        return array;
    }
}
