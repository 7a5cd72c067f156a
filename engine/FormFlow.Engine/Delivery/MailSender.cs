using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;

namespace FormFlow.Delivery;

/// <summary>Sends mails over SMTP with MailKit: one connection per batch (a message and its copies, or a digest).</summary>
internal sealed class MailSender(SmtpSettings smtp, TimeProvider clock, TimeSpan timeout)
{
    public async Task SendAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            }

            foreach (var message in messages)
            {
                await client.SendAsync(message, cancellationToken);
            }

            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or AuthenticationException or IOException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            throw new DeliveryException($"SMTP {smtp.Host}:{smtp.Port}: {e.Message}", e);
        }
    }

    public MimeMessage Compose(string email, string subject, string body, string messageId, string noticeEvent, bool isCopy, Notifications.MeetingCalendar? calendar = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = subject;
        message.MessageId = messageId;
        message.Date = clock.GetUtcNow();
        message.Headers.Add("X-FormFlow-Event", noticeEvent);
        if (isCopy)
        {
            message.Headers.Add("X-FormFlow-Copy", "true");
        }

        var text = new TextPart(TextFormat.Plain) { Text = body };
        message.Body = calendar is null ? text : new Multipart("mixed") { text, CalendarPart(calendar) };
        return message;
    }

    // The invitation as calendar clients take it (RFC 6047): text/calendar with the event's method, named interview.ics;
    // base64 keeps its CRLF line ends and folding exactly as written.
    private static TextPart CalendarPart(Notifications.MeetingCalendar calendar)
    {
        var part = new TextPart("calendar") { Text = calendar.Text };
        part.ContentType.Charset = "utf-8";
        part.ContentType.Parameters.Add("method", calendar.Method);
        part.ContentType.Name = Notifications.MeetingCalendar.FileName;
        part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = Notifications.MeetingCalendar.FileName };
        part.ContentTransferEncoding = ContentEncoding.Base64;
        return part;
    }
}
