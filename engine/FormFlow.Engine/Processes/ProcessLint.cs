using FormFlow.Templates;

namespace FormFlow.Processes;

/// <summary>The publish-time check of a process document, for tools outside the engine (the command line).</summary>
public static class ProcessLint
{
    /// <summary>
    /// Reads <paramref name="json"/> and checks it against <paramref name="templates"/> (by key); without an
    /// organisation at hand, assignees are not checked against people.
    /// </summary>
    public static IReadOnlyList<LintFinding> Check(string json, IReadOnlyDictionary<string, FormTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(templates);
        var read = ProcessReader.Read(json);
        // Without an organisation the linter never waits on anything: the task is complete when it returns.
        var meaning = ProcessLinter.LintAsync(read, reference => templates.GetValueOrDefault(reference.Template), organisation: null).GetAwaiter().GetResult();
        return [.. read.Findings, .. meaning];
    }
}
