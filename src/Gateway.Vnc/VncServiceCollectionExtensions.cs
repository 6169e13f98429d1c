using Gateway.Core.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Vnc;

/// <summary>Registers the <c>vnc</c> back end.</summary>
public static class VncServiceCollectionExtensions
{
    /// <summary>Adds <see cref="VncBackend"/> as an <see cref="IBackend"/> (tokens, the catalog and the guacd listener see "vnc").</summary>
    public static IServiceCollection AddVnc(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IBackend, VncBackend>();
        return services;
    }
}
