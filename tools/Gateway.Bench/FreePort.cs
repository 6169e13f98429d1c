using System.Net;
using System.Net.Sockets;

namespace Gateway.Bench;

/// <summary>A loopback TCP port that was free a moment ago (bound to port 0, then released).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
