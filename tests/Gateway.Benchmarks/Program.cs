using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Gateway.Benchmarks;

// dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*' [--job short]
var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn());
BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args, config);
