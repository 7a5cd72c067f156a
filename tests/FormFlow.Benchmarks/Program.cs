using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FormFlow.Benchmarks.ValidationBenchmarks).Assembly).Run(args);
