using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Delivery;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;
using FormFlow.Workflows;
using MimeKit;

namespace FormFlow.Tests.Delivery;

/// <summary>
/// The outbox delivered for real on each database: mails to the SMTP server test.sh starts, webhooks to a local HTTP
/// Receiver, with the shipped annual review for 刘洋 (P5), whose manager is 张伟 (P4) — the interview invitation too, with
/// its iCalendar part (a webhook gets the words without the attachment).
/// </summary>
public class DeliveryTests(string kind) : DeliveryTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [Test]
    public async Task The_assignment_reminder_and_overdue_mails_reach_the_SMTP_server_and_the_superior_gets_a_copy()
    {
        // The shipped notification templates, rendered for each recipient in their language.
        var dispatcher = new OutboxDispatcher(Db, Clock, new DeliverySettings { Smtp = TestSmtp.Settings() }, (w, m, r) => FormFlow.Notifications.NotificationRenderer.RenderAsync(w, m, r, "https://formflow.example"), Http);
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await dispatcher.DispatchDueAsync("node-a", 100);
        await Advance(TimeSpan.FromDays(12));
        await dispatcher.DispatchDueAsync("node-a", 100);
        await Advance(TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
        await dispatcher.DispatchDueAsync("node-a", 100);

        var rows = await Rows();
        Assert.That(rows.Select(r => r.Status), Is.All.EqualTo(OutboxStatus.Sent));
        var assigned = rows.Single(r => Event(r) == NoticeEvent.Assigned && r.Recipient == Employee);
        var reminder = rows.Single(r => Event(r) == NoticeEvent.Reminder);
        var overdue = rows.Single(r => Event(r) == NoticeEvent.Overdue);
        var copyId = MessageIds.For(overdue.IdempotencyKey + ".cc." + Manager);
        var ids = new[] { MessageIds.For(assigned.IdempotencyKey), MessageIds.For(reminder.IdempotencyKey), MessageIds.For(overdue.IdempotencyKey), copyId };

        var mails = (await TestSmtp.MailsAsync(MailsBefore, ids, ids.Length)).ToDictionary(m => m.MessageId!);
        Assert.That(mails.Keys, Is.EquivalentTo(ids), "one mail each, the copy included");
        var employee = await Email(Employee);
        var manager = await Email(Manager);
        var taskId = (string)JsonNode.Parse(assigned.Payload)!["taskId"]!;
        Assert.Multiple(() =>
        {
            foreach (var (row, noticeEvent) in new[] { (assigned, NoticeEvent.Assigned), (reminder, NoticeEvent.Reminder), (overdue, NoticeEvent.Overdue) })
            {
                var mail = mails[MessageIds.For(row.IdempotencyKey)];
                Assert.That(TestSmtp.EnvelopeRecipients(mail), Is.EqualTo(new[] { employee }), noticeEvent);
                Assert.That(mail.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { employee }), noticeEvent);
                Assert.That(mail.Subject, Does.Contain("员工自评"), noticeEvent);
                Assert.That(mail.TextBody, Does.Contain("刘洋").And.Contain("https://formflow.example/tasks/" + taskId), noticeEvent);
                Assert.That(mail.Headers["X-FormFlow-Event"], Is.EqualTo(noticeEvent));
            }

            var copy = mails[copyId];
            Assert.That(TestSmtp.EnvelopeRecipients(copy), Is.EqualTo(new[] { manager }));
            Assert.That(copy.Subject, Does.Contain("员工自评"));
            Assert.That(copy.TextBody, Does.Contain("张伟").And.Contain("刘洋"), "the superior is told, about the employee");
            Assert.That(copy.Headers["X-FormFlow-Copy"], Is.EqualTo("true"));
        });
    }

    [Test]
    public async Task A_webhook_receives_the_superiors_overdue_copy_like_mail_does()
    {
        // Webhooks only, no mail server: the copy reaches the superior on the webhook or not at all.
        var dispatcher = new OutboxDispatcher(Db, Clock, new DeliverySettings
        {
            Webhooks = [new(WebhookKind.Json, Receiver.Url("json")), new(WebhookKind.WeCom, Receiver.Url("wecom?key=wecom-key"))],
        }, (w, m, r) => FormFlow.Notifications.NotificationRenderer.RenderAsync(w, m, r, "https://formflow.example"), Http);
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await Advance(TimeSpan.FromDays(14).Add(TimeSpan.FromMinutes(1)));

        await dispatcher.DispatchDueAsync("node-a", 100);

        var overdue = (await Rows()).Single(r => Event(r) == NoticeEvent.Overdue);
        var copyKey = overdue.IdempotencyKey + ".cc." + Manager;
        var json = Receiver.To("/json").Select(r => (r.IdempotencyKey, Body: JsonNode.Parse(r.Body)!)).Where(r => (string?)r.Body["event"] == NoticeEvent.Overdue).ToList();
        var wecom = Receiver.To("/wecom").Select(r => (r.IdempotencyKey, Text: (string)JsonNode.Parse(r.Body)!["markdown"]!["content"]!)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(overdue.Status, Is.EqualTo(OutboxStatus.Sent));
            Assert.That(
                json.Select(r => (r.IdempotencyKey, (string?)r.Body["recipientId"], (bool?)r.Body["copy"])),
                Is.EquivalentTo(new[] { (overdue.IdempotencyKey, Employee, (bool?)false), (copyKey, Manager, (bool?)true) }),
                "the employee's notice and the superior's copy, each its own POST with its own key");
            Assert.That((string?)json.Single(r => r.IdempotencyKey == copyKey).Body["subject"], Does.StartWith("【逾期抄送】刘洋"), "the copy is rendered for the superior");
            Assert.That(wecom.Where(r => r.IdempotencyKey == copyKey).Select(r => r.Text), Has.One.StartsWith("**【逾期抄送】"), "a robot gets the copy too");
        });
    }

    [Test]
    public async Task The_robots_receive_their_formats_with_valid_signatures_and_the_idempotency_key()
    {
        var dispatcher = Dispatcher(new DeliverySettings
        {
            Webhooks =
            [
                new(WebhookKind.WeCom, Receiver.Url("wecom?key=wecom-key")),
                new(WebhookKind.DingTalk, Receiver.Url("dingtalk?access_token=ding-token")) { Secret = "SECding" },
                new(WebhookKind.Feishu, Receiver.Url("feishu")) { Secret = "feishu-secret" },
                new(WebhookKind.Json, Receiver.Url("json")),
            ],
        });
        await Runtime.StartAsync("annual-review", Employee, "P6");

        var result = await dispatcher.DispatchDueAsync("node-a", 100);

        Assert.That(result.Sent, Is.EqualTo(1));
        var key = (await Rows()).Single().IdempotencyKey;
        Assert.That(Receiver.Requests.Select(r => r.IdempotencyKey), Is.All.EqualTo(key));

        var wecom = Receiver.To("/wecom").Single();
        Assert.That(wecom.Query["key"], Is.EqualTo("wecom-key"));
        var wecomBody = JsonNode.Parse(wecom.Body)!;
        Assert.That((string?)wecomBody["msgtype"], Is.EqualTo("markdown"));
        Assert.That((string?)wecomBody["markdown"]!["content"], Does.StartWith("**task.assigned self-review**"));

        var ding = Receiver.To("/dingtalk").Single();
        var ms = long.Parse(ding.Query["timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ms, Is.EqualTo(Now));
        var expected = Convert.ToBase64String(HmacSha256(Encoding.UTF8.GetBytes("SECding"), $"{ms}\nSECding"));
        Assert.That(ding.Query["sign"], Is.EqualTo(expected), "HttpListener has URL-decoded the query");
        Assert.That((string?)JsonNode.Parse(ding.Body)!["markdown"]!["title"], Is.EqualTo("task.assigned self-review"));

        var feishu = JsonNode.Parse(Receiver.To("/feishu").Single().Body)!;
        var seconds = (string)feishu["timestamp"]!;
        Assert.That(seconds, Is.EqualTo((Now / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That((string?)feishu["sign"], Is.EqualTo(Convert.ToBase64String(HmacSha256(Encoding.UTF8.GetBytes($"{seconds}\nfeishu-secret"), ""))));
        Assert.That((string?)feishu["msg_type"], Is.EqualTo("text"));
        Assert.That((string?)feishu["content"]!["text"], Does.StartWith("task.assigned self-review\n"));

        var json = JsonNode.Parse(Receiver.To("/json").Single().Body)!;
        Assert.That(((string?)json["event"], (string?)json["recipientId"], (string?)json["email"], (bool?)json["copy"]), Is.EqualTo((NoticeEvent.Assigned, Employee, await Email(Employee), (bool?)false)));
        Assert.That((string?)json["notice"]!["step"], Is.EqualTo("self-review"));
    }

    [Test]
    public async Task A_failing_receiver_is_retried_with_backoff_then_dead_lettered_without_blocking_the_others()
    {
        Receiver.StatusFor = path => path == "/failing" ? 500 : 200;
        var dispatcher = Dispatcher(new DeliverySettings
        {
            MaxAttempts = 3,
            Webhooks =
            [
                new(WebhookKind.Json, Receiver.Url("failing")) { Events = ["test.failing"] },
                new(WebhookKind.Json, Receiver.Url("ok")) { Events = ["test.ok"] },
            ],
        });
        await Enqueue("m-failing", "test.failing");
        await Enqueue("m-ok", "test.ok");

        Assert.That(await dispatcher.DispatchDueAsync("node-a", 10), Is.EqualTo(new DispatchResult(Sent: 1, Held: 0, Retried: 1, Dead: 0)));
        var failing = await Row("m-failing");
        Assert.That((failing.Status, failing.Attempts, failing.NextAttemptAt), Is.EqualTo((OutboxStatus.Pending, 1, Now + 60_000)));
        Assert.That(failing.LastError, Does.Contain("HTTP 500"));
        Assert.That((await Row("m-ok")).Status, Is.EqualTo(OutboxStatus.Sent));

        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That((await dispatcher.DispatchDueAsync("node-a", 10)).Claimed, Is.Zero, "not before the first minute");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await dispatcher.DispatchDueAsync("node-a", 10)).Retried, Is.EqualTo(1));
        Assert.That((await Row("m-failing")).NextAttemptAt, Is.EqualTo(Now + 120_000), "the wait doubles");

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That((await dispatcher.DispatchDueAsync("node-a", 10)).Dead, Is.EqualTo(1));
        var dead = await Row("m-failing");
        Assert.That((dead.Status, dead.Attempts), Is.EqualTo((OutboxStatus.Dead, 3)));
        Assert.That(dead.LastError, Does.Contain("HTTP 500"));

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.That((await dispatcher.DispatchDueAsync("node-a", 10)).Claimed, Is.Zero, "a dead message is never tried again");
        Assert.That(Receiver.To("/failing").Select(r => r.IdempotencyKey), Is.EqualTo(new[] { "key-m-failing", "key-m-failing", "key-m-failing" }), "every attempt carries the same key");
        Assert.That(Receiver.To("/ok"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_mail_retried_after_the_server_was_down_carries_the_same_Message_Id()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        var down = Dispatcher(new DeliverySettings { Smtp = TestSmtp.Down() });
        Assert.That((await down.DispatchDueAsync("node-a", 10)).Retried, Is.EqualTo(1));
        var row = (await Rows()).Single();
        Assert.That(row.LastError, Does.Contain("SMTP"));

        Clock.Advance(TimeSpan.FromMinutes(1));
        var up = Dispatcher(new DeliverySettings { Smtp = TestSmtp.Settings() });
        Assert.That((await up.DispatchDueAsync("node-b", 10)).Sent, Is.EqualTo(1));

        var id = MessageIds.For(row.IdempotencyKey);
        var mails = await TestSmtp.MailsAsync(MailsBefore, [id], 1);
        Assert.That(mails.Select(m => m.MessageId), Is.EqualTo(new[] { id }));
        Assert.That(((await Rows()).Single().Status, (await Rows()).Single().Attempts), Is.EqualTo((OutboxStatus.Sent, 2)));
    }

    [Test]
    public async Task A_person_with_the_daily_digest_gets_one_mail_listing_the_pending_notices()
    {
        // 09:00 UTC; the clock starts at 01:00, so the first digest goes out eight hours later.
        await InTransaction(Db, w => NotificationPreferenceStore.SetAsync(w, Employee, DigestKind.Daily, 9 * 60, Now));
        var dispatcher = Dispatcher(new DeliverySettings { Smtp = TestSmtp.Settings() });
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await Enqueue("m-message", NoticeEvent.Message);

        Assert.That((await dispatcher.DispatchDueAsync("node-a", 10)).Held, Is.EqualTo(3));
        Assert.That(await dispatcher.DispatchDigestsAsync(), Is.Zero, "not before 09:00");
        Assert.That((await Rows()).Select(r => r.Status), Is.All.EqualTo(OutboxStatus.Held));

        Clock.Advance(TimeSpan.FromHours(8));
        Assert.That(await dispatcher.DispatchDigestsAsync(), Is.EqualTo(1));
        Assert.That(await dispatcher.DispatchDigestsAsync(), Is.Zero, "one a day");

        var id = MessageIds.For($"digest.{Employee}.20261201");
        var digest = (await TestSmtp.MailsAsync(MailsBefore, [id], 1)).Single();
        Assert.That(TestSmtp.EnvelopeRecipients(digest), Is.EqualTo(new[] { await Email(Employee) }));
        Assert.That(digest.Subject, Is.EqualTo("FormFlow 每日摘要：3 条待处理通知"));
        Assert.That(digest.TextBody, Does.Contain("1. task.assigned self-review").And.Contain("2. task.assigned self-review").And.Contain("3. process.message"));
        Assert.That((await Rows()).Select(r => r.Status), Is.All.EqualTo(OutboxStatus.Sent));
        var single = await TestSmtp.MailsAsync(MailsBefore, [.. (await Rows()).Select(r => MessageIds.For(r.IdempotencyKey))], 0);
        Assert.That(single, Is.Empty, "no mail per notice");
    }

    private OutboxDispatcher Dispatcher(DeliverySettings settings) => new(Db, Clock, settings, PlainRenderer.RenderAsync, Http);

    private async Task<string> Email(string person) => (await InTransaction(Db, w => OrganisationStore.FindPersonAsync(w, person)))!.Email;

    private Task Enqueue(string id, string noticeEvent) => InTransaction(Db, w => OutboxStore.EnqueueAsync(w, [new OutboxMessage
    {
        Id = id,
        IdempotencyKey = "key-" + id,
        Channel = "mail",
        Recipient = Employee,
        Payload = new JsonObject { ["event"] = noticeEvent, ["recipient"] = Employee, ["cc"] = new JsonArray(), ["step"] = "test" }.ToJsonString(),
        NextAttemptAt = Now,
        CreatedAt = Now,
    }]));

    [Test]
    public async Task The_invitation_mail_arrives_with_a_text_calendar_part_named_interview_ics_even_for_a_daily_digest_reader()
    {
        // 刘洋 reads his notices in a daily digest: an invitation is still its own mail, at once.
        await InTransaction(Db, w => NotificationPreferenceStore.SetAsync(w, Employee, DigestKind.Daily, 9 * 60, Now));
        var dispatcher = new OutboxDispatcher(Db, Clock, new DeliverySettings
        {
            Smtp = TestSmtp.Settings(),
            Webhooks = [new(WebhookKind.Json, Receiver.Url("json"))],
        }, (w, m, r) => FormFlow.Notifications.NotificationRenderer.RenderAsync(w, m, r, "https://formflow.example"), Http);
        await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        var preparation = Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support");
        preparation["meeting_at"] = "2026-12-08T10:00:00+08:00";
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, preparation));

        await dispatcher.DispatchDueAsync("node-a", 100);

        var invitations = await InvitationKeys();
        Assert.That(invitations.Keys, Is.EquivalentTo(new[] { Employee, Manager }));
        var mails = (await TestSmtp.MailsAsync(MailsBefore, [.. invitations.Values.Select(MessageIds.For)], 2)).ToDictionary(m => TestSmtp.EnvelopeRecipients(m).Single());
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

        var posted = Receiver.To("/json").Select(r => JsonNode.Parse(r.Body)!).Where(b => (string?)b["event"] == NoticeEvent.MeetingInvitation).ToList();
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

    private async Task<IReadOnlyList<OutboxMessage>> Rows()
    {
        var ids = await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>("SELECT id FROM outbox ORDER BY created_at, id", transaction: w.Transaction)).ToList());
        var rows = new List<OutboxMessage>();
        foreach (var id in ids)
        {
            rows.Add(await Row(id));
        }

        return rows;
    }

    private async Task<OutboxMessage> Row(string id) => (await InTransaction(Db, w => OutboxStore.FindAsync(w, id)))!;

    private static string Event(OutboxMessage row) => (string)JsonNode.Parse(row.Payload)!["event"]!;

    private static byte[] HmacSha256(byte[] key, string message)
    {
        using var hmac = new HMACSHA256(key);
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(message));
    }
}
