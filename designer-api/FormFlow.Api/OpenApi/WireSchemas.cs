using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FormFlow.Api.Authoring;
using FormFlow.Api.Organisation;
using FormFlow.Api.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FormFlow.Api.OpenApi;

/// <summary>
/// Makes every schema say what the serializer writes:
/// <list type="bullet">
/// <item>a member the host leaves out when it is null (the default for every member, see ProblemsSetup) is optional and
/// never null — only members marked <c>[JsonIgnore(Condition = Never)]</c> are written as <c>null</c>;</item>
/// <item>free-form objects (form data, a JSON Schema, a uiSchema, a definition) take any members:
/// <c>additionalProperties: {}</c>, where the generated <c>{"type": "object"}</c> reads to a client generator as an
/// object with no members;</item>
/// <item>a problem (<see cref="ProblemDetails"/>) has the members <see cref="ApiProblems"/> and the endpoints give it.</item>
/// </list>
/// </summary>
internal sealed class WireSchemas : IOpenApiSchemaTransformer
{
    /// <summary>The members every FormFlow problem has besides <c>type</c>: all but <c>type</c>, which only known statuses carry.</summary>
    private static readonly string[] ProblemRequired = ["title", "status", "detail", "instance", ApiProblems.CodeKey, ApiProblems.TraceIdKey];

    /// <summary>The extension members of a problem, with the types they are written from.</summary>
    private static readonly (string Name, Type Type, string Description)[] ProblemExtensions =
    [
        (ApiProblems.CodeKey, typeof(string), "A stable code for the kind of problem (e.g. task.stale) / 稳定的问题代码"),
        (ApiProblems.TraceIdKey, typeof(string), "The request's trace id, for the administrator / 请求的追踪编号"),
        (ApiProblems.ErrorsKey, typeof(Dictionary<string, List<FieldErrorBody>>), "What is wrong, by field: a JSON Pointer into the body, or a parameter's or header's name / 按字段列出的错误"),
        (ApiProblems.CurrentVersionKey, typeof(int), "task.stale: the task's current version (also its ETag) / 任务的当前版本"),
        (ApiProblems.FindingsKey, typeof(List<FindingBody>), "definition.has-errors: every finding of lint / 检查发现的全部问题"),
        (ApiProblems.ProblemsKey, typeof(List<ImportProblemBody>), "An organisation file's problems, by row and column / 组织架构文件的问题"),
    ];

    /// <summary>Microsoft.AspNetCore.OpenApi's metadata key (its OpenApiConstants.NullableProperty) for a nullable member whose type is a component.</summary>
    private const string NullableReference = "x-is-nullable-property";

    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(JsonObject))
        {
            schema.AdditionalProperties = new OpenApiSchema();
            return;
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (properties.TryGetValue(property.Name, out var member) && AllowsNull(member) && LeftOutWhenNull(property))
                {
                    properties[property.Name] = WithoutNull(member);
                    schema.Required?.Remove(property.Name);
                }
            }
        }

        if (type == typeof(ProblemDetails))
        {
            await DescribeProblemAsync(schema, context, cancellationToken);
        }
    }

    private static bool LeftOutWhenNull(JsonPropertyInfo property)
    {
        var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false).OfType<JsonIgnoreAttribute>().FirstOrDefault();
        return (ignore?.Condition ?? property.Options.DefaultIgnoreCondition) is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
    }

    // Null in the type, a oneOf with null, or (for a member whose type is a component) the generator's mark that the
    // reference it becomes is to be wrapped in a oneOf with null.
    private static bool AllowsNull(IOpenApiSchema schema) =>
        schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)
        || schema.OneOf?.Any(IsNullOnly) == true
        || schema is OpenApiSchema { Metadata: { } metadata } && metadata.TryGetValue(NullableReference, out var nullable) && nullable is true;

    private static bool IsNullOnly(IOpenApiSchema schema) => schema.Type == JsonSchemaType.Null;

    private static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema inline)
        {
            return schema;
        }

        inline.Metadata?.Remove(NullableReference);
        if (inline.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        {
            inline.Type = type & ~JsonSchemaType.Null;
        }

        if (inline.OneOf is { Count: > 0 } options)
        {
            var rest = options.Where(o => !IsNullOnly(o)).ToList();
            if (rest.Count == 1 && inline.Type is null && inline.Properties is null or { Count: 0 })
            {
                return rest[0];
            }

            inline.OneOf = rest;
        }

        return inline;
    }

    private static async Task DescribeProblemAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        schema.Description = "Every FormFlow error (RFC 9457 Problem Details): title and detail in the caller's language, a stable code, the trace id; errors by field for invalid requests / 所有错误的统一格式";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, type, description) in ProblemExtensions)
        {
            var member = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
            member.Description = description;
            schema.Properties[name] = member;
        }

        schema.Required = new HashSet<string>(ProblemRequired, StringComparer.Ordinal);
        // Every member a problem may have is listed above.
        schema.AdditionalPropertiesAllowed = false;
    }
}
