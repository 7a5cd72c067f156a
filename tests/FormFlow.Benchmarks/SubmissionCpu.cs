using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace FormFlow.Benchmarks;

/// <summary>
/// The rows of <see cref="SubmissionBenchmarks"/> (the same methods, over the same setup) timed by the CPU time of the
/// measuring thread instead of the wall clock: on a machine shared with builds and test runs the wall clock of a
/// 20 µs call varies several-fold between runs, the thread's own CPU time far less. Per row: 400 ms of warm-up, then
/// the best of 15 rounds of ~30 ms, after one unreported pass over the first template; the allocations are exact. Run with <c>submissions-cpu</c> (every template, or
/// those named after it).
/// </summary>
internal static class SubmissionCpu
{
    public static int Run(string[] args)
    {
        var templates = (args.Length > 1 ? args.Skip(1) : SubmissionBenchmarks.Templates()).ToList();

        // The first template measured used to run before the JIT had finished with the code all templates share (its
        // whole submission 2-4x, 7 µs instead of 2 µs for feedback-log): one unreported pass over it first.
        var first = new SubmissionBenchmarks { Template = templates[0] };
        first.Setup();
        Measure(() => first.Schema());
        Measure(() => first.JsonSchemaNetValidator());
        Measure(() => first.WholeSubmission());

        Console.WriteLine("| Template | FormFlow schema | JsonSchema.Net schema | whole submission | whole / schema | JsonSchema.Net / schema | allocated (whole) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var template in templates)
        {
            var benchmark = new SubmissionBenchmarks { Template = template };
            benchmark.Setup();
            var (schema, _) = Measure(() => benchmark.Schema());
            var (jsonSchemaNet, _) = Measure(() => benchmark.JsonSchemaNetValidator());
            var (whole, allocated) = Measure(() => benchmark.WholeSubmission());
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {template} | {schema:0.0} µs | {jsonSchemaNet:0.0} µs | {whole:0.0} µs | {whole / schema:0.0} | {jsonSchemaNet / schema:0.0} | {allocated:N0} B |"));
        }

        return 0;
    }

    private static (double Microseconds, long Bytes) Measure(Func<int> call)
    {
        var warm = Stopwatch.StartNew();
        var perRound = 1;
        while (warm.ElapsedMilliseconds < 400)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++)
            {
                call();
            }

            if (Stopwatch.GetElapsedTime(started).TotalMilliseconds < 30)
            {
                perRound *= 2;
            }
        }

        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < 15; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpu();
            for (var i = 0; i < perRound; i++)
            {
                call();
            }

            var cpu = ThreadCpu() - cpuBefore;
            bytes = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / perRound;
            best = Math.Min(best, cpu.TotalMicroseconds / perRound);
        }

        return (best, bytes);
    }

    private static TimeSpan ThreadCpu()
    {
        if (NativeMethods.clock_gettime(NativeMethods.ClockThreadCpuTime, out var now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks((now.Seconds * 1_000_000_000 + now.Nanoseconds) / 100);
    }

    private static class NativeMethods
    {
        public const int ClockThreadCpuTime = 3;

        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int clock_gettime(int clock, out TimeSpec time);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
