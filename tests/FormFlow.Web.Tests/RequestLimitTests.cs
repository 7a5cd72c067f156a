using System.Net;
using System.Text.Json.Nodes;

namespace FormFlow.Web.Tests;

/// <summary>
/// Over the real web server (Kestrel, which answers a request past its own limits with an empty body): an address or
/// headers over FormFlow's limits are answered as every error is, in Problem Details, over SQLite.
/// </summary>
public sealed class RequestLimitTests() : PagesFixture("sqlite")
{
    [TestCase(9_000, 0, 414, "request.uri-too-long")]
    [TestCase(0, 40_000, 431, "request.headers-too-large")]
    public async Task A_request_over_the_limits_is_answered_with_problem_details_not_an_empty_body(int addressLength, int headerLength, int status, string code)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Host.Address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/people/" + new string('a', Math.Max(addressLength, 1)));
        if (headerLength > 0)
        {
            request.Headers.Add("X-Padding", new string('a', headerLength));
        }

        using var response = await client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((string?)problem["code"], Is.EqualTo(code));
    }
}
