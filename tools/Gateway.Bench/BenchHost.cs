using Gateway.Core.Backends;
using Gateway.Server;
using Gateway.TestBackends;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Bench;

/// <summary>
/// `host` mode: the gateway exactly as <see cref="GatewayHost"/> builds it for Gateway.Server (back ends included), plus
/// the test-pattern back end, which Gateway.Server does not ship. Run as its own process so its CPU and memory are
/// measured alone.
/// </summary>
internal static class BenchHost
{
    public static async Task RunAsync(string[] args)
    {
        var app = GatewayHost.Build(args, b => b.Services.AddSingleton<IBackend, TestPatternBackend>());
        await app.RunAsync().ConfigureAwait(false);
    }
}
