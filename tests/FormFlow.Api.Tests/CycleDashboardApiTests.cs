using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// What <c>GET /api/cycles/{id}/attention</c> tells each person about the overdue people and the ratings of a cycle: Platform
/// Engineering (D210, 8 people) launched by its HRBP 赵敏 (E004); 蒋涛 (E025) has been through his interview, rated 4
/// by 郑浩 (E022); fifteen days on, the other seven self-reviews are overdue. Who sees which person and which rating
/// is the instances' own rule (docs/api-cycles.md).
/// </summary>
public sealed class CycleDashboardApiTests(string kind) : ApiTest(kind)
{
    private const string Cycle = "c-dashboard";
    private const string Rated = "E025";

    // The other seven of Platform Engineering, whose self-reviews are overdue.
    private static readonly string[] Late = ["E021", "E022", "E023", "E024", "E026", "E027", "E028"];

    [OneTimeSetUp]
    public async Task LaunchAndRateOneAndLetTheOthersRunLate()
    {
        var starts = Host.Clock.GetUtcNow();
        using (var hrbp = await SignedIn("E004"))
        {
            var launch = new JsonObject
            {
                ["cycleId"] = Cycle,
                ["name"] = "2026 年度绩效 · 平台研发部",
                ["processKey"] = "annual-review",
                ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
                ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
                ["population"] = new JsonObject { ["departmentId"] = "D210" },
            };
            using var launched = await hrbp.PostAsJsonAsync("/api/cycles", launch);
            Assert.That(launched.StatusCode, Is.EqualTo(HttpStatusCode.Created), await launched.Content.ReadAsStringAsync());
        }

        using var employee = await SignedIn(Rated);
        using var manager = await SignedIn("E022");
        await Submit(employee, "self-review", Example("self-review", "valid-annual-rating-5"));
        await Submit(manager, "prepare", Example("interview-preparation-333", "valid-sales-manager-prep"));
        var record = Example("interview-record", "valid-developer-rating-4");
        await Submit(employee, "record", Only(record, "went_well", "to_improve", "plan"));
        var review = await OnlyOpenTaskAsync(manager, Cycle, "record");
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{review}/approve", new JsonObject { ["data"] = Only(record, "feedback", "overall_rating", "manager_summary") }), 200, "approve");

        // The self-review is due 14 days after the start.
        Host.Clock.Advance(TimeSpan.FromDays(15));
    }

    [TestCase("E002", Description = "the administrator")]
    [TestCase("E004", Description = "the HRBP of the department")]
    [TestCase("E021", Description = "the head of the department")]
    [TestCase("E010", Description = "the head of the department above it")]
    public async Task Everybody_who_watches_the_cycle_sees_its_overdue_people_with_their_step_assignee_and_days(string personId)
    {
        var progress = await Attention(personId);
        var overdue = progress["overdue"]!.AsArray();
        var self = overdue.Where(o => (string?)o!["step"]!["id"] == "self-review").ToList();
        var first = self.Single(o => (string?)o!["person"]!["id"] == "E023")!;
        Assert.Multiple(() =>
        {
            Assert.That(self.Select(o => (string?)o!["person"]!["id"]), Is.EquivalentTo(Late), "the seven self-reviews past due, 蒋涛's done");
            Assert.That((int)progress["overdueTasks"]!, Is.EqualTo(overdue.Count), "every overdue task is listed");
            Assert.That((string?)first["person"]!["name"]!["zh-CN"], Is.EqualTo("冯凯"));
            Assert.That((string?)first["step"]!["title"]!["en"], Is.EqualTo("Self-review"));
            Assert.That((string?)first["process"]!["id"], Is.EqualTo("annual-review"));
            Assert.That((string?)first["assignee"]!["id"], Is.EqualTo("E023"), "the self-review is his own to write");
            Assert.That((int)first["daysOverdue"]!, Is.EqualTo(1));
            Assert.That((DateTimeOffset)first["dueAt"]!, Is.LessThan(Host.Clock.GetUtcNow()));
            Assert.That((string?)first["instanceId"], Is.Not.Empty);
        });
    }

