namespace FormFlow.Api.Problems;

/// <summary><c>FormFlow:Limits</c>: how much a request may carry.</summary>
internal sealed class LimitOptions
{
    public const string Section = "FormFlow:Limits";

    /// <summary>The largest request body accepted, in bytes (1 MB by default); larger ones are answered 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;
}
