using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace FormFlow.Storage;

/// <summary>
/// An open SQLite connection and the statements it has prepared, kept by its <see cref="Database"/> between units of
/// work. SQLite parses and plans a statement when it is prepared, and Microsoft.Data.Sqlite prepares it again for every
/// new command and drops a connection's statements when it is closed: with a command per call (Dapper) and a
/// connection per unit of work, every statement was parsed and planned every time, most of SQLite's own share of a
/// request. A session keeps one idle command per statement text, the most recently used <see cref="MostStatements"/>.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    /// <summary>Statements kept per session: the host sends a few dozen again and again; a list's filters add some.</summary>
    internal const int MostStatements = 128;

    private readonly Dictionary<string, LinkedListNode<SqliteCommand>> idle = new(StringComparer.Ordinal);
    private readonly LinkedList<SqliteCommand> recent = new();

    public SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>How many statements the session keeps prepared now.</summary>
    public int Kept => idle.Count;

    /// <summary>The session's idle command for <paramref name="text"/>, or a new one; it is the caller's until <see cref="Give"/>.</summary>
    public SqliteCommand Take(string text)
    {
        if (idle.Remove(text, out var node))
        {
            recent.Remove(node);
            return node.Value;
        }

        var command = Connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    /// <summary>Takes <paramref name="command"/> back, prepared, for the next use of its text.</summary>
    public void Give(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (idle.ContainsKey(command.CommandText))
        {
            // Two commands of one text were out at once (a query run inside another's reading): keep one.
            command.Dispose();
            return;
        }

        idle[command.CommandText] = recent.AddFirst(command);
        if (idle.Count > MostStatements && recent.Last is { } oldest)
        {
            recent.RemoveLast();
            idle.Remove(oldest.Value.CommandText);
            oldest.Value.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var command in recent)
        {
            command.Dispose();
        }

        recent.Clear();
        idle.Clear();
        Connection.Dispose();
    }
}

/// <summary>
/// The sessions of one SQLite database not in use: the most recently returned is handed out first (its statements are
/// the warmest); beyond <see cref="MostIdle"/> a returned session is closed.
/// </summary>
internal sealed class SqliteSessionPool : IDisposable
{
    private const int MostIdle = 16;

    private readonly ConcurrentStack<SqliteSession> idle = new();
    private int disposed;

    public bool TryTake([NotNullWhen(true)] out SqliteSession? session) => idle.TryPop(out session);

    public void Return(SqliteSession session)
    {
        // A connection that broke, or was left inside a transaction, is not handed to the next unit of work.
        if (Volatile.Read(ref disposed) == 1 || session.Connection.State != ConnectionState.Open
            || SQLitePCL.raw.sqlite3_get_autocommit(session.Connection.Handle) == 0 || idle.Count >= MostIdle)
        {
            session.Dispose();
            return;
        }

        idle.Push(session);
        if (Volatile.Read(ref disposed) == 1 && idle.TryPop(out var late))
        {
            late.Dispose();
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref disposed, 1);
        while (idle.TryPop(out var session))
        {
            session.Dispose();
        }
    }
}

/// <summary>
/// One unit of work's use of a <see cref="SqliteSession"/>: what the stores and Dapper see as the connection. Closing it
/// hands the session back (<paramref name="release"/>, once) instead of closing the SQLite connection.
/// </summary>
internal sealed class SqliteSessionConnection(SqliteSession session, Action<SqliteSession> release) : DbConnection
{
    private int released;
    private SqliteTransaction? current;

    public SqliteSession Session => Volatile.Read(ref released) == 0 ? session
        : throw new InvalidOperationException("the connection was closed: its session went back to the database");

    /// <summary>Whether the session is still this connection's (not yet handed back).</summary>
    public bool Holds => Volatile.Read(ref released) == 0;

    [AllowNull]
    public override string ConnectionString
    {
        get => session.Connection.ConnectionString;
        set => throw new NotSupportedException("a session's connection string is its database's");
    }

    public override string Database => session.Connection.Database;

    public override string DataSource => session.Connection.DataSource;

    public override string ServerVersion => session.Connection.ServerVersion;

    public override ConnectionState State => Volatile.Read(ref released) == 1 ? ConnectionState.Closed : session.Connection.State;

    /// <summary>
    /// The transaction begun on this connection while it lasts: a command given none runs in it, as a command of a
    /// <see cref="SqliteConnection"/> does (Microsoft.Data.Sqlite gives a new command the connection's transaction).
    /// </summary>
    public SqliteTransaction? Current => current?.Connection is null ? null : current;

    /// <summary>Begins a transaction; <paramref name="deferred"/> as <see cref="SqliteConnection.BeginTransaction(bool)"/>.</summary>
    public SqliteTransaction BeginTransaction(bool deferred) => current = session.Connection.BeginTransaction(deferred);

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    public override void Open()
    {
        if (State != ConnectionState.Open)
        {
            throw new InvalidOperationException("a session's connection is opened by its database");
        }
    }

    public override void Close()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release(session);
        }
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => current = session.Connection.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new SqliteSessionCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// A command of a <see cref="SqliteSessionConnection"/>: when it runs it takes the session's prepared command for its
/// text, and disposing it gives that command back. Its parameters are its own until then: Dapper keeps the collection
/// it fills and rewrites the text of a command with a list among its parameters ("IN @Ids" becomes "IN (@Ids1, @Ids2)").
/// </summary>
internal sealed class SqliteSessionCommand(SqliteSessionConnection connection) : DbCommand
{
    // Never run: it only holds the parameters (Microsoft.Data.Sqlite's collection has no public constructor).
    private readonly SqliteCommand parameters = new();
    private SqliteCommand? inner;
    private DbTransaction? transaction;
    private string text = string.Empty;

    [AllowNull]
    public override string CommandText
    {
        get => text;
        set
        {
            GiveBack();
            text = value ?? string.Empty;
        }
    }

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("SQLite runs text commands only");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("a session's command belongs to its connection");
    }

    protected override DbParameterCollection DbParameterCollection => parameters.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => transaction;
        set => transaction = value;
    }

    public override void Cancel() => inner?.Cancel();

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Ready().ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Ready().ExecuteScalarAsync(cancellationToken);

    public override void Prepare() => Ready().Prepare();

    public override Task PrepareAsync(CancellationToken cancellationToken = default) => Ready().PrepareAsync(cancellationToken);

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GiveBack();
            parameters.Dispose();
        }

        base.Dispose(disposing);
    }

    // The prepared command with this command's parameters, transaction and timeout; it stays this command's until
    // the command is disposed or given another text (a reader it returned reads from it).
    private SqliteCommand Ready()
    {
        var command = inner ??= connection.Session.Take(text);
        command.Parameters.Clear();
        command.Parameters.AddRange(parameters.Parameters.Cast<SqliteParameter>());
        command.Transaction = (SqliteTransaction?)transaction ?? connection.Current;
        command.CommandTimeout = CommandTimeout;
        return command;
    }

    private void GiveBack()
    {
        if (inner is { } command)
        {
            inner = null;
            if (connection.Holds)
            {
                connection.Session.Give(command);
            }
            else
            {
                // The session is another unit of work's by now: the command is not given to it.
                command.Dispose();
            }
        }
    }
}
