using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Storage;
using FormFlow.Tests.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>
/// What the schedule holds, over HTTP on the fake clock, with the host's real workers and its webhook delivery to a
/// local receiver (no mail server): the annual review of 李娜 (E012), whose manager is 张伟 (E011), launched by their
/// HRBP 赵敏 (E004); the outbox as the administrator 林晓 (E002) sees and repairs it; 宋佳 (E033) of Sales is unrelated.
/// </summary>
public sealed class ScheduleApiTests(string kind) : ApiTest(kind)
{
    private const string Admin = "E002";
    private const string Hrbp = "E004";
    private const string Manager = "E011";
    private const string Employee = "E012";
    private const string Stranger = "E033";

    private readonly WebhookReceiver receiver = new();

    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["FormFlow:Delivery:Webhooks:0:Kind"] = "Json",
        ["FormFlow:Delivery:Webhooks:0:Url"] = receiver.Url("notices").ToString(),
        ["FormFlow:Delivery:MaxAttempts"] = "1",
    };

    [OneTimeTearDown]
    public void StopReceiver() => receiver.Dispose();

    [Test]
    public async Task A_launched_review_shows_the_reminder_and_escalation_pending_then_sent_to_the_right_people()
    {
        var start = Host.Clock.GetUtcNow();
        var instance = await LaunchAsync(Employee);
        var before = await GetJson(await SignedIn(Employee), $"/api/instances/{instance}/schedule");
        Assert.That(
            before["pending"]!.AsArray().Select(p => ((string?)p!["kind"], (string?)p["action"], (string?)p["step"]!["id"], At(p["dueAt"]), (string?)p["for"]?["id"], (string?)p["for"]?["name"]?["zh-CN"])),
            Is.EqualTo(new[]
            {
                ((string?)"reminder", (string?)null, (string?)"self-review", start.AddDays(12), (string?)Employee, (string?)"李娜"),
                ("escalation", "copy-superior", "self-review", start.AddDays(14), Employee, "李娜"),
            }),
            before.ToJsonString());

        Host.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await Host.Services.GetRequiredService<TimerSweeper>().SweepAsync(CancellationToken.None);
        await Host.Services.GetRequiredService<OutboxWorker>().DeliverAsync(CancellationToken.None);

        // Signed in afresh: a token from before the two weeks has expired.
        var mine = await GetJson(await SignedIn(Employee), $"/api/instances/{instance}/schedule");
        var theirs = await GetJson(await SignedIn(Manager), $"/api/instances/{instance}/schedule");
        Assert.Multiple(() =>
        {
            Assert.That(mine["pending"]!.AsArray().Select(p => (string?)p!["step"]!["id"]), Has.None.EqualTo("self-review"), "both fired");
            Assert.That(Notices(mine), Is.EquivalentTo(new[] { ("cycle.launched", false, "sent"), ("task.reminder", false, "sent"), ("task.overdue", false, "sent") }), mine.ToJsonString());
            Assert.That(Notices(theirs), Is.EqualTo(new[] { ("task.overdue", true, "sent") }), "the superior's copy, not the employee's reminder: " + theirs.ToJsonString());
            Assert.That(theirs["notices"]![0]!["channels"]!.AsArray().Select(c => (string?)c), Is.EqualTo(new[] { "json" }));
            Assert.That(Posts().Where(p => (string?)p["event"] == "task.overdue" && (string?)p["notice"]!["instanceId"] == instance).Select(p => ((string?)p["recipientId"], (bool?)p["copy"])), Is.EquivalentTo(new[] { ((string?)Employee, (bool?)false), (Manager, true) }), "the webhook got the superior's copy too");
        });
    }

    [Test]
    public async Task Only_those_who_may_read_the_instance_see_its_schedule()
    {
        var instance = await LaunchAsync("E013");

        using var stranger = await (await SignedIn(Stranger)).GetAsync($"/api/instances/{instance}/schedule");
        using var missing = await (await SignedIn(Manager)).GetAsync("/api/instances/no-such-instance/schedule");
        var hrbp = await GetJson(await SignedIn(Hrbp), $"/api/instances/{instance}/schedule");

        var problem = await Problem(stranger, 404);
        await Problem(missing, 404);
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("instance.not-found"));
            Assert.That(problem.ToJsonString(), Does.Not.Contain("王强").And.Not.Contain("Qiang"));
            Assert.That(hrbp["pending"]!.AsArray(), Has.Count.EqualTo(2), "the HRBP oversees the subject");
            Assert.That(hrbp["notices"]!.AsArray(), Is.Empty, "none was sent to the HRBP");
        });
    }

    [Test]
    public async Task A_dead_letter_shows_in_the_outbox_and_two_retries_at_once_deliver_it_once()
    {
        var worker = Host.Services.GetRequiredService<OutboxWorker>();
        await worker.DeliverAsync(CancellationToken.None);
        await LaunchAsync("E014");
        receiver.StatusFor = _ => 500;
        var failed = await worker.DeliverAsync(CancellationToken.None);
        receiver.StatusFor = _ => 200;
        var admin = await SignedIn(Admin);
        var dead = await GetJson(admin, "/api/outbox?status=dead&pageSize=200");
        var message = dead["items"]!.AsArray().Single(i => (string?)i!["recipient"]!["id"] == "E014")!;
        var id = (string)message["id"]!;

        var retries = await Task.WhenAll(admin.PostAsync($"/api/outbox/{id}/retry", null), (await SignedIn(Admin)).PostAsync($"/api/outbox/{id}/retry", null));
        var delivered = await worker.DeliverAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(failed.Dead, Is.EqualTo(1));
            Assert.That(((string?)message["event"], (string?)message["status"], (int?)message["attempts"]), Is.EqualTo(("cycle.launched", "dead", 1)));
            Assert.That((string?)message["lastError"], Does.Contain("HTTP 500"));
            Assert.That(retries.Select(r => (int)r.StatusCode).Order(), Is.EqualTo(new[] { 200, 409 }), "one retry wins, the other finds it no longer dead");
            var conflict = retries.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.That((string?)(await Problem(conflict, 409))["code"], Is.EqualTo("outbox.not-dead"));
            Assert.That(delivered.Sent, Is.EqualTo(1));
            var key = await KeyOf(id);
            Assert.That(receiver.Requests.Count(r => r.IdempotencyKey == key), Is.EqualTo(2), "the failed attempt and one delivery after the retries");
            Assert.That(await RetriedEntries(id), Is.EqualTo(new[] { Admin }));
            var sent = await GetJson(admin, "/api/outbox?status=sent&pageSize=200");
            Assert.That(sent["items"]!.AsArray().Select(i => (string?)i!["id"]), Does.Contain(id));
        });

        foreach (var response in retries)
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task Only_an_administrator_sees_the_outbox_or_retries_a_message()
    {
        await LaunchAsync("E015");
        var id = await AnyMessageAsync();

        foreach (var person in new[] { Hrbp, Manager, Employee })
        {
            var client = await SignedIn(person);
            using var list = await client.GetAsync("/api/outbox?status=bogus");
            using var retry = await client.PostAsync($"/api/outbox/{id}/retry", null);
            Assert.That((string?)(await Problem(list, 403))["code"], Is.EqualTo("outbox.forbidden"), person);
            Assert.That((string?)(await Problem(retry, 403))["code"], Is.EqualTo("outbox.forbidden"), person);
        }
    }

    [TestCase("status=failed", "status")]
    [TestCase("page=0", "page")]
    [TestCase("pageSize=201", "pageSize")]
    public async Task A_bad_outbox_query_is_400_naming_the_parameter(string query, string parameter)
    {
        using var response = await (await SignedIn(Admin)).GetAsync("/api/outbox?" + query);

        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]![parameter], Is.Not.Null, problem.ToJsonString());
    }

    [Test]
    public async Task Retrying_a_message_that_is_not_dead_or_does_not_exist_changes_nothing()
    {
        await LaunchAsync("E016");
        var id = await AnyMessageAsync();
        var admin = await SignedIn(Admin);

        using var pending = await admin.PostAsync($"/api/outbox/{id}/retry", null);
        using var missing = await admin.PostAsync("/api/outbox/no-such-message/retry", null);

        Assert.That((string?)(await Problem(pending, 409))["code"], Is.EqualTo("outbox.not-dead"));
        Assert.That((string?)(await Problem(missing, 404))["code"], Is.EqualTo("outbox.not-found"));
        Assert.That(await RetriedEntries(id), Is.Empty);
    }

    private static DateTimeOffset At(JsonNode? value) => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture);

    private static List<(string?, bool?, string?)> Notices(JsonNode schedule) =>
        [.. schedule["notices"]!.AsArray().Select(n => ((string?)n!["event"], (bool?)n["copy"], (string?)n["status"]))];

    private List<JsonNode> Posts() => [.. receiver.Requests.Select(r => JsonNode.Parse(r.Body)!)];

    // Launches the annual review for one person in a cycle of their own, starting now; the id of their instance.
    private async Task<string> LaunchAsync(string personId)
    {
        var starts = Host.Clock.GetUtcNow();
        var cycle = "schedule-" + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["cycleId"] = cycle,
            ["name"] = "年度绩效 / Annual review",
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray(personId) },
        };
        await Expect(await (await SignedIn(Hrbp)).PostAsync("/api/cycles", Json(body.ToJsonString())), 201, "launching");
        var inbox = await GetJson(await SignedIn(personId), $"/api/tasks?cycle={cycle}&status=open");
        return (string)inbox["items"]![0]!["instanceId"]!;
    }

    private async Task<string> AnyMessageAsync()
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.QueryFirstAsync<string>("SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at DESC", transaction: work.Transaction);
    }

    private async Task<string> KeyOf(string messageId)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await work.Connection.QuerySingleAsync<string>("SELECT idempotency_key FROM outbox WHERE id = @Id", new { Id = messageId }, work.Transaction);
    }

    private async Task<IReadOnlyList<string>> RetriedEntries(string messageId)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return [.. await work.Connection.QueryAsync<string>("SELECT actor FROM audit_log WHERE entity = 'outbox' AND entity_id = @Id AND action = 'outbox.retried'", new { Id = messageId }, work.Transaction)];
    }
}
