namespace FormFlow.Api.Hosting;

/// <summary><c>FormFlow:Demo</c>: a demo organisation imported on start when the stored one is empty.</summary>
internal sealed class DemoOptions
{
    public const string Section = "FormFlow:Demo";

    public bool Enabled { get; set; }
}
