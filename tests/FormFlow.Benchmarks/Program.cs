using BenchmarkDotNet.Running;
using FormFlow.Benchmarks;

// "storage" runs the storage measurements (storage-benchmark.sh); anything else goes to BenchmarkDotNet.
if (args is ["storage", ..])
{
    return await StorageBenchmark.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ValidationBenchmarks).Assembly).Run(args);
return 0;
