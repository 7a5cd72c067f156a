using FormFlow.Documents;

namespace FormFlow.Api.Problems;

/// <summary><c>FormFlow:Limits</c>: how much a request may carry.</summary>
internal sealed class LimitOptions
{
    public const string Section = "FormFlow:Limits";

    /// <summary>The largest request body accepted, in bytes (1 MB by default); larger ones are answered 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest uploaded file (e.g. an organisation import), in bytes (10 MB by default), for endpoints marked <see cref="UploadLimit"/>.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>Marks an endpoint that takes a file: its body may be as large as <see cref="LimitOptions.MaxUploadBytes"/>.</summary>
internal sealed class UploadLimit
{
    public static readonly UploadLimit Instance = new();
}

/// <summary>
/// Marks an endpoint whose body is a definition document (a draft, a document to lint): its body may be as large as
/// <see cref="DocumentReader.MaxBytes"/> — the limit <c>formflow lint</c> reads documents by — whatever
/// <see cref="LimitOptions.MaxRequestBytes"/> says, and a larger one is refused as the reader refuses it.
/// </summary>
internal sealed class DocumentLimit
{
    public static readonly DocumentLimit Instance = new();
}
