namespace Gateway.Architecture.Tests;

/// <summary>
/// The layering of src/ in one place. Protocol is the bottom; Display builds on it; Core builds on both;
/// Terminal is a shared library for terminal-style back ends; every other project except Server is a back end;
/// Server composes everything.
/// </summary>
internal static class DependencyRules
{
    public const string Protocol = "Gateway.Protocol";
    public const string Display = "Gateway.Display";
    public const string Core = "Gateway.Core";
    public const string Terminal = "Gateway.Terminal";
    public const string Server = "Gateway.Server";

    private static readonly string[] LayerOrder = [Protocol, Display, Core, Terminal, Server];

    /// <summary>What a back end (Vnc, Rdp, Ssh, any new one) may build on.</summary>
    private static readonly HashSet<string> BackendFoundations = new(StringComparer.Ordinal) { Protocol, Display, Core, Terminal };

    /// <summary>True for a project that talks to one kind of remote machine: anything that is not a fixed layer.</summary>
    public static bool IsBackend(string project) => !LayerOrder.Contains(project, StringComparer.Ordinal);

    /// <summary>
    /// The Gateway projects <paramref name="project"/> may reference, among <paramref name="allProjects"/>.
    /// </summary>
    public static IReadOnlySet<string> AllowedGatewayReferences(string project, IEnumerable<string> allProjects) =>
        project switch
        {
            Protocol => new HashSet<string>(StringComparer.Ordinal),
            Display => new HashSet<string>(StringComparer.Ordinal) { Protocol },
            Core => new HashSet<string>(StringComparer.Ordinal) { Protocol, Display },
            Terminal => new HashSet<string>(StringComparer.Ordinal) { Protocol, Display, Core },
            Server => new HashSet<string>(allProjects.Where(p => p != Server), StringComparer.Ordinal),
            _ => BackendFoundations,
        };

    /// <summary>Packages and assemblies only Gateway.Server may use.</summary>
    public static bool IsServerOnlyDependency(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("StackExchange.Redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>SDKs that bring ASP.NET Core in implicitly.</summary>
    public static bool IsWebSdk(string sdk) =>
        sdk.Contains("Web", StringComparison.OrdinalIgnoreCase)
        || sdk.Contains("Razor", StringComparison.OrdinalIgnoreCase)
        || sdk.Contains("Blazor", StringComparison.OrdinalIgnoreCase);

    /// <summary>Assemblies of the base class library: what Gateway.Protocol may reference.</summary>
    public static bool IsBaseClassLibrary(string assemblyName) =>
        assemblyName == "System"
        || assemblyName.StartsWith("System.", StringComparison.Ordinal)
        || assemblyName == "netstandard"
        || assemblyName.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
}
