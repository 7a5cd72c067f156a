using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// Moving and cancelling a booked interview over HTTP (docs/api-tasks.md, "Meetings"): 张伟 (E011) books the annual
/// review interview with 李娜 (E012) in his preparation, then moves it; 李娜 sees the review but did not book the interview
/// (nor reads his preparation), 宋佳 (E033) of Sales is unrelated.
/// </summary>
public sealed class MeetingsApiTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";
    private const string Manager = "E011";
    private const string Employee = "E012";
    private const string Stranger = "E033";

    [Test]
    public async Task The_manager_moves_the_interview_he_booked_and_reads_it_as_now_planned()
    {
        var (instance, booked) = await BookAsync();
        using var manager = await SignedIn(Manager);
        var moved = booked.AddDays(2).ToOffset(TimeSpan.FromHours(8));
        var updates = await NoticesAsync(Employee, "interview.updated");

        using var response = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare",
            new JsonObject { ["at"] = moved.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ["place"] = "5 号会议室" }, key: "move-1");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["step"], Is.EqualTo("prepare"));
            Assert.That(DateTimeOffset.Parse((string)body["at"]!, CultureInfo.InvariantCulture), Is.EqualTo(moved));
            Assert.That((string?)body["place"], Is.EqualTo("5 号会议室"));
            Assert.That((bool?)body["moved"], Is.True);
            Assert.That((string?)body["organizer"], Is.EqualTo(Manager));
            Assert.That((bool?)body["canChange"], Is.True);
        });
        var listed = await GetJson(manager, $"/api/instances/{instance}/meetings");
        Assert.That(listed["items"]!.AsArray().Select(m => (string?)m!["place"]), Is.EqualTo(new[] { "5 号会议室" }));
        Assert.That(await NoticesAsync(Employee, "interview.updated"), Is.EqualTo(updates + 1), "李娜 is told once");

        using var again = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare",
            new JsonObject { ["at"] = moved.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ["place"] = "5 号会议室" }, key: "move-1");
        Assert.That((int)again.StatusCode, Is.EqualTo(200));
        Assert.That(again.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }), "a second tap replays the first answer");
        Assert.That(await NoticesAsync(Employee, "interview.updated"), Is.EqualTo(updates + 1), "and sends nothing more");
    }

    [Test]
    public async Task A_move_whose_node_stopped_after_it_committed_is_answered_on_retry_with_the_meeting_as_moved_and_sends_nothing_more()
    {
        var (instance, booked) = await BookAsync();
        using var manager = await SignedIn(Manager);
        var key = "move-" + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["at"] = booked.AddDays(1).ToString("o", CultureInfo.InvariantCulture), ["place"] = "7 号会议室" };
        var updates = await NoticesAsync(Employee, "interview.updated");
        using var first = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", body, key: key);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.That((int)first.StatusCode, Is.EqualTo(200), firstText);
        var moves = await JournalAsync(instance, "meeting.rescheduled");

        await LoseTheStoredAnswerAsync(Db, Manager, key);
        Host.Clock.Advance(TimeSpan.FromMinutes(5));
        using var retry = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", body, key: key);
        var retryText = await retry.Content.ReadAsStringAsync();
        using var again = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", body, key: key);
        var againText = await again.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)retry.StatusCode, Is.EqualTo(200), "the manager learns his move worked, not 409: " + retryText);
            Assert.That(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed : [], Does.Contain("true"));
            Assert.That(retryText, Is.EqualTo(firstText), "the meeting as the move left it");
            Assert.That((int)again.StatusCode, Is.EqualTo(200), againText);
            Assert.That(againText, Is.EqualTo(retryText), "the rebuilt answer is kept for later retries");
        });
        Assert.That(await JournalAsync(instance, "meeting.rescheduled"), Is.EqualTo(moves), "not moved again");
        Assert.That(await NoticesAsync(Employee, "interview.updated"), Is.EqualTo(updates + 1), "李娜 is told once");
    }

    [Test]
    public async Task A_time_in_the_past_or_not_a_time_is_refused_naming_at()
    {
        var (instance, _) = await BookAsync();
        using var manager = await SignedIn(Manager);

        using var past = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare",
            new JsonObject { ["at"] = Host.Clock.GetUtcNow().AddHours(-2).ToString("o", CultureInfo.InvariantCulture) });
        using var garbled = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", new JsonObject { ["at"] = "next Tuesday" });
        using var missing = await Send(manager, HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", new JsonObject { ["place"] = "3 号会议室" });

        var problem = await Problem(past, 400);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/at" }), problem.ToJsonString());
        Assert.That(problem.ToJsonString(), Does.Contain("meeting_at"));
        Assert.That((await Problem(garbled, 400))["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/at" }));
        Assert.That((await Problem(missing, 400))["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/at" }), "leaving out the time does not cancel the meeting");
    }

    [Test]
    public async Task Only_who_booked_the_interview_may_change_it_and_only_who_reads_the_preparation_sees_it()
    {
        var (instance, booked) = await BookAsync();
        var change = new JsonObject { ["at"] = null };

        using var employee = await Send(await SignedIn(Employee), HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", change);
        using var stranger = await Send(await SignedIn(Stranger), HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", change);
        using var noStep = await Send(await SignedIn(Manager), HttpMethod.Post, $"/api/instances/{instance}/meetings/self-review", change);

        Assert.That((string?)(await Problem(employee, 403))["code"], Is.EqualTo("meeting.not-organizer"));
        await Problem(stranger, 404);
        await Problem(noStep, 404);
        Assert.That((await GetJson(await SignedIn(Employee), $"/api/instances/{instance}/meetings"))["items"]!.AsArray(), Is.Empty, "the preparation is not hers to read");
        var seen = (await GetJson(await SignedIn(Manager), $"/api/instances/{instance}/meetings"))["items"]!.AsArray().Single()!;
        Assert.That((DateTimeOffset.Parse((string)seen["at"]!, CultureInfo.InvariantCulture), (bool?)seen["canChange"]), Is.EqualTo((booked, (bool?)true)), "still his to change");
        using var strangerList = await (await SignedIn(Stranger)).GetAsync($"/api/instances/{instance}/meetings");
        await Problem(strangerList, 404);
    }

    [Test]
    public async Task Cancelling_answers_the_meeting_as_cancelled()
    {
        var (instance, _) = await BookAsync();
        var cancellations = await NoticesAsync(Employee, "interview.cancelled");

        using var response = await Send(await SignedIn(Manager), HttpMethod.Post, $"/api/instances/{instance}/meetings/prepare", new JsonObject { ["at"] = null });

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToJsonString());
        Assert.That(((string?)body["at"], (bool?)body["cancelled"], (bool?)body["canChange"]), Is.EqualTo(((string?)null, (bool?)true, (bool?)false)));
        Assert.That(await NoticesAsync(Employee, "interview.cancelled"), Is.EqualTo(cancellations + 1));
    }

    private async Task<int> JournalAsync(string instance, string action)
    {
        await using var work = await FormFlow.Storage.UnitOfWork.BeginReadAsync(Db);
        return await Dapper.SqlMapper.ExecuteScalarAsync<int>(
            work.Connection, "SELECT COUNT(*) FROM audit_log WHERE entity_id = @Instance AND action = @Action", new { Instance = instance, Action = action }, work.Transaction);
    }

    // Launches 李娜's annual review, she hands in her self-review and 张伟 books the interview five days ahead.
    private async Task<(string Instance, DateTimeOffset At)> BookAsync()
    {
        var starts = Host.Clock.GetUtcNow();
        var cycle = "meetings-" + Guid.NewGuid().ToString("N")[..8];
        var launch = new JsonObject
        {
            ["cycleId"] = cycle,
            ["name"] = "年度绩效 / Annual review",
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray(Employee) },
        };
        await Expect(await (await SignedIn(Hrbp)).PostAsync("/api/cycles", Json(launch.ToJsonString())), 201, "launching");
        using var employee = await SignedIn(Employee);
        var instance = (string)(await GetJson(employee, $"/api/tasks?cycle={cycle}&status=open"))["items"]![0]!["instanceId"]!;
        var selfReview = await OnlyOpenTaskAsync(employee, cycle, "self-review");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{selfReview}/submit", new JsonObject { ["data"] = Example("self-review", "valid-annual-rating-5") }), 200, "self-review");
        using var manager = await SignedIn(Manager);
        var prepare = await OnlyOpenTaskAsync(manager, cycle, "prepare");
        var at = new DateTimeOffset(starts.AddDays(5).UtcDateTime.Date.AddHours(6), TimeSpan.Zero);
        var prep = Example("interview-preparation-333", "valid-sales-manager-prep");
        prep["meeting_at"] = at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{prepare}/submit", new JsonObject { ["data"] = prep }), 200, "prepare");
        return (instance, at);
    }
}
