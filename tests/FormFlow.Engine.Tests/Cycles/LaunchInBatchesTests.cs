using System.Data.Common;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Tests.Organisation;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// Launches of more people than one batch of writes (2,000), over a generated organisation of 4,500
/// (<see cref="ThousandPeople"/>, the CEO's department D000 holding everyone). On PostgreSQL a batch is written while
/// the next one is computed; what a launch leaves must not show it.
/// </summary>
public class LaunchInBatchesTests(string kind) : CycleTest(kind)
{
    private const int People = 4_500;

    // In the second batch: the people start in the organisation's order, by id.
    private const string RefusedPerson = "E3000";

    [SetUp]
    public async Task ImportTheOrganisation()
    {
        await InTransaction(Db, w => OrganisationStore.ReplaceAsync(w, ThousandPeople.File(people: People).Parse().Organisation!));
    }

    [Test]
    public async Task A_launch_of_several_batches_starts_everyone_once_with_their_own_first_task()
    {
        var result = await Launch(Population.Department("D000"));

        Assert.That((result.Started, result.NotStarted.Count), Is.EqualTo((People, 0)));
        Assert.That(await Rows("process_instances"), Is.EqualTo(People));
        Assert.That(await Rows("instance_order"), Is.EqualTo(People), "each instance in the lists' order");
        Assert.That(await Rows("cycle_members"), Is.EqualTo(People));
        var selfReviews = await InTransaction(Db, w => w.Connection.QuerySingleAsync<(long Tasks, long Assignees, long Subjects)>(
            """
            SELECT COUNT(*), COUNT(DISTINCT t.assignee_id), COUNT(DISTINCT i.subject_id)
            FROM tasks t JOIN process_instances i ON i.id = t.instance_id
            WHERE t.step = 'self-review' AND t.assignee_id = i.subject_id
            """,
            transaction: w.Transaction));
        Assert.That(selfReviews, Is.EqualTo((People, People, People)), "each person's self-review, assigned to them");
        Assert.That((await Messages()).Count, Is.EqualTo(People), "one mail each");
        Assert.That(await Rows("timers"), Is.EqualTo(2 * People), "a reminder and an escalation each");
    }

    [Test]
    public async Task A_process_that_opens_by_starting_another_reads_its_definition_while_the_batches_are_written()
    {
        await Publish("""
            {
              "key": "kick-off",
              "title": { "zh-CN": "绩效启动", "en": "Kick-off" },
              "forms": {},
              "start": "goals",
              "steps": {
                "goals": { "kind": "start-process", "process": "next-period-goals", "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """);

        var result = await Launch(Population.Department("D000"), "kick-off");

        Assert.That(result.Started, Is.EqualTo(People));
        var started = await InTransaction(Db, async w => (await w.Connection.QueryAsync<(string Process, long Instances, long Subjects)>(
            "SELECT process_key, COUNT(*), COUNT(DISTINCT subject_id) FROM process_instances GROUP BY process_key ORDER BY process_key",
            transaction: w.Transaction)).ToList());
        Assert.That(started, Is.EqualTo(new[] { ("kick-off", (long)People, (long)People), ("next-period-goals", (long)People, (long)People) }));
    }

    [Test]
    public async Task A_batch_the_database_refuses_fails_the_launch_leaving_nothing_and_the_next_launch_starts_everyone()
    {
        await InTransaction(Db, w => w.Connection.ExecuteAsync(RefuseInstanceSql(RefusedPerson), transaction: w.Transaction));

        Assert.That(async () => await Launch(Population.Department("D000")), Throws.InstanceOf<DbException>().With.Message.Contains("refused"));

        Assert.That(await Rows("cycles"), Is.Zero);
        Assert.That(await Rows("process_instances"), Is.Zero, "the first batch, written before the refused one, is rolled back with it");
        Assert.That(await Rows("tasks"), Is.Zero);
        Assert.That(await Rows("outbox"), Is.Zero);

        await InTransaction(Db, w => w.Connection.ExecuteAsync(DropRefusalSql, transaction: w.Transaction));
        var result = await Launch(Population.Department("D000"));

        Assert.That((result.Created, result.Started), Is.EqualTo((true, People)));
        Assert.That(await Rows("process_instances"), Is.EqualTo(People));
    }

    // A trigger that refuses to store an instance of one person: a failure of the database in the middle of a launch.
    private string RefuseInstanceSql(string subject) => Kind switch
    {
        "postgresql" => $"""
            CREATE FUNCTION refuse_instance() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.subject_id = '{subject}' THEN RAISE EXCEPTION 'refused: %', NEW.subject_id; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_instance BEFORE INSERT ON process_instances FOR EACH ROW EXECUTE FUNCTION refuse_instance();
            """,
        "sqlserver" => $"""
            CREATE TRIGGER refuse_instance ON process_instances AFTER INSERT AS
            IF EXISTS (SELECT 1 FROM inserted WHERE subject_id = '{subject}') THROW 50000, 'refused', 1;
            """,
        _ => $"""
            CREATE TRIGGER refuse_instance BEFORE INSERT ON process_instances WHEN NEW.subject_id = '{subject}'
            BEGIN SELECT RAISE(ABORT, 'refused'); END;
            """,
    };

    private string DropRefusalSql => Kind == "postgresql" ? "DROP TRIGGER refuse_instance ON process_instances" : "DROP TRIGGER refuse_instance";
}
