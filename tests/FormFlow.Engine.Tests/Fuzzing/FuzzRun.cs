using System.Globalization;
using CsCheck;

namespace FormFlow.Tests.Fuzzing;

/// <summary>
/// How many generated inputs a property tries, and how it reports them. The default run fits the suite's budget;
/// <c>FORMFLOW_LONG=1</c> multiplies every count by 50 (<c>FORMFLOW_LONG=N</c>, N &gt; 1, by N) and starts from a new
/// random seed each time; the default run tries the same inputs every time. A failure prints CsCheck's seed: <c>FORMFLOW_FUZZ_SEED=&lt;seed&gt;</c> replays exactly that input.
/// </summary>
internal static class FuzzRun
{
    public const string LongVariable = "FORMFLOW_LONG";
    public const string SeedVariable = "FORMFLOW_FUZZ_SEED";

    /// <summary>How long one input may take before it counts as a hang: generous, a liveness bound, not a speed limit.</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    /// <summary>CsCheck seeds the default run starts from: inputs earlier runs failed on, tried again on every machine.</summary>
    private static readonly string?[] Seeds = ["6iZt-wALR_61", "fahdiACJnLB1", "6C5JP-yk_VS1"];

    public static int Factor
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(LongVariable);
            return value switch
            {
                null or "" or "0" => 1,
                "1" => 50,
                _ when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 1 => n,
                _ => 1,
            };
        }
    }

    public static long Iterations(long defaultRun) => defaultRun * Factor;

    /// <summary>
    /// Runs <paramref name="property"/> over <paramref name="iterations"/> generated inputs (times the long factor) on
    /// one thread — the machine is shared — and prints how many ran.
    /// </summary>
    public static void Sample<T>(string name, Gen<T> gen, Action<T> property, long iterations, Func<T, string>? print = null)
    {
        long executions = 0;
        var total = Iterations(iterations);
        var seed = Environment.GetEnvironmentVariable(SeedVariable);
        // The default run is the same on every machine and every run — the fixed seeds, then one input from each of
        // the seeds numbered 1 … total — so that the suite never fails on an input nobody can replay; the long run
        // starts from a new seed and draws afresh.
        string?[] seeds = !string.IsNullOrEmpty(seed) ? [seed]
            : Factor > 1 ? [null]
            : [.. Seeds, .. Enumerable.Range(1, (int)Math.Max(1, total - Seeds.Length)).Select(n => new PCG(1, (ulong)n * 0x9E3779B97F4A7C15UL).ToString())];
        var each = Factor > 1 || !string.IsNullOrEmpty(seed) ? Math.Max(1, total) : 1;
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var start in seeds)
        {
            gen.Sample(
                value =>
                {
                    Interlocked.Increment(ref executions);
                    property(value);
                },
                writeLine: each > 1 ? TestContext.Out.WriteLine : null,
                seed: start,
                iter: each,
                threads: 1,
                print: print);
        }

        TestContext.Out.WriteLine($"fuzz {name}: {executions} executions ({total} generated from {(seeds[0] is null ? "a new seed" : seeds.Length == 1 ? seeds[0] : $"{seeds.Length} fixed seeds")}, the rest shrinking) in {started.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Runs <paramref name="work"/> and fails as a hang when it has not returned within <see cref="HangBound"/>.</summary>
    public static TResult Bounded<TResult>(Func<TResult> work, Func<string> what)
    {
        var task = Task.Run(work);
        if (!task.Wait(HangBound))
        {
            throw new TimeoutException($"no answer within {HangBound.TotalSeconds} s (a hang): {what()}");
        }

        return task.GetAwaiter().GetResult();
    }
}
