using System.Diagnostics;
using FormFlow.Api.Telemetry;
using FormFlow.Indicators;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Hosting;

/// <summary>
/// Before the server takes requests: migrates the database, imports the demo organisation when enabled and the stored
/// one is empty, and publishes the shipped templates, processes and indicators that are new or changed. Safe on every start and
/// from several nodes at once. A failure stops the start: a host without its database cannot serve.
/// </summary>
internal sealed partial class StartupLoader(
    Database database,
    ShippedFiles shipped,
    StartupState state,
    TimeProvider clock,
    IOptions<DemoOptions> demo,
    IOptions<OrganisationOptions> organisation,
    ILogger<StartupLoader> logger) : IHostedLifecycleService
{
    public const string Publisher = "system";

    // Runs before any StartAsync, so before the web server listens and before the workers begin.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        using var activity = FormFlowTelemetry.Source.StartActivity("formflow.startup");
        var watch = Stopwatch.StartNew();
        var migrations = await DatabaseMigrations.ApplyAsync(database, cancellationToken);
        var names = string.Join(", ", migrations);
        LogMigrated(logger, database.Dialect, migrations.Count, names);

        var demoPeople = 0;
        if (organisation.Value.InitialFile is { Length: > 0 } initial)
        {
            await ImportInitialAsync(initial, cancellationToken);
        }
        else if (demo.Value.Enabled)
        {
            await using var file = File.OpenRead(shipped.DemoOrganisation);
            var imported = await OrganisationDirectory.ImportIfEmptyAsync(database, file, Path.GetFileName(shipped.DemoOrganisation), cancellationToken);
            if (imported.Problems.Count > 0)
            {
                throw new InvalidOperationException("the demo organisation does not import: " + string.Join("; ", imported.Problems));
            }

            if (imported.Imported)
            {
                demoPeople = imported.People;
                LogDemo(logger, imported.People, imported.Departments);
            }
            else
            {
                LogOrganisationThere(logger, imported.People, imported.Departments);
            }
        }

        var publications = (await DefinitionPublishing.PublishChangedAsync(database, shipped.Templates(), shipped.Processes(), Publisher, clock, cancellationToken))
            .Concat(await IndicatorLibrary.PublishChangedAsync(database, shipped.Indicators(), Publisher, clock, cancellationToken))
            .ToList();
        foreach (var rejected in publications.Where(p => p.Outcome == PublishOutcome.Rejected))
        {
            var findings = string.Join("; ", rejected.Findings.Select(f => $"{f.Code} {f.Path}: {f.Message.En}"));
            LogRejected(logger, rejected.Kind, rejected.Source, findings);
        }

        var published = publications.Count(p => p.Outcome == PublishOutcome.Published);
        var unchanged = publications.Count(p => p.Outcome == PublishOutcome.Unchanged);
        var rejectedCount = publications.Count(p => p.Outcome == PublishOutcome.Rejected);
        var elapsed = watch.ElapsedMilliseconds;
        LogPublished(logger, published, unchanged, rejectedCount, elapsed);
        state.Done(migrations, publications, demoPeople);
    }

    // A file with problems stops the start with every problem named: serving with a half-known organisation would
    // hand tasks to the wrong people.
    private async Task ImportInitialAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"FormFlow:Organisation:InitialFile names no file: {path}");
        }

        await using var file = File.OpenRead(path);
        var imported = await OrganisationDirectory.ImportIfEmptyAsync(database, file, Path.GetFileName(path), cancellationToken);
        if (imported.Problems.Count > 0)
        {
            throw new InvalidOperationException($"the organisation file {path} does not import: " + string.Join("; ", imported.Problems));
        }

        if (imported.Imported)
        {
            LogInitial(logger, path, imported.People, imported.Departments);
        }
        else
        {
            LogOrganisationThere(logger, imported.People, imported.Departments);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Dialect}: {Count} migration(s) applied {Names}")]
    private static partial void LogMigrated(ILogger logger, StorageDialect dialect, int count, string names);

    [LoggerMessage(Level = LogLevel.Information, Message = "组织架构已从文件导入 / Organisation imported from {Path}: {People} 人 people, {Departments} 个部门 departments")]
    private static partial void LogInitial(ILogger logger, string path, int people, int departments);

    [LoggerMessage(Level = LogLevel.Information, Message = "演示组织已导入 / Demo organisation imported: {People} 人 people, {Departments} 个部门 departments")]
    private static partial void LogDemo(ILogger logger, int people, int departments);

    // Only an empty organisation is imported into: a restart must not undo the imports made since.
    [LoggerMessage(Level = LogLevel.Information, Message = "组织架构已存在，未导入 / The organisation is already there, nothing imported: {People} 人 people, {Departments} 个部门 departments")]
    private static partial void LogOrganisationThere(ILogger logger, int people, int departments);

    [LoggerMessage(Level = LogLevel.Error, Message = "The shipped {Kind} {Source} was not published: {Findings}")]
    private static partial void LogRejected(ILogger logger, string kind, string source, string findings);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shipped definitions: {Published} published, {Unchanged} unchanged, {Rejected} rejected ({Milliseconds} ms)")]
    private static partial void LogPublished(ILogger logger, int published, int unchanged, int rejected, long milliseconds);
}
