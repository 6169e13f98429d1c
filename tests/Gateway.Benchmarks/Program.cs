using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Gateway.Benchmarks;

// dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project tests/Gateway.Benchmarks -- --stopwatch [name filter]
if (args.Length > 0 && args[0] == "--stopwatch")
{
    StopwatchRunner.Run(args.Length > 1 ? args[1] : string.Empty);
    return;
}

var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn());
BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args, config);
