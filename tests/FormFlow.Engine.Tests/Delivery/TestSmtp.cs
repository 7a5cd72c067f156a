using FormFlow.Delivery;
using MimeKit;

namespace FormFlow.Tests.Delivery;

/// <summary>
/// The real SMTP server test.sh starts (tests/smtp.sh: Postfix's smtp-sink), which writes every mail it receives to a
/// file in FORMFLOW_TEST_SMTP_DUMP. Tests find their own mails there by Message-Id.
/// </summary>
internal static class TestSmtp
{
    public static SmtpSettings Settings()
    {
        var endpoint = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP")))
        {
            Assert.Fail("FORMFLOW_TEST_SMTP and FORMFLOW_TEST_SMTP_DUMP are not set: run the tests through ./test.sh, or `source tests/smtp.sh` first, which starts a test SMTP server.");
        }

        var colon = endpoint!.LastIndexOf(':');
        return new SmtpSettings(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), SmtpSecurity.None, "formflow@example.com");
    }

    /// <summary>A port nothing listens on, for a mail server that is down.</summary>
    public static SmtpSettings Down()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return Settings() with { Host = "127.0.0.1", Port = port };
    }

    /// <summary>The files of the mails received so far: a test looks only at the ones that arrive after.</summary>
    public static IReadOnlySet<string> Received()
    {
        var folder = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP");
        return string.IsNullOrEmpty(folder) ? new HashSet<string>() : Directory.GetFiles(folder).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The mails with these Message-Ids received since <paramref name="before"/>, waiting a little for the server to write them.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> MailsAsync(IReadOnlySet<string> before, IReadOnlyCollection<string> messageIds, int expected)
    {
        Settings();
        var folder = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP")!;
        List<MimeMessage> found = [];
        for (var i = 0; i < 50; i++)
        {
            found = [.. Directory.GetFiles(folder).Where(f => !before.Contains(f)).Select(Load).OfType<MimeMessage>().Where(m => messageIds.Contains(m.MessageId))];
            if (found.Count >= expected && expected > 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        return found;
    }

    /// <summary>The envelope recipients smtp-sink recorded (RCPT TO), which say who the server delivered to.</summary>
    public static IReadOnlyList<string> EnvelopeRecipients(MimeMessage mail) =>
        [.. mail.Headers.Where(h => h.Field == "X-Rcpt-Args").Select(h => h.Value.Trim().Trim('<', '>'))];

    private static MimeMessage? Load(string file)
    {
        try
        {
            return MimeMessage.Load(file);
        }
        catch (Exception error) when (error is IOException or FormatException)
        {
            // Still being written: smtp-sink writes a mail while other tests' mails are read, and a file cut short
            // ends the parse early ("End of stream"). The caller reads again.
            return null;
        }
    }
}
