using FormFlow.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FormFlow.Api.Tests;

/// <summary>
/// The whole host in process over one test database: workers off (tests run a pass themselves), a fake clock in place
/// of the system's, the demo organisation on, the development sign-in on with a test key, its log kept for reading
/// (<see cref="Log"/>). Settings may be overridden.
/// </summary>
internal sealed class ApiHost(TestDatabase database, IReadOnlyDictionary<string, string?>? overrides = null) : WebApplicationFactory<Program>
{
    public const string Issuer = "formflow-test";
    public const string Audience = "formflow";

    /// <summary>The test's development signing key (base64 of 48 bytes); never a real one.</summary>
    public static readonly string DevKey = Convert.ToBase64String("formflow api tests: a signing key for tests only"u8.ToArray());

    public static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public TestDatabase Database => database;

    /// <summary>What the host logged (at the levels its configuration lets through).</summary>
    public FakeLogCollector Log => Services.GetRequiredService<FakeLogCollector>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddFakeLogging());
        builder.ConfigureAppConfiguration(configuration =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["FormFlow:Database:Provider"] = database.Dialect.ToString(),
                ["FormFlow:Database:ConnectionString"] = database.ConnectionString,
                ["FormFlow:Demo:Enabled"] = "true",
                ["FormFlow:Identity:Issuer"] = Issuer,
                ["FormFlow:Identity:Audience"] = Audience,
                ["FormFlow:Identity:DevSignIn:Enabled"] = "true",
                ["FormFlow:Identity:DevSignIn:SigningKey"] = DevKey,
                ["FormFlow:Identity:DevSignIn:PermitPerMinute"] = "1000",
                ["FormFlow:Workers:Enabled"] = "false",
                ["FormFlow:Limits:MaxRequestBytes"] = "4096",
            };
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            configuration.AddInMemoryCollection(settings);
        });
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>A fresh database for one fixture: a SQLite file in a temp folder, or a new database on the test PostgreSQL server.</summary>
internal sealed class TestDatabase : IDisposable
{
    private const string PostgresVariable = "FORMFLOW_TEST_POSTGRES";
    private readonly string? folder;

    private TestDatabase(StorageDialect dialect, string connectionString, string? folder)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        this.folder = folder;
    }

    public StorageDialect Dialect { get; }

    public string ConnectionString { get; }

    public static IEnumerable<string> Kinds() => ["sqlite", "postgresql"];

    public static TestDatabase Create(string kind)
    {
        if (kind == "sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("formflow-api-").FullName;
            return new TestDatabase(StorageDialect.Sqlite, $"Data Source={Path.Combine(folder, "formflow.db")};Pooling=false", folder);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Fail($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a throw-away PostgreSQL server, or set it to an Npgsql connection string of your own server.");
        }

        // Named after this process, so that a later run drops it should this one be killed (TestDatabaseNames).
        var name = FormFlow.Tests.Storage.TestDatabaseNames.CreateDatabase(server!, "ff_api");
        return new TestDatabase(StorageDialect.PostgreSql, new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, null);
    }

    public void Dispose()
    {
        if (Dialect == StorageDialect.PostgreSql)
        {
            // Each fixture has a database, so a pool, of its own: idle connections would pile up to the server's limit.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
