using System.Security.Cryptography;
using System.Text;

namespace FormFlow.Delivery;

/// <summary>The signatures the messenger robots check when a signing secret is configured.</summary>
internal static class RobotSignatures
{
    /// <summary>
    /// DingTalk: Base64(HMAC-SHA256 keyed by the secret over "timestamp\nsecret"), URL-encoded, with the timestamp in
    /// milliseconds; both go into the query string.
    /// </summary>
    public static string DingTalk(long timestampMilliseconds, string secret)
    {
        var toSign = $"{timestampMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n{secret}";
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(toSign));
        return Uri.EscapeDataString(Convert.ToBase64String(mac));
    }

    /// <summary>
    /// Feishu: Base64(HMAC-SHA256 keyed by "timestamp\nsecret" over an empty message), with the timestamp in seconds;
    /// both go into the body. The key and message are the other way round from DingTalk's.
    /// </summary>
    public static string Feishu(long timestampSeconds, string secret)
    {
        var key = $"{timestampSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n{secret}";
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()));
    }
}
