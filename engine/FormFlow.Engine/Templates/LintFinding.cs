using FormFlow.Text;

namespace FormFlow.Templates;

public enum LintSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding of the publish-time check. <see cref="Path"/> is a JSON path into the template document
/// (e.g. <c>$.schema.properties.rating.maximum</c>); <see cref="Line"/> and <see cref="Column"/> are 1-based
/// and set where the finding has a place in the source text.
/// </summary>
public sealed record LintFinding(string Code, LintSeverity Severity, string Path, LocalizedText Message, int? Line = null, int? Column = null);
