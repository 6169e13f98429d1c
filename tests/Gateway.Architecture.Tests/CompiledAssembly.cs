using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Gateway.Architecture.Tests;

/// <summary>
/// A Gateway.* assembly copied next to the tests (through the reference to Gateway.Server) and the names of the
/// assemblies it references, read from metadata without loading it.
/// </summary>
internal sealed record CompiledAssembly(string Name, string Path, IReadOnlyList<string> References)
{
    private static readonly Lazy<IReadOnlyDictionary<string, CompiledAssembly>> LazyAll = new(LoadAll);

    /// <summary>Every assembly in the test output whose name is a src/ project, by name.</summary>
    public static IReadOnlyDictionary<string, CompiledAssembly> All => LazyAll.Value;

    public static CompiledAssembly Get(string name) =>
        All.TryGetValue(name, out var assembly)
            ? assembly
            : throw new InvalidOperationException($"{name}.dll is not in {AppContext.BaseDirectory}");

    private static Dictionary<string, CompiledAssembly> LoadAll()
    {
        var assemblies = new Dictionary<string, CompiledAssembly>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Gateway.*.dll"))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file);
            if (SourceProject.All.ContainsKey(name))
            {
                assemblies.Add(name, Read(name, file));
            }
        }

        return assemblies;
    }

    private static CompiledAssembly Read(string name, string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .ToList();
        return new CompiledAssembly(name, file, references);
    }
}
