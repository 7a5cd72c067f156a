namespace FormFlow.Api.Hosting;

/// <summary><c>FormFlow:Demo</c>: a demo organisation imported on start when the stored one is empty.</summary>
internal sealed class DemoOptions
{
    public const string Section = "FormFlow:Demo";

    public bool Enabled { get; set; }
}

/// <summary>
/// <c>FormFlow:Organisation</c>: the organisation file (.csv or .xlsx, docs/organisation.md) imported on start when
/// the stored organisation is empty — how a new installation gets its people and its first administrator, who then
/// imports later files through the API. It wins over the demo organisation.
/// </summary>
internal sealed class OrganisationOptions
{
    public const string Section = "FormFlow:Organisation";

    public string? InitialFile { get; set; }
}
