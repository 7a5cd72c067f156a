namespace FormFlow.Organisation;

/// <summary>
/// The outcome of reading an organisation file: the organisation, or every problem found — never both, so that
/// nobody can store half of a file.
/// </summary>
internal sealed class ImportResult
{
    private ImportResult(OrgChart? organisation, IReadOnlyList<ImportProblem> problems)
    {
        Organisation = organisation;
        Problems = problems;
    }

    /// <summary>The organisation; null when there are problems.</summary>
    public OrgChart? Organisation { get; }

    /// <summary>Every problem, ordered by row; empty when the file was read.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }

    public bool Succeeded => Organisation is not null;

    public static ImportResult Of(OrgChart organisation) => new(organisation, []);

    public static ImportResult Rejected(IEnumerable<ImportProblem> problems)
    {
        var ordered = problems.OrderBy(p => p.Row).ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("a rejection names at least one problem", nameof(problems));
        }

        return new(null, ordered);
    }
}
