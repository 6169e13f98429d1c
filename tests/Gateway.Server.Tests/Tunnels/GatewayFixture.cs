using System.Net;
using Gateway.Core.Backends;
using Gateway.Core.Sessions;
using Gateway.Server;
using Gateway.Server.Guacd;
using Gateway.Server.Tokens;
using Gateway.TestBackends;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Tests.Tunnels;

/// <summary>A real gateway on loopback (HTTP on a free port, guacd listener on a free port) with the test back end.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "gateway-tests-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    public IPEndPoint GuacdEndpoint { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public SessionManager Sessions => Services.GetRequiredService<SessionManager>();

    public async Task InitializeAsync()
    {
        _app = GatewayHost.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Gateway:DataDirectory", _data,
                "--Gateway:Guacd:Endpoint", "127.0.0.1:0",
                "--Gateway:Session:HandshakeTimeoutSeconds", "2",
                "--Logging:LogLevel:Default", "Warning",
            ],
            b => b.Services.AddSingleton<IBackend, TestPatternBackend>());
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address);
        GuacdEndpoint = (await _app.Services.GetRequiredService<GuacdListener>().BoundEndpoint)!;
    }

    /// <summary>Mints a one-time token for the test pattern with the given parameters.</summary>
    public string Mint(Dictionary<string, string>? parameters = null, string? join = null, bool readOnly = false, TimeSpan? ttl = null)
    {
        var tokens = Services.GetRequiredService<ConnectTokenService>();
        return tokens.Mint(new ConnectToken
        {
            Id = ConnectToken.NewId(),
            ExpiresAt = DateTimeOffset.UtcNow + (ttl ?? TimeSpan.FromMinutes(5)),
            DisplayName = "tester",
            Protocol = join is null ? TestPatternBackend.ProtocolName : null,
            Parameters = join is null ? parameters ?? [] : null,
            Join = join,
            ReadOnly = readOnly,
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
