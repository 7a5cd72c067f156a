using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace FormFlow.Storage;

/// <summary>A durable timer: a reminder, an escalation, a wait or a recurrence that fires at <see cref="DueAt"/>.</summary>
internal sealed record TimerRow
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    public string? TaskId { get; init; }

    public required string Kind { get; init; }

    public long DueAt { get; init; }

    public required string Payload { get; init; }

    public string? Owner { get; init; }

    public long? LeaseUntil { get; init; }

    public long? FiredAt { get; init; }
}

/// <summary>
/// Durable timers, claimed by the nodes that fire them. A claim is a lease: the claiming node owns the timer
/// until <c>lease_until</c>; if it crashes, the timer is due again once the lease has run out. Two nodes never
/// hold the same timer: PostgreSQL skips rows another transaction has locked (FOR UPDATE SKIP LOCKED), SQL
/// Server reads past them (UPDLOCK, READPAST), and SQLite has a single writer.
/// </summary>
internal static class TimerStore
{
    private const string Columns = "id, instance_id, task_id, kind, due_at, payload, owner, lease_until, fired_at";

    private const string Returned = """
        id AS Id, instance_id AS InstanceId, task_id AS TaskId, kind AS Kind, due_at AS DueAt, payload AS Payload,
        owner AS Owner, lease_until AS LeaseUntil, fired_at AS FiredAt
        """;

    private static readonly string[] SqliteParameters = ["$id", "$instance", "$task", "$kind", "$due", "$payload", "$owner", "$lease", "$fired"];

    private const string ClaimSqlite = $"""
        UPDATE timers SET owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM timers
            WHERE fired_at IS NULL AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY due_at
            LIMIT @Limit)
        RETURNING {Returned}
        """;

    private const string ClaimPostgres = $"""
        UPDATE timers SET owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM timers
            WHERE fired_at IS NULL AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY due_at
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED)
        RETURNING {Returned}
        """;

    private const string ClaimSqlServer = """
        WITH due AS (
            SELECT TOP (@Limit) * FROM timers WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE fired_at IS NULL AND due_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY due_at)
        UPDATE due SET owner = @Owner, lease_until = @LeaseUntil
        OUTPUT inserted.id AS Id, inserted.instance_id AS InstanceId, inserted.task_id AS TaskId, inserted.kind AS Kind,
               inserted.due_at AS DueAt, inserted.payload AS Payload, inserted.owner AS Owner,
               inserted.lease_until AS LeaseUntil, inserted.fired_at AS FiredAt
        """;

    /// <summary>Writes many timers in one go: binary COPY on PostgreSQL, bulk copy on SQL Server, one prepared statement on SQLite.</summary>
    public static async Task InsertManyAsync(UnitOfWork work, IEnumerable<TimerRow> timers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        switch (work.Connection)
        {
            case NpgsqlConnection postgres:
                await using (var copy = await postgres.BeginBinaryImportAsync($"COPY timers ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
                {
                    foreach (var t in timers)
                    {
                        await copy.StartRowAsync(cancellationToken);
                        await copy.WriteAsync(t.Id, NpgsqlDbType.Text, cancellationToken);
                        await copy.WriteAsync(t.InstanceId, NpgsqlDbType.Text, cancellationToken);
                        await WriteNullableAsync(copy, t.TaskId, NpgsqlDbType.Text, cancellationToken);
                        await copy.WriteAsync(t.Kind, NpgsqlDbType.Text, cancellationToken);
                        await copy.WriteAsync(t.DueAt, NpgsqlDbType.Bigint, cancellationToken);
                        await copy.WriteAsync(t.Payload, NpgsqlDbType.Text, cancellationToken);
                        await WriteNullableAsync(copy, t.Owner, NpgsqlDbType.Text, cancellationToken);
                        await WriteNullableAsync(copy, t.LeaseUntil, NpgsqlDbType.Bigint, cancellationToken);
                        await WriteNullableAsync(copy, t.FiredAt, NpgsqlDbType.Bigint, cancellationToken);
                    }

                    await copy.CompleteAsync(cancellationToken);
                }

                break;
            case SqlConnection sqlServer:
                using (var bulk = new SqlBulkCopy(sqlServer, SqlBulkCopyOptions.Default, (SqlTransaction)work.Transaction) { DestinationTableName = "timers" })
                {
                    using var table = new System.Data.DataTable();
                    foreach (var column in Columns.Split(", "))
                    {
                        table.Columns.Add(column, column is "due_at" or "lease_until" or "fired_at" ? typeof(long) : typeof(string));
                        bulk.ColumnMappings.Add(column, column);
                    }

                    foreach (var t in timers)
                    {
                        table.Rows.Add(t.Id, t.InstanceId, (object?)t.TaskId ?? DBNull.Value, t.Kind, t.DueAt, t.Payload, (object?)t.Owner ?? DBNull.Value, (object?)t.LeaseUntil ?? DBNull.Value, (object?)t.FiredAt ?? DBNull.Value);
                    }

                    await bulk.WriteToServerAsync(table, cancellationToken);
                }

                break;
            default:
                await InsertPreparedAsync((SqliteConnection)work.Connection, work.Transaction, timers, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due timers for <paramref name="owner"/> until <paramref name="now"/> + <paramref name="lease"/>:
    /// timers that are due, not fired, and not held by a lease that is still running.
    /// </summary>
    public static async Task<IReadOnlyList<TimerRow>> ClaimDueAsync(UnitOfWork work, string owner, long now, TimeSpan lease, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        var sql = work.Dialect switch
        {
            StorageDialect.PostgreSql => ClaimPostgres,
            StorageDialect.SqlServer => ClaimSqlServer,
            _ => ClaimSqlite,
        };
        var claimed = await work.Connection.QueryAsync<TimerRow>(
            sql,
            new { Owner = owner, Now = now, LeaseUntil = now + (long)lease.TotalMilliseconds, Limit = limit },
            work.Transaction);
        return [.. claimed];
    }

    /// <summary>
    /// Marks a claimed timer fired. Throws <see cref="ConcurrencyConflictException"/> when <paramref name="owner"/> no
    /// longer holds it (its lease ran out and another node claimed it), so the caller's transaction rolls back.
    /// </summary>
    public static async Task MarkFiredAsync(UnitOfWork work, string id, string owner, long now)
    {
        ArgumentNullException.ThrowIfNull(work);
        var changed = await work.Connection.ExecuteAsync(
            "UPDATE timers SET fired_at = @Now, lease_until = NULL WHERE id = @Id AND owner = @Owner AND fired_at IS NULL",
            new { Id = id, Owner = owner, Now = now },
            work.Transaction);
        if (changed == 0)
        {
            throw new ConcurrencyConflictException("timer", id, 0);
        }
    }

    private static async Task InsertPreparedAsync(SqliteConnection connection, DbTransaction transaction, IEnumerable<TimerRow> timers, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = (SqliteTransaction)transaction;
        insert.CommandText = $"INSERT INTO timers ({Columns}) VALUES ($id, $instance, $task, $kind, $due, $payload, $owner, $lease, $fired)";
        var parameters = SqliteParameters
            .Select(name => insert.Parameters.Add(name, SqliteType.Text))
            .ToArray();
        parameters[4].SqliteType = parameters[7].SqliteType = parameters[8].SqliteType = SqliteType.Integer;
        await insert.PrepareAsync(cancellationToken);
        foreach (var t in timers)
        {
            object?[] values = [t.Id, t.InstanceId, t.TaskId, t.Kind, t.DueAt, t.Payload, t.Owner, t.LeaseUntil, t.FiredAt];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
