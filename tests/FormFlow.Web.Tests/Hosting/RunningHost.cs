using FormFlow.Api.Tests;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The whole FormFlow host, as the API tests start it (<see cref="ApiHost"/>: a test database, the demo organisation,
/// the development sign-in, a fake clock set to now), listening on a real port of 127.0.0.1 with Kestrel, serving
/// the web pages built beside the tests' binaries.
/// </summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly ApiHost factory;
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> running;

    private RunningHost(ApiHost factory, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> running, Database db)
    {
        this.factory = factory;
        this.running = running;
        Db = db;
        var addresses = running.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string Address { get; }

    public Database Db { get; }

    /// <summary>The host's services (its workers, to run them when a test says so).</summary>
    public IServiceProvider Services => running.Services;

    /// <summary>The host's clock: the system's time when the host started, moved only by a test.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => factory.Clock;

    /// <summary>
    /// Starts the host over <paramref name="database"/>; <paramref name="systemClock"/> puts the system's clock in place
    /// of the fake one (for tokens from a real identity provider, which lives on real time).
    /// </summary>
    /// <paramref name="port"/>: the port to listen on (0: any free one).
    public static RunningHost Start(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, bool systemClock = false, int port = 0)
    {
        var all = new Dictionary<string, string?> { ["FormFlow:Limits:MaxRequestBytes"] = "1048576" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new ApiHost(database, all);
        factory.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        var running = systemClock
            ? factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton(TimeProvider.System);
            }))
            : factory;
        running.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        running.StartServer();
        return new RunningHost(factory, running, new Database(database.Dialect, database.ConnectionString));
    }

    /// <summary>
    /// Starts the host over <paramref name="database"/> sending its mail to the test SMTP server
    /// (<c>FORMFLOW_TEST_SMTP</c>, whose mails <c>FORMFLOW_TEST_SMTP_DUMP</c> holds), its links pointing at itself.
    /// </summary>
    public static RunningHost StartWithMail(TestDatabase database)
    {
        var smtp = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP");
        if (string.IsNullOrEmpty(smtp) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP")))
        {
            Assert.Fail("FORMFLOW_TEST_SMTP and FORMFLOW_TEST_SMTP_DUMP are not set: run the tests through ./test.sh, or `source tests/smtp.sh` first, which starts a test SMTP server.");
        }

        // The links in the mails point at this host: its port is chosen before it starts.
        var port = FreePort();
        var colon = smtp!.LastIndexOf(':');
        return Start(database, new Dictionary<string, string?>
        {
            ["FormFlow:Delivery:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["FormFlow:Delivery:Smtp:Host"] = smtp[..colon],
            ["FormFlow:Delivery:Smtp:Port"] = smtp[(colon + 1)..],
            ["FormFlow:Delivery:Smtp:Security"] = "None",
            ["FormFlow:Delivery:Smtp:From"] = "formflow@example.com",
        }, port: port);
    }

    /// <summary>Launches the annual review for <paramref name="people"/> (as the admin), as of the host's clock.</summary>
    public async Task LaunchAnnualReviewAsync(string cycleId, params string[] people)
    {
        var start = Clock.GetUtcNow();
        await CycleLauncher.LaunchAsync(Db, Clock, new CycleRequest(cycleId, cycleId, "annual-review", start, start.AddDays(60), Population.People(people), "E002"));
    }

    /// <summary>The person's open tasks, straight from the engine.</summary>
    public async Task<IReadOnlyList<TaskItem>> OpenTasksAsync(string personId)
    {
        var desk = new TaskDesk(Db, Clock);
        return (await desk.InboxAsync(personId, new InboxQuery { Status = InboxQuery.Open, PageSize = 100 })).Items;
    }

    /// <summary>Sends what the outbox holds now (the launch notices, …) as the outbox worker would.</summary>
    public Task DeliverMailAsync() => Services.GetRequiredService<FormFlow.Api.Workers.OutboxWorker>().DeliverAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Db.Dispose();
        if (!ReferenceEquals(running, factory))
        {
            await running.DisposeAsync();
        }

        await factory.DisposeAsync();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
