using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FormFlow.Api.Telemetry;

/// <summary>Structured logs and OpenTelemetry traces and metrics; exported over OTLP only when an endpoint is configured.</summary>
internal static class TelemetrySetup
{
    public static WebApplicationBuilder AddFormFlowTelemetry(this WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        builder.Services.AddSingleton<Metrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "formflow"))
            .WithMetrics(metrics => metrics
                .AddMeter(FormFlowTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        // Spans are recorded only to be exported: without an exporter, recording every request's span (its tags,
        // its timings) would cost each request processor time for nothing. The request still has its activity (ASP.NET
        // Core makes one for the logs), so a problem's traceId is the same either way.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(FormFlowTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation())
                .WithLogging()
                .UseOtlpExporter();
        }

        return builder;
    }
}
