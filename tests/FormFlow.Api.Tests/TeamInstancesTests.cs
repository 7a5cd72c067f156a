using System.Globalization;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// <c>GET /api/instances?team=true&amp;cycle=</c>: a manager's team in a cycle, each person with the step their review
/// waits at, who holds it and when it is due. 张伟 (E011) manages 李娜 (E012) and 王强 (E013); 蒋涛 (E025) is 郑浩's
/// (E022); the HRBP 赵敏 (E004) launches the cycles.
/// </summary>
public sealed class TeamInstancesTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";
    private const string Manager = "E011";

    [Test]
    public async Task A_manager_sees_each_person_of_their_team_in_a_cycle_with_the_step_and_its_due_date()
    {
        var start = Host.Clock.GetUtcNow();
        var cycle = await LaunchAsync("E012", "E013", "E025");

        var team = await GetJson(await SignedIn(Manager), $"/api/instances?team=true&cycle={cycle}");
        var items = team["items"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That((int)team["total"]!, Is.EqualTo(2), team.ToJsonString());
            Assert.That(items.Select(i => (string?)i!["subject"]!["id"]).Order(), Is.EqualTo(new[] { "E012", "E013" }), "蒋涛 is not 张伟's");
            Assert.That(items.Select(i => (string?)i!["cycleName"]).Distinct(), Is.EqualTo(new[] { "团队周期 / Team cycle" }));
            var li = items.Single(i => (string?)i!["subject"]!["id"] == "E012")!;
            Assert.That((string?)li["subject"]!["name"]!["zh-CN"], Is.EqualTo("李娜"));
            var open = li["openTasks"]!.AsArray().Single()!;
            Assert.That(((string?)open["step"]!["id"], (string?)open["assignee"]!["id"], (bool?)open["overdue"]), Is.EqualTo(("self-review", "E012", false)));
            Assert.That(DateTimeOffset.Parse((string)open["dueAt"]!, CultureInfo.InvariantCulture), Is.EqualTo(start.AddDays(14)));
        });
    }

    [Test]
    public async Task A_step_past_its_due_date_is_marked_overdue_in_the_team_list()
    {
        var cycle = await LaunchAsync("E014");
        Host.Clock.Advance(TimeSpan.FromDays(15));

        var team = await GetJson(await SignedIn(Manager), $"/api/instances?team=true&cycle={cycle}");

        Assert.That((bool?)team["items"]![0]!["openTasks"]![0]!["overdue"], Is.True, team.ToJsonString());
    }

    [Test]
    public async Task An_employee_has_no_team_and_lists_nobody_elses_instances()
    {
        var cycle = await LaunchAsync("E012", "E015");

        var team = await GetJson(await SignedIn("E012"), $"/api/instances?team=true&cycle={cycle}");

        Assert.That(((int)team["total"]!, team["items"]!.AsArray().Count), Is.EqualTo((0, 0)), team.ToJsonString());
    }

    [Test]
    public async Task Without_a_cycle_the_team_list_holds_every_cycle_of_the_team()
    {
        var first = await LaunchAsync("E015");
        var second = await LaunchAsync("E015");

        var team = await GetJson(await SignedIn(Manager), "/api/instances?team=true&pageSize=100");

        Assert.That(team["items"]!.AsArray().Select(i => (string?)i!["cycleId"]), Is.SupersetOf(new[] { first, second }));
    }

    [Test]
    public async Task A_subjects_own_list_carries_the_subject_and_the_open_steps_too()
    {
        var cycle = await LaunchAsync("E013");

        var mine = await GetJson(await SignedIn("E013"), "/api/instances");
        var item = mine["items"]!.AsArray().First(i => (string?)i!["cycleId"] == cycle)!;

        Assert.That(((string?)item["subject"]!["id"], (string?)item["openTasks"]![0]!["step"]!["id"]), Is.EqualTo(("E013", "self-review")), item.ToJsonString());
    }

    [TestCase("?team=true&subject=E012", "team", "query.team-and-subject")]
    [TestCase("?team=yes", "team", "query.team")]
    [TestCase("?cycle=abc", "cycle", "query.cycle-without-team")]
    [TestCase("?team=true&cycle=", "cycle", "query.cycle")]
    public async Task A_bad_query_is_400_naming_the_parameter(string query, string parameter, string code)
    {
        using var response = await (await SignedIn(Manager)).GetAsync("/api/instances" + query);
        var problem = await Problem(response, 400);

        Assert.That(problem["errors"]?[parameter]?.AsArray().Select(e => (string?)e!["code"]), Does.Contain(code), problem.ToJsonString());
    }

    private async Task<string> LaunchAsync(params string[] people)
    {
        var starts = Host.Clock.GetUtcNow();
        var cycle = "team-" + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["cycleId"] = cycle,
            ["name"] = "团队周期 / Team cycle",
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray([.. people.Select(p => (JsonNode?)p)]) },
        };
        await Expect(await (await SignedIn(Hrbp)).PostAsync("/api/cycles", Json(body.ToJsonString())), 201, "launching");
        return cycle;
    }
}
