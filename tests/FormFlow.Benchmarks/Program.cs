using BenchmarkDotNet.Running;
using FormFlow.Benchmarks;

// "storage" and "runtime" run the measurements of storage-benchmark.sh and runtime-benchmark.sh; anything else
// goes to BenchmarkDotNet.
if (args is ["storage", ..])
{
    return await StorageBenchmark.RunAsync(args);
}

if (args is ["runtime", ..])
{
    return await RuntimeBenchmark.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ValidationBenchmarks).Assembly).Run(args);
return 0;
