using System.Globalization;
using System.Text;
using FormFlow.Api.Identity;
using FormFlow.Organisation;
using FormFlow.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FormFlow.Api.Hosting;

/// <summary>Once the server listens: where, and — with the demo and the development sign-in on — how to sign in.</summary>
internal sealed partial class StartupReport(
    IHostApplicationLifetime lifetime,
    IServer server,
    Database database,
    IOptions<DemoOptions> demo,
    IOptions<IdentityOptions> identity,
    ILogger<StartupReport> logger) : IHostedService
{
    private readonly TaskCompletionSource reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the report is logged (or has failed): it is written after the server starts, not during.</summary>
    public Task Reported => reported.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = ReportAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ReportAsync()
    {
        try
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            var url = addresses.FirstOrDefault() ?? "http://localhost:5080";
            var listening = string.Join(" ", addresses);
            LogListening(logger, listening);
            if (demo.Value.Enabled && identity.Value.DevSignIn.Enabled)
            {
                foreach (var line in await SignInHintAsync(url))
                {
                    LogSignIn(logger, line);
                }
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogReportFailed(logger, error);
        }
        finally
        {
            reported.TrySetResult();
        }
    }

    private async Task<IReadOnlyList<string>> SignInHintAsync(string url)
    {
        var people = await OrganisationDirectory.PeopleAsync(database, lifetime.ApplicationStopping);
        var admin = people.FirstOrDefault(p => p.HasRole(Role.Admin));
        var team = await DemoTeam.FindAsync(database, people, lifetime.ApplicationStopping);
        var examples = team is null
            ? new[]
            {
                ("管理员 admin", admin),
                ("HRBP", people.FirstOrDefault(p => p.HasRole(Role.Hrbp))),
                ("经理 manager", people.FirstOrDefault(p => p.HasRole(Role.Manager))),
                ("员工 employee", people.FirstOrDefault(p => p.Roles is [Role.Employee])),
            }
            : new[]
            {
                ("管理员 admin", admin),
                ("HRBP", team.Hrbp),
                ("经理 manager", team.Manager),
                ("员工 employee", team.Reports[0]),
                ("员工 employee", team.Reports[1]),
            };
        var text = new StringBuilder("演示登录 / Demo sign-in (development only):\n");
        foreach (var (label, person) in examples.Where(e => e.Item2 is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {label,-16} {person!.Id,-6} {person.Name.ZhCn} / {person.Name.En}\n");
        }

        if (team is not null)
        {
            var (hrbp, manager, first, second) = (team.Hrbp.Name, team.Manager.Name, team.Reports[0].Name, team.Reports[1].Name);
            var department = team.Manager.DepartmentName;
            text.Append(CultureInfo.InvariantCulture, $"  {hrbp.ZhCn}是{department?.ZhCn}（{team.Manager.DepartmentId}）的 HRBP，{first.ZhCn}和{second.ZhCn}直接向{manager.ZhCn}汇报。\n");
            text.Append(CultureInfo.InvariantCulture, $"  {hrbp.En} is the HRBP of {department?.En} ({team.Manager.DepartmentId}); {first.En} and {second.En} report to {manager.En}.\n");
        }

        if ((team?.Hrbp ?? examples.Select(e => e.Item2).FirstOrDefault(p => p is not null)) is { } someone)
        {
            text.Append(CultureInfo.InvariantCulture, $"  curl -s -X POST {url}/api/auth/dev-sign-in -H 'Content-Type: application/json' -d '{{\"personId\":\"{someone.Id}\"}}'\n");
            text.Append(CultureInfo.InvariantCulture, $"  curl -s {url}/api/me -H \"Authorization: Bearer <accessToken>\"\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  网页 / Web pages: {url}/ (pick a person above to sign in)\n");
        text.Append(CultureInfo.InvariantCulture, $"  API 参考 / API reference: {url}/api-reference/\n");
        text.Append(CultureInfo.InvariantCulture, $"  OpenAPI: {url}/openapi/v1.json");
        return text.ToString().Split('\n');
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FormFlow 已就绪 / FormFlow is ready: {Addresses}")]
    private static partial void LogListening(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Hint}")]
    private static partial void LogSignIn(ILogger logger, string hint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The start-up report failed")]
    private static partial void LogReportFailed(ILogger logger, Exception error);
}
