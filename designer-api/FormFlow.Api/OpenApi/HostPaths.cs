using FormFlow.Api.Health;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FormFlow.Api.OpenApi;

/// <summary>
/// The addresses the host answers without an endpoint handler, which the generator therefore does not see: the health
/// checks (<c>/health/live</c>, <c>/health/ready</c>) and this document. All three are anonymous. Also the server's
/// address as paths are joined to it: without a trailing slash (paths begin with one).
/// </summary>
internal sealed class HostPaths : IOpenApiDocumentTransformer
{
    private const string Tag = "Host";
    private const string HealthSchema = "HealthReport";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[HealthSchema] = await context.GetOrCreateSchemaAsync(typeof(HealthReportBody), null, cancellationToken);
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = Tag, Description = "What the host answers itself: health and this document / 主机自身的应答：健康检查与本文档" });
        document.Paths ??= [];
        document.Paths[HealthSetup.LivePath] = Get(document, "GetLiveness", "The process answers (for load balancers) / 进程存活", Health(document));
        document.Paths[HealthSetup.ReadyPath] = Get(document, "GetReadiness", "Start-up loading is done and the database answers with every migration / 已就绪：加载完成、数据库可用", Health(document));
        document.Paths[$"/openapi/{context.DocumentName}.json"] = Get(document, "GetOpenApiDocument", "This document (OpenAPI 3.1) / 本文档", new OpenApiResponses
        {
            ["200"] = Json("OK", new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema() }),
        });
    }

    private static OpenApiResponses Health(OpenApiDocument document) => new()
    {
        ["200"] = Json("Healthy or degraded", new OpenApiSchemaReference(HealthSchema, document)),
        ["503"] = Json("Unhealthy", new OpenApiSchemaReference(HealthSchema, document)),
    };

    private static OpenApiPathItem Get(OpenApiDocument document, string id, string summary, OpenApiResponses responses)
    {
        var operation = new OpenApiOperation
        {
            OperationId = id,
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
            Responses = responses,
        };
        BearerSecurity.Anonymous(operation);
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }

    private static OpenApiResponse Json(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = schema } },
    };
}
