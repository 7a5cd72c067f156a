using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FormFlow.Api.Tests;

/// <summary>
/// The host serves a valid OpenAPI 3.1 document that describes every address it answers, in the terms a client
/// generator reads: numbers as numbers, free-form objects open, members the API leaves out optional, one problem shape
/// with all its members, each operation with the answers its pipeline gives, anonymous operations saying so. Whether
/// real answers fit it is OpenApiAnswersTests.
/// </summary>
public sealed class OpenApiTests
{
    private TestDatabase? database;
    private ApiHost? host;
    private string text = "";
    private JsonObject json = [];

    [OneTimeSetUp]
    public async Task FetchTheDocument()
    {
        database = TestDatabase.Create("sqlite");
        host = new ApiHost(database);
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.That(response.IsSuccessStatusCode, Is.True, "the document is served without a token");
        text = await response.Content.ReadAsStringAsync();
        json = JsonNode.Parse(text)!.AsObject();
    }

    [OneTimeTearDown]
    public void StopHost()
    {
        host?.Dispose();
        database?.Dispose();
    }

    private IEnumerable<(string Key, JsonObject Operation)> Operations =>
        json["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(m => m.Key != "parameters").Select(m => ($"{m.Key.ToUpperInvariant()} {p.Key}", m.Value!.AsObject())));

    private IEnumerable<(string Key, JsonObject Schema)> Components =>
        json["components"]!["schemas"]!.AsObject().Select(s => (s.Key, s.Value!.AsObject()));

    [Test]
    public async Task The_openapi_document_parses_and_lists_every_address_the_host_answers()
    {
        var read = await OpenApiDocument.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "json", new OpenApiReaderSettings());
        Assert.That(read.Diagnostic?.Errors, Is.Empty, () => string.Join("; ", read.Diagnostic!.Errors.Select(e => e.ToString())));
        var document = read.Document!;

        var documented = document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}")).ToHashSet();
        var described = Mapped(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true);
        var mapped = Mapped(_ => true);
        Assert.Multiple(() =>
        {
            Assert.That(described, Does.Contain("POST /api/auth/dev-sign-in").And.Contain("GET /api/me"));
            Assert.That(described, Is.SubsetOf(documented), "every endpoint is documented");
            Assert.That(documented, Is.SupersetOf(new[] { "GET /health/live", "GET /health/ready", "GET /openapi/v1.json" }), "and so are health and this document, by hand");
            Assert.That(documented, Is.SubsetOf(mapped), "and nothing else");
        });
    }

    [Test]
    public void Signed_in_operations_need_the_bearer_token_and_anonymous_ones_say_they_need_nothing()
    {
        var anonymous = Mapped(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null);
        Assert.Multiple(() =>
        {
            Assert.That(anonymous, Is.SupersetOf(new[] { "POST /api/auth/dev-sign-in", "GET /health/live", "GET /health/ready", "GET /openapi/v1.json" }));
            Assert.That(json["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key), Is.EqualTo(new[] { "Bearer" }));
            Assert.That(json["security"]?.ToJsonString(), Is.EqualTo("""[{"Bearer":[]}]"""), "the token is the default");
            foreach (var (key, operation) in Operations)
            {
                Assert.That(
                    operation["security"]?.ToJsonString(),
                    Is.EqualTo(anonymous.Contains(key) ? "[]" : """[{"Bearer":[]}]"""),
                    $"{key}: an empty security list overrides the default for the anonymous operations");
            }
        });
    }

    [Test]
    public void The_server_address_has_no_trailing_slash()
    {
        var servers = json["servers"]?.AsArray().Select(s => (string?)s!["url"]).ToList() ?? [];
        Assert.That(servers, Has.All.Not.EndWith("/"), "paths begin with a slash: the server's address is joined to them as it is");
    }

    [Test]
    public void The_problem_schema_has_every_member_a_problem_carries_and_every_problem_answer_uses_it()
    {
        // Every error but a health check's 503 (a health report, for load balancers) is a problem.
        var problem = json["components"]!["schemas"]!["ProblemDetails"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(problem["properties"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "type", "title", "status", "detail", "instance", "code", "traceId", "errors", "currentVersion", "findings", "problems" }));
            Assert.That(problem["required"]!.AsArray().Select(r => (string?)r), Is.SupersetOf(new[] { "title", "status", "code", "traceId" }));
            Assert.That(problem["properties"]!["errors"]!["additionalProperties"]!["items"]!["$ref"]?.ToString(), Is.EqualTo("#/components/schemas/FieldErrorBody"));
            foreach (var (key, operation) in Operations)
            {
                foreach (var (status, response) in operation["responses"]!.AsObject())
                {
                    var contents = response!["content"]?.AsObject() ?? [];
                    if ((status.StartsWith('4') || status.StartsWith('5')) && !key.Contains("/health/", StringComparison.Ordinal))
                    {
                        Assert.That(contents.Select(c => c.Key), Is.EqualTo(new[] { "application/problem+json" }), $"{key} {status} is a problem");
                    }

                    if (contents["application/problem+json"] is { } content)
                    {
                        Assert.That(content["schema"]?["$ref"]?.ToString(), Is.EqualTo("#/components/schemas/ProblemDetails"), $"{key} {status}");
                    }
                }
            }
        });
    }

    [Test]
    public void Every_operation_documents_what_the_pipeline_answers_before_its_endpoint()
    {
        Assert.Multiple(() =>
        {
            foreach (var (key, operation) in Operations)
            {
                var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
                if (operation["security"]!.AsArray().Count > 0)
                {
                    Assert.That(statuses, Does.Contain("401").And.Contain("403"), $"{key}: no token, or a token that names nobody");
                }

                if (operation["requestBody"] is not null)
                {
                    Assert.That(statuses, Does.Contain("400").And.Contain("413"), $"{key}: a malformed body, a body over the limit");
                }

                if (operation["requestBody"]?["content"]?["application/json"] is not null && operation["requestBody"]?["content"]!.AsObject().Count == 1)
                {
                    Assert.That(statuses, Does.Contain("415"), $"{key}: a body that is not JSON");
                }

                if (operation["parameters"]?.AsArray().Any(p => p!["schema"]?["type"]?.ToString() is "integer" or "boolean") == true)
                {
                    Assert.That(statuses, Does.Contain("400"), $"{key}: a parameter that is not what it should be");
                }
            }
        });
    }

    [Test]
    public void Numbers_are_numbers_and_paging_parameters_integers()
    {
        var mixed = Schemas(json).Where(s => s["type"] is JsonArray types && types.Any(t => (string?)t == "string") && types.Any(t => (string?)t is "integer" or "number")).ToList();
        var paging = Operations
            .SelectMany(o => o.Operation["parameters"]?.AsArray() ?? [])
            .Where(p => (string?)p!["name"] is "page" or "pageSize")
            .Select(p => (Name: (string?)p!["name"], Type: p["schema"]?["type"]?.ToString(), Minimum: (int?)p["schema"]?["minimum"]))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mixed.Select(s => s.ToJsonString()), Is.Empty, "no number is documented as number-or-string");
            Assert.That(paging, Has.Count.GreaterThanOrEqualTo(14), "every list pages");
            Assert.That(paging.Select(p => (p.Type, p.Minimum)), Has.All.EqualTo(("integer", 1)), "page and pageSize are whole numbers from 1");
        });
    }

    [Test]
    public void Free_form_objects_take_any_members()
    {
        // An object schema that names no members and says nothing of others reads to a client generator as an object
        // that can have none (Record<string, never>).
        var closedAndEmpty = Schemas(json)
            .Where(s => s["type"]?.ToString() == "object" && s["properties"] is null && s["additionalProperties"] is null && s["oneOf"] is null && s["anyOf"] is null && s["allOf"] is null)
            .Select(s => s.ToJsonString())
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(closedAndEmpty, Is.Empty);
            Assert.That(json["components"]!["schemas"]!["JsonObject"]!["additionalProperties"]?.ToJsonString(), Is.EqualTo("{}"));
        });
    }

    [Test]
    public void A_required_member_is_never_null_except_where_the_api_writes_null()
    {
        // The API leaves a member out when it is null, except where a contract says [JsonIgnore(Condition = Never)]
        // (e.g. a task's history, null when there is none, as docs/api-tasks.md shows it).
        var writtenAsNull = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties().Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Never }).Select(p => $"{t.Name}.{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}"))
            .ToList();
        var nullableRequired = Components
            .SelectMany(c => (c.Schema["required"]?.AsArray() ?? []).Select(r => (string)r!).Where(r => AllowsNull(c.Schema["properties"]?[r])).Select(r => $"{c.Key}.{r}"))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(writtenAsNull, Does.Contain("TaskResponse.history"));
            Assert.That(nullableRequired, Is.EquivalentTo(writtenAsNull), "a member the API leaves out when null is optional and never null; one it writes as null is required and nullable");
        });
    }

    [Test]
    public void No_two_types_share_a_schema_name()
    {
        var names = Components.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var clashes = typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsNested && names.Contains(t.Name))
            .GroupBy(t => t.Name)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" and ", g.Select(t => t.FullName)))
            .ToList();
        Assert.That(clashes, Is.Empty, "one schema would describe both");
    }

    /// <summary>The addresses the host maps whose endpoint fits <paramref name="which"/>, as "METHOD /path" (the document's route with its name).</summary>
    private List<string> Mapped(Func<RouteEndpoint, bool> which) => host!.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(which)
        .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
        .Select(e => e.Replace("{documentName}", "v1", StringComparison.Ordinal))
        .ToList();

    private static bool AllowsNull(JsonNode? schema) =>
        schema?["type"] is JsonArray types && types.Any(t => (string?)t == "null")
        || (string?)(schema?["type"] as JsonValue) == "null"
        || schema?["oneOf"]?.AsArray().Any(AllowsNull) == true;

    private static IEnumerable<JsonObject> Schemas(JsonNode? node) => node switch
    {
        JsonObject obj => (obj.ContainsKey("type") || obj.ContainsKey("$ref") ? [obj] : Enumerable.Empty<JsonObject>())
            .Concat(obj.Where(p => p.Key is not ("example" or "examples" or "default" or "enum")).SelectMany(p => Schemas(p.Value))),
        JsonArray array => array.SelectMany(Schemas),
        _ => [],
    };
}
