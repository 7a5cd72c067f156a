using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace FormFlow.Documents;

/// <summary>
/// A document held as nodes (a merged submission, a result with its computed values), read again as a
/// <see cref="JsonDocument"/> for the validators. Written as UTF-8 with its text unescaped: the default writer turns
/// every Chinese character into a six-byte <c>\uXXXX</c> escape, which doubled a form's text, made every reader after
/// it unescape the strings again and sent <see cref="Templates.PortableJson"/> down its slow path (it looks for
/// escaped lone surrogates). The text never leaves the process, so nothing HTML-sensitive needs escaping; what is not
/// well-formed (a lone surrogate, invalid UTF-8) is still handled by the writer's relaxed encoder exactly as before.
/// </summary>
internal static class NodeDocument
{
    // The tree is written from nodes, so it is well-formed by construction: the writer need not track it again.
    private static readonly JsonWriterOptions Unescaped = new() { Encoder = LiteralTextEncoder.Instance, SkipValidation = true };

    public static JsonDocument Parse(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var buffer = new PooledBuffer();
        using (var writer = new Utf8JsonWriter(buffer, Unescaped))
        {
            node.WriteTo(writer);
        }

        // The document keeps the bytes it reads: an exact copy, so that a small form costs only its own size.
        return JsonDocument.Parse(buffer.Written.ToArray());
    }

    /// <summary>
    /// The text being written, in arrays of the shared pool: a buffer grown from 1 KB copied a form of a few
    /// kilobytes two or three times, one started at 4 KB cost small forms twice their size. Cleared before it goes back.
    /// </summary>
    private sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] array = ArrayPool<byte>.Shared.Rent(4096);
        private int written;

        public ReadOnlySpan<byte> Written => array.AsSpan(0, written);

        public void Advance(int count) => written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return array.AsMemory(written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return array.AsSpan(written);
        }

        public void Dispose()
        {
            array.AsSpan(0, written).Clear();
            ArrayPool<byte>.Shared.Return(array);
            array = [];
        }

        private void Reserve(int sizeHint)
        {
            var needed = written + Math.Max(sizeHint, 1);
            if (needed <= array.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
            array.AsSpan(0, written).CopyTo(larger);
            array.AsSpan(0, written).Clear();
            ArrayPool<byte>.Shared.Return(array);
            array = larger;
        }
    }

    /// <summary>
    /// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, except that it finds the first character to escape in
    /// well-formed text without decoding it one character at a time: that scan was a quarter of writing a Chinese form.
    /// Well-formed text escapes the ASCII characters the relaxed encoder escapes (quotes, backslash, control
    /// characters) and keeps every other character as it is, which JSON allows and reads back as the same string; text
    /// that is not well-formed, and everything from the first character to escape on, goes to the relaxed encoder.
    /// </summary>
    private sealed class LiteralTextEncoder : JavaScriptEncoder
    {
        public static readonly LiteralTextEncoder Instance = new();

        private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

        // The ASCII characters the relaxed encoder escapes, asked of it rather than written down again.
        private static readonly SearchValues<byte> AsciiToEscape = SearchValues.Create(
            [.. Enumerable.Range(0, 128).Where(Relaxed.WillEncode).Select(c => (byte)c)]);

        private static readonly SearchValues<char> AsciiCharsToEscape = SearchValues.Create(
            [.. Enumerable.Range(0, 128).Where(Relaxed.WillEncode).Select(c => (char)c)]);

        public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

        public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) =>
            Utf8.IsValid(utf8Text) ? utf8Text.IndexOfAny(AsciiToEscape) : Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
        {
            var chars = new ReadOnlySpan<char>(text, textLength);

            // A surrogate (paired or not) is left to the relaxed encoder, which escapes pairs and replaces lone ones.
            return chars.ContainsAnyInRange('\uD800', '\uDFFF')
                ? Relaxed.FindFirstCharacterToEncode(text, textLength)
                : chars.IndexOfAny(AsciiCharsToEscape);
        }

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
            Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

        public override bool WillEncode(int unicodeScalar) => Relaxed.WillEncode(unicodeScalar);

        public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true) =>
            Relaxed.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

        public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true) =>
            Relaxed.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);
    }
}
