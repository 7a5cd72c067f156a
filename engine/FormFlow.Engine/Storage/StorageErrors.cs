using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FormFlow.Storage;

/// <summary>Recognises the database errors FormFlow answers in its own words; every other error stays what it is.</summary>
internal static class StorageErrors
{
    /// <summary>A unique or primary key refused a second row: someone else wrote the same thing first.</summary>
    public static bool IsUniqueViolation(DbException error) => error switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 1555 or 2067, // SQLITE_CONSTRAINT_PRIMARYKEY, _UNIQUE
        SqlException sqlServer => sqlServer.Number is 2627 or 2601,
        _ => false,
    };
}
