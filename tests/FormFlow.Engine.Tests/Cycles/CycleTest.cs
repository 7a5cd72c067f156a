using Dapper;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;

namespace FormFlow.Tests.Cycles;

/// <summary>
/// The base of the cycle suite: the runtime's (every database, the small organisation, the shipped templates, a
/// fake clock at <see cref="RuntimeTest.CycleStart"/>) with the shipped annual review and improvement plan published,
/// and a cycle "2026-annual" that ends 60 days after it starts.
/// </summary>
public abstract class CycleTest(string kind) : RuntimeTest(kind)
{
    protected const string CycleId = "2026-annual";
    protected const long Day = 86_400_000;

    protected static readonly DateTimeOffset CycleEnd = CycleStart.AddDays(60);

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    /// <summary>The time <paramref name="days"/> after the cycle's start, in ms as the tables hold it.</summary>
    protected static long At(double days) => CycleStart.AddDays(days).ToUnixTimeMilliseconds();

    /// <summary>
    /// The cycle launched for D1 R&amp;D (P2, P3) and D2 Platform (P4, P5), P5's review rated 2 and confirmed (so P4
    /// drafts an improvement plan, due on day 7), and the clock 16 days and an hour on: three self-reviews late.
    /// </summary>
    private protected async Task LaunchD1WithOneReviewDoneAndTheOthersLate()
    {
        await Launch(Population.Department("D1"));
        await InterviewWithRating("P5", "P4", 2, "需要改进");
        await Advance(TimeSpan.FromDays(16).Add(TimeSpan.FromHours(1)));
    }

    private protected Task<LaunchResult> Launch(Population population, string process = "annual-review") =>
        CycleLauncher.LaunchAsync(Db, Clock, Request(population, process));

    private protected static CycleRequest Request(Population population, string process = "annual-review") =>
        new(CycleId, "2026 年度绩效评估", process, CycleStart, CycleEnd, population, "P6");

    private protected Task<IReadOnlyList<InstanceRow>> InstancesOf(string cycleId) => InTransaction(Db, async w => (IReadOnlyList<InstanceRow>)[.. await w.Connection.QueryAsync<InstanceRow>(
        """
        SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
               status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM process_instances WHERE cycle_id = @CycleId
        """,
        new { CycleId = cycleId },
        w.Transaction)]);

    /// <summary>Every task of the cycle's instances as (assignee, step, status).</summary>
    private protected Task<IReadOnlyList<(string Assignee, string Step, string Status)>> TasksOf(string cycleId) => InTransaction(Db, async w => (IReadOnlyList<(string, string, string)>)[.. await w.Connection.QueryAsync<(string, string, string)>(
        "SELECT t.assignee_id, t.step, t.status FROM tasks t JOIN process_instances i ON i.id = t.instance_id WHERE i.cycle_id = @CycleId",
        new { CycleId = cycleId },
        w.Transaction)]);

    private protected Task<TaskRow> TaskById(string id) => InTransaction(Db, async w => (await TaskStore.FindAsync(w, id))!);

    /// <summary>A task's timers as (kind, due at), the soonest first.</summary>
    private protected Task<IReadOnlyList<(string Kind, long DueAt)>> TimersOf(string taskId) => InTransaction(Db, async w => (IReadOnlyList<(string, long)>)[.. await w.Connection.QueryAsync<(string, long)>(
        "SELECT kind, due_at FROM timers WHERE task_id = @TaskId ORDER BY due_at",
        new { TaskId = taskId },
        w.Transaction)]);

    private protected Task<long> Rows(string table) => InTransaction(Db, w => w.Connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}", transaction: w.Transaction));

    private protected Task<IReadOnlyList<AuditEntry>> Journal(string entity, string id) => InTransaction(Db, w => AuditLog.ForAsync(w, entity, id));

    private protected Task<CycleRow> Cycle() => InTransaction(Db, async w => (await CycleStore.FindAsync(w, CycleId))!);

    /// <summary>The problems a refused cycle command names, as (field, code).</summary>
    private protected static async Task<IReadOnlyList<(string Field, string Code)>> Refused(Func<Task> command)
    {
        var refused = Assert.ThrowsAsync<CycleRequestException>(async () => await command());
        Assert.That(refused!.Problems.All(p => p.Message.ZhCn.Length > 0 && p.Message.En.Length > 0), "every problem in zh-CN and en");
        return [.. refused.Problems.Select(p => (p.Pointer, p.Code))];
    }
}
