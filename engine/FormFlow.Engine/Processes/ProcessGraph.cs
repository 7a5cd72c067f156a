namespace FormFlow.Processes;

/// <summary>
/// The steps of a process as a directed graph (an edge for each of <see cref="Step.Successors"/>): what lint asks
/// about the flow — what can be reached from where, and where it loops. Steps are listed in document order.
/// </summary>
internal sealed class ProcessGraph
{
    private readonly IReadOnlyDictionary<string, Step> steps;
    private readonly Dictionary<string, int> position;
    private readonly Dictionary<string, List<string>> predecessors;

    public ProcessGraph(IReadOnlyDictionary<string, Step> steps, IReadOnlyList<string> documentOrder)
    {
        this.steps = steps;
        Order = documentOrder;
        position = documentOrder.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        predecessors = steps.Keys.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var step in steps.Values)
        {
            foreach (var next in step.Successors.Where(predecessors.ContainsKey))
            {
                predecessors[next].Add(step.Id);
            }
        }
    }

    /// <summary>Every step id, in the order the document lists them.</summary>
    public IReadOnlyList<string> Order { get; }

    public Step this[string id] => steps[id];

    /// <summary>The steps reachable from <paramref name="from"/>, themselves included; <paramref name="stopAt"/> is reached but not left.</summary>
    public HashSet<string> ReachableFrom(IEnumerable<string> from, string? stopAt = null) =>
        Walk(from, id => id == stopAt ? [] : steps[id].Successors);

    /// <summary>The steps from which one of <paramref name="targets"/> can be reached, the targets included.</summary>
    public HashSet<string> CanReach(IEnumerable<string> targets) => Walk(targets, id => predecessors[id]);

    /// <summary>
    /// The loops among <paramref name="among"/>: each group of those steps that can all reach one another through
    /// them (a strongly connected component with a cycle), its steps in document order, the groups likewise.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Loops(IReadOnlySet<string> among)
    {
        var components = new StronglyConnected(id => steps[id].Successors.Where(among.Contains)).Of(among.OrderBy(Position));
        return
        [
            .. components
                .Where(c => c.Count > 1 || steps[c[0]].Successors.Contains(c[0], StringComparer.Ordinal))
                .Select(c => (IReadOnlyList<string>)[.. c.OrderBy(Position)])
                .OrderBy(c => Position(c[0])),
        ];
    }

    /// <summary>Whether any step of <paramref name="group"/> leads to a step outside it.</summary>
    public bool Leaves(IReadOnlyList<string> group) =>
        group.SelectMany(id => steps[id].Successors).Any(next => !group.Contains(next, StringComparer.Ordinal));

    /// <summary>Where the document lists the step.</summary>
    public int Position(string id) => position.GetValueOrDefault(id, int.MaxValue);

    private static HashSet<string> Walk(IEnumerable<string> from, Func<string, IEnumerable<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(from);
        while (pending.TryPop(out var id))
        {
            if (seen.Add(id))
            {
                foreach (var next in edges(id))
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    // Tarjan's algorithm. Recursion is bounded by the reader's limit on the number of steps.
    private sealed class StronglyConnected(Func<string, IEnumerable<string>> successors)
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> lowLink = new(StringComparer.Ordinal);
        private readonly Stack<string> stack = new();
        private readonly HashSet<string> onStack = new(StringComparer.Ordinal);
        private readonly List<List<string>> components = [];

        public List<List<string>> Of(IEnumerable<string> nodes)
        {
            foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
            {
                Visit(node);
            }

            return components;
        }

        private void Visit(string node)
        {
            var visited = index.Count;
            index[node] = visited;
            lowLink[node] = visited;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in successors(node))
            {
                if (index.TryGetValue(next, out var visitedNext))
                {
                    if (onStack.Contains(next))
                    {
                        lowLink[node] = Math.Min(lowLink[node], visitedNext);
                    }
                }
                else
                {
                    Visit(next);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                }
            }

            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }
    }
}
