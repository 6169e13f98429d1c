namespace Gateway.EndToEnd;

/// <summary>
/// Finds the test page and the esbuild bundle of the stock guacamole-common-js, and the repository's
/// artifacts directory for screenshots.
/// </summary>
internal static class WebAssets
{
    public const string PageFile = "page.html";

    public const string BundleFile = "dist/guacamole-common.iife.js";

    /// <summary>The page that drives our own client library (web/src) instead of the stock one.</summary>
    public const string LibraryPageFile = "library.html";

    /// <summary>esbuild bundle of web/src/index.ts (global <c>GatewayClient</c>), built by <c>npm run build</c> in js/.</summary>
    public const string LibraryBundleFile = "dist/gateway-client.iife.js";

    /// <summary>
    /// The directory holding <see cref="PageFile"/> and <see cref="BundleFile"/>: the copy in the build output,
    /// else <c>tests/Gateway.EndToEnd/js</c> of the source tree. Throws with the command to run when the bundle
    /// was never built.
    /// </summary>
    public static string LocateWebRoot()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "e2e-web");
        if (IsComplete(output))
        {
            return output;
        }

        string? root = FindRepositoryRoot();
        string source = root is null
            ? "tests/Gateway.EndToEnd/js"
            : Path.Combine(root, "tests", "Gateway.EndToEnd", "js");
        if (root is not null && IsComplete(source))
        {
            return source;
        }

        throw new InvalidOperationException(
            $"the guacamole-common-js bundle '{BundleFile}' is missing: run `npm ci && npm run build` in {source}, then build the tests again");
    }

    /// <summary>
    /// <c>artifacts/test-results/screenshots</c> under the repository root (or under the current directory outside a
    /// checkout), beside the TRX files test.sh keeps.
    /// </summary>
    public static string ArtifactsDirectory()
    {
        string root = FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "artifacts", "test-results", "screenshots");
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, PageFile)) && File.Exists(Path.Combine(directory, BundleFile));

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
