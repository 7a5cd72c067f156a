using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FormFlow.Storage;

/// <summary>The SQL dialects FormFlow stores its data in.</summary>
public enum StorageDialect
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Where FormFlow's data lives: a dialect and a connection string. Opens connections (on SQLite from its own pool of open
/// connections with their prepared statements, <see cref="SqliteSession"/>), and keeps the published definitions it
/// has parsed (<see cref="Published"/>: they never change once published); holds no data besides, so any number of
/// nodes can share one server database, and one process can serve several databases.
/// </summary>
public sealed class Database : IDisposable
{
    // A shared in-memory SQLite database lives as long as one connection to it stays open.
    private readonly SqliteConnection? keepAlive;
    private readonly SemaphoreSlim writer = new(1, 1);

    // The SQLite connections (native handles, which the pool reuses) whose settings were made: a handle keeps them
    // for its life, so each is configured once instead of on every open. An entry goes when its handle does.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = [];

    // SQLite connections stay open between units of work with their statements prepared (SqliteSession), unless the
    // connection string turns pooling off.
    private readonly SqliteSessionPool? sessions;

    public Database(StorageDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = dialect == StorageDialect.PostgreSql ? WithSettings(connectionString) : connectionString;
        var sqlite = dialect == StorageDialect.Sqlite ? new SqliteConnectionStringBuilder(connectionString) : null;
        if (sqlite is { Pooling: true })
        {
            sessions = new SqliteSessionPool();
        }

        if (sqlite is { Mode: SqliteOpenMode.Memory })
        {
            keepAlive = new SqliteConnection(connectionString);
            keepAlive.Open();
        }
    }

    public StorageDialect Dialect { get; }

    /// <summary>The published definitions of this database, parsed once each.</summary>
    internal PublishedDefinitions Published { get; } = new();

    // FormFlow sends the same few statements over and over: letting Npgsql prepare them on each connection saves
    // the server parsing and planning them every time. An operator's own setting wins, here and for the options below.
    private static string WithSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.NoResetOnClose = true;

        // PostgreSQL compiles a statement whose estimated cost passes jit_above_cost, on every execution: the walk down a
        // manager's reports is guessed at 100,000 rows for 300, and a page of the team's instances that runs in 1 ms
        // then spends 18–58 ms compiling 56 functions, depending on which sample the last ANALYZE drew
        // (docs/performance.md, "Lists"). FormFlow's statements are short: compiling costs them more than it saves.
        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c jit=off";
        }

        return builder.ConnectionString;
    }

    internal string ConnectionString { get; }

    /// <summary>
    /// SQLite has one writer: the writers of this process take turns here, so that they queue instead of
    /// failing on the database lock.
    /// </summary>
    internal SemaphoreSlim SqliteWriterTurn => writer;

    public void Dispose()
    {
        sessions?.Dispose();
        keepAlive?.Dispose();
        writer.Dispose();
    }

    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (Dialect == StorageDialect.Sqlite)
        {
            return await OpenSqliteAsync(cancellationToken);
        }

        DbConnection connection = Dialect switch
        {
            StorageDialect.PostgreSql => new NpgsqlConnection(ConnectionString),
            StorageDialect.SqlServer => new SqlConnection(ConnectionString),
            _ => throw new InvalidOperationException($"unknown dialect {Dialect}"),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // A session from the pool, or a new one; closing the connection returned hands the session back.
    private async Task<DbConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        if (sessions is not null && sessions.TryTake(out var pooled))
        {
            return new SqliteSessionConnection(pooled, sessions.Return);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection.Handle is { } handle && !configured.TryGetValue(handle, out _))
            {
                if (sessions is not null)
                {
                    ReserveLookaside(handle);
                }

                await using var pragma = connection.CreateCommand();

                // WAL lets readers go on while the single writer writes; the busy timeout makes a second
                // writer wait for the first instead of failing at once.
                pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
                configured.AddOrUpdate(handle, handle);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        var session = new SqliteSession(connection);
        return new SqliteSessionConnection(session, sessions is null ? static s => s.Dispose() : sessions.Return);
    }

    // SQLite serves a connection's small allocations from its lookaside, 48 kB (123 slots) by default, and a statement
    // kept prepared holds its slots for as long as it is kept: a session's statements filled them, and every other small
    // allocation of the connection went to malloc (11 million times in a 100,000-person launch, ~0.5 s of it). A kept
    // session's connection gets 1.2 MB, which SQLite cuts into 757 slots of 1,200 bytes and 2,278 of 128: the host's
    // sessions used up to 1,900 of them under load (docs/performance.md, "The lookaside of a session's connection").
    private static void ReserveLookaside(SQLitePCL.sqlite3 handle)
    {
        const int slotSize = 1200, slots = 1000;

        // Only a connection that has not used its lookaside yet can change it (SQLITE_BUSY otherwise): one that cannot
        // keeps SQLite's default, which is slower, not wrong.
        _ = SQLitePCL.raw.sqlite3_db_config(handle, SQLitePCL.raw.SQLITE_DBCONFIG_LOOKASIDE, IntPtr.Zero, slotSize, slots);
    }
}
