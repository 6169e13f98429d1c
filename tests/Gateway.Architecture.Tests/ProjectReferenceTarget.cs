namespace Gateway.Architecture.Tests;

/// <summary>The target of one ProjectReference: the project name and where the file lives.</summary>
internal sealed record ProjectReferenceTarget(string Name, string FullPath)
{
    /// <summary>True when the referenced project is one of the src/ projects (not a test project).</summary>
    public bool IsUnderSource =>
        Path.GetFullPath(FullPath).StartsWith(
            Repository.SourceDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    public static ProjectReferenceTarget Resolve(string projectDirectory, string include)
    {
        var normalised = include.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
        var fullPath = Path.GetFullPath(Path.Combine(projectDirectory, normalised));
        return new ProjectReferenceTarget(Path.GetFileNameWithoutExtension(fullPath), fullPath);
    }
}
