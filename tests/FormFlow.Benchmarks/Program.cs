using BenchmarkDotNet.Running;
using FormFlow.Benchmarks;

// "submissions-cpu" times the rows of SubmissionBenchmarks by the CPU time of the measuring thread; "storage",
// "runtime", "launch" (the cycle launch on both dialects), "startup" (time to ready with 1,000,000 pending timers),
// "load", "load-rate" (fixed arrival rate, throughput and memory), "lists", "reports" and "kpi" (the threshold sweep)
// run the measurements of storage-benchmark.sh,
// runtime-benchmark.sh, launch-benchmark.sh, load-benchmark.sh, lists-benchmark.sh and of the reports,
// "runtime-reminders" the reminders of runtime-benchmark.sh alone, with their Quartz.NET anchor, "runtime-transitions"
// its transitions alone on a database dropped afterwards (for A/B runs of two builds), "soak" the soak of
// soak.sh, "page-load" a phone's first visit to a task page of page-load-benchmark.sh; anything else
// goes to BenchmarkDotNet.
if (args is ["submissions-cpu", ..])
{
    return SubmissionCpu.Run(args);
}

if (args is ["storage", ..])
{
    return await StorageBenchmark.RunAsync(args);
}

if (args is ["runtime-reminders", ..])
{
    return await RuntimeBenchmark.RemindersOnlyAsync(args);
}

if (args is ["page-load", ..])
{
    return await PageLoadBenchmark.RunAsync(args);
}

if (args is ["runtime-transitions", ..])
{
    return await RuntimeBenchmark.TransitionsOnlyAsync(args);
}

if (args is ["runtime", ..])
{
    return await RuntimeBenchmark.RunAsync(args);
}

if (args is ["launch", ..])
{
    return await LaunchBenchmark.RunAsync(args);
}

if (args is ["startup", ..])
{
    return await StartupBenchmark.RunAsync(args);
}

if (args is ["load-organisation", ..])
{
    return await LoadBenchmark.WriteOrganisationAsync(args);
}

if (args is ["load-rate", ..])
{
    return await FixedRateBenchmark.RunAsync(args);
}

if (args is ["load", ..])
{
    return await LoadBenchmark.RunAsync(args);
}

if (args is ["lists-organisation", ..])
{
    return await ListsBenchmark.WriteOrganisationAsync(args);
}

if (args is ["lists", ..])
{
    return await ListsBenchmark.RunAsync(args);
}

if (args is ["kpi", ..])
{
    return await KpiSweepBenchmark.RunAsync(args);
}

if (args is ["soak", ..])
{
    return await SoakBenchmark.RunAsync(args);
}

if (args is ["reports", ..])
{
    return await ReportBenchmark.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ValidationBenchmarks).Assembly).Run(args);
return 0;
