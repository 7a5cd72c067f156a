using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Cycles;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Tests.Organisation;
using FormFlow.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace FormFlow.Tests.Storage;

/// <summary>
/// Published definitions belong to their database: two databases served by one process may publish different
/// content under the same key and version (a report template, a notification template, a process), and each renders
/// and runs its own. A version read while it was being published, and then rolled back, is not kept.
/// </summary>
public class PublishedDefinitionsTests(string kind) : StorageTest(kind)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly long At = Start.ToUnixTimeMilliseconds();

    private readonly FakeTimeProvider clock = new(Start);

    [Test]
    public async Task Each_database_renders_its_own_follow_up_report_of_the_same_version()
    {
        var other = await AnotherDatabaseAsync();
        foreach (var (database, name) in new[] { (Db, "First"), (other, "Second") })
        {
            await PrepareAsync(database);
            var published = await InTransaction(database, w => ReportCatalog.PublishAsync(w, FollowUp(name), "P6", At));
            Assert.That(published.Version, Is.EqualTo(1));
        }

        var first = await RenderFollowUpAsync(Db);
        var second = await RenderFollowUpAsync(other);

        Assert.That((first, second), Is.EqualTo(("<p>First Zhang Wei</p>", "<p>Second Zhang Wei</p>")));
    }

    [Test]
    public async Task Each_database_launches_its_own_process_and_sends_its_own_notification_of_the_same_version()
    {
        var other = await AnotherDatabaseAsync();
        foreach (var (database, name) in new[] { (Db, "first"), (other, "second") })
        {
            await PrepareAsync(database);
            Assert.That((await InTransaction(database, w => NotificationCatalog.PublishAsync(w, CycleLaunched(name), "P6", At))).Version, Is.EqualTo(1));
            var process = (await DefinitionPublishing.PublishChangedAsync(database, new Dictionary<string, string>(), new Dictionary<string, string> { ["check-in.json"] = CheckIn(name) }, "P6", clock)).Single();
            Assert.That((process.Outcome, process.Version), Is.EqualTo((PublishOutcome.Published, (int?)1)), () => string.Join("; ", process.Findings.Select(f => f.Message.En)));
        }

        foreach (var database in new[] { Db, other })
        {
            var launched = await CycleOperations.LaunchAsync(database, clock, new CycleRequest("q1", "Q1", "check-in", Start, Start.AddDays(30), Population.People("P5"), "P6"));
            Assert.That(launched.Started, Is.EqualTo(1));
        }

        Assert.That(await OpenStepsAsync(Db), Is.EqualTo(new[] { "first-check-in" }));
        Assert.That(await OpenStepsAsync(other), Is.EqualTo(new[] { "second-check-in" }));
        Assert.That(await LaunchMailSubjectAsync(Db), Is.EqualTo("first 启动"));
        Assert.That(await LaunchMailSubjectAsync(other), Is.EqualTo("second 启动"));
    }

    [Test]
    public async Task A_version_read_by_a_publication_that_rolled_back_is_not_kept()
    {
        await using (var rolledBack = await UnitOfWork.BeginAsync(Db))
        {
            Assert.That((await NotificationCatalog.PublishAsync(rolledBack, CycleLaunched("abandoned"), "P6", At)).Version, Is.EqualTo(1));
            Assert.That(await NotificationCatalog.CurrentAsync(rolledBack, "cycle.launched"), Is.Not.Null);
        }

        Assert.That((await InTransaction(Db, w => NotificationCatalog.PublishAsync(w, CycleLaunched("kept"), "P6", At))).Version, Is.EqualTo(1));
        var current = (await InTransaction(Db, w => NotificationCatalog.CurrentAsync(w, "cycle.launched")))!;

        Assert.That(current.Text("en", NotificationTemplate.SubjectPart).Render(NotificationModel.Sample("en", "cycle.launched", false).ToScriptObject(), Rendering.RenderLimits.Notification).Text, Is.EqualTo("kept launch"));
    }

    // The small organisation and the check-in form, in a fresh database.
    private async Task PrepareAsync(Database database)
    {
        await InTransaction(database, w => OrganisationStore.ReplaceAsync(w, SmallOrg.File().Parse().Organisation!));
        var template = File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "monthly-check-in.json"));
        var published = await DefinitionPublishing.PublishChangedAsync(database, new Dictionary<string, string> { ["monthly-check-in.json"] = template }, new Dictionary<string, string>(), "P6", clock);
        Assert.That(published.Single().Version, Is.EqualTo(1));
    }

    private async Task<string> RenderFollowUpAsync(Database database)
    {
        var rendered = (await ReportRendering.RenderAsync(database, clock, ReportTemplates.FollowUp, "P4", "P4", "en", ReportFormat.Html))!;
        return System.Text.Encoding.UTF8.GetString(rendered.Content);
    }

    private async Task<IReadOnlyList<string>> OpenStepsAsync(Database database) =>
        [.. (await new TaskDesk(database, clock).InboxAsync("P5", new InboxQuery())).Items.Select(i => i.Step)];

    private static async Task<string> LaunchMailSubjectAsync(Database database)
    {
        await using var work = await UnitOfWork.BeginReadAsync(database);
        var id = await work.Connection.QuerySingleAsync<string>("SELECT id FROM outbox WHERE recipient = 'P5'", transaction: work.Transaction);
        var message = (await OutboxStore.FindAsync(work, id))!;
        return (await NotificationRenderer.RenderAsync(work, message, "P5", "https://formflow.example.com/")).Subject;
    }

    private static string FollowUp(string name) =>
        new JsonObject { ["key"] = ReportTemplates.FollowUp, ["text"] = new JsonObject { ["zh-CN"] = $"<p>{name} {{{{ manager.name }}}}</p>", ["en"] = $"<p>{name} {{{{ manager.name }}}}</p>" } }.ToJsonString();

    private static string CycleLaunched(string name) => new JsonObject
    {
        ["key"] = "cycle.launched",
        ["event"] = "cycle.launched",
        ["subject"] = new JsonObject { ["zh-CN"] = $"{name} 启动", ["en"] = $"{name} launch" },
        ["body"] = new JsonObject { ["zh-CN"] = "{{ recipient.name }}，您好", ["en"] = "Dear {{ recipient.name }}" },
    }.ToJsonString();

    private static string CheckIn(string name) => $$"""
        {
          "key": "check-in",
          "title": { "zh-CN": "月度回顾", "en": "Check-in" },
          "forms": { "checkin": "monthly-check-in" },
          "start": "{{name}}-check-in",
          "steps": {
            "{{name}}-check-in": { "kind": "form", "form": "checkin", "assignee": "subject", "write": ["progress"], "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;
}
