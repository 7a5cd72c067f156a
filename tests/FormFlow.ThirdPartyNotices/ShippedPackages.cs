using System.Collections.Frozen;
using System.Text.Json;
using System.Xml.Linq;

namespace FormFlow.ThirdPartyNotices;

/// <summary>
/// A package's licence as its own metadata states it. <see cref="Expression"/> is an SPDX licence expression, or
/// null when the metadata names none (a licence file of the package's own); <see cref="Source"/> says where it
/// was read, so a licence taken from a URL or a file says so.
/// </summary>
internal sealed record Licence(string? Expression, string Source, string? FileTitle = null)
{
    public const string NuspecExpression = "nuspec";
    public const string LockFile = "package-lock.json";
}

/// <summary>A third-party package FormFlow ships: NuGet or npm, its id and version, its licence, and which shipped parts carry it.</summary>
internal sealed record ShippedPackage(string Registry, string Id, string Version, Licence Licence, IReadOnlyList<string> ShippedIn);

/// <summary>
/// Reads the packages FormFlow ships from what the restore left behind, without any network: each shipped project's
/// <c>obj/project.assets.json</c> and the <c>.nuspec</c> files in the package folders it names, and, once the web app
/// exists, its <c>package-lock.json</c> (with <c>node_modules/*/package.json</c> where the lock file has no licence).
/// </summary>
internal static class ShippedPackages
{
    public const string NuGet = "NuGet";
    public const string Npm = "npm";

    // Licence URLs that older packages give instead of an expression, each a page that names exactly one licence.
    private static readonly FrozenDictionary<string, string> WellKnownLicenceUrls = new Dictionary<string, string>
    {
        ["opensource.org/licenses/MIT"] = "MIT",
        ["opensource.org/licenses/mit-license.php"] = "MIT",
        ["opensource.org/licenses/Apache-2.0"] = "Apache-2.0",
        ["www.apache.org/licenses/LICENSE-2.0"] = "Apache-2.0",
        ["www.apache.org/licenses/LICENSE-2.0.html"] = "Apache-2.0",
        ["www.apache.org/licenses/LICENSE-2.0.txt"] = "Apache-2.0",
        ["opensource.org/licenses/BSD-3-Clause"] = "BSD-3-Clause",
        ["opensource.org/licenses/BSD-2-Clause"] = "BSD-2-Clause",
        ["github.com/dotnet/corefx/blob/master/LICENSE.TXT"] = "MIT",
        ["github.com/dotnet/runtime/blob/main/LICENSE.TXT"] = "MIT",
        ["raw.githubusercontent.com/dotnet/corefx/master/LICENSE.TXT"] = "MIT",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<ShippedPackage> Read(string root)
    {
        var nuget = new Dictionary<(string Id, string Version), (Licence Licence, List<string> ShippedIn)>();
        foreach ((string name, string folder) in Repository.ShippedProjects)
        {
            foreach ((string id, string version, Licence licence) in ReadProject(Path.Combine(root, folder)))
            {
                if (!nuget.TryGetValue((id, version), out var entry))
                {
                    entry = (licence, []);
                    nuget.Add((id, version), entry);
                }

                if (!entry.ShippedIn.Contains(name))
                {
                    entry.ShippedIn.Add(name);
                }
            }
        }

        var packages = nuget.Select(p => new ShippedPackage(NuGet, p.Key.Id, p.Key.Version, p.Value.Licence, p.Value.ShippedIn)).ToList();
        string lockFile = Path.Combine(root, Repository.WebFolder, "package-lock.json");
        if (File.Exists(lockFile))
        {
            packages.AddRange(ReadLockFile(lockFile));
        }

        return [.. packages.OrderBy(p => p.Registry, StringComparer.Ordinal)
            .ThenBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version, VersionOrder.Instance)];
    }

