using System.Xml.Linq;

namespace Gateway.Architecture.Tests;

/// <summary>What a src/*/*.csproj declares: its SDK and its project, package and framework references.</summary>
internal sealed record SourceProject(
    string Name,
    string ProjectFile,
    IReadOnlyList<string> Sdks,
    IReadOnlyList<ProjectReferenceTarget> ProjectReferences,
    IReadOnlyList<string> PackageReferences,
    IReadOnlyList<string> FrameworkReferences)
{
    private static readonly Lazy<IReadOnlyDictionary<string, SourceProject>> LazyAll = new(LoadAll);

    /// <summary>Every project directly under src/, by project name.</summary>
    public static IReadOnlyDictionary<string, SourceProject> All => LazyAll.Value;

    /// <summary>Names of the Gateway projects this project references.</summary>
    public IEnumerable<string> ReferencedProjectNames => ProjectReferences.Select(r => r.Name);

    public static SourceProject Get(string name) =>
        All.TryGetValue(name, out var project)
            ? project
            : throw new InvalidOperationException($"no project src/{name}/{name}.csproj");

    private static Dictionary<string, SourceProject> LoadAll()
    {
        var projects = new Dictionary<string, SourceProject>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(Repository.SourceDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.csproj"))
            {
                var project = Read(file);
                projects.Add(project.Name, project);
            }
        }

        return projects;
    }

    private static SourceProject Read(string projectFile)
    {
        var document = XDocument.Load(projectFile);
        var root = document.Root ?? throw new InvalidOperationException($"{projectFile} has no root element");
        var projectDirectory = Path.GetDirectoryName(projectFile)!;

        // The SDK can be named on <Project Sdk="...">, in <Sdk Name="..."/> or on <Import Sdk="..."/>.
        var sdks = new List<string>();
        AddSplit(sdks, (string?)root.Attribute("Sdk"));
        foreach (var element in Elements(root, "Sdk"))
        {
            AddSplit(sdks, (string?)element.Attribute("Name"));
        }

        foreach (var element in Elements(root, "Import"))
        {
            AddSplit(sdks, (string?)element.Attribute("Sdk"));
        }

        var projectReferences = Elements(root, "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(include => ProjectReferenceTarget.Resolve(projectDirectory, include))
            .ToList();

        return new SourceProject(
            Path.GetFileNameWithoutExtension(projectFile),
            projectFile,
            sdks,
            projectReferences,
            Includes(root, "PackageReference"),
            Includes(root, "FrameworkReference"));
    }

    private static IEnumerable<XElement> Elements(XElement root, string localName) =>
        root.Descendants().Where(e => e.Name.LocalName == localName);

    private static List<string> Includes(XElement root, string localName) =>
        Elements(root, localName)
            .Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update"))
            .OfType<string>()
            .ToList();

    private static void AddSplit(List<string> target, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "Name/Version" pins a version; only the name matters here.
            target.Add(part.Split('/')[0]);
        }
    }
}
