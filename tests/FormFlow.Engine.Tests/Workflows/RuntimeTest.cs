using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Tests.Organisation;
using FormFlow.Tests.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The base of the runtime suite: on each database, the small organisation (<see cref="SmallOrg"/>), every shipped
/// template published, a fake clock at the start of a review cycle, and a way to act as each person.
/// </summary>
public abstract class RuntimeTest(string kind) : StorageTest(kind)
{
    protected static readonly DateTimeOffset CycleStart = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private protected FakeTimeProvider Clock { get; private set; } = null!;

    private protected ProcessRuntime Runtime { get; private set; } = null!;

    [SetUp]
    public async Task PrepareOrganisationAndTemplates()
    {
        RestartClock();
        await InTransaction(Db, w => OrganisationStore.ReplaceAsync(w, SmallOrg.File().Parse().Organisation!));
        foreach (var file in Directory.GetFiles(RepositoryFiles.Templates, "*.json").Order(StringComparer.Ordinal))
        {
            var published = await InTransaction(Db, w => ProcessCatalog.PublishTemplateAsync(w, File.ReadAllText(file), "P6", Now));
            Assert.That(published.Published, Is.True, () => file + ": " + string.Join("; ", published.Findings.Select(f => $"{f.Code} {f.Path} {f.Message.En}")));
        }
    }

    /// <summary>Puts the clock back at the start of the cycle (a fake clock only moves forward), with a runtime on it.</summary>
    private protected void RestartClock()
    {
        Clock = new FakeTimeProvider(CycleStart);
        Runtime = new ProcessRuntime(Db, Clock);
    }

    private protected long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>People's tasks as the host reads them, on the fake clock.</summary>
    private protected TaskDesk Tasks => new(Db, Clock);

    /// <summary>Instances as the host reads them, on the fake clock.</summary>
    private protected InstanceDesk Instances => new(Db, Clock);

