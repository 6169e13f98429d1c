namespace Gateway.Fuzz;

// Placeholder entry point so the skeleton solution builds; the SharpFuzz target replaces this file.
internal static class Program
{
    private static int Main() => 0;
}
