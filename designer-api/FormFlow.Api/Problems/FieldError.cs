using FormFlow.Text;

namespace FormFlow.Api.Problems;

/// <summary>What is wrong with one field of a request: where (a JSON Pointer into the body, "" for the whole body), a stable code, and the message.</summary>
internal sealed record FieldError(string Pointer, string Code, LocalizedText Message);

/// <summary>One entry of a problem's <c>errors</c>, in the caller's language.</summary>
internal sealed record FieldErrorBody(string Code, string Message);
