using System.CommandLine;
using System.Data.Common;
using FormFlow.Storage;

namespace FormFlow.Cli;

/// <summary><c>formflow migrate</c>: brings a database to the current schema; safe to run twice, and from two nodes at once.</summary>
internal static class MigrateCommand
{
    public const string DefaultSqlite = "Data Source=data/formflow.db";

    public static Command Create(Option<string> language)
    {
        var dialect = new Option<StorageDialect>("--database")
        {
            Description = "Sqlite, PostgreSql or SqlServer / 数据库类型",
            DefaultValueFactory = _ => StorageDialect.Sqlite,
        };
        var connection = new Option<string?>("--connection") { Description = $"the connection string (default for SQLite: {DefaultSqlite}) / 连接字符串" };
        var command = new Command("migrate", "create or upgrade the database schema / 创建或升级数据库结构") { dialect, connection };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(dialect), result.GetValue(connection), result.GetValue(language)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(StorageDialect dialect, string? connection, string language, CancellationToken cancellationToken)
    {
        if (connection is null && dialect != StorageDialect.Sqlite)
        {
            Console.Error.WriteLine(CommonOptions.Say(language, $"{dialect} 需要 --connection 连接字符串", $"{dialect} needs a --connection string"));
            return CommonOptions.CannotRun;
        }

        if (connection is null)
        {
            Directory.CreateDirectory("data");
        }

        try
        {
            var applied = await DatabaseMigrations.ApplyAsync(dialect, connection ?? DefaultSqlite, cancellationToken);
            Console.WriteLine(applied.Count == 0
                ? CommonOptions.Say(language, "数据库已是最新结构", "The database is up to date")
                : CommonOptions.Say(language, $"已应用 {applied.Count} 个迁移：{string.Join("、", applied)}", $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}"));
            return CommonOptions.Ok;
        }
        catch (Exception ex) when (ex is DbException or ArgumentException or InvalidOperationException)
        {
            // A database that cannot be reached or a malformed connection string: say which, change nothing. The
            // driver's own words are English, so only the English text carries them.
            Console.Error.WriteLine(ex is ArgumentException
                ? CommonOptions.Say(language, "无法迁移数据库：连接字符串的格式不对，请检查 --connection。", $"Could not migrate the database: the connection string is malformed ({ex.Message}); check --connection.")
                : CommonOptions.Say(
                    language,
                    "无法迁移数据库：连接不上数据库，或数据库拒绝了迁移；请检查 --connection 中的服务器、端口、数据库名、用户名和密码。",
                    $"Could not migrate the database: it could not be reached or refused the migration ({ex.Message}); check the server, port, database, user and password in --connection."));
            return CommonOptions.CannotRun;
        }
    }
}
