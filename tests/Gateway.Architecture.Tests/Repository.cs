namespace Gateway.Architecture.Tests;

/// <summary>Locates the repository checkout the tests were built from.</summary>
internal static class Repository
{
    private const string SolutionFileName = "Gateway.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding Gateway.sln, found by walking up from the test binaries.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The src/ directory.</summary>
    public static string SourceDirectory => Path.Combine(Root, "src");

    /// <summary>Repository-relative path with forward slashes, for readable failure messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"no {SolutionFileName} found in {AppContext.BaseDirectory} or any directory above it");
    }
}
