namespace Gateway.Benchmarks;

// Placeholder entry point so the skeleton solution builds; the BenchmarkSwitcher entry point replaces this file.
internal static class Program
{
    private static int Main() => 0;
}
