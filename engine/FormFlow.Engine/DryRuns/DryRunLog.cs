using FormFlow.Processes;

namespace FormFlow.DryRuns;

/// <summary>What the runtime notes during a dry run besides what it would write: the choices it made without data.</summary>
internal sealed class DryRunLog
{
    public List<DryRunNote> Notes { get; } = [];
}

/// <summary>
/// A decision taken (<see cref="Next"/>) with the branches whose conditions read form data the dry run does not have,
/// or a for-each step (<see cref="Next"/> null) whose people come from such data.
/// </summary>
internal sealed record DryRunNote(string InstanceId, string Step, long At, string? Next, IReadOnlyList<Branch> DependsOnData);
