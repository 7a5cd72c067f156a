using System.Globalization;

namespace FormFlow.Api.Contracts;

/// <summary>
/// What an <c>If-Match</c> header asks: nothing (absent or blank), any version (<c>*</c>), or the entity tags it lists —
/// each as its value, without quotes or a weak mark (<c>"3"</c>, <c>W/"3"</c> and <c>3</c> all read as <c>3</c>).
/// </summary>
internal sealed record IfMatchHeader(bool Present, bool Any, IReadOnlyList<string> Tags)
{
    public static readonly IfMatchHeader Absent = new(false, false, []);

    public static readonly IfMatchHeader Anything = new(true, true, []);

    /// <summary>True when the header names versions: absent and <c>*</c> put no condition on the change.</summary>
    public bool Conditional => Present && !Any;

    /// <summary>The first tag the header names; null when it names none (absent or <c>*</c>).</summary>
    public string? First => Conditional ? Tags[0] : null;
}

/// <summary>
/// The one way the API reads and writes entity tags (RFC 9110 §8.8.3, §13.1.1): every <c>ETag</c> is a strong, quoted
/// tag; every <c>If-Match</c> is read by <see cref="ParseIfMatch(string?)"/>. What a tag is compared with is the
/// engine's business (a task's version, a cycle's version, a draft's hash); parsing the header is the host's.
/// </summary>
internal static class EntityTags
{
    /// <summary>An entity tag value as an <c>ETag</c> header: <c>"3"</c> (a value already quoted, as the engine gives a draft's, is sent as it is).</summary>
    public static string Format(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith('"') && value.EndsWith('"') && value.Length >= 2 ? value : "\"" + value + "\"";
    }

    /// <summary>A version number as an <c>ETag</c> header: <c>"3"</c>.</summary>
    public static string Format(int version) => Format(version.ToString(CultureInfo.InvariantCulture));

    /// <summary>The request's <c>If-Match</c> (several header lines read as one list).</summary>
    public static IfMatchHeader IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ParseIfMatch(request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null);
    }

    /// <summary>
    /// Reads an <c>If-Match</c> value: absent or blank → <see cref="IfMatchHeader.Absent"/>; <c>*</c> (alone or in the
    /// list) → <see cref="IfMatchHeader.Anything"/>; otherwise the comma-separated tags, each without its weak mark
    /// (<c>W/</c>) and quotes, in order.
    /// </summary>
    public static IfMatchHeader ParseIfMatch(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return IfMatchHeader.Absent;
        }

        var tags = new List<string>();
        foreach (var part in header.Split(','))
        {
            var tag = part.Trim();
            if (tag.Length == 0)
            {
                continue;
            }

            if (tag == "*")
            {
                return IfMatchHeader.Anything;
            }

            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                tag = tag[2..].TrimStart();
            }

            tags.Add(tag.Trim('"'));
        }

        return tags.Count == 0 ? IfMatchHeader.Absent : new IfMatchHeader(true, false, tags);
    }

    /// <summary>
    /// The one version number an <c>If-Match</c> names (<c>"3"</c>, <c>W/"3"</c>, <c>3</c>): null when it names none
    /// (absent, <c>*</c>); false when it is not a single whole number.
    /// </summary>
    public static bool TryVersion(IfMatchHeader header, out int? version)
    {
        ArgumentNullException.ThrowIfNull(header);
        version = null;
        if (!header.Conditional)
        {
            return true;
        }

        if (header.Tags.Count == 1 && int.TryParse(header.Tags[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }
}