    /// <summary>Publishes a shipped process from samples/processes.</summary>
    private protected Task<PublishResult> PublishSample(string key) =>
        Publish(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", key + ".json")));

    /// <summary>Publishes the shipped annual review, after the processes it starts (the PIP, the next period's goals).</summary>
    private protected async Task PublishAnnualReview()
    {
        await PublishSample("performance-improvement");
        await PublishSample("next-period-goals");
        await PublishSample("annual-review");
    }

    private protected async Task<PublishResult> Publish(string json)
    {
        var result = await InTransaction(Db, w => ProcessCatalog.PublishProcessAsync(w, json, "P6", Now));
        Assert.That(result.Findings.Where(f => f.Severity == LintSeverity.Error), Is.Empty);
        return result;
    }

    /// <summary>
    /// Starts the newest version of a process for one person in a new cycle open from <paramref name="starts"/> to
    /// <paramref name="ends"/>. FormFlow has no command that launches a cycle yet; this does what launching will do
    /// for one person: the cycle row, and the instance started in it.
    /// </summary>
    private protected async Task<InstanceRow> StartInCycle(string processKey, string subjectId, DateTimeOffset starts, DateTimeOffset ends)
    {
        var launched = await CycleLauncher.LaunchAsync(Db, Clock, new CycleRequest(
            Run.NewId(Clock.GetUtcNow()), processKey, processKey, starts, ends, Population.People(subjectId), "P6"));
        Assert.That(launched.Started, Is.EqualTo(1), launched.Summary.En);
        return await InTransaction(Db, async w => (await w.Connection.QuerySingleAsync<InstanceRow>(
            "SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId, status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt FROM process_instances WHERE cycle_id = @Cycle",
            new { Cycle = launched.Cycle.Id },
            w.Transaction)));
    }

    /// <summary>
    /// Drives a started annual review of <paramref name="employee"/> through self-review, preparation, the interview
    /// record rated 4, both confirmations, and the IDP approved: the instance then waits at its monthly check-ins.
    /// </summary>
    private protected async Task AnnualReviewToCheckIns(string employee, string manager)
    {
        await InterviewWithRating(employee, manager, 4, "面谈总结");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(employee, "idp")).Id, employee, Sample("idp", "aspiration", "goals")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(manager, "idp-approval")).Id, manager, new JsonObject { ["manager_comment"] = "同意，季度回顾", ["manager_agreed"] = true }));
    }

    /// <summary>
    /// Drives a started annual review of <paramref name="employee"/> through self-review, the manager's preparation,
    /// the interview record with <paramref name="rating"/>, and both confirmations — the employee answering whether the
    /// rating may be announced to their team when <paramref name="consent"/> is given (left out when null).
    /// </summary>
    private protected async Task InterviewWithRating(string employee, string manager, int rating, string summary, bool? consent = null)
    {
        Succeeded(await Runtime.SubmitAsync((await TaskOf(employee, "self-review")).Id, employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(manager, "prepare")).Id, manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(employee, "record")).Id, employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(manager, "record")).Id, manager, ManagersPart(rating, summary)));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(employee, "confirm")).Id, employee, consent is { } agreed
            ? new JsonObject { ["employee_confirmed"] = true, ["recognition_consent"] = agreed }
            : new JsonObject { ["employee_confirmed"] = true }));
        Succeeded(await Runtime.ConfirmAsync((await TaskOf(manager, "confirm")).Id, manager));
    }

    /// <summary>
    /// What the manager writes when accepting an interview record of the shipped annual review: the rating, the
    /// summary, and the BEST feedback of the template's first valid example.
    /// </summary>
    private protected static JsonObject ManagersPart(int rating, string summary)
    {
        var part = Sample("interview-record", "feedback");
        part["overall_rating"] = rating;
        part["manager_summary"] = summary;
        return part;
    }

    /// <summary>The open tasks of a person, soonest due first.</summary>
    private protected Task<IReadOnlyList<TaskRow>> Inbox(string person) => InTransaction(Db, w => TaskStore.OpenForAsync(w, person));

    /// <summary>The one open task <paramref name="person"/> has at <paramref name="step"/>.</summary>
    private protected async Task<TaskRow> TaskOf(string person, string step)
    {
        var tasks = (await Inbox(person)).Where(t => t.Step == step).ToList();
        Assert.That(tasks, Has.Count.EqualTo(1), $"{person} should have one open task at {step}; has: {string.Join(", ", (await Inbox(person)).Select(t => t.Step))}");
        return tasks[0];
    }

    private protected async Task<InstanceRow> Instance(string id) => (await InTransaction(Db, w => InstanceStore.FindAsync(w, id)))!;

    private protected async Task<InstanceState> State(string instanceId) => InstanceState.Parse((await Instance(instanceId)).State);

    /// <summary>Every message queued so far, oldest first, as (event, recipient, cc, step).</summary>
    private protected async Task<IReadOnlyList<Notified>> Messages() =>
        [.. (await Payloads()).Select(p => new Notified(
            (string)p["event"]!,
            (string)p["recipient"]!,
            [.. p["cc"]!.AsArray().Select(c => (string)c!)],
            (string?)p["step"]))];

    /// <summary>The payload of every message queued so far, oldest first.</summary>
    private protected async Task<IReadOnlyList<JsonNode>> Payloads()
    {
        var payloads = await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>("SELECT payload FROM outbox ORDER BY created_at, id", transaction: w.Transaction)).ToList());
        return [.. payloads.Select(p => JsonNode.Parse(p)!)];
    }

    /// <summary>Moves the clock on and fires every timer that fell due, as the sweeper would.</summary>
    private protected async Task<int> Advance(TimeSpan by)
    {
        Clock.Advance(by);
        var fired = 0;
        for (int n; (n = await Runtime.FireDueTimersAsync("node-a")) > 0;)
        {
            fired += n;
        }

        return fired;
    }

    /// <summary>Sample data of a template (its first valid example), reduced to the given sections' fields.</summary>
    private protected static JsonObject Sample(string template, params string[] sections)
    {
        var example = Directory.GetFiles(Path.Combine(RepositoryFiles.Templates, "examples", template), "valid-*.json").Order(StringComparer.Ordinal).First();
        var data = JsonNode.Parse(File.ReadAllText(example))!["data"]!.AsObject();
        var loaded = FormTemplate.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, template + ".json"))).Template!;
        var fields = loaded.Sections.Where(s => sections.Contains(s.Key)).SelectMany(s => s.Fields).ToHashSet();
        var result = new JsonObject();
        foreach (var (name, value) in data)
        {
            if (fields.Contains(name))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private protected static void Succeeded(CommandResult result) =>
        Assert.That(result.Status, Is.EqualTo(CommandStatus.Done), () => string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}")));

    private protected sealed record Notified(string Event, string Recipient, IReadOnlyList<string> Cc, string? Step);
}
