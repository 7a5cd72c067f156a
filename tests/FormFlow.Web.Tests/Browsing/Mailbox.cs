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
        var folder = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP")!;
        var expected = $"{host.Address}/tasks/{task.Id}";
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

                if (mail.TextBody?.Contains(expected, StringComparison.Ordinal) == true && mail.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true)
                {
                    return TaskLink().Match(mail.TextBody).Value;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no mail starting \"{subjectStart}\" with {expected} in {folder}");
        return "";
    }

    [GeneratedRegex(@"https?://\S+/tasks/[0-9A-Za-z-]+")]
    private static partial Regex TaskLink();
}
