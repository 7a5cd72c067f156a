using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FormFlow.Api.OpenApi;

/// <summary>
/// How to authenticate, as the document says it: a bearer token by default (the document's <c>security</c>, as the
/// fallback authorisation policy requires a known person everywhere), named again on every operation that needs it,
/// and <c>security: []</c> on each anonymous operation (the sign-in, health, this document).
/// </summary>
internal sealed class BearerSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string Scheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the organisation's identity provider (or the development sign-in) / 身份提供方签发的 JWT（或开发登录）",
        };
        document.Security = [Requirement(document)];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Security = IsAnonymous(context) ? [] : [Requirement(context.Document)];
        return Task.CompletedTask;
    }

    public static bool IsAnonymous(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();

    /// <summary>An operation that anyone may call: no requirement, overriding the document's.</summary>
    public static void Anonymous(OpenApiOperation operation) => operation.Security = [];

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument? document) => new() { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] };
}
