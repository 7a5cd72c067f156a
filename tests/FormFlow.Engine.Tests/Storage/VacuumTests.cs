using Dapper;
using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

/// <summary>
/// After a bulk write (a launch, an import) PostgreSQL's VACUUM marks the new rows' pages all-visible, so that the lists
/// find a page by an index alone. The test server commits asynchronously (tests/postgres.sh), as a server tuned for
/// throughput may: there, a VACUUM right after the commit marked nothing until the commit's record was written.
/// </summary>
public class VacuumTests(string kind) : StorageTest(kind)
{
    [Test]
    public async Task The_first_vacuum_after_a_bulk_write_marks_its_rows_visible()
    {
        await WriteFiveThousandInstancesAsync();

        var runs = await Vacuum.UntilMarkedAsync(Db, "VACUUM (ANALYZE) process_instances", "process_instances", CancellationToken.None);

        if (Db.Dialect != StorageDialect.PostgreSql)
        {
            Assert.That(runs, Is.Zero, "only PostgreSQL keeps a visibility map to vacuum");
            return;
        }

        await using var read = await UnitOfWork.BeginReadAsync(Db);
        var (pages, visible) = await read.Connection.QuerySingleAsync<(int, int)>("SELECT relpages, relallvisible FROM pg_class WHERE oid = 'process_instances'::regclass");
        Assert.That((runs, pages > 10, visible), Is.EqualTo((1, true, pages)), "every page marked by the first VACUUM");
    }

    [Test]
    public async Task After_a_large_launch_the_instances_are_vacuumed_and_every_table_it_wrote_analysed()
    {
        await WriteFiveThousandInstancesAsync();

        await CycleStore.RefreshStatisticsAsync(Db);

        await using var read = await UnitOfWork.BeginReadAsync(Db);
        if (Db.Dialect != StorageDialect.PostgreSql)
        {
            Assert.That(await read.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM process_instances"), Is.EqualTo(5_000), "nothing to refresh elsewhere");
            return;
        }

        var (pages, visible) = await read.Connection.QuerySingleAsync<(int, int)>("SELECT relpages, relallvisible FROM pg_class WHERE oid = 'process_instances'::regclass");
        // A table never analysed holds reltuples = -1; ANALYZE counts it, empty or not.
        var analysed = await read.Connection.QueryAsync<string>(
            "SELECT relname FROM pg_class WHERE relname IN ('cycle_members', 'process_instances', 'tasks', 'timers', 'audit_log') AND relkind = 'r' AND reltuples >= 0 ORDER BY relname");
        Assert.That((visible, analysed), Is.EqualTo((pages, new[] { "audit_log", "cycle_members", "process_instances", "tasks", "timers" })));
    }

    // A bulk write as a launch makes one: many instances in one unit of work, committed as a launch commits.
    private async Task WriteFiveThousandInstancesAsync()
    {
        await using var work = await UnitOfWork.BeginAsync(Db);
        await InstanceStore.InsertManyAsync(work, [.. Enumerable.Range(0, 5_000).Select(_ => Rows.Instance())]);
        await Vacuum.BeforeCommitAsync(work);
        await work.CommitAsync();
    }
}
