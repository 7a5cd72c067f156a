using System.Text.Json.Serialization;
using FormFlow.Documents;
using Microsoft.AspNetCore.Http.Json;

namespace FormFlow.Api.Problems;

/// <summary>Problem Details for every error, strict JSON for request bodies, and the request size limit.</summary>
internal static class ProblemsSetup
{
    public static WebApplicationBuilder AddFormFlowProblems(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).Validate(o => o.MaxRequestBytes > 0, "FormFlow:Limits:MaxRequestBytes must be positive");
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Complete);

        // Kestrel answers a request past its own limits with an empty body: they are set above RequestHeadCheck's, so
        // that a client meets FormFlow's limits, answered as Problem Details.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 4 * RequestHeadCheck.MaxTargetLength;
            kestrel.Limits.MaxRequestHeadersTotalSize = 4 * RequestHeadCheck.MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = 4 * RequestHeadCheck.MaxHeaderCount;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // A body that cannot be read throws, so that the exception handler can say which field is wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // A number is a number: "3" is not read as 3 (the web default allows it), so that the OpenAPI document
            // types numbers as numbers, not number-or-string, as the API writes them.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // Every JSON body has passed the engine's document reader (RequestBodyCheck): the serializer reads as deep.
            o.SerializerOptions.MaxDepth = DocumentReader.MaxDepth;
        });
        return builder;
    }

    public static WebApplication UseFormFlowProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestHeadCheck>();
        return app;
    }

    /// <summary>
    /// The request body check — the size limit, then the engine's document reader for a JSON body — after
    /// authorisation: an anonymous or refused request is answered before its body is read, so nobody without a token
    /// makes the host buffer an upload.
    /// </summary>
    public static WebApplication UseFormFlowRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyCheck>();
        return app;
    }
}
