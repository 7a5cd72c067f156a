using Npgsql;

namespace FormFlow.Tests.Storage;

/// <summary>
/// The database servers the storage tests run against. ./test.sh starts a throw-away PostgreSQL server and
/// exports FORMFLOW_TEST_POSTGRES; a test never skips for want of one, it fails and says how to get one.
/// </summary>
internal static class TestDatabases
{
    private const string PostgresVariable = "FORMFLOW_TEST_POSTGRES";

    /// <summary>The connection string of the test server's shared database formflow_test.</summary>
    public static string PostgresConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                Assert.Fail(
                    $"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a throw-away PostgreSQL server, "
                    + $"or set {PostgresVariable} to an Npgsql connection string of your own server (e.g. \"Host=127.0.0.1;Port=5432;Username=formflow;Database=formflow_test\").");
            }

            return value!;
        }
    }

    /// <summary>The connection string of a SQL Server to test against, or null when none is configured.</summary>
    public static string? SqlServerConnectionString =>
        Environment.GetEnvironmentVariable("FORMFLOW_TEST_SQLSERVER") is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Creates a fresh, empty database on the test server, named after this process so that a later run drops it should
    /// this one be killed (<see cref="TestDatabaseNames"/>), and returns its connection string.
    /// </summary>
    public static string CreatePostgresDatabase()
    {
        var name = TestDatabaseNames.CreateDatabase(PostgresConnectionString, "ff");
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }
}
