using FormFlow.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Hosting;

/// <summary>The database, the clock, the start-up loading and the start-up report.</summary>
internal static class HostingSetup
{
    public static WebApplicationBuilder AddFormFlowHosting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Options are bound when first read, so that a test host's configuration is seen too.
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Validate(o => o.Provider == StorageDialect.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString), "FormFlow:Database:ConnectionString is required for PostgreSql and SqlServer")
            .ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddOptions<OrganisationOptions>().BindConfiguration(OrganisationOptions.Section);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        // One clock for everything: the workers, the tokens, the engine. Tests put a fake one in its place.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => Open(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value, provider.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<StartupState>();
        services.AddSingleton<ShippedFiles>();
        services.AddHostedService<StartupLoader>();
        services.AddSingleton<StartupReport>();
        services.AddHostedService(provider => provider.GetRequiredService<StartupReport>());
        return builder;
    }

    private static Database Open(DatabaseOptions options, IHostEnvironment environment)
    {
        if (options.Provider != StorageDialect.Sqlite || !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new Database(options.Provider, options.ConnectionString!);
        }

        var file = Path.Combine(environment.ContentRootPath, DatabaseOptions.DefaultSqliteFile);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new Database(StorageDialect.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString);
    }
}