    private static IEnumerable<(string Id, string Version, Licence Licence)> ReadProject(string projectFolder)
    {
        string assetsFile = Path.Combine(projectFolder, "obj", "project.assets.json");
        if (!File.Exists(assetsFile))
        {
            throw new FileNotFoundException($"{assetsFile} is missing: run `dotnet restore FormFlow.sln` first.", assetsFile);
        }

        using JsonDocument assets = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        JsonElement document = assets.RootElement;
        string[] packageFolders = [.. document.GetProperty("packageFolders").EnumerateObject().Select(f => f.Name)];
        JsonElement libraries = document.GetProperty("libraries");
        var shipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty framework in document.GetProperty("project").GetProperty("frameworks").EnumerateObject())
        {
            var roots = new List<string>();
            if (framework.Value.TryGetProperty("dependencies", out JsonElement dependencies))
            {
                // PrivateAssets="all" (analyzers, build tools) is what keeps a package out of what a project ships.
                roots.AddRange(dependencies.EnumerateObject()
                    .Where(d => !(d.Value.TryGetProperty("suppressParent", out JsonElement suppress) && suppress.GetString() == "All"))
                    .Select(d => d.Name));
            }

            foreach (JsonProperty target in document.GetProperty("targets").EnumerateObject())
            {
                if (target.Name == framework.Name || target.Name.StartsWith(framework.Name + "/", StringComparison.Ordinal))
                {
                    shipped.UnionWith(Closure(target.Value, roots));
                }
            }
        }

