using System.Text.Json.Nodes;
using FormFlow.Api.Tests;

namespace FormFlow.Web.Tests;

/// <summary>The web pages' API client is generated from designer-api/web/openapi/v1.json: it must be what the host serves.</summary>
public sealed class OpenApiDocumentTests
{
    [Test]
    public async Task The_document_the_web_client_is_generated_from_is_the_one_the_host_serves()
    {
        using var database = TestDatabase.Create("sqlite");
        using var host = new ApiHost(database);
        using var client = host.CreateClient();
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers");

        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder!.FullName, "designer-api", "web", "openapi", "v1.json")))!;
        Assert.That(
            JsonNode.DeepEquals(served, committed),
            Is.True,
            "designer-api/web/openapi/v1.json is not what the host serves: the API changed. Refresh it with `npm run refresh-openapi --prefix designer-api/web`, rebuild, and fix what the generated types now say.");
    }
}
