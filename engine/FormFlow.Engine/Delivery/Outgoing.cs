using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Notifications;

namespace FormFlow.Delivery;

/// <summary>
/// One rendered notice on its way to one person. A copy (the superior copied on an overdue task) is its own mail with
/// its own key, derived from the message's, so a receiver de-duplicates original and copy separately.
/// </summary>
internal sealed record Outgoing(RenderedNotice Notice, string Event, string IdempotencyKey, bool IsCopy, JsonObject Payload)
{
    // The renderer words a copy for the person copied (its own template, 【逾期抄送】…): nothing is added here.
    public string Subject => Notice.Subject;

    /// <summary>The Message-Id of the mail (without angle brackets): the key, with every character outside [A-Za-z0-9-] written =XX so it stays a valid, distinct id.</summary>
    public string MessageId => MessageIds.For(IdempotencyKey);

    public static bool IsChinese(string locale) => locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}

internal static class MessageIds
{
    public static string For(string key)
    {
        var id = new StringBuilder(key.Length + 9);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b == '-')
            {
                id.Append((char)b);
            }
            else
            {
                id.Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return id.Append("@formflow").ToString();
    }
}

/// <summary>A delivery the receiving end refused (an HTTP error, a robot's error code, an SMTP rejection).</summary>
internal sealed class DeliveryException : Exception
{
    public DeliveryException()
    {
    }

    public DeliveryException(string message)
        : base(message)
    {
    }

    public DeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
