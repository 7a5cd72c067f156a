using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// What survives a crash and what a race leaves behind: the runtime keeps nothing in memory between commands, so a
/// node that dies between two commands (or after claiming timers it never fired) loses nothing, and two people
/// acting at once on one instance move it once.
/// </summary>
public class ResilienceTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task A_run_stopped_at_random_points_and_resumed_from_the_database_ends_as_the_uninterrupted_run(int seed)
    {
        var uninterrupted = await Play(crashes: new Random(0), crashChance: 0);
        await ClearRuns();

        var resumed = await Play(crashes: new Random(seed), crashChance: 0.5);

        Assert.That(resumed.Crashes, Is.GreaterThan(0), "the run was interrupted");
        Assert.That(resumed.Outcome, Is.EqualTo(uninterrupted.Outcome));
    }

    [Test]
    public async Task Two_approvers_acting_at_once_move_the_instance_once_and_the_other_is_refused()
    {
        await Publish("""
            {
              "key": "either-approves",
              "title": { "zh-CN": "任一审批", "en": "Either approves" },
              "forms": { "log": "feedback-log" },
              "start": "note",
              "steps": {
                "note": { "kind": "form", "form": "log", "assignee": "subject", "write": ["entry"], "next": "approve" },
                "approve": { "kind": "approval", "form": "log", "approvers": ["manager", "skip-level"], "mode": "any", "read": "*", "write": [], "returnTo": "approve", "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """);
        for (var round = 0; round < 5; round++)
        {
            var instance = await Runtime.StartAsync("either-approves", Employee, "P6");
            Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "note")).Id, Employee, Sample("feedback-log", "entry")));
            var first = await TaskOf(Manager, "approve");
            var second = await TaskOf("P2", "approve");
            var otherNode = new ProcessRuntime(OtherNode, Clock);

            var outcomes = await Task.WhenAll(Outcome(() => Runtime.ApproveAsync(first.Id, Manager)), Outcome(() => otherNode.ApproveAsync(second.Id, "P2")));

            Assert.That(outcomes.Count(o => o == "done"), Is.EqualTo(1), string.Join(", ", outcomes));
            Assert.That(outcomes.Count(o => o is "conflict" or "no longer open"), Is.EqualTo(1), string.Join(", ", outcomes));
            var journal = await InTransaction(Db, w => AuditLog.ForAsync(w, "instance", instance.Id));
            Assert.That(journal.Count(e => e.Action == "task.approved"), Is.EqualTo(1), "one approval counts");
            Assert.That(journal.Count(e => e.Action == "step.entered"), Is.EqualTo(2), "note → approve, approve → end: one transition out of the approval");
            Assert.That((await Instance(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        }
    }

    private static async Task<string> Outcome(Func<Task<CommandResult>> command)
    {
        try
        {
            var result = await command();
            return result.Status switch
            {
                CommandStatus.Done => "done",
                CommandStatus.NotApplicable => "no longer open",
                var other => other.ToString(),
            };
        }
        catch (ConcurrencyConflictException)
        {
            return "conflict";
        }
    }

    private sealed record Played(int Crashes, string Outcome);

    // The annual review for P5 with a reminder, an overdue copy, a returned record and three check-ins. Before each
    // command the node may die: the next command runs on a new runtime over another connection pool, and a dying
    // node that had claimed due timers leaves them claimed until their lease runs out.
    private async Task<Played> Play(Random crashes, double crashChance)
    {
        RestartClock();
        var node = new ProcessRuntime(Db, Clock);
        var crashCount = 0;
        var handles = new[] { Db, OtherNode };

        async Task Act(Func<ProcessRuntime, Task> command)
        {
            if (crashes.NextDouble() < crashChance)
            {
                crashCount++;
                node = new ProcessRuntime(handles[crashCount % 2], Clock);
            }

            await command(node);
        }

        async Task Wait(TimeSpan time)
        {
            Clock.Advance(time);
            if (crashes.NextDouble() < crashChance)
            {
                // Claimed, then the node died before firing: the timers come back once the lease has run out.
                crashCount++;
                await InTransaction(Db, w => TimerStore.ClaimDueAsync(w, "dying-node", Now, LeasedClaim.DefaultLease, 1_000));
                node = new ProcessRuntime(handles[crashCount % 2], Clock);
                Clock.Advance(LeasedClaim.DefaultLease + TimeSpan.FromSeconds(1));
            }

            while (await node.FireDueTimersAsync("node-" + crashCount) > 0)
            {
            }
        }

        async Task<string> Task(string person, string step) => (await TaskOf(person, step)).Id;

        await Act(r => r.StartAsync("annual-review", Employee, "P6"));
        await Wait(TimeSpan.FromDays(12));
        await Wait(TimeSpan.FromDays(2.5));
        await Act(async r => Succeeded(await r.SubmitAsync(await Task(Employee, "self-review"), Employee, Sample("self-review", "basics", "results", "reflection", "overall"))));
        await Act(async r => Succeeded(await r.SubmitAsync(await Task(Manager, "prepare"), Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support"))));
        await Act(async r => Succeeded(await r.SubmitAsync(await Task(Employee, "record"), Employee, Sample("interview-record", "went-well", "to-improve", "plan"))));
        await Act(async r => Succeeded(await r.ReturnAsync(await Task(Manager, "record"), Manager, "请补充时间节点", [new FieldNote("/plan", "补充日期")])));
        await Act(async r => Succeeded(await r.SubmitAsync(await Task(Employee, "record"), Employee, Sample("interview-record", "went-well", "to-improve", "plan"))));
        await Act(async r => Succeeded(await r.ApproveAsync(await Task(Manager, "record"), Manager, ManagersPart(4, "稳定"))));
        await Act(async r => Succeeded(await r.ConfirmAsync(await Task(Employee, "confirm"), Employee, new JsonObject { ["employee_confirmed"] = true })));
        await Act(async r => Succeeded(await r.ConfirmAsync(await Task(Manager, "confirm"), Manager)));
        await Act(async r => Succeeded(await r.SubmitAsync(await Task(Employee, "idp"), Employee, Sample("idp", "aspiration", "goals"))));
        await Act(async r => Succeeded(await r.ApproveAsync(await Task(Manager, "idp-approval"), Manager)));
        for (var month = 0; month < 3; month++)
        {
            await Wait(TimeSpan.FromDays(31));
            await Act(async r => Succeeded(await r.SubmitAsync(await Task(Employee, "check-ins"), Employee, Sample("monthly-check-in", "progress"))));
        }

        return new Played(crashCount, await Outcome());
    }

    // Everything the run left, without ids and times: the instances, the tasks in order, the messages, the journal.
    private async Task<string> Outcome() => await InTransaction(Db, async w =>
    {
        var lines = new List<string>();
        foreach (var (process, status, state) in await w.Connection.QueryAsync<(string, string, string)>("SELECT process_key, status, state FROM process_instances ORDER BY created_at, process_key", transaction: w.Transaction))
        {
            var parsed = InstanceState.Parse(state);
            lines.Add($"instance {process} {status} active=[{string.Join(",", parsed.Active)}] forms={JsonSerializerForms(parsed)} answers={string.Join(";", parsed.Responses.SelectMany(r => r.Value.Select(a => $"{r.Key}#{a.Occurrence}:{a.Data.ToJsonString()}")))}");
        }

        lines.AddRange((await w.Connection.QueryAsync<(string, string, string, string)>("SELECT step, assignee_id, status, data FROM tasks ORDER BY created_at, step, assignee_id", transaction: w.Transaction))
            .Select(t => $"task {t.Item1} {t.Item2} {t.Item3} {t.Item4}"));
        lines.AddRange((await w.Connection.QueryAsync<string>("SELECT payload FROM outbox", transaction: w.Transaction))
            .Select(p => JsonNode.Parse(p)!).Select(p => $"message {p["event"]} {p["recipient"]} cc={p["cc"]!.ToJsonString()} {p["step"]}").Order(StringComparer.Ordinal));
        // The journal is append-only: the entries of the instances of this run.
        lines.AddRange((await w.Connection.QueryAsync<(string, string)>(
            "SELECT action, actor FROM audit_log WHERE entity = 'instance' AND entity_id IN (SELECT id FROM process_instances) ORDER BY at, id",
            transaction: w.Transaction)).Select(e => $"journal {e.Item1} {e.Item2}"));
        return string.Join("\n", lines);
    });

    private static string JsonSerializerForms(InstanceState state) =>
        string.Join(";", state.Forms.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value.ToJsonString()));

    private Task ClearRuns() => InTransaction(Db, async w =>
    {
        foreach (var table in new[] { "field_comments", "task_revisions", "tasks", "timers", "outbox", "process_instances" })
        {
            await w.Connection.ExecuteAsync($"DELETE FROM {table}", transaction: w.Transaction);
        }
    });
}
