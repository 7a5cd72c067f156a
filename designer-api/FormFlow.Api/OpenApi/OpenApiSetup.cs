namespace FormFlow.Api.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>), generated from the endpoints and made to say what the host sends:
/// <see cref="WireSchemas"/> for the schemas, <see cref="PipelineResponses"/> and <see cref="BearerSecurity"/> for every
/// operation, <see cref="HostPaths"/> for what has no endpoint handler. A test validates real answers against it
/// (tests/FormFlow.Api.Tests/OpenApiAnswersTests.cs).
/// </summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddFormFlowOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        var security = new BearerSecurity();
        options.AddSchemaTransformer(new WireSchemas());
        options.AddOperationTransformer(security);
        options.AddOperationTransformer(new PipelineResponses());
        options.AddDocumentTransformer(security);
        options.AddDocumentTransformer(new HostPaths());
    });
}
