using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Notifications;
using FormFlow.Storage;
using MimeKit;

namespace FormFlow.Delivery;

/// <summary>What one dispatch did.</summary>
public sealed record DispatchResult(int Sent, int Held, int Retried, int Dead)
{
    public int Claimed => Sent + Held + Retried + Dead;
}

/// <summary>
/// Delivers the outbox: claims due messages with a lease, renders each for its recipient and for each person copied,
/// sends the mails and webhook calls, and marks the message sent — or schedules another attempt with a doubling
/// wait, or after <see cref="DeliverySettings.MaxAttempts"/> attempts marks it dead with the last error. Delivery is
/// at least once: a retry repeats every part of the message with the same Message-Id and Idempotency-Key, so a
/// receiver can drop what it already has. Nothing is sent inside a database transaction. While a batch is delivered its
/// leases are renewed every quarter of <see cref="DeliverySettings.Lease"/> (<see cref="LeaseHeartbeat"/>): a node
/// killed mid-batch leaves the rest to another node once the lease runs out, and the message it was sending may reach
/// the receiver twice, with the same key.
/// </summary>
public sealed class OutboxDispatcher
{
    private readonly Database database;
    private readonly TimeProvider clock;
    private readonly DeliverySettings settings;
    private readonly Func<UnitOfWork, OutboxMessage, string, Task<RenderedNotice>> render;
    private readonly WebhookSender webhooks;
    private readonly MailSender? mail;

    /// <summary>
    /// A dispatcher that renders each notice with the newest published (else the shipped) notification template;
    /// <paramref name="baseUrl"/> is where the links in the notices point (the server's public address).
    /// </summary>
    public OutboxDispatcher(Database database, TimeProvider clock, DeliverySettings settings, string baseUrl, HttpClient http)
        : this(database, clock, settings, Renderer(baseUrl), http)
    {
    }

    internal OutboxDispatcher(Database database, TimeProvider clock, DeliverySettings settings, Func<UnitOfWork, OutboxMessage, string, Task<RenderedNotice>> render, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.database = database;
        this.clock = clock;
        this.settings = settings;
        this.render = render;
        webhooks = new WebhookSender(http, clock);
        mail = settings.Smtp is null ? null : new MailSender(settings.Smtp, clock, settings.Timeout);
    }

    private static Func<UnitOfWork, OutboxMessage, string, Task<RenderedNotice>> Renderer(string baseUrl) =>
        (work, message, recipient) => NotificationRenderer.RenderAsync(work, message, recipient, baseUrl);

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<DispatchResult> DispatchDueAsync(string owner, int limit, CancellationToken cancellationToken = default)
    {
        var claimed = await InUnit(w => OutboxStore.ClaimDueAsync(w, owner, Now, settings.Lease, limit), cancellationToken);
        int sent = 0, held = 0, retried = 0, dead = 0;
        if (claimed.Count == 0)
        {
            return new DispatchResult(sent, held, retried, dead);
        }

        await using var heartbeat = new LeaseHeartbeat(database, OutboxStore.Renew, owner, settings.Lease, clock, claimed.Select(m => m.Id));
        foreach (var message in claimed)
        {
            // Our lease lapsed and another node took the message: it delivers it, so it is not sent from here too.
            if (!await heartbeat.HoldsAsync(message.Id))
            {
                continue;
            }

            try
            {
                switch (await DeliverAsync(owner, message, cancellationToken))
                {
                    case OutboxStatus.Sent: sent++; break;
                    case OutboxStatus.Held: held++; break;
                    case OutboxStatus.Dead: dead++; break;
                    default: retried++; break;
                }
            }
            catch (ConcurrencyConflictException)
            {
                // Taken over while it was being sent (our lease lapsed): the other node delivers and marks it, and
                // the receiver may get it twice, with the same idempotency key (at least once).
            }
            finally
            {
                heartbeat.Done(message.Id);
            }
        }

        return new DispatchResult(sent, held, retried, dead);
    }

