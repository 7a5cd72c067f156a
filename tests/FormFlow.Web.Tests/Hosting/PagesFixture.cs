using FormFlow.Api.Tests;

namespace FormFlow.Web.Tests;

/// <summary>
/// A browser test fixture: the whole host over a fresh database of its kind (SQLite or the real PostgreSQL), started
/// before the fixture's tests and stopped after them. A fixture that needs mail or settings of its own says how its
/// host starts (<see cref="StartHost"/>); its own one-time set-up runs after the host is up.
/// </summary>
public abstract class PagesFixture(string kind)
{
    private TestDatabase? database;
    private RunningHost? host;

    /// <summary>The database's kind, <c>sqlite</c> or <c>postgresql</c>: part of the names of what a fixture creates.</summary>
    protected string Kind => kind;

    private protected RunningHost Host => host ?? throw new InvalidOperationException("The host starts in the fixture's one-time set-up.");

    private protected virtual RunningHost StartHost(TestDatabase over) => RunningHost.Start(over);

    [OneTimeSetUp]
    public void StartPages()
    {
        database = TestDatabase.Create(kind);
        host = StartHost(database);
    }

    [OneTimeTearDown]
    public async Task StopPagesAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        database?.Dispose();
    }
}
