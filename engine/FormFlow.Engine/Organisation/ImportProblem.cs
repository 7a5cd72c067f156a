using FormFlow.Text;

namespace FormFlow.Organisation;

/// <summary>
/// One thing wrong with an organisation file. <see cref="Row"/> is the row as the person sees it in Excel or a
/// text editor (the header is row 1; 0 means the whole file); <see cref="Rows"/> holds every row the problem
/// involves, in the order the message names them (both rows of a duplicate, every person of a cycle). <see cref="Column"/> is
/// the column's canonical name (<c>email</c>), whatever the header says. <see cref="Code"/> is stable: programs
/// may match on it; the message is for people.
/// </summary>
public sealed record ImportProblem(string Code, int Row, string? Column, LocalizedText Message)
{
    public IReadOnlyList<int> Rows { get; init; } = [Row];

    public override string ToString() => $"{Code} row {Row}{(Column is null ? "" : $" [{Column}]")}: {Message.En}";
}
