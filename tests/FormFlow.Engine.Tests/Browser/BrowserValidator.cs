using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace FormFlow.Tests.Browser;

/// <summary>One thing to validate: the data as JSON text (it may hold what no JsonNode can: a lone surrogate escape, 1e400).</summary>
internal sealed record BrowserCase(string Id, int Schema, string DataJson);

/// <summary>
/// The browser's validator — react-jsonschema-form's AJV 8, configured as FormFlow's pages configure it
/// (tests/ajv/formflow-validator.mjs) — run by Node over a file of cases. Installs tests/ajv's locked packages with
/// <c>npm ci</c> when they are missing or older than the lock file.
/// </summary>
internal sealed class BrowserValidator
{
    private readonly string folder = Path.Combine(RepositoryFiles.Root, "tests", "ajv");

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

    /// <summary>The browser's problems for each case, as (pointer, code) in the server's terms; a schema AJV cannot compile fails the test.</summary>
    public IReadOnlyDictionary<string, HashSet<(string Pointer, string Code)>> Verdicts(IReadOnlyList<string> schemas, IReadOnlyList<BrowserCase> cases)
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
        var file = Path.Combine(Path.GetTempPath(), $"formflow-ajv-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, input.ToString());
        try
        {
            var (exit, output) = Run("node", "verdicts.mjs", file);
            Assert.That(exit, Is.Zero, $"node verdicts.mjs failed:\n{output}");
            var verdicts = new Dictionary<string, HashSet<(string, string)>>(StringComparer.Ordinal);
            foreach (var verdict in JsonNode.Parse(output)!.AsArray())
            {
                Assert.That(verdict!["compileError"], Is.Null, $"AJV cannot compile the schema of {verdict["id"]}: {verdict["compileError"]}");
                verdicts[(string)verdict["id"]!] = [.. verdict["problems"]!.AsArray().Select(p => ((string)p![0]!, (string)p[1]!))];
            }

            return verdicts;
        }
        finally
        {
            File.Delete(file);
        }
    }

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
