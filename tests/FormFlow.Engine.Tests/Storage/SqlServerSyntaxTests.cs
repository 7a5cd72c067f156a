using System.Globalization;
using FormFlow.Storage;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FormFlow.Tests.Storage;

/// <summary>
/// No SQL Server runs where FormFlow is built, so its T-SQL is at least parsed by SQL Server's own parser (ScriptDom),
/// for SQL Server 2022 (compatibility level 160): every migration batch as the migrator sends it, and every statement
/// FormFlow writes for SQL Server alone. Syntax only: names, types and behaviour are not checked.
/// </summary>
public class SqlServerSyntaxTests
{
    public static IEnumerable<TestCaseData> MigrationBatches() =>
        Migrator.Scripts(StorageDialect.SqlServer).SelectMany(script => Migrator.Batches(StorageDialect.SqlServer, script.Sql).Select((batch, i) =>
            new TestCaseData(batch).SetArgDisplayNames(string.Create(CultureInfo.InvariantCulture, $"{script.Migration.Version:D4}_{script.Migration.Name} batch {i + 1}"))));

    public static IEnumerable<TestCaseData> Statements() =>
        SqlServerStatements.All.Select(s => new TestCaseData(s.Sql).SetArgDisplayNames(s.Source));

    [TestCaseSource(nameof(MigrationBatches))]
    public void Every_batch_of_the_sql_server_migrations_parses(string batch)
    {
        Assert.That(ParseErrors(batch), Is.Empty);
    }

    [TestCaseSource(nameof(Statements))]
    public void Every_statement_written_for_sql_server_alone_parses(string sql)
    {
        Assert.That(ParseErrors(sql), Is.Empty);
    }

    [Test]
    public void Sql_server_has_a_migration_for_every_version_the_other_dialects_have()
    {
        IEnumerable<int> Versions(StorageDialect dialect) => Migrator.Scripts(dialect).Select(s => s.Migration.Version);

        Assert.That(Versions(StorageDialect.SqlServer), Is.EqualTo(Versions(StorageDialect.Sqlite)).And.Not.Empty);
        Assert.That(Versions(StorageDialect.SqlServer), Is.EqualTo(Versions(StorageDialect.PostgreSql)));
    }

    [TestCase(DefinitionStore.Select + " WHERE kind = @Kind")]
    [TestCase(DefinitionStore.Keys)]
    [TestCase(DefinitionStore.Owners)]
    public void Definition_reads_quote_the_alias_key_a_reserved_word_of_t_sql(string sql)
    {
        Assert.That(ParseErrors(sql), Is.Empty);
    }

    [TestCase("SELECT id FROM outbox ORDER BY id LIMIT 10")]
    [TestCase("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING")]
    [TestCase("WITH RECURSIVE chain (id) AS (SELECT 1) SELECT id FROM chain")]
    public void The_parser_refuses_what_only_the_other_dialects_accept(string sql)
    {
        Assert.That(ParseErrors(sql), Is.Not.Empty);
    }

    private static List<string> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out IList<ParseError> errors);
        return [.. errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"line {e.Line}, column {e.Column}: {e.Message}"))];
    }
}
