namespace FormFlow.ThirdPartyNotices;

/// <summary>The projects whose packages FormFlow ships, and where their restore data lies.</summary>
internal static class Repository
{
    /// <summary>The shipped projects: the engine library, the command line and the server. Tests and benchmarks are not shipped.</summary>
    public static IReadOnlyList<(string Name, string Folder)> ShippedProjects { get; } =
    [
        ("engine", "engine/FormFlow.Engine"),
        ("CLI", "engine/FormFlow.Cli"),
        ("server", "designer-api/FormFlow.Api"),
    ];

    /// <summary>The web app's folder: its production npm packages ship with the server once it has a package-lock.json.</summary>
    public const string WebFolder = "designer-api/web";

    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FormFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FormFlow.sln not found above " + start);
    }
}
