using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FormFlow.Storage;

/// <summary>
/// The published definitions of one database (templates, processes, notification and report templates), each kept
/// once parsed. A published version never changes, so a kept one is never stale, whichever node published it; which
/// version is the newest is asked of the database every time, never kept. A unit of work that publishes reads its own
/// versions before they are committed, and may yet roll them back: what it parses is not kept.
/// </summary>
internal sealed class PublishedDefinitions
{
    // Keyed by what the body is parsed into too: one template is kept both as a FormTemplate and as its document.
    private readonly ConcurrentDictionary<(string Kind, string Key, int Version, Type Parsed), object> parsed = new();

    /// <summary>Version <paramref name="version"/> of a definition as <paramref name="parse"/> reads its body; null when that version is not published.</summary>
    public async Task<T?> FindAsync<T>(UnitOfWork work, string kind, string key, int version, Func<string, T> parse)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(parse);
        if (version <= DefinitionStore.Draft)
        {
            return null;
        }

        if (parsed.TryGetValue((kind, key, version, typeof(T)), out var kept))
        {
            return (T)kept;
        }

        if (await DefinitionStore.FindAsync(work, kind, key, version) is not { } stored)
        {
            return null;
        }

        var definition = parse(stored.Body);
        return work.Publishes ? definition : (T)parsed.GetOrAdd((kind, key, version, typeof(T)), definition);
    }

    /// <summary>
    /// A stored body as a JSON document to keep and share between threads, read only: every node is built here, once,
    /// because a parsed <see cref="JsonObject"/> builds its nodes lazily on first reading, and two threads reading it
    /// first at once would both build them. Whoever reads it copies what they keep (<see cref="JsonNode.DeepClone"/>).
    /// </summary>
    public static JsonObject Document(string body)
    {
        var document = JsonNode.Parse(body)!.AsObject();
        Build(document);
        return document;

        static void Build(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject entries:
                    foreach (var (_, value) in entries)
                    {
                        Build(value);
                    }

                    break;
                case JsonArray items:
                    foreach (var item in items)
                    {
                        Build(item);
                    }

                    break;
            }
        }
    }
}
