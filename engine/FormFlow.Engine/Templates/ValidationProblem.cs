using FormFlow.Text;

namespace FormFlow.Templates;

/// <summary>One problem with submitted data: where (a JSON Pointer into the data), what (a stable code), and a message in zh-CN and en.</summary>
public sealed record ValidationProblem(string Pointer, string Code, LocalizedText Message);
