using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Delivery;

/// <summary>Posts a rendered notice to a webhook, in the target's format, with its idempotency key as the Idempotency-Key header.</summary>
internal sealed class WebhookSender(HttpClient http, TimeProvider clock)
{
    public async Task SendAsync(WebhookTarget target, Outgoing outgoing, CancellationToken cancellationToken)
    {
        var (url, body) = Build(target, outgoing, clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Idempotency-Key", outgoing.IdempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DeliveryException($"{target.Kind} webhook {target.Url.GetLeftPart(UriPartial.Path)}: HTTP {(int)response.StatusCode} {Shorten(text)}");
        }

        // The robots answer 200 also when they refuse a message (a bad signature, a rate limit): the code says which.
        if (target.Kind != WebhookKind.Json && RobotError(text) is { } error)
        {
            throw new DeliveryException($"{target.Kind} webhook {target.Url.GetLeftPart(UriPartial.Path)}: {error}");
        }
    }

    /// <summary>The address to post to and the body, in the format of <paramref name="target"/>'s kind.</summary>
    public static (Uri Url, JsonObject Body) Build(WebhookTarget target, Outgoing outgoing, DateTimeOffset now)
    {
        var notice = outgoing.Notice;
        switch (target.Kind)
        {
            case WebhookKind.WeCom:
                return (target.Url, new JsonObject
                {
                    ["msgtype"] = "markdown",
                    ["markdown"] = new JsonObject { ["content"] = $"**{outgoing.Subject}**\n\n{notice.Body}" },
                });
            case WebhookKind.DingTalk:
                var url = target.Url;
                if (target.Secret is { Length: > 0 } secret)
                {
                    var ms = now.ToUnixTimeMilliseconds();
                    var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
                    url = new Uri($"{url}{separator}timestamp={ms.ToString(CultureInfo.InvariantCulture)}&sign={RobotSignatures.DingTalk(ms, secret)}");
                }

                return (url, new JsonObject
                {
                    ["msgtype"] = "markdown",
                    ["markdown"] = new JsonObject { ["title"] = outgoing.Subject, ["text"] = $"### {outgoing.Subject}\n\n{notice.Body}" },
                });
            case WebhookKind.Feishu:
                var body = new JsonObject();
                if (target.Secret is { Length: > 0 } key)
                {
                    var seconds = now.ToUnixTimeSeconds();
                    body["timestamp"] = seconds.ToString(CultureInfo.InvariantCulture);
                    body["sign"] = RobotSignatures.Feishu(seconds, key);
                }

                body["msg_type"] = "text";
                body["content"] = new JsonObject { ["text"] = $"{outgoing.Subject}\n{notice.Body}" };
                return (target.Url, body);
            default:
                return (target.Url, new JsonObject
                {
                    ["idempotencyKey"] = outgoing.IdempotencyKey,
                    ["event"] = outgoing.Event,
                    ["recipientId"] = notice.RecipientId,
                    ["email"] = notice.Email,
                    ["locale"] = notice.Locale,
                    ["subject"] = outgoing.Subject,
                    ["body"] = notice.Body,
                    ["copy"] = outgoing.IsCopy,
                    ["notice"] = outgoing.Payload.DeepClone(),
                });
        }
    }

    /// <summary>WeCom and DingTalk answer {"errcode":0}, Feishu {"code":0}; anything else non-zero is a refusal.</summary>
    private static string? RobotError(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject answer)
            {
                return null;
            }

            foreach (var name in new[] { "errcode", "code" })
            {
                if (answer[name] is JsonValue value && value.TryGetValue<long>(out var code) && code != 0)
                {
                    return $"{name} {code} {Shorten((string?)answer["errmsg"] ?? (string?)answer["msg"] ?? "")}";
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
