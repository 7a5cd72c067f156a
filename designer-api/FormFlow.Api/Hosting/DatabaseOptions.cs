using FormFlow.Storage;

namespace FormFlow.Api.Hosting;

/// <summary><c>FormFlow:Database</c>: which database FormFlow keeps its data in.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "FormFlow:Database";

    /// <summary>The embedded SQLite file used when no connection string is configured, under the content root.</summary>
    public const string DefaultSqliteFile = "data/formflow.db";

    public StorageDialect Provider { get; set; } = StorageDialect.Sqlite;

    /// <summary>The connection string; for SQLite, empty means <see cref="DefaultSqliteFile"/> under the content root.</summary>
    public string? ConnectionString { get; set; }
}