    /// <summary>
    /// Sends each person whose digest time has come, and who has held messages, one mail listing them; the held
    /// messages are then sent. Returns how many digests went out.
    /// </summary>
    public async Task<int> DispatchDigestsAsync(CancellationToken cancellationToken = default)
    {
        if (mail is null)
        {
            return 0;
        }

        var recipients = await InUnit(OutboxStore.HeldRecipientsAsync, cancellationToken);
        var digests = 0;
        foreach (var recipient in recipients)
        {
            var now = Now;
            var digest = await InUnit(
                async w =>
                {
                    var preference = await NotificationPreferenceStore.FindAsync(w, recipient);
                    // A person who turned the digest off gets what was held in one last digest, at once.
                    if (preference is not null && preference.WantsDailyDigest && !preference.DigestDue(now))
                    {
                        return null;
                    }

                    if (preference is not null && !await NotificationPreferenceStore.TakeDigestAsync(w, recipient, preference.LastDigestAt, now))
                    {
                        return null;
                    }

                    var messages = await OutboxStore.HeldForAsync(w, recipient);
                    var rendered = new List<(OutboxMessage Message, RenderedNotice Notice)>();
                    foreach (var message in messages)
                    {
                        rendered.Add((message, await render(w, message, recipient)));
                    }

                    return new Digest(recipient, preference?.LastDigestAt, now, rendered);
                },
                cancellationToken);
            if (digest is null || digest.Items.Count == 0 || digest.Items[0].Notice.Email.Length == 0)
            {
                continue;
            }

            try
            {
                await mail.SendAsync([ComposeDigest(digest)], cancellationToken);
            }
            catch (DeliveryException)
            {
                await InUnit(w => NotificationPreferenceStore.ReleaseDigestAsync(w, recipient, digest.Seen, digest.Taken), cancellationToken);
                continue;
            }

            await InUnit(w => OutboxStore.MarkDigestSentAsync(w, [.. digest.Items.Select(i => i.Message.Id)], Now), cancellationToken);
            digests++;
        }

        return digests;
    }

