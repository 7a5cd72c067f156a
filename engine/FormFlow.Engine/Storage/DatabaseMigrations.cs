using System.Data.Common;
using Dapper;

namespace FormFlow.Storage;

/// <summary>Brings a database to the schema this FormFlow version needs: what <c>formflow migrate</c> and the server's start-up run.</summary>
public static class DatabaseMigrations
{
    /// <summary>Applies the missing migrations; returns their names ("0001_initial"), none when the database is up to date.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(StorageDialect dialect, string connectionString, CancellationToken cancellationToken = default)
    {
        using var database = new Database(dialect, connectionString);
        return await ApplyAsync(database, cancellationToken);
    }

    /// <summary>Applies the missing migrations to an open <paramref name="database"/>; returns their names, none when it is up to date.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(Database database, CancellationToken cancellationToken)
    {
        var applied = await Migrator.ApplyAsync(database, cancellationToken);
        return [.. applied.Select(Name)];
    }

    /// <summary>
    /// The migrations this FormFlow version has that <paramref name="database"/> lacks (all of them on an empty database);
    /// none when it is ready. Throws when the database does not answer.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(Database database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        HashSet<int> applied;
        try
        {
            applied = [.. await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM formflow_migrations", cancellationToken: cancellationToken))];
        }
        catch (DbException) when (!cancellationToken.IsCancellationRequested)
        {
            // The connection answered, so the table is missing: nothing was ever applied.
            applied = [];
        }

        return [.. Migrator.Scripts(database.Dialect).Select(s => s.Migration).Where(m => !applied.Contains(m.Version)).Select(Name)];
    }

    private static string Name(AppliedMigration migration) => $"{migration.Version:D4}_{migration.Name}";
}
