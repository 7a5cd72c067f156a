namespace FormFlow.Organisation;

/// <summary>One row of the file as text cells, with its row number as the person sees it (the header is row 1).</summary>
internal sealed record RawRow(int Number, IReadOnlyList<string> Cells)
{
    public string Cell(int index) => index < Cells.Count ? Cells[index].Trim() : "";

    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>The rows of a file, or the one problem that stopped it from being read at all.</summary>
internal sealed record RawSheet(IReadOnlyList<RawRow> Rows, ImportProblem? Problem)
{
    public static RawSheet Unreadable(ImportProblem problem) => new([], problem);
}
