using FormFlow.Workflows;

namespace FormFlow.Api.Hosting;

/// <summary>What start-up did: readiness waits for it, tests read it.</summary>
internal sealed class StartupState
{
    private volatile bool loaded;

    public bool Loaded => loaded;

    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    public IReadOnlyList<DefinitionPublication> Publications { get; private set; } = [];

    /// <summary>How many people the demo organisation import stored; 0 when none was imported.</summary>
    public int DemoPeopleImported { get; private set; }

    public void Done(IReadOnlyList<string> migrations, IReadOnlyList<DefinitionPublication> publications, int demoPeople)
    {
        AppliedMigrations = migrations;
        Publications = publications;
        DemoPeopleImported = demoPeople;
        loaded = true;
    }
}
