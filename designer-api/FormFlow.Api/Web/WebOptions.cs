namespace FormFlow.Api.Web;

/// <summary><c>FormFlow:Web</c>: where the built web pages are.</summary>
internal sealed class WebOptions
{
    public const string Section = "FormFlow:Web";

    /// <summary>The folder of the built pages (<c>index.html</c>, <c>assets/</c>); by default <c>web/</c> beside the host's binaries, where the build puts them.</summary>
    public string? Root { get; set; }

    public string RootFolder => string.IsNullOrWhiteSpace(Root) ? Path.Combine(AppContext.BaseDirectory, "web") : Root;
}
