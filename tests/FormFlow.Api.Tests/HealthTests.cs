using System.Net;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

public sealed class HealthTests(string kind) : ApiTest(kind)
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_answers_healthy_without_a_token(string path)
    {
        using var client = Anonymous();
        using var response = await client.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)body["status"], Is.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task Ready_checks_the_database_and_its_migrations()
    {
        using var client = Anonymous();
        var body = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;
        Assert.That(body["checks"]!.AsArray().Select(c => ((string?)c!["name"], (string?)c["status"])), Is.EqualTo(new[] { ("database", "Healthy") }));
    }
}
