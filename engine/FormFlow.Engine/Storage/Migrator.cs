using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace FormFlow.Storage;

/// <summary>A migration that was applied: its version and name, e.g. 1 and "initial".</summary>
internal sealed record AppliedMigration(int Version, string Name);

/// <summary>
/// Applies the versioned SQL scripts of a dialect (<c>Storage/Migrations/&lt;dialect&gt;/NNNN_name.sql</c>) in order,
/// each recorded in <c>formflow_migrations</c>. Safe to run twice, and from two nodes at once: the whole run
/// holds a database-wide lock, and a script already recorded is never run again.
/// </summary>
internal static partial class Migrator
{
    private const string ResourcePrefix = "FormFlow.Storage.Migrations.";

    // Any number that no other application on a shared PostgreSQL server is likely to use for its own lock.
    private const long PostgresLockKey = 0x466F726D466C6F77; // "FormFlow"

    /// <summary>Applies what is missing; returns the migrations this call applied (none when up to date).</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ApplyAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var (connection, transaction) = (work.Connection, work.Transaction);
        await TakeLockAsync(database.Dialect, connection, transaction);
        await connection.ExecuteAsync(VersionTableSql(database.Dialect), transaction: transaction);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM formflow_migrations", transaction: transaction)).ToHashSet();

        var done = new List<AppliedMigration>();
        foreach (var (migration, sql) in Scripts(database.Dialect).Where(s => !applied.Contains(s.Migration.Version)))
        {
            foreach (var batch in Batches(database.Dialect, sql))
            {
                await connection.ExecuteAsync(batch, transaction: transaction);
            }

            await connection.ExecuteAsync(
                "INSERT INTO formflow_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction);
            done.Add(migration);
        }

        await work.CommitAsync(cancellationToken);
        return done;
    }

    /// <summary>Every migration of a dialect, in order, with its SQL.</summary>
    public static IReadOnlyList<(AppliedMigration Migration, string Sql)> Scripts(StorageDialect dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = ResourcePrefix + FolderOf(dialect) + "/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => (Name: name, Match: ScriptName().Match(name[prefix.Length..])))
            .Where(s => s.Match.Success)
            .Select(s => (new AppliedMigration(int.Parse(s.Match.Groups[1].Value, CultureInfo.InvariantCulture), s.Match.Groups[2].Value), Read(assembly, s.Name)))
            .OrderBy(s => s.Item1.Version)
            .ToList();
    }

    private static string FolderOf(StorageDialect dialect) => dialect switch
    {
        StorageDialect.Sqlite => "sqlite",
        StorageDialect.PostgreSql => "postgresql",
        _ => "sqlserver",
    };

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Task TakeLockAsync(StorageDialect dialect, DbConnection connection, DbTransaction? transaction) => dialect switch
    {
        // SQLite: BEGIN IMMEDIATE already holds the database's single write lock.
        StorageDialect.Sqlite => Task.CompletedTask,
        StorageDialect.PostgreSql => connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@Key)", new { Key = PostgresLockKey }, transaction),
        _ => connection.ExecuteAsync(SqlServerLock, transaction: transaction),
    };

    // sp_getapplock reports a timeout or a deadlock by its result, not by an error.
    internal const string SqlServerLock = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'formflow-migrations', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 120000;
        IF @result < 0 THROW 50000, N'the migration lock was not acquired', 1;
        """;

    internal static string VersionTableSql(StorageDialect dialect) => dialect switch
    {
        StorageDialect.SqlServer => """
            IF OBJECT_ID(N'formflow_migrations') IS NULL
                CREATE TABLE formflow_migrations (version int PRIMARY KEY, name nvarchar(200) NOT NULL, applied_at bigint NOT NULL)
            """,
        _ => "CREATE TABLE IF NOT EXISTS formflow_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
    };

    // T-SQL scripts separate batches with GO lines (CREATE TRIGGER must start a batch); the others run whole.
    internal static IEnumerable<string> Batches(StorageDialect dialect, string sql) => dialect == StorageDialect.SqlServer
        ? GoLine().Split(sql).Where(b => !string.IsNullOrWhiteSpace(b))
        : [sql];

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
