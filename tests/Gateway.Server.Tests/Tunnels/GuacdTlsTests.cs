using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Backends;
using Gateway.Server.Guacd;
using Gateway.TestBackends;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Tests.Tunnels;

/// <summary>The guacd listener with TLS, as guacd -C/-K and the webapp's guacd-ssl use it.</summary>
public sealed class GuacdTlsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gateway-tls-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private System.Net.IPEndPoint _endpoint = null!;
    private byte[] _certificateHash = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certificateHash = certificate.GetCertHash();
        await File.WriteAllTextAsync(Path.Combine(_dir, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());

        _app = GatewayHost.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Gateway:DataDirectory", _dir,
                "--Gateway:Guacd:Endpoint", "127.0.0.1:0",
                "--Gateway:Guacd:Certificate", Path.Combine(_dir, "cert.pem"),
                "--Gateway:Guacd:Key", Path.Combine(_dir, "key.pem"),
                "--Logging:LogLevel:Default", "Warning",
            ],
            b => b.Services.AddSingleton<IBackend, TestPatternBackend>());
        await _app.StartAsync();
        _endpoint = (await _app.Services.GetRequiredService<GuacdListener>().BoundEndpoint)!;
    }

    [Fact]
    public async Task Handshake_over_tls_reaches_ready_and_draws()
    {
        var client = new TcpClient();
        await client.ConnectAsync(_endpoint);
        var ssl = new SslStream(client.GetStream(), false, (_, cert, _, _) => cert is not null && cert.GetCertHash().AsSpan().SequenceEqual(_certificateHash));
        await ssl.AuthenticateAsClientAsync("localhost");
        await using var wire = new GuacdWire(ssl);
        await wire.SendAsync("select", TestPatternBackend.ProtocolName);
        var args = await wire.ExpectAsync("args");
        await wire.SendAsync("size", "200", "100");
        await wire.SendAsync("connect", ["VERSION_1_5_0", .. args.Args.Skip(1).Select(_ => string.Empty)]);
        Assert.StartsWith("$", (await wire.ExpectAsync("ready")).Args[0]);
        Assert.Equal(["0", "200", "100"], (await wire.ExpectAsync("size")).Args);
    }

    [Fact]
    public async Task Plain_text_client_is_refused_and_the_listener_lives_on()
    {
        using (var plain = new TcpClient())
        {
            await plain.ConnectAsync(_endpoint);
            var stream = plain.GetStream();
            await stream.WriteAsync("6.select,12.test-pattern;"u8.ToArray());
            var buffer = new byte[256];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, cts.Token);
            }
            catch (IOException)
            {
                n = 0;
            }

            Assert.DoesNotContain("args", System.Text.Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
        }

        await Handshake_over_tls_reaches_ready_and_draws();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
