namespace FormFlow.Api.Hosting;

/// <summary>
/// The templates, processes, indicator library and demo organisation shipped with the host: copied next to its binaries at build
/// (<c>shipped/</c>), so the host finds them wherever it runs from.
/// </summary>
internal sealed class ShippedFiles
{
    public ShippedFiles()
        : this(Path.Combine(AppContext.BaseDirectory, "shipped"))
    {
    }

    public ShippedFiles(string folder) => Folder = folder;

    public string Folder { get; }

    public string DemoOrganisation => Path.Combine(Folder, "organisation", "demo-organisation.csv");

    public IReadOnlyDictionary<string, string> Templates() => Read("templates");

    public IReadOnlyDictionary<string, string> Processes() => Read("processes");

    /// <summary>The indicator library FormFlow ships (docs/indicators.md), published at start-up like the templates.</summary>
    public IReadOnlyDictionary<string, string> Indicators() => Read("indicators");

    private Dictionary<string, string> Read(string kind)
    {
        var folder = Path.Combine(Folder, kind);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"the shipped {kind} are missing: {folder}");
        }

        return Directory.GetFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => $"{kind}/{Path.GetFileName(f)}", File.ReadAllText, StringComparer.Ordinal);
    }
}
