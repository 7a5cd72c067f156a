using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FormFlow.Api.Tests;

/// <summary>The host serves a valid OpenAPI document that describes every endpoint it maps.</summary>
public sealed class OpenApiTests
{
    [Test]
    public async Task The_openapi_document_parses_and_lists_every_mapped_endpoint()
    {
        using var database = TestDatabase.Create("sqlite");
        using var host = new ApiHost(database);
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.That(response.IsSuccessStatusCode, Is.True, "the document is served without a token");
        await using var stream = await response.Content.ReadAsStreamAsync();
        var read = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings());
        Assert.That(read.Diagnostic?.Errors, Is.Empty, () => string.Join("; ", read.Diagnostic!.Errors.Select(e => e.ToString())));
        var document = read.Document!;

        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}")).ToHashSet();
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mapped, Does.Contain("POST /api/auth/dev-sign-in").And.Contain("GET /api/me"));
            Assert.That(mapped, Is.SubsetOf(documented));
            Assert.That(documented, Is.SubsetOf(mapped));
            Assert.That(document.Components?.SecuritySchemes?.Keys, Is.EqualTo(new[] { "Bearer" }));
            Assert.That(document.Paths["/api/me"].Operations![HttpMethod.Get].Security, Has.Count.EqualTo(1), "signed-in endpoints say they need the token");
            Assert.That(document.Paths["/api/auth/dev-sign-in"].Operations![HttpMethod.Post].Security, Is.Null.Or.Empty, "the sign-in is anonymous");
        });
    }
}
