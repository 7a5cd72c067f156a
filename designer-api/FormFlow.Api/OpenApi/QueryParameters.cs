using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Api.Contracts;
using Microsoft.OpenApi;

namespace FormFlow.Api.OpenApi;

/// <summary>
/// Query parameters an endpoint reads as text, so that a bad value is answered with the API's own 400 naming it,
/// documented as what they are on the wire: <c>page</c> and <c>pageSize</c> integers (with the list's bounds and
/// defaults), flags booleans.
/// </summary>
internal static class QueryParameters
{
    /// <summary><c>page</c> (1 to <see cref="Paging.MaxPage"/>, default 1) and <c>pageSize</c> (1 to the list's largest, default its default).</summary>
    public static RouteHandlerBuilder WithPaging(this RouteHandlerBuilder builder, PagingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Describe(operation, "page", Integer(1, Paging.MaxPage, 1));
            Describe(operation, "pageSize", Integer(1, rules.MaxSize, rules.DefaultSize));
            return Task.CompletedTask;
        });
    }

    /// <summary>A query flag: <c>true</c> or <c>false</c>.</summary>
    public static RouteHandlerBuilder WithBooleanQuery(this RouteHandlerBuilder builder, string name) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Describe(operation, name, new OpenApiSchema { Type = JsonSchemaType.Boolean });
            return Task.CompletedTask;
        });

    private static OpenApiSchema Integer(int minimum, int maximum, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
    };

    private static void Describe(OpenApiOperation operation, string name, OpenApiSchema schema)
    {
        var parameter = operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == name && p.In == ParameterLocation.Query)
            ?? throw new InvalidOperationException($"{operation.OperationId} has no query parameter {name} to describe");
        parameter.Schema = schema;
    }
}
