using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Cycles;

/// <summary>
/// A cycle command that cannot be carried out as asked, with every reason, each naming the field of the request
/// (a JSON Pointer such as <c>/endsAt</c>) in zh-CN and en. Nothing was written.
/// </summary>
internal sealed class CycleRequestException(IReadOnlyList<ValidationProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => $"{p.Pointer}: {p.Message.En}")))
{
    public IReadOnlyList<ValidationProblem> Problems => problems;

    public static CycleRequestException Of(string pointer, string code, string zh, string en) =>
        new([new ValidationProblem(pointer, code, new LocalizedText(zh, en))]);
}
