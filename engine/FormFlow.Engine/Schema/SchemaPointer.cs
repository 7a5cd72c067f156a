using Newtonsoft.Json.Linq;

namespace FormFlow.Schema;

/// <summary>Resolves the only $ref form of the profile: a URI fragment holding a JSON Pointer into the same schema.</summary>
internal static class SchemaPointer
{
    public static bool IsLocal(string reference) => reference.StartsWith('#');

    /// <summary>
    /// The token <paramref name="reference"/> (e.g. <c>#/definitions/a~1b</c>) points at inside <paramref name="root"/>,
    /// or null when it does not resolve. The fragment is percent-decoded first, then split into pointer tokens (RFC 6901 §6).
    /// </summary>
    public static JToken? Resolve(JToken root, string reference)
    {
        if (!IsLocal(reference))
        {
            return null;
        }

        string pointer;
        try
        {
            pointer = Uri.UnescapeDataString(reference[1..]);
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            // "#foo" is a plain-name fragment: it needs $id, which the profile does not have.
            return null;
        }

        JToken? current = root;
        foreach (string rawToken in pointer[1..].Split('/'))
        {
            string token = rawToken.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JObject obj => obj.Property(token, StringComparison.Ordinal)?.Value,
                JArray array when IsIndex(token, out int index) && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static bool IsIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
        {
            return false;
        }

        foreach (char c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }
}
