using System.Data.Common;
using Dapper;
using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

public class MigrationTests(string kind) : StorageTest(kind)
{
    [Test]
    public async Task Migrations_applied_twice_change_nothing()
    {
        var before = await Schema();

        var second = await Migrator.ApplyAsync(Db);

        Assert.That(second, Is.Empty);
        Assert.That(await Schema(), Is.EqualTo(before));
        Assert.That(before, Does.Contain("tasks.version").And.Contain("timers.lease_until").And.Contain("outbox.idempotency_key"));
    }

    [Test]
    public async Task Two_migrators_at_once_apply_each_script_exactly_once()
    {
        var (fresh, otherNode) = Open();
        try
        {
            var runs = await Task.WhenAll(Migrator.ApplyAsync(fresh), Migrator.ApplyAsync(otherNode));

            var recorded = await InTransaction(fresh, w => w.Connection.QueryAsync<int>("SELECT version FROM formflow_migrations", transaction: w.Transaction));
            Assert.That(runs.SelectMany(r => r).Select(m => m.Version), Is.EqualTo(Migrator.Scripts(fresh.Dialect).Select(s => s.Migration.Version)));
            Assert.That(recorded, Is.EquivalentTo(Migrator.Scripts(fresh.Dialect).Select(s => s.Migration.Version)));
        }
        finally
        {
            if (!ReferenceEquals(fresh, otherNode))
            {
                otherNode.Dispose();
            }

            fresh.Dispose();
        }
    }

