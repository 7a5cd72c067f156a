using System.Text.Json.Nodes;
using FormFlow.Delivery;
using FormFlow.Notifications;

namespace FormFlow.Tests.Delivery;

/// <summary>The robots' signatures against vectors computed independently (Python's hmac, base64 and urllib.parse.quote_plus).</summary>
public class RobotSignatureTests
{
    [Test]
    public void DingTalk_signs_timestamp_newline_secret_keyed_by_the_secret_url_encoded() =>
        Assert.That(RobotSignatures.DingTalk(1764000000000, "SEC000test-secret"), Is.EqualTo("n%2FPY%2F0m69Y27d26%2B2sppf86iitKObLxXFzjSWRPARiE%3D"));

    [Test]
    public void Feishu_signs_an_empty_message_keyed_by_timestamp_newline_secret() =>
        Assert.That(RobotSignatures.Feishu(1764000000, "feishu-secret"), Is.EqualTo("bawp1QohUKo4zWjDLixyPpNrgP17wAwVBH+FAFNgDt8="));

    [Test]
    public void Message_ids_keep_distinct_keys_distinct_and_valid()
    {
        Assert.That(MessageIds.For("t-1:assigned"), Is.EqualTo("t-1=3Aassigned@formflow"));
        Assert.That(MessageIds.For("a.b"), Is.Not.EqualTo(MessageIds.For("a:b")));
        Assert.That(MimeKit.MailboxAddress.TryParse(MessageIds.For("评审:1"), out _), Is.True);
    }

    [Test]
    public void Each_robot_gets_its_own_format()
    {
        var outgoing = new Outgoing(new RenderedNotice("P5", "p5@example.com", "待办：自评", "请在 12 月 15 日前完成", "zh-CN"), "task.assigned", "k1", IsCopy: false, new JsonObject());
        var now = DateTimeOffset.FromUnixTimeSeconds(1764000000);

        var (_, wecom) = WebhookSender.Build(new WebhookTarget(WebhookKind.WeCom, new Uri("http://robot/send?key=k")), outgoing, now);
        Assert.That(JsonEqual(wecom, """{"msgtype":"markdown","markdown":{"content":"**待办：自评**\n\n请在 12 月 15 日前完成"}}"""), Is.True, wecom.ToJsonString());

        var (dingUrl, ding) = WebhookSender.Build(new WebhookTarget(WebhookKind.DingTalk, new Uri("http://robot/send?access_token=t")) { Secret = "SEC000test-secret" }, outgoing, now);
        Assert.That(dingUrl.Query, Is.EqualTo("?access_token=t&timestamp=1764000000000&sign=n%2FPY%2F0m69Y27d26%2B2sppf86iitKObLxXFzjSWRPARiE%3D"));
        Assert.That((string?)ding["msgtype"], Is.EqualTo("markdown"));
        Assert.That((string?)ding["markdown"]!["title"], Is.EqualTo("待办：自评"));

        var (_, feishu) = WebhookSender.Build(new WebhookTarget(WebhookKind.Feishu, new Uri("http://robot/hook/x")) { Secret = "feishu-secret" }, outgoing, now);
        Assert.That(JsonEqual(feishu, """{"timestamp":"1764000000","sign":"bawp1QohUKo4zWjDLixyPpNrgP17wAwVBH+FAFNgDt8=","msg_type":"text","content":{"text":"待办：自评\n请在 12 月 15 日前完成"}}"""), Is.True, feishu.ToJsonString());
    }

    private static bool JsonEqual(JsonNode actual, string expected) => JsonNode.DeepEquals(actual, JsonNode.Parse(expected));
}
