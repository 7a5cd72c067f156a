using FormFlow.Delivery;

namespace FormFlow.Api.Workers;

/// <summary><c>FormFlow:Delivery</c>: where notifications go — an SMTP server, webhooks (robots) — and the links they carry.</summary>
internal sealed class DeliveryOptions
{
    public const string Section = "FormFlow:Delivery";

    /// <summary>Where links in notifications point: the address people open FormFlow at.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    public SmtpOptions Smtp { get; set; } = new();

    public IList<WebhookOptions> Webhooks { get; } = [];

    public int MaxAttempts { get; set; } = 8;

    public DeliverySettings ToSettings() => new()
    {
        Smtp = string.IsNullOrWhiteSpace(Smtp.Host)
            ? null
            : new SmtpSettings(Smtp.Host, Smtp.Port, Smtp.Security, Smtp.From ?? throw new InvalidOperationException("FormFlow:Delivery:Smtp:From is required with an SMTP host"))
            {
                User = Smtp.User,
                Password = Smtp.Password,
                FromName = Smtp.FromName,
            },
        Webhooks = [.. Webhooks.Select(w => new WebhookTarget(w.Kind, w.Url ?? throw new InvalidOperationException("FormFlow:Delivery:Webhooks need a Url")) { Secret = w.Secret, Events = [.. w.Events], Departments = [.. w.Departments] })],
        MaxAttempts = MaxAttempts,
    };
}

internal sealed class SmtpOptions
{
    /// <summary>The mail server; no host means mail is off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? From { get; set; }

    public string FromName { get; set; } = "FormFlow";

    public string? User { get; set; }

    public string? Password { get; set; }
}

internal sealed class WebhookOptions
{
    public WebhookKind Kind { get; set; } = WebhookKind.Json;

    public Uri? Url { get; set; }

    public string? Secret { get; set; }

    public IList<string> Events { get; } = [];

    /// <summary>A team's channel: the departments whose people's messages and announcements it receives (WebhookTarget.Departments).</summary>
    public IList<string> Departments { get; } = [];
}
