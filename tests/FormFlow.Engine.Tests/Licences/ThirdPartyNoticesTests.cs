using System.Collections.Frozen;
using FormFlow.ThirdPartyNotices;

namespace FormFlow.Tests.Licences;

/// <summary>
/// FormFlow is MIT-licensed: every package it ships must be under a permissive licence, and THIRD-PARTY-NOTICES.md
/// must list exactly what the restore resolved. Both read only what the build's restore already produced.
/// </summary>
public class ThirdPartyNoticesTests
{
    /// <summary>
    /// Permissive licences: each lets FormFlow be used, changed and shipped under MIT, asking at most that its notice
    /// is kept (Apache-2.0 and MS-PL also grant their patents). None asks that FormFlow's own code be published.
    /// </summary>
    internal static readonly FrozenSet<string> Permissive = new[]
    {
        "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "PostgreSQL", "MS-PL", "0BSD", "Unlicense",
        // MIT without even the notice condition (OSI-approved); found in npm packages.
        "MIT-0",
        // The zlib licence (OSI-approved): use and redistribution with altered versions marked; pako, the zlib port many browser libraries use.
        "Zlib",
        // Blue Oak Model Licence (OSI-approved, permissive, with a patent grant): many small npm packages (glob, minimatch, lru-cache).
        "BlueOak-1.0.0",
        // A public-domain dedication with a fallback licence that asks nothing.
        "CC0-1.0",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Packages whose licence is a file of their own rather than an SPDX expression, each reviewed: the id, and the
    /// first line of the licence file it was reviewed with, so a changed licence is refused again.
    /// </summary>
    internal static readonly FrozenDictionary<string, string> ReviewedLicenceFiles = new Dictionary<string, string>
    {
        // Microsoft's native networking library of Microsoft.Data.SqlClient (MIT), loaded on Windows only (elsewhere
        // SqlClient's managed code connects). Not open source: its terms allow redistributing the object code inside
        // an application whose distributors and users get terms that protect it at least as much; see the notices.
        ["Microsoft.Data.SqlClient.SNI.runtime"] = "MICROSOFT SOFTWARE LICENSE TERMS",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [Test]
    public void Every_shipped_package_is_under_a_permissive_licence()
    {
        IReadOnlyList<ShippedPackage> packages = ShippedPackages.Read(RepositoryFiles.Root);

        var refused = packages.Where(p => !IsAllowed(p)).Select(Describe).ToList();

        Assert.That(packages, Is.Not.Empty);
        Assert.That(
            refused,
            Is.Empty,
            "FormFlow is MIT-licensed and would ship these packages under licences that are not on the allow-list of permissive " +
            "licences (ThirdPartyNoticesTests.Permissive): remove or replace them. Add a licence to the allow-list only when " +
            "it is permissive, with the reason.");
    }

    [Test]
    public void The_notices_list_exactly_what_the_restore_resolved()
    {
        string expected = NoticesDocument.Render(ShippedPackages.Read(RepositoryFiles.Root));
        string file = Path.Combine(RepositoryFiles.Root, NoticesDocument.FileName);

        string actual = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : string.Empty;

        Assert.That(
            actual,
            Is.EqualTo(expected),
            $"{NoticesDocument.FileName} differs from the packages the restore resolved: regenerate it with {NoticesDocument.RegenerateCommand}.");
    }

    internal static bool IsAllowed(ShippedPackage package) =>
        package.Licence.Expression is { } expression
            ? LicenceExpression.IsAllowed(expression, Permissive)
            : ReviewedLicenceFiles.TryGetValue(package.Id, out string? reviewed) && package.Licence.FileTitle == reviewed;

    private static string Describe(ShippedPackage p)
    {
        string licence = p.Licence.Expression ?? (p.Licence.FileTitle is { } title ? $"\"{title}\"" : "no SPDX expression");
        return $"{p.Registry} {p.Id} {p.Version}: {licence} ({p.Licence.Source}; shipped in {string.Join(", ", p.ShippedIn)})";
    }
}
