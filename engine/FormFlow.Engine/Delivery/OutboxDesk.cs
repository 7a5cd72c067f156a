using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Delivery;

/// <summary>
/// A message of the outbox as an administrator sees it: the event, who it is addressed to and who is copied, the
/// instance and step it is about (none for an anonymous step: who was asked there is not shown), its status
/// (<see cref="OutboxDesk.Statuses"/>), how many attempts it took, the last error, the channels it went out on, and
/// when it was queued, is tried next and was sent. Not its text: a return's reason or a process message stays with the
/// people it was written for.
/// </summary>
public sealed record OutboxItem(
    string Id,
    string Event,
    PersonName Recipient,
    IReadOnlyList<PersonName> Copies,
    string? InstanceId,
    string? ProcessKey,
    string? Step,
    string Status,
    int Attempts,
    string? LastError,
    IReadOnlyList<string> Channels,
    DateTimeOffset QueuedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt);

/// <summary>One page of the outbox, newest first, and how many messages match.</summary>
public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, int Total);

/// <summary>How a retry of a dead message ended.</summary>
public enum OutboxRetryStatus
{
    /// <summary>The message is pending again, due now.</summary>
    Retried,

    /// <summary>No such message.</summary>
    NotFound,

    /// <summary>The message is not dead (another retry came first, or it never died); nothing changed.</summary>
    NotDead,
}

/// <summary>The outcome of a retry, with the message as it now stands (null when there is none).</summary>
public sealed record OutboxRetry(OutboxRetryStatus Status, OutboxItem? Item);

/// <summary>
/// The outbox for a host's administrators: its messages by status, and putting a dead message back to be delivered.
/// Who may call it is the host's decision (administrators only).
/// </summary>
public sealed class OutboxDesk(Database database, TimeProvider clock)
{
    private const int ReceivedLookedAt = 500;

    /// <summary>
    /// What a message's status may be: <c>pending</c> (not tried yet), <c>retrying</c> (failed, tried again later),
    /// <c>held</c> (for its recipient's daily digest), <c>sent</c>, <c>dead</c> (failed its last attempt).
    /// </summary>
    public static IReadOnlyList<string> Statuses => OutboxStatus.Visible;

    /// <summary>A page of the messages with <paramref name="status"/> (any when null), newest first.</summary>
    public async Task<OutboxPage> ListAsync(string? status, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "one of " + string.Join(", ", Statuses));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var (messages, total) = await OutboxStore.PageAsync(work, status, (page - 1) * pageSize, pageSize);
        var names = new Names(work);
        var items = new List<OutboxItem>();
        foreach (var message in messages)
        {
            items.Add(await ItemAsync(work, names, message));
        }

        return new OutboxPage(items, total);
    }

    /// <summary>
    /// The newest messages of <paramref name="eventName"/> addressed to <paramref name="personId"/>, at most
    /// <paramref name="max"/>, newest first, looked for among that person's newest messages: whoever edits that event's
    /// notification template may preview it over one of their own (an administrator over anyone's, through <see cref="ListAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<OutboxItem>> ReceivedAsync(string personId, string eventName, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personId);
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var names = new Names(work);
        var items = new List<OutboxItem>();
        // The event is in each message's payload: read among the newest ones, a bounded number.
        foreach (var message in await OutboxStore.ReceivedAsync(work, personId, ReceivedLookedAt))
        {
            if (items.Count == max)
            {
                break;
            }

            if (JsonNode.Parse(message.Payload) is JsonObject payload && (string?)payload["event"] == eventName)
            {
                items.Add(await ItemAsync(work, names, message));
            }
        }

        return items;
    }

    /// <summary>
    /// Puts a dead message back to pending, due now and with its attempts counted afresh, and records who did it in
    /// the audit log. Of two retries at once, one retries and the other finds it no longer dead.
    /// </summary>
    public async Task<OutboxRetry> RetryAsync(string messageId, string actorId, CancellationToken cancellationToken = default)
    {
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        if (await OutboxStore.FindAsync(work, messageId) is not { } before)
        {
            return new OutboxRetry(OutboxRetryStatus.NotFound, null);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await OutboxStore.RetryDeadAsync(work, messageId, now))
        {
            return new OutboxRetry(OutboxRetryStatus.NotDead, await ItemAsync(work, new Names(work), (await OutboxStore.FindAsync(work, messageId))!));
        }

        await AuditLog.AppendAsync(work, new AuditEntry(
            now,
            actorId,
            "outbox.retried",
            "outbox",
            messageId,
            new JsonObject { ["status"] = before.Status, ["attempts"] = before.Attempts, ["lastError"] = before.LastError }.ToJsonString(),
            new JsonObject { ["status"] = OutboxStatus.Pending, ["attempts"] = 0 }.ToJsonString()));
        var after = await ItemAsync(work, new Names(work), (await OutboxStore.FindAsync(work, messageId))!);
        await work.CommitAsync(cancellationToken);
        return new OutboxRetry(OutboxRetryStatus.Retried, after);
    }

    private static async Task<OutboxItem> ItemAsync(UnitOfWork work, Names names, OutboxMessage message)
    {
        var payload = JsonNode.Parse(message.Payload) as JsonObject ?? [];
        var copies = new List<PersonName>();
        foreach (var cc in (payload["cc"] as JsonArray ?? []).Select(c => (string?)c).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            copies.Add(await names.OfAsync(cc));
        }

        // Who was asked at an anonymous step is as secret as who answered: the recipient stays (deliveries are about
        // people), what the message is about goes.
        var anonymous = await AboutAnonymousStepAsync(work, payload);
        var status = OutboxStatus.Shown(message);
        return new OutboxItem(
            message.Id,
            (string?)payload["event"] ?? string.Empty,
            await names.OfAsync(message.Recipient),
            copies,
            anonymous ? null : message.InstanceId,
            anonymous ? null : (string?)payload["process"],
            anonymous ? null : (string?)payload["step"],
            status,
            message.Attempts,
            message.LastError,
            message.Channels,
            DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt),
            status is OutboxStatus.Pending or OutboxStatus.Retrying ? DateTimeOffset.FromUnixTimeMilliseconds(message.NextAttemptAt) : null,
            message.SentAt is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null);
    }

    private static async Task<bool> AboutAnonymousStepAsync(UnitOfWork work, JsonObject payload)
    {
        if ((string?)payload["process"] is not { } key || (string?)payload["step"] is not { } step
            || payload["processVersion"] is not JsonValue version || !version.TryGetValue<int>(out var number))
        {
            return false;
        }

        var process = await ProcessCatalog.ProcessAsync(work, key, number);
        return process?.Steps.GetValueOrDefault(step) is Processes.ForEachStep { Anonymous: true };
    }
}
