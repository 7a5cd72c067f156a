using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace FormFlow.Api.Tests;

/// <summary>
/// Commands racing on one instance through the host's own entry points (the HTTP API, the timer sweeper), released
/// together by a barrier on threads of their own, many rounds over each database: each round ends with exactly one
/// transition, the others refused with a 409 Problem Details that names its code, never a 500, and the database holding
/// what one serial order of the commands would have left (one completion, one journal entry, the instance's version
/// moved once per command that went through).
/// People: E012 the subject (R&amp;D), E011 her manager, E010 the skip-level manager, E004 the HRBP of R&amp;D, E002 the admin.
/// </summary>
public sealed class ConcurrencyTests(string kind) : ApiTest(kind)
{
    private const int Rounds = 20;
    private const string Subject = "E012";
    private const string Manager = "E011";
    private const string SkipLevel = "E010";
    private const string Hrbp = "E004";
    private const string Admin = "E002";

    // Any one of three approvers decides; returning sends the note back to its author.
    private const string AnyApproval = """
        {
          "key": "race-any-approval",
          "title": { "zh-CN": "任一审批（并发）", "en": "Any approver (race)" },
          "forms": { "log": "feedback-log" },
          "start": "note",
          "steps": {
            "note": { "kind": "form", "form": "log", "assignee": "subject", "write": ["entry"], "next": "approve" },
            "approve": { "kind": "approval", "form": "log", "approvers": ["manager", "skip-level", "hrbp"], "mode": "any", "read": "*", "write": [], "returnTo": "note", "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    // An hour to write the note; when it is overdue the task goes to the assignee's superior.
    private const string Escalating = """
        {
          "key": "race-escalation",
          "title": { "zh-CN": "逾期转交（并发）", "en": "Overdue hand-over (race)" },
          "forms": { "log": "feedback-log" },
          "start": "note",
          "steps": {
            "note": { "kind": "form", "form": "log", "assignee": "subject", "write": ["entry"], "due": { "after": "PT1H" }, "escalation": { "action": "reassign-superior" }, "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    // An hour to write the note; when it is overdue the assignee is told and the superior copied (the shipped kind).
    private const string Copying = """
        {
          "key": "race-copy",
          "title": { "zh-CN": "逾期抄送（并发）", "en": "Overdue copy (race)" },
          "forms": { "log": "feedback-log" },
          "start": "note",
          "steps": {
            "note": { "kind": "form", "form": "log", "assignee": "subject", "write": ["entry"], "due": { "after": "PT1H" }, "escalation": { "action": "copy-superior" }, "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    // A draft due a week into the cycle, then a follow-up due the day before the cycle ends: extending the cycle moves both.
    private const string CycleBound = """
        {
          "key": "race-extend",
          "title": { "zh-CN": "延期与提交（并发）", "en": "Extend and submit (race)" },
          "forms": { "log": "feedback-log" },
          "start": "draft",
          "steps": {
            "draft": { "kind": "form", "form": "log", "assignee": "subject", "write": ["entry"], "due": { "from": "cycle-start", "after": "P7D" }, "reminders": [{ "before": "P1D" }], "next": "follow-up" },
            "follow-up": { "kind": "form", "form": "log", "assignee": "manager", "read": "*", "write": ["entry"], "due": { "from": "cycle-end", "before": "P1D" }, "reminders": [{ "before": "P1D" }], "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;

    private ProcessRuntime Runtime => new(Db, Host.Clock);

    [OneTimeSetUp]
    public async Task PublishRacingProcesses()
    {
        foreach (var json in new[] { AnyApproval, Escalating, Copying, CycleBound })
        {
            await using var work = await UnitOfWork.BeginAsync(Db);
            var published = await ProcessCatalog.PublishProcessAsync(work, json, Admin, Host.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            Assert.That(published.Published, Is.True, () => string.Join("; ", published.Findings.Select(f => $"{f.Code} {f.Path} {f.Message.En}")));
            await work.CommitAsync();
        }
    }

    [Test]
    public async Task Approving_and_returning_one_task_at_once_does_one_of_them_and_refuses_the_other_with_409()
    {
        var seen = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var instance = await AtApprovalAsync();
            var task = await TaskOfAsync(instance, "approve", Manager);
            var before = await VersionAsync(instance);
            // Two tabs of the same manager: one approves, the other returns.
            using var approving = await SignedIn(Manager);
            using var returning = await SignedIn(Manager);

            var answers = await AtOnce(
                () => Post(approving, $"/api/tasks/{task}/approve", new JsonObject()),
                () => Post(returning, $"/api/tasks/{task}/return", new JsonObject { ["reason"] = "请补充事例", ["comments"] = new JsonArray() }));

            var (approve, @return) = (answers[0], answers[1]);
            Count(seen, $"approve {approve} / return {@return}");
            OneDoneOtherRefused(answers, "task.conflict", "task.not-applicable");
            var journal = await JournalAsync(instance);
            var tasks = await TasksAsync(instance);
            Assert.Multiple(async () =>
            {
                Assert.That(journal.Count(a => a is "task.approved" or "task.returned"), Is.EqualTo(1), "one decision is journalled");
                Assert.That(await VersionAsync(instance), Is.EqualTo(before + 1), "the instance moved once");
                Assert.That(await RevisionsAsync(task), Is.EqualTo(1), "one completion of the task");
                if (approve.Status == 200)
                {
                    Assert.That(tasks.Single(t => t.Id == task).Status, Is.EqualTo(TaskStatuses.Approved));
                    Assert.That(await StatusAsync(instance), Is.EqualTo(InstanceStatus.Completed));
                    Assert.That(tasks.Where(t => t.Status == TaskStatuses.Open), Is.Empty);
                }
                else
                {
                    Assert.That(tasks.Single(t => t.Id == task).Status, Is.EqualTo(TaskStatuses.Returned));
                    Assert.That(tasks.Where(t => t.Status == TaskStatuses.Open).Select(t => (t.Step, t.AssigneeId)), Is.EqualTo(new[] { ("note", Subject) }), "the note is back with its author");
                }
            });
        }

        TestContext.Out.WriteLine($"{Kind}: {Describe(seen)}");
    }

    [Test]
    public async Task Three_approvers_of_an_any_step_deciding_at_once_move_it_once_and_two_get_409()
    {
        var seen = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var instance = await AtApprovalAsync();
            var approvers = new[] { Manager, SkipLevel, Hrbp };
            var taskIds = new List<string>();
            var clients = new List<HttpClient>();
            foreach (var approver in approvers)
            {
                taskIds.Add(await TaskOfAsync(instance, "approve", approver));
                clients.Add(await SignedIn(approver));
            }

            var before = await VersionAsync(instance);
            Answer[] answers;
            try
            {
                answers = await AtOnce([.. approvers.Select((_, i) => (Func<Task<Answer>>)(() => Post(clients[i], $"/api/tasks/{taskIds[i]}/approve", new JsonObject())))]);
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }

            Count(seen, string.Join(" / ", answers.Select(a => a.ToString())));
            OneDoneOtherRefused(answers, "task.conflict", "task.not-applicable");
            var journal = await JournalAsync(instance);
            var tasks = await TasksAsync(instance);
            var winner = taskIds[Array.FindIndex(answers, a => a.Status == 200)];
            Assert.Multiple(async () =>
            {
                Assert.That(journal.Count(a => a == "task.approved"), Is.EqualTo(1), "one approval is journalled");
                Assert.That(await VersionAsync(instance), Is.EqualTo(before + 1), "the instance moved once");
                Assert.That(await StatusAsync(instance), Is.EqualTo(InstanceStatus.Completed));
                Assert.That(tasks.Where(t => t.Step == "approve" && t.Status == TaskStatuses.Approved).Select(t => t.Id), Is.EqualTo(new[] { winner }), "the one who got 200 decided");
                Assert.That(tasks.Where(t => t.Status == TaskStatuses.Open), Is.Empty);
                foreach (var id in taskIds)
                {
                    Assert.That(await RevisionsAsync(id), Is.EqualTo(id == winner ? 1 : 0), "one completion");
                }
            });
        }

        TestContext.Out.WriteLine($"{Kind}: {Describe(seen)}");
    }

    [Test]
    public async Task A_submit_and_the_escalation_of_its_overdue_task_at_once_hand_it_in_or_hand_it_over_never_both()
    {
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        var seen = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var (started, opened) = await Runtime.StartAsync("race-escalation", Subject, Admin, admit: null);
            var instance = started!.Id;
            var task = opened.Single().Id;
            Host.Clock.Advance(TimeSpan.FromMinutes(61));
            var before = await VersionAsync(instance);
            using var subject = await SignedIn(Subject);

            var answers = await AtOnce(
                () => Post(subject, $"/api/tasks/{task}/submit", new JsonObject { ["data"] = Only(Example("feedback-log", "valid-praise"), EntryFields) }),
                async () => new Answer(await sweeper.SweepAsync(CancellationToken.None), null, "swept"));

            var submit = answers[0];
            var journal = await JournalAsync(instance);
            var row = (await TasksAsync(instance)).Single(t => t.Id == task);
            var submitted = row.Status == TaskStatuses.Submitted;
            var handedOver = row.AssigneeId == Manager;
            Count(seen, $"submit {submit} → {(submitted ? "handed in" : handedOver ? "handed over" : "neither")}");
            Assert.Multiple(async () =>
            {
                Assert.That(submit.Status, Is.AnyOf(200, 404, 409), () => submit.Body + Errors());
                Assert.That(submitted ^ handedOver, Is.True, $"exactly one transition: {row.Status}, {row.AssigneeId}");
                Assert.That(submit.Status == 200, Is.EqualTo(submitted), $"a 200 is a hand-in, a refusal a hand-over: {submit}");
                if (submit.Status == 409)
                {
                    Assert.That(submit.Code, Is.EqualTo("task.conflict"));
                }

                Assert.That(journal.Count(a => a == "task.submitted"), Is.EqualTo(submitted ? 1 : 0));
                Assert.That(journal.Count(a => a == "task.reassigned"), Is.EqualTo(handedOver ? 1 : 0));
                Assert.That(await RevisionsAsync(task), Is.EqualTo(submitted ? 1 : 0), "one completion at most");
                Assert.That(await VersionAsync(instance), Is.EqualTo(before + (submitted ? 1 : 0)), "the instance moved once by the hand-in, not by the hand-over");
            });
        }

        TestContext.Out.WriteLine($"{Kind}: {Describe(seen)}");
    }

    [Test]
    public async Task A_submit_and_the_overdue_notice_of_its_task_at_once_never_send_the_notice_after_the_task_is_handed_in()
    {
        var sweeper = Host.Services.GetRequiredService<TimerSweeper>();
        var lease = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkerOptions>>().Value.Lease;
        var seen = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var (started, opened) = await Runtime.StartAsync("race-copy", Subject, Admin, admit: null);
            var instance = started!.Id;
            var task = opened.Single().Id;
            Host.Clock.Advance(TimeSpan.FromMinutes(61));
            using var subject = await SignedIn(Subject);

            var answers = await AtOnce(
                () => Post(subject, $"/api/tasks/{task}/submit", new JsonObject { ["data"] = Only(Example("feedback-log", "valid-praise"), EntryFields) }),
                async () => new Answer(await sweeper.SweepAsync(CancellationToken.None), null, "swept"));

            // An escalation that lost its turn keeps its claim until the lease ends; then it is fired on the task as it is.
            var firstSweep = answers[1].Status;
            Host.Clock.Advance(lease + TimeSpan.FromSeconds(1));
            var secondSweep = await sweeper.SweepAsync(CancellationToken.None);
            var submit = answers[0];
            var journal = await OrderedJournalAsync(instance);
            var notices = await NoticesOfInstanceAsync(instance, "task.overdue");
            var submitted = journal.FindIndex(a => a == "task.submitted");
            var overdue = journal.FindIndex(a => a == "task.overdue");
            var timers = await TimersAsync(instance);
            Count(seen, $"submit {submit}, {(overdue < 0 ? "no notice" : "notice before the hand-in")}, fired in sweep {(firstSweep > 0 ? 1 : secondSweep > 0 ? 2 : 0)}");
            Assert.Multiple(() =>
            {
                Assert.That(submit.Status, Is.EqualTo(200), () => submit.Body + Errors());
                Assert.That(journal.Count(a => a == "task.submitted"), Is.EqualTo(1), "handed in once");
                Assert.That(journal.Count(a => a == "task.overdue"), Is.AtMost(1), "told at most once");
                Assert.That(notices, Has.Count.EqualTo(overdue < 0 ? 0 : 1), "an overdue notice exactly when the journal says the task was overdue");
                Assert.That(overdue < 0 || overdue < submitted, Is.True, $"the overdue notice was written while the task was open, never after it was handed in: {string.Join(", ", journal)}");
                Assert.That(timers.Where(t => t.FiredAt is null).Select(t => t.Kind), Is.Empty, "the escalation fired once its lease had run out at the latest");
            });
        }

        TestContext.Out.WriteLine($"{Kind}: {Describe(seen)}");
    }

    [Test]
    public async Task Extending_a_cycle_while_a_task_of_it_is_submitted_moves_every_deadline_once_including_the_next_steps()
    {
        var seen = new Dictionary<string, int>();
        var day = TimeSpan.FromDays(1);
        for (var round = 0; round < Rounds; round++)
        {
            var start = Host.Clock.GetUtcNow();
            var cycleId = $"race-extend-{round}";
            var launched = await CycleLauncher.LaunchAsync(Db, Host.Clock, new CycleRequest(cycleId, cycleId, "race-extend", start, start.AddDays(30), Population.People(Subject), Admin));
            Assert.That(launched.Started, Is.EqualTo(1), launched.Summary.En);
            var instance = await InstanceOfCycleAsync(cycleId);
            var draft = await TaskOfAsync(instance, "draft", Subject);
            var before = await VersionAsync(instance);
            var newEnd = start.AddDays(40);
            using var subject = await SignedIn(Subject);
            using var admin = await SignedIn(Admin);

            var answers = await AtOnce(
                () => Post(subject, $"/api/tasks/{draft}/submit", new JsonObject { ["data"] = Only(Example("feedback-log", "valid-praise"), EntryFields) }),
                () => Post(admin, $"/api/cycles/{cycleId}/extend", new JsonObject { ["endsAt"] = newEnd.ToString("o", System.Globalization.CultureInfo.InvariantCulture) }));

            var (submit, extend) = (answers[0], answers[1]);
            Count(seen, $"submit {submit} / extend {extend}");
            var tasks = await TasksAsync(instance);
            var timers = await TimersAsync(instance);
            var end = (await CycleOperations.FindAsync(Db, cycleId))!.EndsAt;
            Assert.Multiple(async () =>
            {
                Assert.That(submit.Status, Is.AnyOf(200, 409), () => submit.Body + Errors());
                Assert.That(extend.Status, Is.EqualTo(200), () => extend.Body + Errors());
                if (submit.Status == 409)
                {
                    Assert.That(submit.Code, Is.EqualTo("task.conflict"));
                }

                Assert.That(end, Is.EqualTo(newEnd), "the cycle ends later");
                var done = submit.Status == 200;
                Assert.That(await VersionAsync(instance), Is.EqualTo(before + (done ? 1 : 0) + 1), "the instance moved once per command that went through");
                Assert.That(await RevisionsAsync(draft), Is.EqualTo(done ? 1 : 0));
                Assert.That((await JournalAsync(instance)).Count(a => a == "task.submitted"), Is.EqualTo(done ? 1 : 0));
                var open = tasks.Where(t => t.Status == TaskStatuses.Open).ToList();
                Assert.That(open, Has.Count.EqualTo(1));
                // Whichever went first, the open task's deadline is where the extended cycle puts it, and so is its reminder.
                DateTimeOffset? expected = done ? newEnd - day : start.AddDays(7) + (newEnd - start.AddDays(30));
                Assert.That(open.Select(t => (t.Step, At(t.DueAt))), Is.EqualTo(new[] { (done ? "follow-up" : "draft", expected) }), "the open task's deadline");
                Assert.That(timers.Where(t => t.TaskId == open[0].Id && t.FiredAt is null).Select(t => At(t.DueAt)), Is.EqualTo(new[] { expected - day }), "its reminder");
            });
        }

        TestContext.Out.WriteLine($"{Kind}: {Describe(seen)}");
    }

    private static readonly string[] EntryFields = ["event_at", "related_goal", "kind", "channel", "behavior", "effect", "suggestion", "thanks_trust", "visible_to_employee"];

    /// <summary>What one racer got: the HTTP status and the Problem Details code (or what a worker returned).</summary>
    private sealed record Answer(int Status, string? Code, string Body)
    {
        public override string ToString() => Code is null ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Status} {Code}";
    }

    // Releases the actions together: each on a thread of its own, all waiting at one barrier.
    private static Task<Answer[]> AtOnce(params Func<Task<Answer>>[] actions)
    {
        var barrier = new Barrier(actions.Length);
        var running = actions.Select(action => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait();
                return action();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();
        return Task.WhenAll(running).ContinueWith(
            t =>
            {
                barrier.Dispose();
                return t;
            },
            TaskScheduler.Default).Unwrap();
    }

    private static async Task<Answer> Post(HttpClient client, string url, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            code = (string?)JsonNode.Parse(text)!["code"];
        }

        return new Answer((int)response.StatusCode, code, text);
    }

    // One 200; every other answer a 409 with one of the codes — never a 500, never a second success.
    private void OneDoneOtherRefused(IReadOnlyList<Answer> answers, params string[] codes)
    {
        var all = string.Join("; ", answers.Select(a => $"{a}: {a.Body}")) + Errors();
        Assert.That(answers.Count(a => a.Status == 200), Is.EqualTo(1), all);
        Assert.That(answers.Where(a => a.Status != 200).Select(a => a.Status), Is.All.EqualTo(409), all);
        Assert.That(answers.Where(a => a.Status != 200).Select(a => a.Code), Is.All.AnyOf(codes), all);
    }

    // An instance of the any-approval whose note is in: three approval tasks open.
    private async Task<string> AtApprovalAsync()
    {
        var (started, opened) = await Runtime.StartAsync("race-any-approval", Subject, Admin, admit: null);
        var result = await Runtime.SubmitAsync(opened.Single().Id, Subject, Only(Example("feedback-log", "valid-praise"), EntryFields));
        Assert.That(result.Status, Is.EqualTo(CommandStatus.Done), () => string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}")));
        return started!.Id;
    }

    // What the host logged as errors: why a 500 was one.
    private string Errors() => string.Join("\n", Host.Log.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(r => $"{r.Message} {r.Exception}"));

    private static DateTimeOffset? At(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    private static void Count(Dictionary<string, int> seen, string outcome) => seen[outcome] = seen.GetValueOrDefault(outcome) + 1;

    private static string Describe(Dictionary<string, int> seen) => string.Join(", ", seen.OrderByDescending(s => s.Value).Select(s => $"{s.Value}× {s.Key}"));

    private async Task<string> TaskOfAsync(string instance, string step, string assignee)
    {
        var open = (await TasksAsync(instance)).Where(t => t.Step == step && t.AssigneeId == assignee && t.Status == TaskStatuses.Open).ToList();
        Assert.That(open, Has.Count.EqualTo(1), $"{assignee} has one open task at {step}");
        return open[0].Id;
    }

    private async Task<List<TaskRow>> TasksAsync(string instance) => await ReadAsync(async w => (await w.Connection.QueryAsync<TaskRow>(
        "SELECT id AS Id, instance_id AS InstanceId, step AS Step, assignee_id AS AssigneeId, due_at AS DueAt, status AS Status, data AS Data, version AS Version, created_at AS CreatedAt, completed_at AS CompletedAt FROM tasks WHERE instance_id = @Id",
        new { Id = instance },
        w.Transaction)).ToList());

    private async Task<List<TimerRow>> TimersAsync(string instance) => await ReadAsync(async w => (await w.Connection.QueryAsync<TimerRow>(
        "SELECT id AS Id, instance_id AS InstanceId, task_id AS TaskId, kind AS Kind, due_at AS DueAt, payload AS Payload, fired_at AS FiredAt FROM timers WHERE instance_id = @Id",
        new { Id = instance },
        w.Transaction)).ToList());

    private Task<int> VersionAsync(string instance) => ReadAsync(async w => (await InstanceStore.FindAsync(w, instance))!.Version);

    private Task<string> StatusAsync(string instance) => ReadAsync(async w => (await InstanceStore.FindAsync(w, instance))!.Status);

    private Task<string> InstanceOfCycleAsync(string cycleId) => ReadAsync(w => w.Connection.QuerySingleAsync<string>(
        "SELECT id FROM process_instances WHERE cycle_id = @Cycle", new { Cycle = cycleId }, w.Transaction));

    private Task<int> RevisionsAsync(string task) => ReadAsync(w => w.Connection.ExecuteScalarAsync<int>(
        "SELECT COUNT(*) FROM task_revisions WHERE task_id = @Id", new { Id = task }, w.Transaction));

    private async Task<List<string>> JournalAsync(string instance) => await ReadAsync(async w => (await w.Connection.QueryAsync<string>(
        "SELECT action FROM audit_log WHERE entity = 'instance' AND entity_id = @Id", new { Id = instance }, w.Transaction)).ToList());

    // The instance's journal in the order its entries were written (the id is the database's own sequence).
    private async Task<List<string>> OrderedJournalAsync(string instance) => await ReadAsync(async w => (await w.Connection.QueryAsync<string>(
        "SELECT action FROM audit_log WHERE entity = 'instance' AND entity_id = @Id ORDER BY id", new { Id = instance }, w.Transaction)).ToList());

    private async Task<List<string>> NoticesOfInstanceAsync(string instance, string noticeEvent) => (await ReadAsync(async w => (await w.Connection.QueryAsync<string>(
        "SELECT payload FROM outbox WHERE instance_id = @Id", new { Id = instance }, w.Transaction)).ToList()))
        .Where(p => (string?)JsonNode.Parse(p)!["event"] == noticeEvent).ToList();

    private async Task<T> ReadAsync<T>(Func<UnitOfWork, Task<T>> read)
    {
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        return await read(work);
    }
}
