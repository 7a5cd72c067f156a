using System.Globalization;
using System.Text;

namespace FormFlow.ThirdPartyNotices;

/// <summary>THIRD-PARTY-NOTICES.md as the generator writes it: the same packages always give the same text.</summary>
internal static class NoticesDocument
{
    public const string FileName = "THIRD-PARTY-NOTICES.md";

    public const string RegenerateCommand = "tests/third-party-notices.sh";

    public static string Render(IReadOnlyList<ShippedPackage> packages)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # Third-party notices

            FormFlow is licensed under the MIT licence ([LICENSE](LICENSE)). Its engine, its command line (`formflow`)
            and its server ship the third-party packages below, each under its own licence. Tests and benchmarks are
            not shipped and not listed. The .NET runtime and the ASP.NET Core shared framework (MIT) are installed
            separately and are not part of FormFlow's build output.

            This file is generated from the restore's own data (each shipped project's `obj/project.assets.json` and the
            packages' `.nuspec` files; for the web app in `{Repository.WebFolder}/`, its `package-lock.json`) by
            `{RegenerateCommand}`. Do not edit it by hand: a test fails when it differs from what the generator writes, and
            when a package's licence is not on the allow-list of permissive licences.

            """);
        text.Append('\n');
        AppendTable(text, "NuGet packages", packages.Where(p => p.Registry == ShippedPackages.NuGet).ToList());
        AppendTable(text, $"npm packages ({Repository.WebFolder})", packages.Where(p => p.Registry == ShippedPackages.Npm).ToList());

        var notes = packages.Where(p => p.Licence.Source is not (Licence.NuspecExpression or Licence.LockFile)).ToList();
        if (notes.Count > 0)
        {
            text.Append("## Licences not read from an SPDX expression\n\n");
            foreach (ShippedPackage package in notes)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {package.Id} {package.Version}: {Describe(package.Licence)}.\n");
            }

            text.Append('\n');
        }

        return text.ToString().ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
    }

    private static void AppendTable(StringBuilder text, string title, List<ShippedPackage> packages)
    {
        if (packages.Count == 0)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"## {title}\n\n");
        text.Append("| Package | Version | Licence | Shipped in |\n| --- | --- | --- | --- |\n");
        foreach (ShippedPackage package in packages)
        {
            string licence = package.Licence.Expression ?? "see below";
            text.Append(CultureInfo.InvariantCulture, $"| {package.Id} | {package.Version} | {licence} | {string.Join(", ", package.ShippedIn)} |\n");
        }

        text.Append('\n');
    }

    private static string Describe(Licence licence)
    {
        string described = licence.Expression is null ? licence.Source : $"{licence.Expression}, {licence.Source}";
        return licence.FileTitle is null ? described : $"{described}, which begins \"{licence.FileTitle}\"";
    }
}