    [TestCase("E004", 1, Description = "the HRBP: the annual review shows the HRBP the rating")]
    [TestCase("E021", 1, Description = "the head of the department, a manager up 蒋涛's chain: the reviewer's part")]
    [TestCase("E002", 0, Description = "the administrator: the process shows an administrator no form")]
    public async Task The_rating_distribution_counts_only_the_ratings_the_caller_may_read(string personId, int rated)
    {
        var ratings = (await Attention(personId))["ratings"]!;
        var counts = ratings["counts"]!.AsArray().Select(c => ((int)c!["rating"]!, (int)c["count"]!)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((int)ratings["rated"]!, Is.EqualTo(rated));
            Assert.That(counts, Is.EqualTo(new[] { (1, 0), (2, 0), (3, 0), (4, rated), (5, 0) }));
        });
    }

    [Test]
    public async Task The_progress_report_lists_the_same_people_and_ratings_as_the_dashboard_reads()
    {
        using var hrbp = await SignedIn("E004");
        var progress = await Attention("E004");
        var overdue = await hrbp.GetStringAsync($"/api/reports/cycle-progress/{Cycle}?format=csv&table=overdue&lang=en");
        var ratings = await hrbp.GetStringAsync($"/api/reports/cycle-progress/{Cycle}?format=csv&table=ratings&lang=en");
        Assert.Multiple(() =>
        {
            Assert.That(overdue.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(progress["overdue"]!.AsArray().Count + 1), overdue);
            foreach (var person in progress["overdue"]!.AsArray())
            {
                Assert.That(overdue, Does.Contain((string)person!["person"]!["name"]!["en"]!));
            }

            Assert.That(ratings, Does.Contain("4,1,100"));
        });
    }

    [TestCase("E021", HttpStatusCode.Forbidden, Description = "the head of Platform Engineering, for all of R&D")]
    [TestCase("E022", HttpStatusCode.Forbidden, Description = "a manager of people in it")]
    [TestCase("E025", HttpStatusCode.Forbidden, Description = "an employee in it")]
    [TestCase("E030", HttpStatusCode.NotFound, Description = "the head of another department")]
    [TestCase("E012", HttpStatusCode.NotFound, Description = "an employee of another department")]
    public async Task Anyone_who_may_not_watch_a_cycle_learns_nobodys_name_or_rating_from_it(string personId, HttpStatusCode status)
    {
        // R&D with Platform Engineering below it: the head of Platform Engineering does not head everybody in it.
        var cycle = Cycle;
        if (personId == "E021")
        {
            cycle = "c-dashboard-rd";
            using var hrbp = await SignedIn("E004");
            var starts = Host.Clock.GetUtcNow();
            using var launched = await hrbp.PostAsJsonAsync("/api/cycles", new JsonObject
            {
                ["cycleId"] = cycle,
                ["name"] = "2026 年度绩效 · 研发中心",
                ["processKey"] = "annual-review",
                ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
                ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
                ["population"] = new JsonObject { ["departmentId"] = "D200" },
            });
            Assert.That((int)launched.StatusCode, Is.EqualTo(201).Or.EqualTo(200), await launched.Content.ReadAsStringAsync());
        }

        using var client = await SignedIn(personId);
        using var response = await client.GetAsync($"/api/cycles/{cycle}/attention");
        var body = await response.Content.ReadAsStringAsync();
        var problem = await Problem(response, (int)status);
        Assert.Multiple(() =>
        {
            Assert.That(problem.ContainsKey("overdue"), Is.False);
            Assert.That(problem.ContainsKey("ratings"), Is.False);
            Assert.That(body, Does.Not.Contain("冯凯").And.Not.Contain("E023").And.Not.Contain("rating"));
        });
    }

    private async Task<JsonNode> Attention(string personId)
    {
        using var client = await SignedIn(personId);
        return await GetJson(client, $"/api/cycles/{Cycle}/attention");
    }

    private static async Task Submit(HttpClient client, string step, JsonObject data)
    {
        var task = await OnlyOpenTaskAsync(client, Cycle, step);
        await Expect(await Send(client, HttpMethod.Post, $"/api/tasks/{task}/submit", new JsonObject { ["data"] = data }), 200, step);
    }
}
