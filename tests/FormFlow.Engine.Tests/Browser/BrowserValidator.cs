using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace FormFlow.Tests.Browser;

/// <summary>One thing to validate: the data as JSON text (it may hold what no JsonNode can: a lone surrogate escape, 1e400).</summary>
internal sealed record BrowserCase(string Id, int Schema, string DataJson);

/// <summary>What the browser says of one case: the pages' own validator's problems, and the reference validator's.</summary>
internal sealed record BrowserVerdict(HashSet<(string Pointer, string Code)> Shipped, HashSet<(string Pointer, string Code)> Reference);

/// <summary>
/// The browser's validator — the web pages' own (designer-api/web/src/forms/validator.ts, @cfworker/json-schema with
/// FormFlow's formats), loaded from its source — and, as a reference, react-jsonschema-form's AJV 8 with the same
/// formats, run by Node over a file of cases (designer-api/web/scripts/verdicts.mjs). Installs the web app's locked
/// packages with <c>npm ci</c> when they are missing or older than the lock file (the host's build does the same).
/// </summary>
internal sealed class BrowserValidator
{
    private readonly string folder = Path.Combine(RepositoryFiles.Root, "designer-api", "web");

    public void Install()
    {
        var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
        var lockFile = Path.Combine(folder, "package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
        {
            return;
        }

        var (exit, output) = Run("npm", "ci", "--no-audit", "--no-fund");
        Assert.That(exit, Is.Zero, $"npm ci in {folder} failed (Node.js and npm are needed for the browser agreement tests):\n{output}");
    }

    /// <summary>The browser's problems for each case, as (pointer, code) in the server's terms; a schema either validator cannot read fails the test.</summary>
    public IReadOnlyDictionary<string, BrowserVerdict> Verdicts(IReadOnlyList<string> schemas, IReadOnlyList<BrowserCase> cases)
    {
        var input = new StringBuilder("{\"schemas\":[");
        input.AppendJoin(',', schemas).Append("],\"cases\":[");
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            input.Append(i == 0 ? "" : ",").Append("{\"id\":").Append(JsonValue.Create(c.Id).ToJsonString())
                .Append(",\"schema\":").Append(c.Schema).Append(",\"data\":").Append(c.DataJson).Append('}');
        }

        input.Append("]}");
        var file = Path.Combine(Path.GetTempPath(), $"formflow-browser-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, input.ToString());
        try
        {
            var (exit, output) = Run("node", Path.Combine("scripts", "verdicts.mjs"), file);
            Assert.That(exit, Is.Zero, $"node scripts/verdicts.mjs failed:\n{output}");
            var verdicts = new Dictionary<string, BrowserVerdict>(StringComparer.Ordinal);
            foreach (var verdict in JsonNode.Parse(output)!.AsArray())
            {
                Assert.That(verdict!["compileError"], Is.Null, $"The browser cannot read the schema of {verdict["id"]}: {verdict["compileError"]}");
                verdicts[(string)verdict["id"]!] = new BrowserVerdict(Problems(verdict["problems"]!), Problems(verdict["reference"]!));
            }

            return verdicts;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static HashSet<(string Pointer, string Code)> Problems(JsonNode problems) =>
        [.. problems.AsArray().Select(p => ((string)p![0]!, (string)p[1]!))];

    private (int Exit, string Output) Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + (process.ExitCode == 0 ? "" : error.Result));
    }
}
