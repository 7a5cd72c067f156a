using System.Data;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace FormFlow.Storage;

/// <summary>The kinds of column FormFlow's tables use.</summary>
internal enum ColumnKind
{
    Text,
    Integer,
    BigInteger,

    /// <summary>A double-precision number (a KPI's actual value).</summary>
    Real,
}

/// <summary>A column of a bulk insert: its name, its kind, and how to read its value from a row.</summary>
internal sealed record BulkColumn<T>(string Name, ColumnKind Kind, Func<T, object?> Value);

/// <summary>
/// Writes many rows of one table in the unit of work's transaction, the fastest way each database offers:
/// binary COPY on PostgreSQL, bulk copy on SQL Server, one prepared statement on SQLite. Launching a cycle for
/// 100,000 people takes a few of these instead of hundreds of thousands of round trips.
/// </summary>
internal static class BulkInsert
{
    public static async Task WriteAsync<T>(UnitOfWork work, string table, IReadOnlyList<BulkColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(columns);
        var names = string.Join(", ", columns.Select(c => c.Name));
        var list = rows as IReadOnlyCollection<T> ?? [.. rows];
        if (list.Count <= SmallBatch)
        {
            // A few rows (one message of one completed task) go faster as a plain INSERT than as a COPY or bulk copy.
            await InsertAsync(work, table, columns, names, list);
            return;
        }

        rows = list;
        switch (work.Connection)
        {
            case NpgsqlConnection postgres:
                await using (var copy = await postgres.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken))
                {
                    foreach (var row in rows)
                    {
                        await copy.StartRowAsync(cancellationToken);
                        foreach (var column in columns)
                        {
                            await WriteAsync(copy, column.Value(row), column.Kind, cancellationToken);
                        }
                    }

                    await copy.CompleteAsync(cancellationToken);
                }

                break;
            case SqlConnection sqlServer:
                using (var bulk = new SqlBulkCopy(sqlServer, SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers, (SqlTransaction?)work.Transaction) { DestinationTableName = table, BatchSize = 10_000 })
                using (var data = new DataTable())
                {
                    foreach (var column in columns)
                    {
                        data.Columns.Add(column.Name, column.Kind switch { ColumnKind.Text => typeof(string), ColumnKind.Integer => typeof(int), ColumnKind.Real => typeof(double), _ => typeof(long) });
                        bulk.ColumnMappings.Add(column.Name, column.Name);
                    }

                    foreach (var row in rows)
                    {
                        data.Rows.Add([.. columns.Select(c => c.Value(row) ?? DBNull.Value)]);
                    }

                    await bulk.WriteToServerAsync(data, cancellationToken);
                }

                break;
            default:
                await using (var insert = ((SqliteSessionConnection)work.Connection).Session.Connection.CreateCommand())
                {
                    insert.Transaction = (SqliteTransaction?)work.Transaction;
                    insert.CommandText = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
                    var parameters = columns
                        .Select((c, i) => insert.Parameters.Add("$p" + i, c.Kind switch { ColumnKind.Text => SqliteType.Text, ColumnKind.Real => SqliteType.Real, _ => SqliteType.Integer }))
                        .ToArray();
                    await insert.PrepareAsync(cancellationToken);
                    foreach (var row in rows)
                    {
                        for (var i = 0; i < columns.Count; i++)
                        {
                            parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
                        }

                        await insert.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                break;
        }
    }

    private const int SmallBatch = 16;

    private static async Task InsertAsync<T>(UnitOfWork work, string table, IReadOnlyList<BulkColumn<T>> columns, string names, IReadOnlyCollection<T> rows)
    {
        var values = string.Join(", ", columns.Select(c => "@" + c.Name));
        foreach (var row in rows)
        {
            var parameters = new DynamicParameters();
            foreach (var column in columns)
            {
                parameters.Add(column.Name, column.Value(row));
            }

            await work.Connection.ExecuteAsync($"INSERT INTO {table} ({names}) VALUES ({values})", parameters, work.Transaction);
        }
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, object? value, ColumnKind kind, CancellationToken cancellationToken) => value switch
    {
        null => copy.WriteNullAsync(cancellationToken),
        _ => kind switch
        {
            ColumnKind.Text => copy.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken),
            ColumnKind.Integer => copy.WriteAsync(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
            ColumnKind.Real => copy.WriteAsync(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken),
            _ => copy.WriteAsync(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
        },
    };
}