        foreach (string key in shipped)
        {
            JsonElement library = libraries.GetProperty(key);
            int slash = key.IndexOf('/', StringComparison.Ordinal);
            yield return (key[..slash], key[(slash + 1)..], ReadNuspecLicence(packageFolders, library));
        }
    }

    // The packages reachable from the roots, as "Id/Version" keys of the target; referenced projects bring their own packages.
    private static HashSet<string> Closure(JsonElement target, List<string> roots)
    {
        var byId = new Dictionary<string, (string Key, JsonElement Entry)>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(roots);
        foreach (JsonProperty entry in target.EnumerateObject())
        {
            string id = entry.Name[..entry.Name.IndexOf('/', StringComparison.Ordinal)];
            if (entry.Value.GetProperty("type").GetString() == "project")
            {
                foreach (string dependency in DependencyIds(entry.Value))
                {
                    pending.Push(dependency);
                }
            }
            else
            {
                byId[id] = (entry.Name, entry.Value);
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out string? id))
        {
            if (byId.TryGetValue(id, out var package) && reached.Add(package.Key))
            {
                foreach (string dependency in DependencyIds(package.Entry))
                {
                    pending.Push(dependency);
                }
            }
        }

        return reached;
    }

    private static IEnumerable<string> DependencyIds(JsonElement entry) =>
        entry.TryGetProperty("dependencies", out JsonElement dependencies)
            ? dependencies.EnumerateObject().Select(d => d.Name)
            : [];

    private static Licence ReadNuspecLicence(string[] packageFolders, JsonElement library)
    {
        string packagePath = library.GetProperty("path").GetString()!;
        string nuspecName = library.GetProperty("files").EnumerateArray()
            .Select(f => f.GetString()!)
            .Single(f => f.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !f.Contains('/', StringComparison.Ordinal));
        string packageFolder = packageFolders
            .Select(folder => Path.Combine(folder, packagePath))
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, nuspecName)))
            ?? throw new FileNotFoundException($"{nuspecName} of {packagePath} is in none of the package folders the restore names ({string.Join(", ", packageFolders)}): run `dotnet restore FormFlow.sln`.");

        XElement metadata = XDocument.Load(Path.Combine(packageFolder, nuspecName)).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        XElement? license = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        string? licenseUrl = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "licenseUrl")?.Value.Trim();
        switch ((string?)license?.Attribute("type"))
        {
            case "expression":
                return new Licence(license!.Value.Trim(), Licence.NuspecExpression);
            case "file":
                string file = license!.Value.Trim();
                return new Licence(null, $"the licence file `{file}` in the package", FirstLine(Path.Combine(packageFolder, file)));
        }

        if (licenseUrl is null)
        {
            return new Licence(null, "no licence in the nuspec");
        }

        string address = licenseUrl.Replace("https://", string.Empty, StringComparison.OrdinalIgnoreCase)
            .Replace("http://", string.Empty, StringComparison.OrdinalIgnoreCase).TrimEnd('/');
        if (address.StartsWith("licenses.nuget.org/", StringComparison.OrdinalIgnoreCase))
        {
            return new Licence(Uri.UnescapeDataString(address["licenses.nuget.org/".Length..]), $"mapped from the licenseUrl {licenseUrl}");
        }

        return WellKnownLicenceUrls.TryGetValue(address, out string? expression)
            ? new Licence(expression, $"mapped from the licenseUrl {licenseUrl}")
            : new Licence(null, $"the licenseUrl {licenseUrl}, which is not a well-known licence address");
    }

    private static string? FirstLine(string file) =>
        File.Exists(file) ? File.ReadLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) : null;

    private static IEnumerable<ShippedPackage> ReadLockFile(string lockFile)
    {
        string webFolder = Path.GetDirectoryName(lockFile)!;
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(lockFile));
        JsonElement root = document.RootElement;
        if (!root.TryGetProperty("lockfileVersion", out JsonElement version) || version.GetInt32() < 2 || !root.TryGetProperty("packages", out JsonElement packages))
        {
            throw new InvalidDataException($"{lockFile} is not a lock file of npm 7 or later (lockfileVersion 2 or 3): run `npm install` with a current npm.");
        }

        var seen = new HashSet<(string, string)>();
        foreach (JsonProperty entry in packages.EnumerateObject())
        {
            // "" is the web app itself, and paths outside node_modules are its workspaces: FormFlow's own code.
            int at = entry.Name.LastIndexOf("node_modules/", StringComparison.Ordinal);
            if (at < 0 || IsTrue(entry.Value, "dev") || IsTrue(entry.Value, "devOptional") || IsTrue(entry.Value, "link"))
            {
                continue;
            }

            string name = entry.Value.TryGetProperty("name", out JsonElement named) ? named.GetString()! : entry.Name[(at + "node_modules/".Length)..];
            string packageVersion = entry.Value.GetProperty("version").GetString()!;
            if (seen.Add((name, packageVersion)))
            {
                yield return new ShippedPackage(Npm, name, packageVersion, NpmLicence(entry.Value, Path.Combine(webFolder, entry.Name, "package.json")), ["server"]);
            }
        }
    }

    private static bool IsTrue(JsonElement entry, string flag) =>
        entry.TryGetProperty(flag, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    private static Licence NpmLicence(JsonElement lockEntry, string packageJson)
    {
        if (LicenceOf(lockEntry) is { } fromLock)
        {
            return new Licence(fromLock, Licence.LockFile);
        }

        if (File.Exists(packageJson))
        {
            using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(packageJson));
            if (LicenceOf(manifest.RootElement) is { } fromManifest)
            {
                return new Licence(fromManifest, "its package.json in node_modules");
            }
        }

        return new Licence(null, "no licence in package-lock.json or in node_modules");
    }

    // "license": "MIT", the older "license": { "type": "MIT" }, or "licenses": [{ "type": "MIT" }, …] (either applies).
    private static string? LicenceOf(JsonElement package)
    {
        if (package.TryGetProperty("license", out JsonElement license))
        {
            return license.ValueKind switch
            {
                JsonValueKind.String => license.GetString(),
                JsonValueKind.Object when license.TryGetProperty("type", out JsonElement type) => type.GetString(),
                _ => null,
            };
        }

        if (package.TryGetProperty("licenses", out JsonElement licenses) && licenses.ValueKind == JsonValueKind.Array)
        {
            string[] types = [.. licenses.EnumerateArray()
                .Select(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("type", out JsonElement t) ? t.GetString() : null)
                .OfType<string>()];
            return types.Length == 0 ? null : string.Join(" OR ", types);
        }

        return null;
    }

    /// <summary>Orders versions by their numbers (2.10.0 after 2.9.0), then by text.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static VersionOrder Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            if (Version.TryParse(x?.Split('-', '+')[0], out Version? a) && Version.TryParse(y?.Split('-', '+')[0], out Version? b) && a != b)
            {
                return a.CompareTo(b);
            }

            return string.CompareOrdinal(x, y);
        }
    }
}
