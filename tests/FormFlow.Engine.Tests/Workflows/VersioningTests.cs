using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>Published processes and templates never change under a running instance; the journal records each move.</summary>
public class VersioningTests(string kind) : RuntimeTest(kind)
{
    private static string AnnualReview => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "annual-review.json"));

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    [Test]
    public async Task An_instance_stays_on_the_process_version_it_started_with_when_a_new_one_is_published()
    {
        var running = await Runtime.StartAsync("annual-review", "P5", "P6");
        // Version 2 gives the manager's preparation three days instead of seven.
        var second = await Publish(AnnualReview.Replace("\"after\": \"P7D\"", "\"after\": \"P3D\"", StringComparison.Ordinal));
        var newer = await Runtime.StartAsync("annual-review", "P3", "P6");

        Succeeded(await Runtime.SubmitAsync((await TaskOf("P5", "self-review")).Id, "P5", Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P3", "self-review")).Id, "P3", Sample("self-review", "basics", "results", "reflection", "overall")));

        Assert.That(second.Version, Is.EqualTo(2));
        Assert.That(((await Instance(running.Id)).ProcessVersion, (await Instance(newer.Id)).ProcessVersion), Is.EqualTo((1, 2)));
        Assert.That((await TaskOf("P4", "prepare")).DueAt, Is.EqualTo(Now + (long)TimeSpan.FromDays(7).TotalMilliseconds));
        Assert.That((await TaskOf("P2", "prepare")).DueAt, Is.EqualTo(Now + (long)TimeSpan.FromDays(3).TotalMilliseconds));
    }

    [Test]
    public async Task Publishing_pins_each_form_to_the_newest_template_version_and_a_later_template_leaves_it_alone()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "self-review.json"));
        var running = await Runtime.StartAsync("annual-review", "P5", "P6");
        // A second self-review version that no longer accepts the shipped example: its rating must be at most 4.
        var stricter = template.Replace("\"maximum\": 5", "\"maximum\": 4", StringComparison.Ordinal);
        Assert.That(stricter, Is.Not.EqualTo(template));
        var published = await InTransaction(Db, w => ProcessCatalog.PublishTemplateAsync(w, stricter, "P6", Now));
        Assert.That(published.Version, Is.EqualTo(2));

        var data = Sample("self-review", "basics", "results", "reflection", "overall");
        data["overall_rating"] = 5;
        data["rating_explanation"] = "全年目标全部超额完成，并主导了两个跨部门项目的交付，获得客户书面表扬。";
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P5", "self-review")).Id, "P5", data));

        var body = (await InTransaction(Db, w => DefinitionStore.FindAsync(w, ProcessCatalog.ProcessKind, "annual-review", 1)))!.Body;
        Assert.That(body, Does.Contain("\"self\": \"self-review@1\""));
        Assert.That((await Instance(running.Id)).Status, Is.EqualTo(InstanceStatus.Running));
    }

    [Test]
    public async Task A_process_that_starts_an_unpublished_process_is_not_published()
    {
        var result = await InTransaction(Db, w => ProcessCatalog.PublishProcessAsync(w, AnnualReview.Replace("\"process\": \"performance-improvement\"", "\"process\": \"coaching-plan\"", StringComparison.Ordinal), "P6", Now));

        Assert.That(result.Published, Is.False);
        Assert.That(result.Findings.Where(f => f.Severity == FormFlow.Templates.LintSeverity.Error).Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("process.unknown-process", "$.steps['start-pip'].process") }));
    }

    [Test]
    public async Task Every_move_is_journalled_with_who_when_and_from_which_step_to_which()
    {
        var instance = await Runtime.StartAsync("annual-review", "P5", "P6");
        Clock.Advance(TimeSpan.FromHours(3));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P5", "self-review")).Id, "P5", Sample("self-review", "basics", "results", "reflection", "overall")));

        var timeline = (await Instances.TimelineAsync(instance.Id, "P5"))!;

        Assert.That(timeline.Select(e => (e.At.ToUnixTimeMilliseconds(), e.Actor?.Id, e.Action, e.From, e.To)), Is.EqualTo(new (long, string?, string, string?, string?)[]
        {
            (CycleStart.ToUnixTimeMilliseconds(), "P6", "instance.started", null, "self-review"),
            (Now, "P5", "task.submitted", "self-review", "prepare"),
            (Now, "P5", "step.entered", "self-review", "prepare"),
        }));
    }
}
