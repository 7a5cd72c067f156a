using FormFlow.ThirdPartyNotices;

namespace FormFlow.Tests.Licences;

public class ShippedPackagesTests
{
    private const string Mit = """<license type="expression">MIT</license>""";
    private const string Engine = "engine/FormFlow.Engine";
    private const string Cli = "engine/FormFlow.Cli";
    private const string Server = "designer-api/FormFlow.Api";

    private static List<string> Listed(IReadOnlyList<ShippedPackage> packages) =>
        [.. packages.Select(p => $"{p.Registry} {p.Id} {p.Version} {p.Licence.Expression} [{string.Join(", ", p.ShippedIn)}]")];

    [Test]
    public void Transitive_packages_are_shipped_and_private_ones_are_not()
    {
        using var repository = new RestoredRepository()
            .Package("Direct", "1.0.0", Mit).Package("Transitive", "2.0.0", """<license type="expression">Apache-2.0</license>""")
            .Package("Analyzer", "5.0.0", Mit).Package("AnalyzerHelper", "1.0.0", Mit)
            .Resolved(Engine, "Direct", "1.0.0", root: true, dependencies: "Transitive")
            .Resolved(Engine, "Transitive", "2.0.0")
            .Resolved(Engine, "Analyzer", "5.0.0", root: true, privateAssets: true, "AnalyzerHelper")
            .Resolved(Engine, "AnalyzerHelper", "1.0.0");

        Assert.That(Listed(repository.Read()), Is.EqualTo(new[]
        {
            "NuGet Direct 1.0.0 MIT [engine]",
            "NuGet Transitive 2.0.0 Apache-2.0 [engine]",
        }));
    }

    [Test]
    public void A_package_is_listed_once_per_version_with_every_part_that_ships_it()
    {
        using var repository = new RestoredRepository()
            .Package("Shared", "1.0.0", Mit).Package("Shared", "1.2.0", Mit)
            .Resolved(Engine, "Shared", "1.0.0", root: true)
            .ProjectReference(Cli, "FormFlow.Engine", "Shared").Resolved(Cli, "Shared", "1.0.0")
            .ProjectReference(Server, "FormFlow.Engine", "Shared").Resolved(Server, "Shared", "1.2.0");

        Assert.That(Listed(repository.Read()), Is.EqualTo(new[]
        {
            "NuGet Shared 1.0.0 MIT [engine, CLI]",
            "NuGet Shared 1.2.0 MIT [server]",
        }));
    }

    [Test]
    public void A_well_known_licence_url_is_mapped_and_the_notices_say_so()
    {
        using var repository = new RestoredRepository()
            .Package("Old", "3.0.0", "<licenseUrl>http://www.apache.org/licenses/LICENSE-2.0</licenseUrl>")
            .Package("Odd", "1.0.0", "<licenseUrl>https://example.org/our-licence</licenseUrl>")
            .Resolved(Engine, "Old", "3.0.0", root: true).Resolved(Engine, "Odd", "1.0.0", root: true);

        IReadOnlyList<ShippedPackage> packages = repository.Read();
        string notices = NoticesDocument.Render(packages);

        Assert.That(Listed(packages), Is.EqualTo(new[] { "NuGet Odd 1.0.0  [engine]", "NuGet Old 3.0.0 Apache-2.0 [engine]" }));
        Assert.That(notices, Does.Contain("- Old 3.0.0: Apache-2.0, mapped from the licenseUrl http://www.apache.org/licenses/LICENSE-2.0."));
        Assert.That(notices, Does.Contain("- Odd 1.0.0: the licenseUrl https://example.org/our-licence, which is not a well-known licence address."));
    }

    [Test]
    public void A_licence_file_is_named_with_its_first_line()
    {
        using var repository = new RestoredRepository()
            .Package("Vendor.Native", "7.0.0", """<license type="file">LICENSE.txt</license>""", ("LICENSE.txt", "\nVENDOR SOFTWARE LICENSE TERMS\n\nMore.\n"))
            .Resolved(Server, "Vendor.Native", "7.0.0", root: true);

        ShippedPackage package = repository.Read().Single();

        Assert.That((package.Licence.Expression, package.Licence.FileTitle), Is.EqualTo(((string?)null, "VENDOR SOFTWARE LICENSE TERMS")));
        Assert.That(ThirdPartyNoticesTests.IsAllowed(package), Is.False);
    }

    [Test]
    public void A_GPL_package_is_refused_and_a_dual_licensed_one_is_allowed()
    {
        using var repository = new RestoredRepository()
            .Package("Copyleft", "1.0.0", """<license type="expression">GPL-3.0-or-later</license>""")
            .Package("Dual", "1.0.0", """<license type="expression">MIT OR GPL-2.0-only</license>""")
            .Resolved(Engine, "Copyleft", "1.0.0", root: true).Resolved(Engine, "Dual", "1.0.0", root: true);

        var allowed = repository.Read().ToDictionary(p => p.Id, ThirdPartyNoticesTests.IsAllowed);

        Assert.That(allowed, Is.EqualTo(new Dictionary<string, bool> { ["Copyleft"] = false, ["Dual"] = true }));
    }

    [Test]
    public void The_web_apps_production_npm_packages_are_listed_with_their_licences()
    {
        using var repository = new RestoredRepository().WebApp(
            """
            {
              "name": "formflow-web", "lockfileVersion": 3,
              "packages": {
                "": { "name": "formflow-web", "dependencies": { "react": "^19.0.0" } },
                "node_modules/react": { "version": "19.1.0", "license": "MIT" },
                "node_modules/pako": { "version": "2.1.0" },
                "node_modules/a/node_modules/pako": { "version": "1.0.11", "license": "(MIT AND Zlib)" },
                "node_modules/vite": { "version": "7.0.0", "dev": true, "license": "MIT" },
                "node_modules/fsevents": { "version": "2.3.3", "devOptional": true, "license": "MIT" },
                "node_modules/shared-ui": { "resolved": "packages/shared-ui", "link": true },
                "packages/shared-ui": { "name": "shared-ui", "version": "0.0.0" }
              }
            }
            """,
            ("node_modules/pako", """{ "name": "pako", "version": "2.1.0", "license": { "type": "(MIT AND Zlib)" } }"""));

        Assert.That(Listed(repository.Read()), Is.EqualTo(new[]
        {
            "npm pako 1.0.11 (MIT AND Zlib) [server]",
            "npm pako 2.1.0 (MIT AND Zlib) [server]",
            "npm react 19.1.0 MIT [server]",
        }));
    }

    [Test]
    public void A_missing_restore_says_what_to_run()
    {
        using var repository = new RestoredRepository();

        Assert.That(() => ShippedPackages.Read(repository.Root), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("dotnet restore FormFlow.sln"));
    }
}
