namespace Gateway.Architecture.Tests;

/// <summary>
/// The dependency rules of ARCHITECTURE.md, checked twice: on what each src/*/*.csproj declares and on what each
/// compiled Gateway assembly actually references.
/// </summary>
public sealed class DependencyRuleTests
{
    public static TheoryData<string> SourceProjects => new(SourceProject.All.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> CompiledAssemblies => new(CompiledAssembly.All.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_fixed_layers_are_found_as_projects_and_as_assemblies()
    {
        foreach (var name in new[] { DependencyRules.Protocol, DependencyRules.Core, DependencyRules.Server })
        {
            Assert.True(SourceProject.All.ContainsKey(name), $"src/{name}/{name}.csproj not found under {Repository.Root}");
            Assert.True(CompiledAssembly.All.ContainsKey(name), $"{name}.dll not found in {AppContext.BaseDirectory}");
        }
    }

    [Fact]
    public void Protocol_project_declares_no_references()
    {
        var project = SourceProject.Get(DependencyRules.Protocol);

        Assert.Equal(["Microsoft.NET.Sdk"], project.Sdks);
        Assert.Empty(project.ProjectReferences);
        Assert.Empty(project.PackageReferences);
        Assert.Empty(project.FrameworkReferences);
    }

    [Fact]
    public void Protocol_assembly_references_only_the_base_class_library()
    {
        var assembly = CompiledAssembly.Get(DependencyRules.Protocol);

        var outsiders = assembly.References.Where(r => !DependencyRules.IsBaseClassLibrary(r)).ToList();

        Assert.True(
            outsiders.Count == 0,
            $"{DependencyRules.Protocol} must reference only the base class library, but references {string.Join(", ", outsiders)}");
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_references_only_the_gateway_projects_its_layer_allows(string name)
    {
        var project = SourceProject.Get(name);
        var allowed = DependencyRules.AllowedGatewayReferences(name, SourceProject.All.Keys);

        var forbidden = project.ReferencedProjectNames.Where(r => !allowed.Contains(r)).ToList();

        Assert.True(forbidden.Count == 0, Describe(name, forbidden, allowed));
    }

    [Theory]
    [MemberData(nameof(CompiledAssemblies))]
    public void Assembly_references_only_the_gateway_assemblies_its_layer_allows(string name)
    {
        var assembly = CompiledAssembly.Get(name);
        var allowed = DependencyRules.AllowedGatewayReferences(name, SourceProject.All.Keys);

        var forbidden = assembly.References
            .Where(r => r.StartsWith("Gateway.", StringComparison.Ordinal) && !allowed.Contains(r))
            .ToList();

        Assert.True(forbidden.Count == 0, Describe(name, forbidden, allowed));
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Only_the_server_project_uses_aspnetcore_or_redis(string name)
    {
        if (name == DependencyRules.Server)
        {
            return;
        }

        var project = SourceProject.Get(name);
        var offending = project.Sdks.Where(DependencyRules.IsWebSdk)
            .Concat(project.PackageReferences.Where(DependencyRules.IsServerOnlyDependency))
            .Concat(project.FrameworkReferences.Where(DependencyRules.IsServerOnlyDependency))
            .ToList();

        Assert.True(
            offending.Count == 0,
            $"{name}: only {DependencyRules.Server} may use ASP.NET Core or StackExchange.Redis, found {string.Join(", ", offending)}");
    }

    [Theory]
    [MemberData(nameof(CompiledAssemblies))]
    public void Only_the_server_assembly_uses_aspnetcore_or_redis(string name)
    {
        if (name == DependencyRules.Server)
        {
            return;
        }

        var offending = CompiledAssembly.Get(name).References.Where(DependencyRules.IsServerOnlyDependency).ToList();

        Assert.True(
            offending.Count == 0,
            $"{name}.dll: only {DependencyRules.Server} may use ASP.NET Core or StackExchange.Redis, found {string.Join(", ", offending)}");
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Source_projects_reference_only_source_projects(string name)
    {
        var outside = SourceProject.Get(name).ProjectReferences
            .Where(r => !r.IsUnderSource)
            .Select(r => Repository.Relative(r.FullPath))
            .ToList();

        Assert.True(outside.Count == 0, $"{name} references projects outside src/: {string.Join(", ", outside)}");
    }

    [Fact]
    public void Back_ends_are_recognised_by_elimination()
    {
        Assert.False(DependencyRules.IsBackend(DependencyRules.Protocol));
        Assert.False(DependencyRules.IsBackend(DependencyRules.Display));
        Assert.False(DependencyRules.IsBackend(DependencyRules.Core));
        Assert.False(DependencyRules.IsBackend(DependencyRules.Terminal));
        Assert.False(DependencyRules.IsBackend(DependencyRules.Server));
        Assert.True(DependencyRules.IsBackend("Gateway.Vnc"));

        var allowed = DependencyRules.AllowedGatewayReferences("Gateway.Vnc", ["Gateway.Vnc", "Gateway.Rdp", DependencyRules.Server]);
        Assert.DoesNotContain("Gateway.Rdp", allowed);
        Assert.DoesNotContain(DependencyRules.Server, allowed);
    }

    private static string Describe(string name, IEnumerable<string> forbidden, IReadOnlySet<string> allowed)
    {
        var kind = DependencyRules.IsBackend(name) ? "back end " : string.Empty;
        var permitted = allowed.Count == 0 ? "no Gateway project" : string.Join(", ", allowed.Order(StringComparer.Ordinal));
        return $"{kind}{name} references {string.Join(", ", forbidden)}; it may reference only {permitted}";
    }
}
