namespace FormFlow.Api.Workers;

/// <summary>The timer sweeper, the outbox worker and the KPI threshold sweeper: always registered (tests call a pass directly), running when <c>FormFlow:Workers:Enabled</c>.</summary>
internal static class WorkersSetup
{
    public static WebApplicationBuilder AddFormFlowWorkers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .Validate(o => o.TimerIntervalSeconds > 0 && o.OutboxIntervalSeconds > 0 && o.KpiSweepIntervalSeconds > 0 && o.BatchSize > 0 && o.LeaseSeconds > 0, "FormFlow:Workers intervals, LeaseSeconds and BatchSize must be positive")
            .ValidateOnStart();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        services.AddHttpClient(OutboxWorker.HttpClientName);
        services.AddSingleton<TimerSweeper>();
        services.AddSingleton<OutboxWorker>();
        services.AddSingleton<ThresholdSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<TimerSweeper>());
        services.AddHostedService(provider => provider.GetRequiredService<OutboxWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<ThresholdSweeper>());
        return builder;
    }
}
