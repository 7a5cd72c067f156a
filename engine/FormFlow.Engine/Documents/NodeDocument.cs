using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Documents;

/// <summary>
/// A document held as nodes (a merged submission, a result with its computed values), read again as a
/// <see cref="JsonDocument"/> for the validators. Written as UTF-8 with its text unescaped: the default writer turns
/// every Chinese character into a six-byte <c>\uXXXX</c> escape, which doubled a form's text, made every reader after
/// it unescape the strings again and sent <see cref="Templates.PortableJson"/> down its slow path (it looks for
/// escaped lone surrogates). The text never leaves the process, so nothing HTML-sensitive needs escaping; what is not
/// well-formed (a lone surrogate) is still replaced by the writer as before.
/// </summary>
internal static class NodeDocument
{
    private static readonly JsonWriterOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonDocument Parse(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Unescaped))
        {
            node.WriteTo(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
