using System.Net;
using System.Net.Http.Json;

namespace FormFlow.Api.Tests;

/// <summary>The development sign-in is rate-limited per client address.</summary>
public sealed class RateLimitTests
{
    [Test]
    public async Task Dev_sign_in_beyond_the_permitted_rate_is_429_problem_details()
    {
        using var database = TestDatabase.Create("sqlite");
        using var host = new ApiHost(database, new Dictionary<string, string?> { ["FormFlow:Identity:DevSignIn:PermitPerMinute"] = "2" });
        using var client = host.CreateClient();

        // Five tries inside a minute cross at most one window boundary, so one window sees more than two of them.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId = "E004" }));
        }

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.That(refused, Is.Not.Empty);
        var body = await refused[0].Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused[0].Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body, Does.Contain("\"code\":\"rate-limited\""));
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.InRange(2, 4));
        });
        answers.ForEach(a => a.Dispose());
    }

    [Test]
    public async Task The_demo_people_list_shares_the_sign_in_rate_limit()
    {
        using var database = TestDatabase.Create("sqlite");
        using var host = new ApiHost(database, new Dictionary<string, string?> { ["FormFlow:Identity:DevSignIn:PermitPerMinute"] = "2" });
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var answer = await client.GetAsync("/api/auth/dev-people");
            statuses.Add(answer.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.InRange(2, 4));
        });
    }
}
