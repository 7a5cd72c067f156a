using System.Text.Json.Nodes;

namespace FormFlow.Templates;

/// <summary>
/// A list a task starts with, copied from another list of the same form (a template's <c>prefill</c>): the manager's
/// marks of a check-in start with one line per goal the employee reported, its goal and status copied, so that nobody
/// retypes them. <see cref="Copy"/> maps each property of <see cref="Field"/>'s items to the property of
/// <see cref="From"/>'s items it copies.
/// </summary>
internal sealed record Prefill(string Field, string From, IReadOnlyList<(string To, string From)> Copy)
{
    /// <summary>
    /// <paramref name="data"/> with this list filled in, when the person writes <see cref="Field"/>, reads
    /// <see cref="From"/> (nothing is copied that they could not read), and the data holds no value for the field yet —
    /// a value written before, even an empty list, is theirs and stays. Items of <see cref="From"/> that are not objects,
    /// and properties they lack, are skipped. Changes <paramref name="data"/> in place.
    /// </summary>
    public void Apply(JsonObject data, IReadOnlySet<string> readable, IReadOnlySet<string> writable)
    {
        if (!writable.Contains(Field) || !readable.Contains(From) || data[Field] is not null || data[From] is not JsonArray source)
        {
            return;
        }

        var items = new JsonArray();
        foreach (var item in source.OfType<JsonObject>())
        {
            var copied = new JsonObject();
            foreach (var (to, from) in Copy)
            {
                if (item[from] is { } value)
                {
                    copied[to] = value.DeepClone();
                }
            }

            items.Add(copied);
        }

        data[Field] = items;
    }
}
