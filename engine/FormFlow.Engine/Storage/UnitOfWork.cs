using System.Data.Common;
using Dapper;
using Npgsql;

namespace FormFlow.Storage;

/// <summary>
/// One command, one transaction: everything written through a unit of work (instance, tasks, timers, outbox,
/// audit) is committed together or not at all. Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
internal sealed class UnitOfWork : IAsyncDisposable
{
    private readonly SemaphoreSlim? writerTurn;
    private readonly PublishedDefinitions published;
    private readonly bool reading;
    private int disposed;
    private bool committedByStatement;

    private UnitOfWork(Database database, DbConnection connection, DbTransaction? transaction, SemaphoreSlim? writerTurn, bool reading)
    {
        this.reading = reading;
        Dialect = database.Dialect;
        published = database.Published;
        Connection = connection;
        Transaction = transaction;
        this.writerTurn = writerTurn;
    }

    public StorageDialect Dialect { get; }

    /// <summary>Whether this unit of work publishes a definition: until it commits, what it reads of definitions may be its own, uncommitted.</summary>
    public bool Publishes { get; set; }

    public DbConnection Connection { get; }

    /// <summary>The transaction; null for a read unit of work on PostgreSQL (<see cref="BeginReadAsync"/>).</summary>
    public DbTransaction? Transaction { get; }

    public static async Task<UnitOfWork> BeginAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var writerTurn = database.Dialect == StorageDialect.Sqlite ? database.SqliteWriterTurn : null;
        if (writerTurn is not null)
        {
            await writerTurn.WaitAsync(cancellationToken);
        }

        DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(cancellationToken);

            // On SQLite the transaction takes the write lock at once (BEGIN IMMEDIATE): one that first reads and
            // later writes would fail if another process wrote in between.
            var transaction = connection is SqliteSessionConnection sqlite
                ? sqlite.BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(database, connection, transaction, writerTurn, reading: false);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            writerTurn?.Release();
            throw;
        }
    }

    /// <summary>
    /// A unit of work for reading only, never for writing: it does not wait for the SQLite writer's turn nor take the
    /// write lock (a deferred transaction, which also gives its reads one snapshot), so that reads go on beside a writer.
    /// On PostgreSQL it opens no transaction: there FormFlow's transactions are READ COMMITTED, where each statement
    /// reads its own snapshot whether in a transaction or not, so one would add nothing to reads but the round trip of
    /// its ROLLBACK (the BEGIN travels with the first statement) — two per HTTP request (the caller, then the endpoint).
    /// </summary>
    public static async Task<UnitOfWork> BeginReadAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var transaction = connection switch
            {
                SqliteSessionConnection sqlite => sqlite.BeginTransaction(deferred: true),
                NpgsqlConnection => null,
                _ => await connection.BeginTransactionAsync(cancellationToken),
            };
            return new UnitOfWork(database, connection, transaction, writerTurn: null, reading: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Version <paramref name="version"/> of a published definition of this unit's database, as <paramref name="parse"/>
    /// reads its body, parsed once per database (<see cref="PublishedDefinitions"/>); null when it is not published.
    /// </summary>
    public Task<T?> PublishedAsync<T>(string kind, string key, int version, Func<string, T> parse)
        where T : class => published.FindAsync(this, kind, key, version, parse);

    /// <summary>
    /// Commits what the unit wrote; nothing more to do when the statement that wrote the command already committed
    /// (<see cref="CommittedByItsLastStatement"/>). A read unit of work (<see cref="BeginReadAsync"/>) has nothing to
    /// commit, in any dialect.
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        reading || Transaction is null ? throw new InvalidOperationException("a read unit of work has nothing to commit")
        : committedByStatement ? Task.CompletedTask
        : Transaction.CommitAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="sql"/>, one statement, and commits; returns the rows it changed. On PostgreSQL the COMMIT
    /// travels in the statement's round trip (the BEGIN already travels with the first statement): a unit of work of
    /// one statement costs one round trip, not two. When the statement fails, the server skips the COMMIT behind it
    /// and the unit rolls back as any other. A node that dies while its statement waits for a lock still commits it
    /// once the lock is free: not for writes that another node takes over when this one stops (leases, timers).
    /// </summary>
    public async Task<int> ExecuteAndCommitAsync(string sql, object? parameters, CancellationToken cancellationToken = default)
    {
        if (Dialect == StorageDialect.PostgreSql && !reading && Transaction is not null && !committedByStatement)
        {
            var changed = await Connection.ExecuteAsync(new CommandDefinition(sql + ";\nCOMMIT", parameters, Transaction, cancellationToken: cancellationToken));
            committedByStatement = true;
            return changed;
        }

        var rows = await Connection.ExecuteAsync(new CommandDefinition(sql, parameters, Transaction, cancellationToken: cancellationToken));
        await CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// Notes that the last statement sent ended with a COMMIT the server ran (<see cref="CommandWrites.WriteAndCommitAsync"/>):
    /// the transaction is over, and nothing more may be sent in it.
    /// </summary>
    public void CommittedByItsLastStatement() => committedByStatement = true;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        // The writer's turn is handed on whatever happens: a rollback failing on a broken connection must not
        // leave every later SQLite writer of the process waiting.
        try
        {
            if (Transaction is not null)
            {
                await Transaction.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                await Connection.DisposeAsync();
            }
            finally
            {
                writerTurn?.Release();
            }
        }
    }
}
