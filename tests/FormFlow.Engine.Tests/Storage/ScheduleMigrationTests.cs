using Dapper;
using FormFlow.Storage;

namespace FormFlow.Tests.Storage;

/// <summary>Migration 0008: messages queued before it learn the instance they are about from their payload.</summary>
public class ScheduleMigrationTests(string kind) : StorageTest(kind)
{
    [Test]
    public async Task Messages_queued_before_schema_8_get_their_instance_from_the_payload()
    {
        await InTransaction(Db, async w =>
        {
            // Back to schema 7, with two messages queued then: one about an instance, one whose payload is not JSON.
            foreach (var statement in UndoSchema8(Db.Dialect))
            {
                await w.Connection.ExecuteAsync(statement, transaction: w.Transaction);
            }

            await w.Connection.ExecuteAsync(
                """
                INSERT INTO outbox (id, idempotency_key, channel, recipient, payload, status, attempts, next_attempt_at, created_at)
                VALUES ('m-1', 'k-1', 'mail', 'p-1', '{"event":"task.assigned","recipient":"p-1","instanceId":"0193abcd","step":"self"}', 'pending', 0, 1, 1),
                       ('m-2', 'k-2', 'mail', 'p-1', 'not json', 'pending', 0, 1, 1)
                """,
                transaction: w.Transaction);
        });

        var applied = await Migrator.ApplyAsync(Db);

        var rows = await InTransaction(Db, async w => (await w.Connection.QueryAsync<(string, string?)>("SELECT id, instance_id FROM outbox ORDER BY id", transaction: w.Transaction)).ToList());
        Assert.That(applied.Select(m => m.Name), Is.EqualTo(new[] { "schedule_reads" }));
        Assert.That(rows, Is.EqualTo(new (string, string?)[] { ("m-1", "0193abcd"), ("m-2", null) }));
    }

    private static string[] UndoSchema8(StorageDialect dialect) => dialect switch
    {
        StorageDialect.SqlServer =>
        [
            "DROP INDEX outbox_instance ON outbox", "DROP INDEX outbox_status ON outbox", "DROP INDEX timers_instance ON timers",
            "ALTER TABLE outbox DROP COLUMN instance_id", "DELETE FROM formflow_migrations WHERE version = 8",
        ],
        _ =>
        [
            "DROP INDEX outbox_instance", "DROP INDEX outbox_status", "DROP INDEX timers_instance",
            "ALTER TABLE outbox DROP COLUMN instance_id", "DELETE FROM formflow_migrations WHERE version = 8",
        ],
    };
}
