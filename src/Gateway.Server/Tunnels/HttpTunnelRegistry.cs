using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Gateway.Server.Tunnels;

/// <summary>The open HTTP tunnels by UUID.</summary>
public sealed class HttpTunnelRegistry
{
    private readonly ConcurrentDictionary<string, HttpTunnelTransport> _tunnels = new(StringComparer.Ordinal);

    public int Count => _tunnels.Count;

    internal void Add(HttpTunnelTransport tunnel) => _tunnels[tunnel.Uuid] = tunnel;

    internal bool TryGet(string uuid, [NotNullWhen(true)] out HttpTunnelTransport? tunnel) => _tunnels.TryGetValue(uuid, out tunnel);

    internal void Remove(HttpTunnelTransport tunnel) => _tunnels.TryRemove(new KeyValuePair<string, HttpTunnelTransport>(tunnel.Uuid, tunnel));
}
