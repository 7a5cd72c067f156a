namespace FormFlow.Organisation;

/// <summary>
/// Finds the cycles of a graph where each node points to at most one other (a person to their manager, a
/// department to its parent). Every node is walked once, so a 100,000-person file costs one pass.
/// </summary>
internal static class Chains
{
    /// <summary>
    /// Each cycle once, as the list of its nodes in link order, starting with the node that comes first in
    /// <paramref name="nodes"/> (so that the report reads from the top of the file).
    /// </summary>
    public static List<List<string>> Cycles(IReadOnlyList<string> nodes, Func<string, string?> next)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            order.TryAdd(node, order.Count);
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<List<string>>();
        foreach (var start in order.Keys)
        {
            var path = new List<string>();
            var onPath = new Dictionary<string, int>(StringComparer.Ordinal);
            for (string? node = start; node is not null && order.ContainsKey(node) && !done.Contains(node); node = next(node))
            {
                if (onPath.TryGetValue(node, out var at))
                {
                    var cycle = path[at..];
                    var first = cycle.IndexOf(cycle.MinBy(n => order[n])!);
                    cycles.Add([.. cycle[first..], .. cycle[..first]]);
                    break;
                }

                onPath[node] = path.Count;
                path.Add(node);
            }

            done.UnionWith(path);
        }

        return cycles;
    }
}
