using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace FormFlow.Api.OpenApi;

/// <summary>
/// Adds to every operation the answers the host's pipeline gives before (or around) its endpoint, so that no
/// endpoint has to remember them: 401 and 403 wherever a token is needed (no token; a token that names nobody); 400
/// where a body or a typed parameter can be malformed; 413 where there is a body (the size limit); 415 where the body
/// is JSON (bound by the framework, or refused by the endpoint when sent as anything else). And says what a body
/// that is not JSON is: text, or bytes (a file).
/// </summary>
internal sealed class PipelineResponses : IOpenApiOperationTransformer
{
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemMediaType = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!BearerSecurity.IsAnonymous(context))
        {
            AddProblem(operation, context.Document, StatusCodes.Status401Unauthorized);
            AddProblem(operation, context.Document, StatusCodes.Status403Forbidden);
        }

        var body = operation.RequestBody?.Content;
        if (body is { Count: > 0 } || operation.Parameters?.Any(p => p.Schema?.Type is { } type && type != JsonSchemaType.String) == true)
        {
            AddProblem(operation, context.Document, StatusCodes.Status400BadRequest);
        }

        if (body is { Count: > 0 })
        {
            AddProblem(operation, context.Document, StatusCodes.Status413PayloadTooLarge);
        }

        if (body is { Count: 1 } && body.ContainsKey("application/json"))
        {
            AddProblem(operation, context.Document, StatusCodes.Status415UnsupportedMediaType);
        }

        var contents = (operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content ?? new Dictionary<string, OpenApiMediaType>()).Concat(body ?? new Dictionary<string, OpenApiMediaType>());
        foreach (var (mediaType, media) in contents)
        {
            if (!IsJson(mediaType) && mediaType != "multipart/form-data")
            {
                media.Schema = mediaType.StartsWith("text/", StringComparison.Ordinal)
                    ? new OpenApiSchema { Type = JsonSchemaType.String }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A problem answer with <paramref name="status"/>, unless the endpoint already documents that status.</summary>
    public static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, int status)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= [];
        operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Problem(document, status));
    }

    public static OpenApiResponse Problem(OpenApiDocument? document, int status) => new()
    {
        Description = ReasonPhrases.GetReasonPhrase(status),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemMediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
}
