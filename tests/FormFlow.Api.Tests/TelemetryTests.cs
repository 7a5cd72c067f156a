using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FormFlow.Api.Tests;

/// <summary>Spans are recorded only when there is somewhere to export them: recording costs every request processor time.</summary>
public sealed class TelemetryTests(string kind) : ApiTest(kind)
{
    [Test]
    public void Without_an_OTLP_endpoint_the_host_records_no_spans_and_with_one_it_does()
    {
        using var exporting = Host.WithWebHostBuilder(b => b.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));

        Assert.That(
            (Host.Services.GetService<TracerProvider>() is null, exporting.Services.GetService<TracerProvider>() is null),
            Is.EqualTo((true, false)));
    }
}
