using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Delivery;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;
using FormFlow.Workflows;
using MimeKit;

namespace FormFlow.Tests.Delivery;

/// <summary>
/// The annual review's interview invitation delivered for real: through the SMTP server test.sh starts, with its
/// iCalendar part, to 刘洋 (P5) and his manager 张伟 (P4); a webhook gets the words without the attachment.
/// </summary>
public class InvitationMailTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    private HttpClient http = null!;
    private WebhookReceiver receiver = null!;
    private IReadOnlySet<string> mailsBefore = null!;

    [SetUp]
    public async Task PublishProcesses()
    {
        http = new HttpClient();
        receiver = new WebhookReceiver();
        mailsBefore = TestSmtp.Received();
        await PublishSample("performance-improvement");
        await PublishSample("next-period-goals");
        await PublishSample("annual-review");
    }

    [TearDown]
    public void StopReceiver()
    {
        receiver.Dispose();
        http.Dispose();
    }

    [Test]
    public async Task The_invitation_mail_arrives_with_a_text_calendar_part_named_interview_ics_even_for_a_daily_digest_reader()
    {
        // 刘洋 reads his notices in a daily digest: an invitation is still its own mail, at once.
        await InTransaction(Db, w => NotificationPreferenceStore.SetAsync(w, Employee, DigestKind.Daily, 9 * 60, Now));
        var dispatcher = new OutboxDispatcher(Db, Clock, new DeliverySettings
        {
            Smtp = TestSmtp.Settings(),
            Webhooks = [new(WebhookKind.Json, receiver.Url("json"))],
        }, (w, m, r) => FormFlow.Notifications.NotificationRenderer.RenderAsync(w, m, r, "https://formflow.example"), http);
        await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        var preparation = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        preparation["meeting_at"] = "2026-12-08T10:00:00+08:00";
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, preparation));

        await dispatcher.DispatchDueAsync("node-a", 100);

        var invitations = await InvitationKeys();
        Assert.That(invitations.Keys, Is.EquivalentTo(new[] { Employee, Manager }));
        var mails = (await TestSmtp.MailsAsync(mailsBefore, [.. invitations.Values.Select(MessageIds.For)], 2)).ToDictionary(m => TestSmtp.EnvelopeRecipients(m).Single());
        Assert.That(mails.Keys, Is.EquivalentTo(new[] { "p5@example.com", "p4@example.com" }));
        foreach (var (address, mail) in mails)
        {
            var calendar = mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar"));
            Assert.Multiple(() =>
            {
                Assert.That(mail.Headers["X-FormFlow-Event"], Is.EqualTo(NoticeEvent.MeetingInvitation), address);
                Assert.That(mail.Subject, Does.StartWith("【面谈邀请】刘洋"), address);
                Assert.That(mail.TextBody, Does.Contain("2026年12月8日 10:00"), address);
                Assert.That(calendar.ContentType.Parameters["method"], Is.EqualTo("REQUEST"), address);
                Assert.That(calendar.ContentType.Name, Is.EqualTo("interview.ics"), address);
                Assert.That(calendar.FileName, Is.EqualTo("interview.ics"), address);
            });
            // The bytes as sent (TextPart.Text would give its own line ends).
            using var bytes = new MemoryStream();
            calendar.Content!.DecodeTo(bytes);
            var ics = Calendar.Parse(System.Text.Encoding.UTF8.GetString(bytes.ToArray()));
            Assert.That(ics["DTSTART"], Is.EqualTo("20261208T020000Z"), address);
            Assert.That(ics["SEQUENCE"], Is.EqualTo("0"), address);
        }

        var posted = receiver.To("/json").Select(r => JsonNode.Parse(r.Body)!).Where(b => (string?)b["event"] == NoticeEvent.MeetingInvitation).ToList();
        Assert.That(posted.Select(b => (string?)b["recipientId"]), Is.EquivalentTo(new[] { Employee, Manager }), "the webhook gets each notice");
        Assert.That(posted.Select(b => (string?)b["body"]), Has.None.Contain("BEGIN:VCALENDAR"), "and no calendar attachment");
    }

    // The outbox key of each invitation, by recipient.
    private async Task<Dictionary<string, string>> InvitationKeys()
    {
        var rows = await InTransaction(Db, async w => (await w.Connection.QueryAsync<(string Recipient, string Key, string Payload)>(
            "SELECT recipient AS Recipient, idempotency_key AS Key, payload AS Payload FROM outbox", transaction: w.Transaction)).ToList());
        return rows.Where(r => (string?)JsonNode.Parse(r.Payload)!["event"] == NoticeEvent.MeetingInvitation).ToDictionary(r => r.Recipient, r => r.Key);
    }
}
