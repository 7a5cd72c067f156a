namespace FormFlow.Storage;

/// <summary>Brings a database to the schema this FormFlow version needs: what <c>formflow migrate</c> and the server's start-up run.</summary>
public static class DatabaseMigrations
{
    /// <summary>Applies the missing migrations; returns their names ("0001_initial"), none when the database is up to date.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(StorageDialect dialect, string connectionString, CancellationToken cancellationToken = default)
    {
        using var database = new Database(dialect, connectionString);
        var applied = await Migrator.ApplyAsync(database, cancellationToken);
        return [.. applied.Select(m => $"{m.Version:D4}_{m.Name}")];
    }
}
