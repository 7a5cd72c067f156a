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
}
