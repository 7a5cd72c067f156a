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
    public async Task A_bulk_write_commits_once_its_record_is_written_and_the_vacuum_after_it_marks_its_rows_visible()
    {
        var commitWaited = await WriteFiveThousandInstancesAsync();

        var runs = await Vacuum.UntilMarkedAsync(Db, "VACUUM (ANALYZE) process_instances", "process_instances", CancellationToken.None);

        if (Db.Dialect != StorageDialect.PostgreSql)
        {
            Assert.That(runs, Is.Zero, "only PostgreSQL keeps a visibility map to vacuum");
            return;
        }

        // The commit's wait is what is asked here, not how many VACUUMs ran: without it the first marked nothing on a
        // quiet machine, but on a busy one the server's WAL writer (every 0.2 s) has often written the record by then.
        var (pages, visible) = await VisibilityAsync();
        Assert.That((commitWaited, pages > 10, MostlyVisible(pages, visible)), Is.EqualTo((true, true, true)), $"{visible} of {pages} pages marked in {runs} VACUUMs");
    }

    [Test]
    public async Task After_a_large_launch_the_instances_order_is_vacuumed_and_every_table_it_wrote_analysed()
    {
        await WriteFiveThousandInstancesAsync();

        await CycleStore.RefreshStatisticsAsync(Db);

        await using var read = await UnitOfWork.BeginReadAsync(Db);
        if (Db.Dialect != StorageDialect.PostgreSql)
        {
            Assert.That(await read.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM process_instances"), Is.EqualTo(5_000), "nothing to refresh elsewhere");
            return;
        }

        // The instances' order is what a deep page walks by its index alone.
        var (pages, visible) = await VisibilityAsync("instance_order");
        // A table never analysed holds reltuples = -1; ANALYZE counts it, empty or not.
        var analysed = await read.Connection.QueryAsync<string>(
            "SELECT relname FROM pg_class WHERE relname IN ('cycle_members', 'instance_order', 'process_instances', 'tasks', 'timers', 'audit_log') AND relkind = 'r' AND reltuples >= 0 ORDER BY relname");
        Assert.That(
            (MostlyVisible(pages, visible), analysed),
            Is.EqualTo((true, new[] { "audit_log", "cycle_members", "instance_order", "process_instances", "tasks", "timers" })),
            $"{visible} of {pages} pages marked");
    }

    private async Task<(int Pages, int Visible)> VisibilityAsync(string table = "process_instances")
    {
        await using var read = await UnitOfWork.BeginReadAsync(Db);
        return await read.Connection.QuerySingleAsync<(int, int)>("SELECT relpages, relallvisible FROM pg_class WHERE oid = CAST(@Table AS regclass)", new { Table = table });
    }

    // Not every page: VACUUM passes over a page another process holds at that moment (the checkpointer writing it out,
    // on a server that other tests keep busy) and marks it the next time. Nine in ten is what Vacuum.UntilMarkedAsync
    // waits for; without the waiting commit the first VACUUM marked none.
    private static bool MostlyVisible(int pages, int visible) => visible * 10L >= pages * 9L;

    // A bulk write as a launch makes one: many instances in one unit of work, committed as a launch commits. Answers
    // whether PostgreSQL's commit waits for its record to be written (elsewhere always true).
    private async Task<bool> WriteFiveThousandInstancesAsync()
    {
        await using var work = await UnitOfWork.BeginAsync(Db);
        await InstanceStore.InsertManyAsync(work, [.. Enumerable.Range(0, 5_000).Select(_ => Rows.Instance())]);
        await Vacuum.BeforeCommitAsync(work);
        var waits = Db.Dialect != StorageDialect.PostgreSql
            || await work.Connection.ExecuteScalarAsync<string>("SELECT current_setting('synchronous_commit')", transaction: work.Transaction) == "on";
        await work.CommitAsync();
        return waits;
    }
}
