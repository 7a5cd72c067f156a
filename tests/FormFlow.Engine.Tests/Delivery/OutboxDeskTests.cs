using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Delivery;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;
using FormFlow.Workflows;

namespace FormFlow.Tests.Delivery;

/// <summary>
/// The outbox as an administrator reads and repairs it through <see cref="OutboxDesk"/>, on each database: messages
/// delivered for real to a local webhook receiver, one of whose addresses fails.
/// </summary>
public class OutboxDeskTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Admin = "P6";

    private HttpClient http = null!;
    private WebhookReceiver receiver = null!;

    [SetUp]
    public async Task PublishProcesses()
    {
        http = new HttpClient();
        receiver = new WebhookReceiver();
        receiver.StatusFor = path => path == "/failing" ? 500 : 200;
        await PublishAnnualReview();
    }

    [TearDown]
    public void StopReceiver()
    {
        receiver.Dispose();
        http.Dispose();
    }

    [Test]
    public async Task The_outbox_lists_messages_by_status_newest_first_with_the_error_of_those_that_failed()
    {
        await Enqueue("m-ok", "test.ok", at: 0);
        await Enqueue("m-dead", "test.failing", at: 2);
        await Dispatcher(maxAttempts: 1).DispatchDueAsync("node-a", 10);
        await Enqueue("m-retrying", "test.failing", at: 1);
        await Enqueue("m-waiting", "test.ok", at: 3, dueIn: TimeSpan.FromHours(1));
        await Dispatcher(maxAttempts: 8).DispatchDueAsync("node-a", 10);

        var all = await Desk.ListAsync(null, 1, 10);
        var dead = await Desk.ListAsync("dead", 1, 10);
        var page = await Desk.ListAsync(null, 2, 2);

        Assert.Multiple(() =>
        {
            Assert.That(all.Items.Select(i => (i.Id, i.Status)), Is.EqualTo(new[] { ("m-waiting", "pending"), ("m-dead", "dead"), ("m-retrying", "retrying"), ("m-ok", "sent") }));
            Assert.That(all.Total, Is.EqualTo(4));
            Assert.That(dead.Items.Single().LastError, Does.Contain("HTTP 500"));
            Assert.That(dead.Items.Single().Attempts, Is.EqualTo(1));
            Assert.That((dead.Items.Single().Recipient.Id, dead.Items.Single().Recipient.Name.ZhCn), Is.EqualTo((Employee, "刘洋")));
            Assert.That(all.Items.Single(i => i.Id == "m-ok").Channels, Is.EqualTo(new[] { "json" }));
            Assert.That(page.Items.Select(i => i.Id), Is.EqualTo(new[] { "m-retrying", "m-ok" }));
            Assert.That(page.Total, Is.EqualTo(4));
        });
    }

    [Test]
    public void An_unknown_status_is_refused()
    {
        Assert.That(async () => await Desk.ListAsync("failed", 1, 10), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task A_retried_dead_letter_is_pending_again_audited_and_delivered_once_the_receiver_answers()
    {
        await Enqueue("m-dead", "test.failing", at: 0);
        await Dispatcher(maxAttempts: 1).DispatchDueAsync("node-a", 10);
        receiver.StatusFor = _ => 200;

        var retry = await Desk.RetryAsync("m-dead", Admin);
        var delivered = await Dispatcher(maxAttempts: 1).DispatchDueAsync("node-a", 10);

        Assert.Multiple(async () =>
        {
            Assert.That((retry.Status, retry.Item!.Status, retry.Item.Attempts), Is.EqualTo((OutboxRetryStatus.Retried, "pending", 0)));
            Assert.That(delivered.Sent, Is.EqualTo(1));
            Assert.That(receiver.To("/failing"), Has.Count.EqualTo(2), "the failed attempt and the one after the retry");
            var audit = await InTransaction(Db, w => AuditLog.ForAsync(w, "outbox", "m-dead"));
            Assert.That(audit.Select(a => (a.Actor, a.Action)), Is.EqualTo(new[] { (Admin, "outbox.retried") }));
            Assert.That(JsonNode.Parse(audit[0].BeforeJson!)!["lastError"]!.ToString(), Does.Contain("HTTP 500"));
            Assert.That((await Desk.RetryAsync("m-dead", Admin)).Status, Is.EqualTo(OutboxRetryStatus.NotDead), "a sent message is not retried");
            Assert.That((await Desk.RetryAsync("m-none", Admin)).Status, Is.EqualTo(OutboxRetryStatus.NotFound));
        });
    }

    [Test]
    public async Task Two_retries_at_once_put_a_dead_letter_back_once()
    {
        await Enqueue("m-dead", "test.failing", at: 0);
        await Dispatcher(maxAttempts: 1).DispatchDueAsync("node-a", 10);

        var outcomes = await Task.WhenAll(new OutboxDesk(Db, Clock).RetryAsync("m-dead", Admin), new OutboxDesk(Db, Clock).RetryAsync("m-dead", "P1"));

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Select(o => o.Status), Is.EquivalentTo(new[] { OutboxRetryStatus.Retried, OutboxRetryStatus.NotDead }));
            Assert.That(await InTransaction(Db, w => AuditLog.ForAsync(w, "outbox", "m-dead")), Has.Count.EqualTo(1));
            Assert.That(await InTransaction(Db, w => w.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE id = 'm-dead' AND status = 'pending'", transaction: w.Transaction)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_administrator_sees_who_a_message_is_for_but_not_which_anonymous_step_it_is_about()
    {
        await PublishSample("feedback-360");
        var instance = await Runtime.StartAsync("feedback-360", Employee, Admin);
        var nomination = new JsonObject
        {
            ["reviewers"] = new JsonArray([.. new[] { "P3", "P2", "P7" }.Select(p => (JsonNode?)new JsonObject { ["person_id"] = p, ["relationship"] = "peer" })]),
            ["focus_questions"] = new JsonArray("？"),
        };
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "nominate")).Id, Employee, nomination));
        Succeeded(await Runtime.ApproveAsync((await TaskOf("P4", "approve-reviewers")).Id, "P4", nomination));

        var items = (await Desk.ListAsync(null, 1, 50)).Items;

        var asked = items.Single(i => i.Recipient.Id == "P3" && i.Event == "task.assigned");
        Assert.Multiple(() =>
        {
            Assert.That((asked.Event, asked.InstanceId, asked.ProcessKey, asked.Step), Is.EqualTo(("task.assigned", (string?)null, (string?)null, (string?)null)));
            Assert.That(items.Where(i => i.Recipient.Id == Employee).Select(i => i.InstanceId), Has.All.EqualTo(instance.Id), "the subject's own notices keep their instance");
        });
    }

    private OutboxDesk Desk => new(Db, Clock);

    private OutboxDispatcher Dispatcher(int maxAttempts) => new(Db, Clock, new DeliverySettings
    {
        MaxAttempts = maxAttempts,
        Webhooks =
        [
            new(WebhookKind.Json, receiver.Url("failing")) { Events = ["test.failing"] },
            new(WebhookKind.Json, receiver.Url("ok")) { Events = ["test.ok"] },
        ],
    }, PlainRenderer.RenderAsync, http);

    // A message queued <paramref name="at"/> milliseconds after now (which orders the list), due at once unless <paramref name="dueIn"/>.
    private Task Enqueue(string id, string noticeEvent, long at, TimeSpan dueIn = default) => InTransaction(Db, w => OutboxStore.EnqueueAsync(w, [new OutboxMessage
    {
        Id = id,
        IdempotencyKey = "key-" + id,
        Channel = "mail",
        Recipient = Employee,
        Payload = new JsonObject { ["event"] = noticeEvent, ["recipient"] = Employee, ["cc"] = new JsonArray(), ["step"] = "test" }.ToJsonString(),
        NextAttemptAt = Now + (long)dueIn.TotalMilliseconds,
        CreatedAt = Now + at,
    }]));
}
