using System.Text.Json;
using FormFlow.Api.Hosting;
using FormFlow.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FormFlow.Api.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: start-up loading is done, the database answers and has
/// every migration. Both anonymous, for load balancers and orchestrators.
/// </summary>
internal static class HealthSetup
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddFormFlowHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapFormFlowHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
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
