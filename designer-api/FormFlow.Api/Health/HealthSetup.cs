using System.Text.Json;
using FormFlow.Api.Hosting;
using FormFlow.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Health;

/// <summary>A health answer: the overall status (Healthy, Degraded, Unhealthy) and each check's.</summary>
internal sealed record HealthReportBody(string Status, IReadOnlyList<HealthCheckBody> Checks);

/// <summary>One check of a health answer, with what it found.</summary>
internal sealed record HealthCheckBody(string Name, string Status, string? Description);

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: start-up loading is done, the database answers and has
/// every migration. Both anonymous, for load balancers and orchestrators.
/// </summary>
internal static class HealthSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string Ready = "ready";

    public static WebApplicationBuilder AddFormFlowHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapFormFlowHealth(this IEndpointRouteBuilder app)
    {
        // Described in the OpenAPI document by hand (OpenApi/HostPaths): the generator sees no handler here.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthReportBody(report.Status.ToString(), [.. report.Entries.Select(e => new HealthCheckBody(e.Key, e.Value.Status.ToString(), e.Value.Description))]);
        // The API's JSON options, as every other answer: the document describes it from the same type.
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return JsonSerializer.SerializeAsync(context.Response.Body, body, options, context.RequestAborted);
    }
}

/// <summary>Ready when start-up has loaded everything and the database answers with no migration missing.</summary>
internal sealed class DatabaseReadyCheck(Database database, StartupState startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.Loaded)
        {
            return HealthCheckResult.Unhealthy("starting: the database is being migrated and loaded");
        }

        try
        {
            var pending = await DatabaseMigrations.PendingAsync(database, cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{database.Dialect}: up to date")
                : HealthCheckResult.Unhealthy($"{database.Dialect}: migrations missing: {string.Join(", ", pending)}");
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect}: the database does not answer", error);
        }
    }
}
