using System.Text.Json.Nodes;
using FormFlow.ThirdPartyNotices;

namespace FormFlow.Tests.Licences;

/// <summary>
/// A throw-away repository as a restore leaves it: each shipped project's obj/project.assets.json, a package folder
/// with the packages' .nuspec files, and, when asked, the web app's package-lock.json and node_modules.
/// </summary>
internal sealed class RestoredRepository : IDisposable
{
    private readonly Dictionary<string, JsonObject> targets = [];
    private readonly Dictionary<string, JsonObject> roots = [];

    public RestoredRepository()
    {
        Root = Directory.CreateTempSubdirectory("formflow-notices-").FullName;
        foreach ((_, string folder) in Repository.ShippedProjects)
        {
            targets[folder] = [];
            roots[folder] = [];
        }
    }

    public string Root { get; }

    private string Packages => Path.Combine(Root, "packages");

    /// <summary>A package in the package folder, with the nuspec metadata given (e.g. a license element).</summary>
    public RestoredRepository Package(string id, string version, string licenceMetadata, params (string File, string Text)[] files)
    {
        string folder = Path.Combine(Packages, id.ToLowerInvariant(), version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(
            Path.Combine(folder, id.ToLowerInvariant() + ".nuspec"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version>{licenceMetadata}</metadata>
            </package>
            """);
        foreach ((string file, string text) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        return this;
    }

    /// <summary>A package the project resolved; a root is referenced by the project itself (privately, like an analyzer, when asked).</summary>
    public RestoredRepository Resolved(string project, string id, string version, bool root = false, bool privateAssets = false, params string[] dependencies)
    {
        var entry = new JsonObject { ["type"] = "package" };
        if (dependencies.Length > 0)
        {
            entry["dependencies"] = new JsonObject(dependencies.Select(d => KeyValuePair.Create(d, (JsonNode?)JsonValue.Create("1.0.0"))));
        }

        targets[project][$"{id}/{version}"] = entry;
        if (root)
        {
            roots[project][id] = privateAssets ? new JsonObject { ["target"] = "Package", ["suppressParent"] = "All" } : new JsonObject { ["target"] = "Package" };
        }

        return this;
    }

    /// <summary>A project reference: the referenced project brings its packages.</summary>
    public RestoredRepository ProjectReference(string project, string name, params string[] packageIds)
    {
        targets[project][$"{name}/1.0.0"] = new JsonObject
        {
            ["type"] = "project",
            ["dependencies"] = new JsonObject(packageIds.Select(d => KeyValuePair.Create(d, (JsonNode?)JsonValue.Create("1.0.0")))),
        };
        return this;
    }

    public RestoredRepository WebApp(string lockFile, params (string Path, string Json)[] nodeModules)
    {
        string web = Path.Combine(Root, Repository.WebFolder);
        Directory.CreateDirectory(web);
        File.WriteAllText(Path.Combine(web, "package-lock.json"), lockFile);
        foreach ((string path, string json) in nodeModules)
        {
            Directory.CreateDirectory(Path.Combine(web, path));
            File.WriteAllText(Path.Combine(web, path, "package.json"), json);
        }

        return this;
    }

    public IReadOnlyList<ShippedPackage> Read()
    {
        foreach ((_, string folder) in Repository.ShippedProjects)
        {
            var libraries = new JsonObject();
            foreach ((string key, _) in targets[folder])
            {
                if (targets[folder][key]!["type"]!.GetValue<string>() != "package")
                {
                    continue;
                }

                string id = key[..key.IndexOf('/', StringComparison.Ordinal)].ToLowerInvariant();
                string version = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
                libraries[key] = new JsonObject
                {
                    ["type"] = "package",
                    ["path"] = $"{id}/{version}",
                    ["files"] = new JsonArray($"{id}.nuspec", $"lib/net10.0/{id}.dll"),
                };
            }

            var assets = new JsonObject
            {
                ["version"] = 3,
                ["targets"] = new JsonObject { ["net10.0"] = targets[folder].DeepClone() },
                ["libraries"] = libraries,
                ["packageFolders"] = new JsonObject { [Path.Combine(Root, "missing-fallback")] = new JsonObject(), [Packages + Path.DirectorySeparatorChar] = new JsonObject() },
                ["project"] = new JsonObject { ["frameworks"] = new JsonObject { ["net10.0"] = new JsonObject { ["dependencies"] = roots[folder].DeepClone() } } },
            };
            Directory.CreateDirectory(Path.Combine(Root, folder, "obj"));
            File.WriteAllText(Path.Combine(Root, folder, "obj", "project.assets.json"), assets.ToJsonString());
        }

        return ShippedPackages.Read(Root);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
