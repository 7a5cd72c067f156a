using Dapper;
using FormFlow.Storage;
using Microsoft.Data.Sqlite;

namespace FormFlow.Tests.Storage;

/// <summary>
/// SQLite's connections stay open between units of work with the statements they prepared (<see cref="SqliteSession"/>):
/// what a unit of work sees of its connection is what it saw of a fresh one.
/// </summary>
public class SqliteSessionTests
{
    private Database db = null!;

    [SetUp]
    public async Task OpenDatabase()
    {
        db = new Database(StorageDialect.Sqlite, $"Data Source=ff-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        await Migrator.ApplyAsync(db);
    }

    [TearDown]
    public void CloseDatabase() => db.Dispose();

    [Test]
    public async Task The_next_unit_of_work_runs_a_statement_on_the_command_the_last_one_prepared()
    {
        const string sql = "SELECT COUNT(*) FROM process_instances WHERE status = @Status";
        SqliteSession first;
        SqliteCommand prepared;
        await using (var work = await UnitOfWork.BeginReadAsync(db))
        {
            await work.Connection.ExecuteScalarAsync<long>(sql, new { Status = "running" }, work.Transaction);
            first = Session(work);
            prepared = first.Take(sql);
            first.Give(prepared);
        }

        await using (var work = await UnitOfWork.BeginReadAsync(db))
        {
            Assert.That(Session(work), Is.SameAs(first));
            var kept = first.Kept;
            await work.Connection.ExecuteScalarAsync<long>(sql, new { Status = "done" }, work.Transaction);
            var again = first.Take(sql);
            first.Give(again);
            Assert.That((again, first.Kept), Is.EqualTo((prepared, kept)));
        }
    }

    [Test]
    public async Task A_list_parameter_takes_the_other_parameters_of_its_statement_along()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Rows.Instance()).ToArray();
        await using (var work = await UnitOfWork.BeginAsync(db))
        {
            await InstanceStore.InsertManyAsync(work, instances);
            await work.CommitAsync();
        }

        await using var read = await UnitOfWork.BeginReadAsync(db);
        // Dapper writes "IN @Ids" out as "IN (@Ids1, @Ids2)" after adding the parameters before it: a new text.
        var found = await read.Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM process_instances WHERE created_at >= @After AND id IN @Ids AND status = @Status",
            new { After = 0L, Ids = new[] { instances[0].Id, instances[2].Id, "i-none" }, Status = instances[0].Status },
            read.Transaction);

        Assert.That(found, Is.EqualTo(2));
    }

    [Test]
    public async Task A_connection_left_inside_its_transaction_is_closed_with_it_and_not_handed_on()
    {
        var instance = Rows.Instance();
        SqliteSession abandoned;
        await using (var connection = (SqliteSessionConnection)await db.OpenAsync())
        {
            abandoned = connection.Session;
            var transaction = connection.BeginTransaction(deferred: false);
            await connection.ExecuteAsync(
                "INSERT INTO process_instances (id, cycle_id, process_key, process_version, subject_id, status, state, version, created_at, updated_at) VALUES (@Id, @CycleId, @ProcessKey, @ProcessVersion, @SubjectId, @Status, @State, @Version, @CreatedAt, @UpdatedAt)",
                instance, transaction);
        }

        await using var read = await UnitOfWork.BeginReadAsync(db);
        Assert.That(
            (Session(read) == abandoned, await InstanceStore.FindAsync(read, instance.Id)),
            Is.EqualTo((false, (InstanceRow?)null)));
    }

    [Test]
    public async Task Without_pooling_a_unit_of_work_closes_its_connection_at_its_end()
    {
        var folder = Directory.CreateTempSubdirectory("formflow-sessions-").FullName;
        try
        {
            using var unpooled = new Database(StorageDialect.Sqlite, $"Data Source={Path.Combine(folder, "formflow.db")};Pooling=false");
            await Migrator.ApplyAsync(unpooled);
            SqliteSession first;
            await using (var work = await UnitOfWork.BeginReadAsync(unpooled))
            {
                first = Session(work);
            }

            await using var next = await UnitOfWork.BeginReadAsync(unpooled);
            Assert.That((Session(next) == first, first.Connection.State), Is.EqualTo((false, System.Data.ConnectionState.Closed)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_session_keeps_its_most_recently_used_statements_and_no_more()
    {
        await using var connection = (SqliteSessionConnection)await db.OpenAsync();
        var session = connection.Session;
        var before = session.Kept;
        for (var i = 0; i < SqliteSession.MostStatements + 72; i++)
        {
            await connection.ExecuteScalarAsync<long>($"SELECT {i} + @One", new { One = 1 });
        }

        var newest = session.Take($"SELECT {SqliteSession.MostStatements + 71} + @One");
        // Taking a kept statement takes it out of the session until it is given back.
        var newestWasKept = session.Kept == SqliteSession.MostStatements - 1;
        session.Give(newest);
        Assert.That((before < SqliteSession.MostStatements, newestWasKept, session.Kept), Is.EqualTo((true, true, SqliteSession.MostStatements)));
    }

    [Test]
    public async Task Statements_kept_by_a_session_leave_its_connection_room_for_the_small_allocations_of_the_rest()
    {
        await using var work = await UnitOfWork.BeginAsync(db);
        for (var i = 0; i < 100; i++)
        {
            await work.Connection.QueryAsync<string>(
                $"SELECT id FROM process_instances WHERE cycle_id = @Cycle AND status = @Status AND created_at > {i} ORDER BY created_at LIMIT 20",
                new { Cycle = "c-none", Status = "running" }, work.Transaction);
        }

        await InstanceStore.InsertManyAsync(work, Enumerable.Range(0, 500).Select(_ => Rows.Instance()).ToArray());
        var handle = Session(work).Connection.Handle!;
        SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL, out _, out var missedForWantOfRoom, 0);

        Assert.That((Session(work).Kept >= 100, missedForWantOfRoom), Is.EqualTo((true, 0)));
    }

    private static SqliteSession Session(UnitOfWork work) => ((SqliteSessionConnection)work.Connection).Session;
}
