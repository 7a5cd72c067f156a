using FormFlow.Organisation;
using FormFlow.Templates;

namespace FormFlow.Processes;

// Placeholder until the linter lands from its branch.
internal static class ProcessLinter
{
    public static Task<IReadOnlyList<LintFinding>> LintAsync(ProcessReadResult read, Func<FormReference, FormTemplate?> templates, OrgChart? organisation) =>
        Task.FromResult<IReadOnlyList<LintFinding>>([]);
}
