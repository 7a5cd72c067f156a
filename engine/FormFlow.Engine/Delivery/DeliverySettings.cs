namespace FormFlow.Delivery;

/// <summary>How an organisation's notifications leave FormFlow: its mail server, its webhooks, and the retry policy.</summary>
public sealed record DeliverySettings
{
    /// <summary>No mail server: notices go to the webhooks only.</summary>
    public SmtpSettings? Smtp { get; init; }

    public IReadOnlyList<WebhookTarget> Webhooks { get; init; } = [];

    /// <summary>After this many failed attempts a message is dead (kept with its last error, never tried again).</summary>
    public int MaxAttempts { get; init; } = 8;

    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan LongestRetry { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long a claimed message stays the dispatcher's before another node may take it over, unless renewed: the
    /// dispatcher renews it every quarter of it while it works the batch, so only a node that stopped (died) lets it run out.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based): doubling from <see cref="FirstRetry"/>, capped.</summary>
    public TimeSpan RetryAfter(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var delay = FirstRetry * Math.Pow(2, doublings);
        return delay < LongestRetry ? delay : LongestRetry;
    }
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed record SmtpSettings(string Host, int Port, SmtpSecurity Security, string From)
{
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>The display name of the sender; the address alone when empty.</summary>
    public string FromName { get; init; } = "FormFlow";

    /// <summary>Hides the password when settings are logged or shown.</summary>
    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, From = {From}, User = {User} }}";
}

public enum WebhookKind
{
    /// <summary>FormFlow's own JSON: the rendered notice and the event fields.</summary>
    Json,

    /// <summary>企业微信群机器人: markdown; the key is part of the URL.</summary>
    WeCom,

    /// <summary>钉钉自定义机器人: markdown; signed with timestamp and sign query parameters when a secret is set.</summary>
    DingTalk,

    /// <summary>飞书自定义机器人: text; signed in the body when a secret is set.</summary>
    Feishu,
}

public sealed record WebhookTarget(WebhookKind Kind, Uri Url)
{
    /// <summary>The robot's signing secret (DingTalk's SEC…, Feishu's key); none means unsigned.</summary>
    public string? Secret { get; init; }

    /// <summary>The events this target receives; empty means every event.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    public bool Wants(string noticeEvent) => Events.Count == 0 || Events.Contains(noticeEvent, StringComparer.Ordinal);

    /// <summary>
    /// A team's channel: the departments (ids such as <c>D210</c>) whose people's messages it receives — and the only
    /// kind of target an announcement (<c>recognition.announced</c>) is posted to. Empty: every department's messages,
    /// and no announcements. A department listed covers its own people only, not its sub-departments': an employee
    /// agrees to their team's group, not to a wider one; a channel meant for more lists each department.
    /// </summary>
    public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary>Whether the target takes a message about someone in <paramref name="department"/> (null: nobody's, or unknown).</summary>
    internal bool Serves(string? department) => Departments.Count == 0 || (department is not null && Departments.Contains(department, StringComparer.Ordinal));

    /// <summary>Whether the target is a channel of <paramref name="department"/>'s team: announcements about its people go there.</summary>
    internal bool IsChannelOf(string department) => Departments.Contains(department, StringComparer.Ordinal);

    /// <summary>Hides the secret and the URL's query (a WeCom key or DingTalk token) when settings are logged.</summary>
    public override string ToString() => $"WebhookTarget {{ Kind = {Kind}, Url = {Url.GetLeftPart(UriPartial.Path)} }}";
}
