using System.Text.Json.Nodes;
using FormFlow.Delivery;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;
using FormFlow.Workflows;

namespace FormFlow.Tests.Delivery;

/// <summary>
/// The annual review's optional recognition, delivered for real on each database with the fake clock: 刘洋 (P5, 平台组
/// D2) rated by 张伟 (P4), the extreme rating approved by 李雷 (P2). A top rating the employee agreed to share is posted to
/// D2's team robots only — never mailed, never to another department's robot; anything else posts nothing, and the
/// instance's history says why.
/// </summary>
public class RecognitionTests(string kind) : DeliveryTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string SkipLevel = "P2";
    private const string Summary = "年度表现突出，主导平台重构";

    [Test]
    public async Task A_top_rating_with_consent_is_posted_to_the_teams_robots_only_and_never_mailed()
    {
        var instance = await RatedInCycle(5, consent: true);

        await Dispatcher(TeamRobots()).DispatchDueAsync("node-a", 200);

        var row = (await Rows()).Single(r => Event(r) == NoticeEvent.RecognitionAnnounced);
        var cycle = (await InTransaction(Db, w => CycleStore.FindAsync(w, instance.CycleId!)))!.Name;
        var wecom = (string)JsonNode.Parse(Receiver.To("/d2-wecom").Single().Body)!["markdown"]!["content"]!;
        var dingtalk = JsonNode.Parse(Receiver.To("/d2-dingtalk").Single().Body)!["markdown"]!;
        var feishu = (string)JsonNode.Parse(Receiver.To("/d2-feishu").Single().Body)!["content"]!["text"]!;
        var feedback = (string)ManagersPart(5, Summary)["feedback"]![0]!["behavior"]!;
        Assert.Multiple(() =>
        {
            Assert.That(row.Status, Is.EqualTo(OutboxStatus.Sent));
            Assert.That(row.Channels, Is.EquivalentTo(new[] { "wecom", "dingtalk", "feishu" }), "how it went out: the team's robots, no mail");
            Assert.That(wecom, Does.StartWith("**【团队表彰】恭喜 刘洋 获评「远超预期」**"));
            Assert.That(wecom, Does.Contain("综合评分：远超预期").And.Contain(cycle).And.Contain("刘洋（平台组）"));
            Assert.That((string?)dingtalk["title"], Is.EqualTo("【团队表彰】恭喜 刘洋 获评「远超预期」"));
            Assert.That((string?)dingtalk["text"], Does.Contain("综合评分：远超预期"));
            Assert.That(feishu, Does.StartWith("【团队表彰】恭喜 刘洋 获评「远超预期」\n").And.Contain(cycle));
            foreach (var text in new[] { wecom, (string)dingtalk["text"]!, feishu })
            {
                Assert.That(text, Does.Not.Contain(Summary).And.Not.Contain(feedback), "nothing of the form but the consented rating");
            }

            Assert.That(Receiver.To("/d9-wecom"), Is.Empty, "another department's robot gets nothing");
            Assert.That(Receiver.To("/hr-json").Select(r => (string?)JsonNode.Parse(r.Body)!["event"]), Has.None.EqualTo(NoticeEvent.RecognitionAnnounced), "a webhook for every department is no team's channel");
            Assert.That(Receiver.To("/hr-json"), Is.Not.Empty, "it still gets the people's notices");
        });

        var mails = await TestSmtp.MailsAsync(MailsBefore, [MessageIds.For(row.IdempotencyKey)], 0);
        Assert.That(mails, Is.Empty, "the SMTP server receives nothing for the announcement");
        Assert.That(await Journal(instance.Id), Does.Contain("announce.posted"));
    }

    [Test]
    public async Task The_same_rating_without_consent_posts_nothing()
    {
        var instance = await RatedInCycle(5, consent: false);

        await Dispatcher(TeamRobots()).DispatchDueAsync("node-a", 200);

        Assert.Multiple(async () =>
        {
            Assert.That((await Rows()).Select(Event), Has.None.EqualTo(NoticeEvent.RecognitionAnnounced));
            Assert.That(TeamPosts(), Is.Empty);
            Assert.That((await State(instance.Id)).Steps.ContainsKey("recognition"), Is.False, "the recognition check passes it by");
        });
        Assert.That((await TaskOf(Employee, "idp")).Step, Is.EqualTo("idp"), "the review goes on to the development plan");
    }

    [Test]
    public async Task The_announcement_itself_posts_nothing_without_consent_and_the_history_says_why()
    {
        // A designer who points the approval straight at the announcement, without the check: the step asks itself.
        var process = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "annual-review.json")))!;
        process["steps"]!["skip-level-approval"]!["next"] = "recognition";
        process["steps"]!.AsObject().Remove("recognition-check");
        await Publish(process.ToJsonString());
        var instance = await RatedInCycle(5, consent: null);

        await Dispatcher(TeamRobots()).DispatchDueAsync("node-a", 200);

        Assert.Multiple(async () =>
        {
            Assert.That((await Rows()).Select(Event), Has.None.EqualTo(NoticeEvent.RecognitionAnnounced));
            Assert.That(TeamPosts(), Is.Empty);
        });
        var history = await Instances.TimelineAsync(instance.Id, Employee);
        Assert.That(history!.Select(e => (e.Action, e.From)), Does.Contain(("announce.no-consent", (string?)"recognition")), "the employee reads why nothing was posted");
        Assert.That((await TaskOf(Employee, "idp")).Step, Is.EqualTo("idp"));
    }

    [Test]
    public async Task A_lower_rating_posts_nothing_even_with_consent()
    {
        var instance = await RatedInCycle(4, consent: true);

        await Dispatcher(TeamRobots()).DispatchDueAsync("node-a", 200);

        Assert.Multiple(async () =>
        {
            Assert.That((await Rows()).Select(Event), Has.None.EqualTo(NoticeEvent.RecognitionAnnounced));
            Assert.That(TeamPosts(), Is.Empty);
            Assert.That((await Journal(instance.Id)).Where(a => a.StartsWith("announce.", StringComparison.Ordinal)), Is.Empty, "the step is not entered");
            Assert.That((await State(instance.Id)).Steps.ContainsKey("recognition"), Is.False);
        });
    }

    [Test]
    public async Task Without_a_channel_for_the_team_nothing_is_sent_and_the_history_says_why()
    {
        var instance = await RatedInCycle(5, consent: true);
        var onlyHr = new DeliverySettings
        {
            Smtp = TestSmtp.Settings(),
            Webhooks = [Robot(WebhookKind.WeCom, "d9-wecom", "D9")],
        };

        await Dispatcher(onlyHr).DispatchDueAsync("node-a", 200);

        var row = (await Rows()).Single(r => Event(r) == NoticeEvent.RecognitionAnnounced);
        Assert.Multiple(async () =>
        {
            Assert.That(row.Status, Is.EqualTo(OutboxStatus.Sent), "done: a channel configured later does not get old news");
            Assert.That(row.Channels, Is.Empty, "it went out nowhere");
            Assert.That(Receiver.Requests, Is.Empty);
            Assert.That(await TestSmtp.MailsAsync(MailsBefore, [MessageIds.For(row.IdempotencyKey)], 0), Is.Empty, "not mailed instead");
        });
        var history = await Instances.TimelineAsync(instance.Id, Manager);
        Assert.That(history!.Select(e => (e.Action, e.From, e.ActorKind)), Does.Contain(("announce.no-channel", (string?)"recognition", "system")));
    }

    [Test]
    public async Task A_team_channel_receives_the_notices_about_its_own_departments_people_only()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await Runtime.StartAsync("annual-review", "P3", "P6");

        await Dispatcher(new DeliverySettings
        {
            Webhooks = [new(WebhookKind.Json, Receiver.Url("d2")) { Departments = ["D2"] }, new(WebhookKind.Json, Receiver.Url("d1")) { Departments = ["D1"] }],
        }).DispatchDueAsync("node-a", 200);

        Assert.Multiple(() =>
        {
            Assert.That(Receiver.To("/d2").Select(r => (string?)JsonNode.Parse(r.Body)!["notice"]!["subjectId"]), Is.Not.Empty.And.All.EqualTo(Employee));
            Assert.That(Receiver.To("/d1").Select(r => (string?)JsonNode.Parse(r.Body)!["notice"]!["subjectId"]), Is.Not.Empty.And.All.EqualTo("P3"), "D1's channel is not D2's: a sub-department's people are not its");
        });
    }

    // 刘洋's annual review in a cycle, through the interview rated `rating`, the skip-level approval of an extreme one.
    private async Task<InstanceRow> RatedInCycle(int rating, bool? consent)
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(90));
        await InterviewWithRating(Employee, Manager, rating, Summary, consent);
        if (rating is 5 or 1)
        {
            Succeeded(await Runtime.ApproveAsync((await TaskOf(SkipLevel, "skip-level-approval")).Id, SkipLevel, new JsonObject()));
        }

        return instance;
    }

    // D2's team robots take announcements; HR's robot is D9's; an HR system's webhook takes every department's notices.
    private DeliverySettings TeamRobots() => new()
    {
        Smtp = TestSmtp.Settings(),
        Webhooks =
        [
            Robot(WebhookKind.WeCom, "d2-wecom?key=team-key", "D2"),
            Robot(WebhookKind.DingTalk, "d2-dingtalk?access_token=team-token", "D2") with { Secret = "SECteam" },
            Robot(WebhookKind.Feishu, "d2-feishu", "D2") with { Secret = "team-secret" },
            Robot(WebhookKind.WeCom, "d9-wecom?key=hr-key", "D9"),
            new(WebhookKind.Json, Receiver.Url("hr-json")),
        ],
    };

    private WebhookTarget Robot(WebhookKind kind, string path, string department) =>
        new(kind, Receiver.Url(path)) { Events = [NoticeEvent.RecognitionAnnounced], Departments = [department] };

    private IReadOnlyList<WebhookReceiver.Received> TeamPosts() => [.. Receiver.Requests.Where(r => r.Path.StartsWith("/d2-", StringComparison.Ordinal) || r.Path.StartsWith("/d9-", StringComparison.Ordinal))];

    private OutboxDispatcher Dispatcher(DeliverySettings settings) =>
        new(Db, Clock, settings, (w, m, r) => NotificationRenderer.RenderAsync(w, m, r, "https://formflow.example"), Http);

    private async Task<IReadOnlyList<OutboxMessage>> Rows() =>
        [.. (await InTransaction(Db, w => OutboxStore.PageAsync(w, null, 0, 1000))).Items];

    private async Task<IReadOnlyList<string>> Journal(string instanceId) =>
        [.. (await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instanceId))).Select(e => e.Action)];

    private static string Event(OutboxMessage row) => (string)JsonNode.Parse(row.Payload)!["event"]!;
}
