namespace Gateway.Server.Web;

/// <summary>Finds the directory of the built web client.</summary>
public static class WebRoot
{
    /// <summary>The file every UI route serves.</summary>
    public const string IndexFile = "index.html";

    /// <summary>
    /// Returns the configured root, else <c>wwwroot</c> beside the application, else the first <c>web/dist</c> in
    /// <paramref name="contentRoot"/> or a parent of it (running from a source checkout). Null when no directory with an
    /// <c>index.html</c> exists.
    /// </summary>
    public static string? Resolve(string configured, string contentRoot, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            string full = Path.GetFullPath(configured, contentRoot);
            return HasIndex(full) ? full : null;
        }

        string published = Path.Combine(baseDirectory, "wwwroot");
        if (HasIndex(published))
        {
            return published;
        }

        foreach (string start in new[] { contentRoot, baseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "web", "dist");
                if (HasIndex(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool HasIndex(string directory) => File.Exists(Path.Combine(directory, IndexFile));
}