    private async Task<string> DeliverAsync(string owner, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var plan = await InUnit(w => PlanAsync(w, message), cancellationToken);
            if (plan.Team)
            {
                return await AnnounceAsync(owner, message, plan, cancellationToken);
            }

            var channels = new List<string>();
            var wanting = settings.Webhooks.Where(t => t.Wants(plan.Main.Event) && t.Serves(plan.Department)).ToList();
            foreach (var target in wanting)
            {
                // A person copied (the superior on an overdue task) gets their copy on every channel the notice takes,
                // as its own post with its own key; the digest holds back mail only.
                foreach (var outgoing in (IEnumerable<Outgoing>)[plan.Main, .. plan.Copies])
                {
                    await webhooks.SendAsync(target, outgoing, cancellationToken);
                }
            }

            if (mail is not null)
            {
                var mails = (plan.Digest ? plan.Copies : [plan.Main, .. plan.Copies])
                    .Where(o => o.Notice.Email.Length > 0)
                    .Select(o => mail.Compose(o.Notice.Email, o.Subject, o.Notice.Body, o.MessageId, o.Event, o.IsCopy, o.Notice.Calendar))
                    .ToList();
                await mail.SendAsync(mails, cancellationToken);
                if (mails.Count > 0 || plan.Digest)
                {
                    channels.Add("mail");
                }
            }

            channels.AddRange(wanting.Select(t => ChannelOf(t.Kind)).Distinct(StringComparer.Ordinal));
            var held = plan.Digest && mail is not null;
            await InUnit(w => held ? OutboxStore.MarkHeldAsync(w, message.Id, owner, channels) : OutboxStore.MarkSentAsync(w, message.Id, owner, Now, channels), cancellationToken);
            return held ? OutboxStatus.Held : OutboxStatus.Sent;
        }
        catch (Exception e) when (IsDeliveryFailure(e, cancellationToken))
        {
            var attempt = message.Attempts + 1;
            var dead = attempt >= settings.MaxAttempts;
            var retryAt = Now + (long)settings.RetryAfter(attempt).TotalMilliseconds;
            await InUnit(w => OutboxStore.MarkFailedAsync(w, message.Id, owner, Describe(e), retryAt, dead), cancellationToken);
            return dead ? OutboxStatus.Dead : OutboxStatus.Pending;
        }
    }

    /// <summary>
    /// Posts an announcement to the channels of its department's team that want its event — never by mail, nobody
    /// copied, never held for a digest — and journals on the instance where it went, or that no channel took it (then
    /// nothing is sent and the message is done: a channel configured later does not receive old news).
    /// </summary>
    private async Task<string> AnnounceAsync(string owner, OutboxMessage message, Plan plan, CancellationToken cancellationToken)
    {
        var targets = settings.Webhooks.Where(t => t.Wants(plan.Main.Event) && plan.Department is not null && t.IsChannelOf(plan.Department)).ToList();
        foreach (var target in targets)
        {
            await webhooks.SendAsync(target, plan.Main, cancellationToken);
        }

        var channels = targets.Select(t => ChannelOf(t.Kind)).Distinct(StringComparer.Ordinal).ToList();
        await InUnit(
            async w =>
            {
                await OutboxStore.MarkSentAsync(w, message.Id, owner, Now, channels);
                if (message.InstanceId is { } instanceId)
                {
                    var detail = new JsonObject
                    {
                        ["department"] = plan.Department,
                        ["event"] = plan.Main.Event,
                        ["channels"] = new JsonArray([.. channels.Select(c => (JsonNode?)JsonValue.Create(c))]),
                        ["from"] = (string?)plan.Main.Payload["step"],
                        ["to"] = null,
                    };
                    await AuditLog.AppendAsync(w, new AuditEntry(Now, "system", channels.Count > 0 ? "announce.posted" : "announce.no-channel", "instance", instanceId, null, detail.ToJsonString()));
                }
            },
            cancellationToken);
        return OutboxStatus.Sent;
    }

    /// <summary>How a webhook kind is named among a message's channels (<see cref="OutboxMessage.Channels"/>).</summary>
    private static string ChannelOf(WebhookKind kind) => kind switch
    {
        WebhookKind.WeCom => "wecom",
        WebhookKind.DingTalk => "dingtalk",
        WebhookKind.Feishu => "feishu",
        _ => "json",
    };

    /// <summary>What a failed attempt may be: the receiver's refusal, the network, a timeout, or a message that cannot be rendered or read.</summary>
    private static bool IsDeliveryFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        DeliveryException or HttpRequestException or IOException or JsonException or FormatException or ParseException => true,
        InvalidOperationException or ArgumentException => true,
        _ => false,
    };

    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }

    private async Task<Plan> PlanAsync(UnitOfWork work, OutboxMessage message)
    {
        var payload = JsonNode.Parse(message.Payload) as JsonObject ?? throw new FormatException($"outbox message {message.Id}: the payload is not a JSON object");
        var noticeEvent = (string?)payload["event"] ?? message.Channel;
        var main = new Outgoing(await render(work, message, message.Recipient), noticeEvent, message.IdempotencyKey, IsCopy: false, payload);
        if ((string?)payload["audience"] == Workflows.NoticeAudience.Team)
        {
            return new Plan(main, [], Digest: false) { Team = true, Department = (string?)payload["department"] };
        }

        var copies = new List<Outgoing>();
        foreach (var cc in (payload["cc"] as JsonArray ?? []).Select(c => (string?)c).OfType<string>().Where(c => c != message.Recipient).Distinct(StringComparer.Ordinal))
        {
            copies.Add(new Outgoing(await render(work, message, cc), noticeEvent, $"{message.IdempotencyKey}.cc.{cc}", IsCopy: true, payload));
        }

        var preference = await NotificationPreferenceStore.FindAsync(work, message.Recipient);
        // A team's channel takes the messages about its department's people: the subject's department as it is now.
        var subject = (string?)payload["subjectId"] is { } subjectId && settings.Webhooks.Any(t => t.Departments.Count > 0)
            ? await Organisation.OrganisationStore.FindPersonAsync(work, subjectId)
            : null;

        // An invitation is not held for a digest: a calendar takes it only as its own mail, and it is about a date.
        return new Plan(main, copies, preference?.WantsDailyDigest == true && main.Notice.Calendar is null) { Department = subject?.DepartmentId };
    }

    private MimeMessage ComposeDigest(Digest digest)
    {
        var first = digest.Items[0].Notice;
        var chinese = Outgoing.IsChinese(first.Locale);
        var count = digest.Items.Count.ToString(CultureInfo.InvariantCulture);
        var subject = chinese ? $"FormFlow 每日摘要：{count} 条待处理通知" : $"FormFlow daily digest: {count} pending notices";
        var body = new StringBuilder(chinese ? "以下是您今天的通知：" : "Your notices of the day:").Append("\n\n");
        var n = 0;
        foreach (var (_, notice) in digest.Items)
        {
            body.Append(CultureInfo.InvariantCulture, $"{++n}. {notice.Subject}\n");
            foreach (var line in notice.Body.Split('\n'))
            {
                body.Append("   ").Append(line.TrimEnd('\r')).Append('\n');
            }

            body.Append('\n');
        }

        var day = DateTimeOffset.FromUnixTimeMilliseconds(digest.Taken).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return mail!.Compose(first.Email, subject, body.ToString(), MessageIds.For($"digest.{digest.Recipient}.{day}"), "digest.daily", isCopy: false);
    }

    private async Task<T> InUnit<T>(Func<UnitOfWork, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var unit = await UnitOfWork.BeginAsync(database, cancellationToken);
        var result = await work(unit);
        await unit.CommitAsync(cancellationToken);
        return result;
    }

    private async Task InUnit(Func<UnitOfWork, Task> work, CancellationToken cancellationToken)
    {
        await using var unit = await UnitOfWork.BeginAsync(database, cancellationToken);
        await work(unit);
        await unit.CommitAsync(cancellationToken);
    }

    private sealed record Plan(Outgoing Main, IReadOnlyList<Outgoing> Copies, bool Digest)
    {
        /// <summary>An announcement: for the department's team channels only.</summary>
        public bool Team { get; init; }

        /// <summary>The department of the message's subject (for an announcement, the one it was posted for); null when unknown.</summary>
        public string? Department { get; init; }
    }

    private sealed record Digest(string Recipient, long? Seen, long Taken, IReadOnlyList<(OutboxMessage Message, RenderedNotice Notice)> Items);
}
