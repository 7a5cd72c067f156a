using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FormFlow.Api.Tests;

/// <summary>
/// The README's walk-through, run as written: its shell lines (the fenced block between
/// <c>&lt;!-- walk-through:begin --&gt;</c> and <c>&lt;!-- walk-through:end --&gt;</c>) run with bash and curl against
/// the built host started as a process of its own — Development, a fresh SQLite database, a free port — so the README
/// cannot drift from what the server does.
/// </summary>
public sealed partial class ReadmeWalkThroughTests
{
    private const string ReadmeAddress = "http://localhost:5080";

    [Test]
    public async Task The_readme_walk_through_runs_as_written_and_ends_with_the_record_approved_and_both_to_confirm()
    {
        var block = WalkThrough(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md")));
        Assert.That(block, Does.Contain($"FF={ReadmeAddress}\n"), "the walk-through names the server's address once, in FF");
        var folder = Directory.CreateTempSubdirectory("formflow-readme-");
        try
        {
            await using var host = await RunningHost.StartAsync(folder.FullName);

            // Every curl fails on an HTTP error, with the answer's body; the first failing line stops the run.
            var script = "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n" + block.Replace($"FF={ReadmeAddress}\n", $"FF={host.Address}\n", StringComparison.Ordinal);
            var (exit, output) = await RunAsync("bash", ["-c", script], folder.FullName);

            Assert.That(exit, Is.Zero, output);
            using var employee = await SignedInAsync(host.Address, "E012");
            var inbox = JsonNode.Parse(await employee.GetStringAsync(new Uri($"{host.Address}/api/tasks?status=open")))!;
            Assert.Multiple(() =>
            {
                Assert.That(output, Does.Contain("\"step\":{\"id\":\"record\"").And.Contain("\"status\":\"returned\"").And.Contain("\"status\":\"approved\""), output);
                Assert.That(output, Does.Contain("By how much, and how will we see it?"), "the employee read the manager's comment");
                Assert.That(inbox["items"]!.AsArray().Select(i => (string?)i!["step"]!["id"]), Is.EqualTo(new[] { "confirm" }), "the approved record goes to both to confirm");
                Assert.That(SignInIds(block), Is.SubsetOf(host.ListedIds), "the README signs in as people the start-up list names");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The walk-through's shell lines: the one fenced block between the markers.</summary>
    private static string WalkThrough(string readme)
    {
        var match = WalkThroughBlock().Match(readme.ReplaceLineEndings("\n"));
        Assert.That(match.Success, Is.True, "README.md has a ```sh block between <!-- walk-through:begin --> and <!-- walk-through:end -->");
        return match.Groups["lines"].Value;
    }

    /// <summary>The ids the walk-through signs in with: <c>token E004</c>.</summary>
    private static List<string> SignInIds(string block) => [.. TokenCall().Matches(block).Select(m => m.Groups["id"].Value).Distinct()];

    private static async Task<HttpClient> SignedInAsync(string address, string personId)
    {
        var client = new HttpClient();
        using var response = await client.PostAsJsonAsync(new Uri($"{address}/api/auth/dev-sign-in"), new { personId });
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string folder)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("FormFlow.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [GeneratedRegex(@"<!-- walk-through:begin -->\s*```sh\n(?<lines>.*?)```\s*<!-- walk-through:end -->", RegexOptions.Singleline)]
    private static partial Regex WalkThroughBlock();

    [GeneratedRegex(@"\btoken (?<id>[A-Za-z0-9_-]+)\)")]
    private static partial Regex TokenCall();

    /// <summary>
    /// The built host (the copy beside the tests, with its settings and shipped files) as a process of its own:
    /// Development, a fresh SQLite database in <c>folder</c>, a port the system picks (<c>--urls http://127.0.0.1:0</c>),
    /// read back from the start-up report.
    /// </summary>
    private sealed partial class RunningHost : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder log = new();
        private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> listed = [];

        private RunningHost(Process process) => this.process = process;

        public string Address { get; private set; } = "";

        /// <summary>The ids on the start-up report's sign-in lines.</summary>
        public IReadOnlyList<string> ListedIds
        {
            get
            {
                lock (log)
                {
                    return [.. listed];
                }
            }
        }

        public static async Task<RunningHost> StartAsync(string folder)
        {
            var binaries = TestContext.CurrentContext.TestDirectory;
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = binaries,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { Path.Combine(binaries, "FormFlow.Api.dll"), "--urls", "http://127.0.0.1:0" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["FormFlow__Database__Provider"] = "Sqlite";
            start.Environment["FormFlow__Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "formflow.db")}";
            var host = new RunningHost(Process.Start(start)!);
            host.process.OutputDataReceived += (_, e) => host.Read(e.Data);
            host.process.ErrorDataReceived += (_, e) => host.Read(e.Data);
            host.process.Exited += (_, _) => host.ready.TrySetException(new InvalidOperationException("the host stopped:\n" + host.Log()));
            host.process.EnableRaisingEvents = true;
            host.process.BeginOutputReadLine();
            host.process.BeginErrorReadLine();
            try
            {
                host.Address = await host.ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }

            return host;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private string Log()
        {
            lock (log)
            {
                return log.ToString();
            }
        }

        // The report's last line names the OpenAPI document: by then the address and the sign-in lines are in.
        private void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
                if (ReadyLine().Match(line) is { Success: true } readyLine)
                {
                    Address = readyLine.Groups["address"].Value;
                }

                if (ListedLine().Match(line) is { Success: true } listedLine)
                {
                    listed.Add(listedLine.Groups["id"].Value);
                }
            }

            if (line.Contains("OpenAPI: ", StringComparison.Ordinal))
            {
                ready.TrySetResult(Address);
            }
        }

        [GeneratedRegex(@"FormFlow is ready: (?<address>http://\S+)")]
        private static partial Regex ReadyLine();

        // A simple console line: "07:00:46 info: FormFlow.Api.Hosting.StartupReport[315660831]   HRBP             E004   赵敏 / Min Zhao".
        [GeneratedRegex(@"\]\s+(?:管理员 admin|HRBP|经理 manager|员工 employee)\s+(?<id>\S+)\s")]
        private static partial Regex ListedLine();
    }
}
