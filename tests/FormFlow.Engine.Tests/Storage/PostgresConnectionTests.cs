using Dapper;
using FormFlow.Storage;
using Npgsql;

namespace FormFlow.Tests.Storage;

/// <summary>What FormFlow asks of its PostgreSQL connections, and that an operator's own connection string wins.</summary>
public class PostgresConnectionTests
{
    [Test]
    public async Task PostgreSQL_compiles_no_statement_unless_the_operator_asks_for_it()
    {
        // A page of the team's instances that runs in 1 ms spent 18–58 ms in PostgreSQL's JIT when the planner's guess
        // of a walk down the manager tree passed jit_above_cost (docs/performance.md, "Lists").
        using var plain = new Database(StorageDialect.PostgreSql, TestDatabases.PostgresConnectionString);
        using var asked = new Database(StorageDialect.PostgreSql, new NpgsqlConnectionStringBuilder(TestDatabases.PostgresConnectionString) { Options = "-c jit=on" }.ConnectionString);

        Assert.That((await JitAsync(plain), await JitAsync(asked)), Is.EqualTo(("off", "on")));
    }

    private static async Task<string?> JitAsync(Database database)
    {
        await using var read = await UnitOfWork.BeginReadAsync(database);
        return await read.Connection.ExecuteScalarAsync<string>("SHOW jit", transaction: read.Transaction);
    }
}
