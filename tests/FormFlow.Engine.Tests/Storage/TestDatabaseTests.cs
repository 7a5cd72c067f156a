using System.Diagnostics;
using Npgsql;

namespace FormFlow.Tests.Storage;

public class TestDatabaseTests
{
    [Test]
    public void The_test_postgres_server_answers_and_creates_throwaway_databases()
    {
        using (var server = new NpgsqlConnection(TestDatabases.PostgresConnectionString))
        {
            server.Open();
            using var version = new NpgsqlCommand("select version()", server);
            Assert.That(version.ExecuteScalar() as string, Does.Contain("PostgreSQL"));
        }

        var connectionString = TestDatabases.CreatePostgresDatabase();
        Assert.That(new NpgsqlConnectionStringBuilder(connectionString).Database, Does.StartWith("ff_"));

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var create = new NpgsqlCommand("create table forms (id int primary key, title text not null)", connection))
        {
            create.ExecuteNonQuery();
        }

        using (var insert = new NpgsqlCommand("insert into forms (id, title) values (@id, @title)", connection))
        {
            insert.Parameters.AddWithValue("id", 1);
            insert.Parameters.AddWithValue("title", "Überblick ✓");
            Assert.That(insert.ExecuteNonQuery(), Is.EqualTo(1));
        }

        using var select = new NpgsqlCommand("select title from forms where id = 1", connection);
        Assert.That(select.ExecuteScalar(), Is.EqualTo("Überblick ✓"));
    }

    [Test]
    public void A_test_database_of_a_process_gone_from_this_machine_is_dropped_and_one_of_a_live_process_another_machine_or_an_older_name_is_kept()
    {
        using var server = new NpgsqlConnection(TestDatabases.PostgresConnectionString);
        server.Open();
        var dead = ExitedProcessId();
        var deadApi = TestDatabaseNames.Name("ff_api", dead, TestDatabaseNames.Machine);
        var deadEngine = TestDatabaseNames.Name("ff", dead, TestDatabaseNames.Machine);
        var live = TestDatabaseNames.New("ff_api");
        var otherMachine = TestDatabaseNames.Name("ff_api", dead, TestDatabaseNames.Machine == "00000000" ? "11111111" : "00000000");
        var older = "ff_api_" + Guid.NewGuid().ToString("N");
        string[] made = [deadApi, deadEngine, live, otherMachine, older];
        try
        {
            foreach (var name in made)
            {
                Execute(server, $"CREATE DATABASE {name}");
            }

            // A connection left open in a dead run's database, as a killed host leaves none but a stuck one might.
            using var stuck = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabases.PostgresConnectionString) { Database = deadApi, Pooling = false }.ConnectionString);
            stuck.Open();

            var dropped = TestDatabaseNames.DropLeftovers(server, TestDatabaseNames.IsAlive);

            Assert.That(dropped, Does.Contain(deadApi).And.Contain(deadEngine));
            Assert.That(dropped, Does.Not.Contain(live).And.Not.Contain(otherMachine).And.Not.Contain(older));
            Assert.That(Existing(server, made), Is.EquivalentTo(new[] { live, otherMachine, older }));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in made)
            {
                Execute(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
    }

    // The id of a process of this machine that has run and is gone (reaped: WaitForExit).
    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.That(TestDatabaseNames.IsAlive(process.Id), Is.False, "the process has gone");
        return process.Id;
    }

    private static void Execute(NpgsqlConnection server, string sql)
    {
        using var command = server.CreateCommand();
#pragma warning disable CA2100 // The names are made by the test; CREATE and DROP DATABASE take no parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private static List<string> Existing(NpgsqlConnection server, string[] names)
    {
        using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname = ANY(@Names)", server);
        command.Parameters.AddWithValue("Names", names);
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }
}
