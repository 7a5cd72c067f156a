using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace FormFlow.Api.Tests.Reliability;

/// <summary>
/// The built host (designer-api/FormFlow.Api's FormFlow.Api.dll) as a child process, `dotnet FormFlow.Api.dll`,
/// configured by environment variables only, as an operator runs it: so that it can be killed with SIGKILL mid-request
/// and started again over the same database. Every process started here is killed when the test run ends, whatever
/// happened to the test that started it: by the test run when it exits (<see cref="AppDomain.ProcessExit"/>: the end
/// of the run, a failed test, SIGTERM), and by the kernel when the test run dies without exiting (SIGKILL, a crash): the
/// host is started through util-linux's <c>setpriv --pdeathsig KILL</c>, which asks for SIGKILL when its parent dies
/// (prctl PR_SET_PDEATHSIG) and then becomes the host (exec, same process).
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private const string Setpriv = "/usr/bin/setpriv";
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    // The kernel's "parent" for PR_SET_PDEATHSIG is the thread that forked the child, not the process: a host forked
    // on a pool thread would be killed when that thread retires. Hosts are forked on this one thread, which lives as
    // long as the test run.
    private static readonly BlockingCollection<Action> Forks = [];
    private readonly Process process;
    private readonly StringBuilder output = new();

    static HostProcess()
    {
        // A test that fails between start and dispose still leaves no host behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        new Thread(() =>
        {
            foreach (var fork in Forks.GetConsumingEnumerable())
            {
                fork();
            }
        })
        { IsBackground = true, Name = "host process launcher" }.Start();
    }

    private HostProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        Address = $"http://127.0.0.1:{port}";
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:port</summary>
    public string Address { get; }

    public bool HasExited => process.HasExited;

    /// <summary>What the host wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The settings every host of these tests shares: the database, the development sign-in, no demo organisation.</summary>
    public static Dictionary<string, string?> Settings(string provider, string connectionString, string? organisationFile) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["FormFlow__Database__Provider"] = provider,
        ["FormFlow__Database__ConnectionString"] = connectionString,
        ["FormFlow__Organisation__InitialFile"] = organisationFile,
        ["FormFlow__Demo__Enabled"] = organisationFile is null ? "true" : "false",
        ["FormFlow__Identity__Issuer"] = ApiHost.Issuer,
        ["FormFlow__Identity__Audience"] = ApiHost.Audience,
        ["FormFlow__Identity__DevSignIn__Enabled"] = "true",
        ["FormFlow__Identity__DevSignIn__SigningKey"] = ApiHost.DevKey,
        ["FormFlow__Identity__DevSignIn__PermitPerMinute"] = "100000",
        ["FormFlow__Identity__DevSignIn__TokenMinutes"] = "600",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    /// <summary>Starts the host on <paramref name="port"/> (0: a free one) and waits until it is ready (<c>/health/ready</c>).</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port = 0, TimeSpan? readyWithin = null)
    {
        var host = Launch(settings, port == 0 ? FreePort() : port);
        await host.WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(90));
        return host;
    }

    /// <summary>Starts the host without waiting for it (two nodes starting at the same moment).</summary>
    public static HostProcess Launch(IReadOnlyDictionary<string, string?> settings, int port)
    {
        var withDeathSignal = File.Exists(Setpriv);
        var info = new ProcessStartInfo(withDeathSignal ? Setpriv : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        if (withDeathSignal)
        {
            info.ArgumentList.Add("--pdeathsig");
            info.ArgumentList.Add("KILL");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(Dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Nothing of the test run's own environment that would configure the host otherwise.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FormFlow__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(process, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        Fork(process);
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The host stopped with exit code {process.ExitCode} before it was ready:\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync($"{Address}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, busy starting.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The host was not ready within {within.TotalSeconds} s:\n{Tail()}");
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it does; nothing of it runs on.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        Running.TryRemove(process.Id, out _);
    }

    /// <summary>The end of the host's output.</summary>
    public string Tail(int characters = 6000)
    {
        var all = Output;
        return all.Length <= characters ? all : all[^characters..];
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        process.Dispose();
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // Starts the process on the launcher thread and waits for it.
    private static void Fork(Process process)
    {
        using var forked = new ManualResetEventSlim();
        Exception? failed = null;
        Forks.Add(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception error)
            {
                failed = error;
            }
            finally
            {
                forked.Set();
            }
        });
        forked.Wait();
        if (failed is not null)
        {
            throw new InvalidOperationException($"starting {process.StartInfo.FileName} failed", failed);
        }
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Gone already.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Enough to say why a start failed; a host that runs long logs little at Warning.
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }

            output.AppendLine(line);
        }
    }

    /// <summary>designer-api/FormFlow.Api/bin/{configuration}/{framework}/FormFlow.Api.dll, as the solution's build left it.</summary>
    private static string Dll
    {
        get
        {
            var tests = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            var framework = tests.Name;
            var configuration = tests.Parent!.Name;
            var folder = tests;
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
            {
                folder = folder.Parent;
            }

            Assert.That(folder, Is.Not.Null, "the repository (FormFlow.sln) above the tests");
            var dll = Path.Combine(folder!.FullName, "designer-api", "FormFlow.Api", "bin", configuration, framework, "FormFlow.Api.dll");
            Assert.That(File.Exists(dll), Is.True, $"the built host: {dll} (build the solution first)");
            return dll;
        }
    }
}
