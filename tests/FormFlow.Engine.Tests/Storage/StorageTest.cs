using Dapper;
using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

/// <summary>
/// The base of the storage suite: every test runs against each database FormFlow supports — a SQLite file,
/// SQLite in memory, a real PostgreSQL server, and SQL Server when FORMFLOW_TEST_SQLSERVER names one —
/// each time on a fresh, migrated database.
/// </summary>
[TestFixtureSource(typeof(StorageTest), nameof(Kinds))]
public abstract class StorageTest(string kind)
{
    private readonly List<string> folders = [];
    private readonly List<Database> others = [];

    protected string Kind { get; } = kind;

    private protected Database Db { get; private set; } = null!;

    /// <summary>A second handle on the same database, as another node (or process) would open it.</summary>
    private protected Database OtherNode { get; private set; } = null!;

    public static IEnumerable<string> Kinds()
    {
        yield return "sqlite-file";
        yield return "sqlite-memory";
        yield return "postgresql";
        if (TestDatabases.SqlServerConnectionString is not null)
        {
            yield return "sqlserver";
        }
    }

    [SetUp]
    public async Task CreateDatabase()
    {
        (Db, OtherNode) = Open();
        await Migrator.ApplyAsync(Db);
    }

    [TearDown]
    public void DropDatabase()
    {
        if (!ReferenceEquals(OtherNode, Db))
        {
            OtherNode.Dispose();
        }

        Db.Dispose();
        foreach (var other in others)
        {
            other.Dispose();
        }

        others.Clear();
        if (Kind == "postgresql")
        {
            // Every test has a database of its own, and so a connection pool of its own: idle pooled connections
            // of finished tests would otherwise pile up to the server's connection limit.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        if (folders.Count > 0)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }

            folders.Clear();
        }
    }

    /// <summary>A second fresh, migrated database of the same kind (not another node of <see cref="Db"/>), dropped with it.</summary>
    private protected async Task<Database> AnotherDatabaseAsync()
    {
        var (another, otherNode) = Open();
        if (!ReferenceEquals(another, otherNode))
        {
            otherNode.Dispose();
        }

        others.Add(another);
        await Migrator.ApplyAsync(another);
        return another;
    }

    /// <summary>A fresh database and a second handle on it.</summary>
    private protected (Database Db, Database OtherNode) Open()
    {
        switch (Kind)
        {
            case "sqlite-file":
                var folder = Directory.CreateTempSubdirectory("formflow-storage-").FullName;
                folders.Add(folder);
                var file = $"Data Source={Path.Combine(folder, "formflow.db")};Pooling=false";
                return (new Database(StorageDialect.Sqlite, file), new Database(StorageDialect.Sqlite, file));
            case "sqlite-memory":
                // One process holds an in-memory database: its nodes are the same handle.
                var memory = new Database(StorageDialect.Sqlite, $"Data Source=ff-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
                return (memory, memory);
            case "postgresql":
                var postgres = TestDatabases.CreatePostgresDatabase();
                return (new Database(StorageDialect.PostgreSql, postgres), new Database(StorageDialect.PostgreSql, postgres));
            default:
                var sqlServer = TestDatabases.SqlServerConnectionString!;
                return (new Database(StorageDialect.SqlServer, sqlServer), new Database(StorageDialect.SqlServer, sqlServer));
        }
    }

    private protected static async Task<T> InTransaction<T>(Database database, Func<UnitOfWork, Task<T>> work)
    {
        await using var unit = await UnitOfWork.BeginAsync(database);
        var result = await work(unit);
        await unit.CommitAsync();
        return result;
    }

    /// <summary>The instances the database counts per cycle and department (migration 0021), in key order.</summary>
    private protected static async Task<List<(string Cycle, string Department, long Instances)>> InstanceCountsAsync(Database database) =>
        [.. (await InTransaction(database, w => w.Connection.QueryAsync<(string, string, long)>("SELECT cycle_id, department_id, instances FROM instance_counts", transaction: w.Transaction)))
            .OrderBy(c => c.Item1, StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal)];

    private protected static Task InTransaction(Database database, Func<UnitOfWork, Task> work) =>
        InTransaction(database, async unit =>
        {
            await work(unit);
            return true;
        });
}
