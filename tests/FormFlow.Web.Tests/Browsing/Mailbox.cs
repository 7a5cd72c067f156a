using System.Text.RegularExpressions;
using MimeKit;

namespace FormFlow.Web.Tests;

/// <summary>The mails the test SMTP server received (the files in <c>FORMFLOW_TEST_SMTP_DUMP</c>).</summary>
internal static partial class Mailbox
{
    /// <summary>
    /// The link to the person's open task in the cycle, from a mail whose subject starts with
    /// <paramref name="subjectStart"/> (in the person's language): the cycle's launch notice links the first task.
    /// </summary>
    public static async Task<string> TaskLinkAsync(RunningHost host, string person, string cycleId, string subjectStart)
    {
        var task = (await host.OpenTasksAsync(person)).Single(t => t.CycleId == cycleId);
        var expected = $"{host.Address}/tasks/{task.Id}";
        var mail = await FindAsync(
            m => m.TextBody?.Contains(expected, StringComparison.Ordinal) == true && m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true,
            $"a mail starting \"{subjectStart}\" with {expected}");
        return TaskLink().Match(mail.TextBody!).Value;
    }

    /// <summary>The first mail <paramref name="wanted"/> accepts, waiting up to ten seconds for it to arrive.</summary>
    public static async Task<MimeMessage> FindAsync(Func<MimeMessage, bool> wanted, string what)
    {
        var folder = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP")!;
        for (var i = 0; i < 100; i++)
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                MimeMessage mail;
                try
                {
                    mail = await MimeMessage.LoadAsync(file);
                }
                catch (IOException)
                {
                    continue; // still being written
                }
                catch (FormatException)
                {
                    continue;
                }

                if (wanted(mail))
                {
                    return mail;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no mail in {folder}: {what}");
        return null!;
    }

    [GeneratedRegex(@"https?://\S+/tasks/[0-9A-Za-z-]+")]
    private static partial Regex TaskLink();
}