    [Test]
    public async Task Every_dialect_has_the_same_migrations()
    {
        var names = Enum.GetValues<StorageDialect>().Select(d => Migrator.Scripts(d).Select(s => s.Migration).ToList()).ToList();

        Assert.That(names[0], Is.Not.Empty);
        Assert.That(names, Has.All.EqualTo(names[0]));
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_audit_log_refuses_to_change_or_lose_an_entry()
    {
        await InTransaction(Db, w => AuditLog.AppendAsync(w, new AuditEntry(Rows.Now, "p-0002", "task.submitted", "task", "t-1", "{}", """{"a":1}""")));

        var update = async () => await InTransaction(Db, w => w.Connection.ExecuteAsync("UPDATE audit_log SET actor = 'someone else'", transaction: w.Transaction));
        var delete = async () => await InTransaction(Db, w => w.Connection.ExecuteAsync("DELETE FROM audit_log", transaction: w.Transaction));

        Assert.That(update, Throws.InstanceOf<DbException>().With.Message.Contains("append-only"));
        Assert.That(delete, Throws.InstanceOf<DbException>().With.Message.Contains("append-only"));
        var entries = await InTransaction(Db, w => AuditLog.ForAsync(w, "task", "t-1"));
        Assert.That(entries, Is.EqualTo(new[] { new AuditEntry(Rows.Now, "p-0002", "task.submitted", "task", "t-1", "{}", """{"a":1}""") }));
    }

    [Test]
    public async Task Schema_21_counts_the_instances_a_database_already_had_and_every_one_written_after()
    {
        await WithDatabaseMigratedToAsync(20, async fresh =>
        {
            Assert.That((await Migrator.ApplyAsync(fresh)).Select(m => m.Version), Is.EqualTo(Migrator.Scripts(fresh.Dialect).Select(s => s.Migration.Version).Where(v => v > 20)));
            Assert.That(await InstanceCountsAsync(fresh), Is.EqualTo(new[] { ("", "", 2L), ("", "D1", 2L) }), "every instance, by its subject's department ('' for none, or a subject not in the organisation)");

            await InTransaction(fresh, w => CommandWrites.WriteAsync(w, Rows.Starting(Rows.Instance() with { SubjectId = "a" }, Rows.Instance() with { SubjectId = "nobody" })));

            Assert.That(await InstanceCountsAsync(fresh), Is.EqualTo(new[] { ("", "", 3L), ("", "D1", 3L) }));
        });
    }

    [Test]
    public async Task Schema_22_counts_the_instances_of_subjects_the_organisation_does_not_know_which_schema_21_left_out()
    {
        await WithDatabaseMigratedToAsync(21, async fresh =>
        {
            Assert.That(await InstanceCountsAsync(fresh), Is.EqualTo(new[] { ("", "", 1L), ("", "D1", 2L) }), "schema 21: the instances of known people");

            Assert.That((await Migrator.ApplyAsync(fresh)).Select(m => m.Version), Is.EqualTo(Migrator.Scripts(fresh.Dialect).Select(s => s.Migration.Version).Where(v => v > 21)));
            Assert.That(await InstanceCountsAsync(fresh), Is.EqualTo(new[] { ("", "", 2L), ("", "D1", 2L) }), "schema 22: 'nobody''s instance too");
        });
    }

    [Test]
    public async Task Schema_24_puts_in_order_the_instances_a_database_already_had_and_every_one_written_after()
    {
        await WithDatabaseMigratedToAsync(23, async fresh =>
        {
            Assert.That((await Migrator.ApplyAsync(fresh)).Select(m => m.Version), Is.EqualTo(Migrator.Scripts(fresh.Dialect).Select(s => s.Migration.Version).Where(v => v > 23)));
            Assert.That(await InstanceOrderAsync(fresh), Is.EqualTo(new[] { "i3", "i2", "i1", "i0" }), "every instance, newest first");

            var started = Rows.Instance("i4") with { CreatedAt = 2_000, SubjectId = "a" };
            await InTransaction(fresh, w => CommandWrites.WriteAsync(w, Rows.Starting(started, Rows.Instance("i5") with { CreatedAt = 2_000 })));

            Assert.That(await InstanceOrderAsync(fresh), Is.EqualTo(new[] { "i4", "i5", "i3", "i2", "i1", "i0" }), "one time, then by id");
        });

        static async Task<IReadOnlyList<string>> InstanceOrderAsync(Database database) =>
            [.. await InTransaction(database, w => w.Connection.QueryAsync<string>("SELECT id FROM instance_order ORDER BY created_at DESC, id", transaction: w.Transaction))];
    }

    [Test]
    public async Task Every_key_reference_and_index_compares_its_text_byte_by_byte()
    {
        // Index key columns (not INCLUDE columns, not expressions) and foreign-key columns whose collation is not
        // bytes: not "C" on PostgreSQL, not BINARY on SQLite.
        var sql = Db.Dialect switch
        {
            StorageDialect.Sqlite => """
                SELECT DISTINCT m.name || '.' || x.name || ' ' || x.coll
                FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x
                WHERE m.type = 'table' AND x.key = 1 AND x.name IS NOT NULL AND x.coll <> 'BINARY'
                """,
            StorageDialect.PostgreSql => """
                SELECT DISTINCT c.relname || '.' || a.attname || ' ' || COALESCE(co.collname, 'default')
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'text'::regtype
                LEFT JOIN pg_collation co ON co.oid = a.attcollation
                WHERE c.relkind = 'r' AND COALESCE(co.collname, 'default') <> 'C' AND (
                    EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND a.attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1]))
                    OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f' AND a.attnum = ANY (k.conkey)))
                """,
            _ => null,
        };
        if (sql is null)
        {
            Assert.Ignore("SQL Server's ids keep the database's collation (schema 23 changes PostgreSQL's only).");
        }

        var compared = await InTransaction(Db, w => w.Connection.QueryAsync<string>(sql, transaction: w.Transaction));

        Assert.That(compared, Is.Empty, "columns a key, a reference or an index compares by a collation other than bytes");
    }

    // A database of its own at schema 20 holding two people (a of D1, b of no department) and four instances (two of a,
    // one of b, one of someone not in the organisation), then migrated up to schema UP_TO by the scripts themselves.
    private async Task WithDatabaseMigratedToAsync(int upTo, Func<Database, Task> test)
    {
        var (fresh, otherNode) = Open();
        try
        {
            await InTransaction(fresh, async w =>
            {
                await w.Connection.ExecuteAsync(Migrator.VersionTableSql(fresh.Dialect), transaction: w.Transaction);
                await ApplyScriptsAsync(w, fresh.Dialect, 0, 20);
                await w.Connection.ExecuteAsync(
                    "INSERT INTO people (id, name_zh, name_en, email, locale, department_id) VALUES ('a', 'A', 'A', 'a@example.com', 'zh-CN', 'D1'), ('b', 'B', 'B', 'b@example.com', 'en', NULL)",
                    transaction: w.Transaction);
                // As schema 20 holds an instance: today's InstanceStore writes tables of later schemas too.
                foreach (var (subject, n) in new[] { "a", "a", "b", "nobody" }.Select((s, n) => (s, n)))
                {
                    await w.Connection.ExecuteAsync(
                        """
                        INSERT INTO process_instances (id, cycle_id, process_key, process_version, subject_id, status, state, version, created_at, updated_at)
                        VALUES (@Id, NULL, 'annual-review', 1, @Subject, 'running', '{}', 1, @CreatedAt, @CreatedAt)
                        """,
                        new { Id = $"i{n}", Subject = subject, CreatedAt = 1_000L + n },
                        w.Transaction);
                }

                await ApplyScriptsAsync(w, fresh.Dialect, 20, upTo);
            });

            await test(fresh);
        }
        finally
        {
            if (!ReferenceEquals(fresh, otherNode))
            {
                otherNode.Dispose();
            }

            fresh.Dispose();
        }
    }

    // The migrations after version FROM up to UP_TO, each recorded as the migrator records it.
    private static async Task ApplyScriptsAsync(UnitOfWork w, StorageDialect dialect, int from, int upTo)
    {
        foreach (var (migration, sql) in Migrator.Scripts(dialect).Where(s => s.Migration.Version > from && s.Migration.Version <= upTo))
        {
            foreach (var batch in Migrator.Batches(dialect, sql))
            {
                await w.Connection.ExecuteAsync(batch, transaction: w.Transaction);
            }

            await w.Connection.ExecuteAsync("INSERT INTO formflow_migrations (version, name, applied_at) VALUES (@Version, @Name, 0)", migration, w.Transaction);
        }
    }

    // Every table.column of the database, as the database describes itself.
    private async Task<IReadOnlyList<string>> Schema()
    {
        var sql = Db.Dialect switch
        {
            StorageDialect.Sqlite => "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1",
            StorageDialect.PostgreSql => "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
            _ => "SELECT TABLE_NAME + '.' + COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS ORDER BY 1",
        };
        return [.. await InTransaction(Db, w => w.Connection.QueryAsync<string>(sql, transaction: w.Transaction))];
    }
}
