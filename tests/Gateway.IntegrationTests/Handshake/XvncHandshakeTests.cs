using System.Buffers.Binary;
using System.Diagnostics;
using Gateway.IntegrationTests.Servers;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;

namespace Gateway.IntegrationTests.Handshake;

/// <summary>The RFB handshake against a real TigerVNC Xvnc for each security type it offers.</summary>
public sealed class XvncHandshakeTests : IDisposable
{
    private const string Password = "secret12";

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-vnc-hs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SecurityTypeNone_CompletesWithServerInit()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "None"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions());
        AssertComplete(step, 640, 480);
        Assert.Equal(SecurityType.None, driver.Handshake!.SecurityType);
        await AssertSessionAliveAsync(driver.Stream, 640, 480);
    }

    [Fact]
    public async Task VncAuth_RightPassword_Completes()
    {
        await using var server = await XvncServer.StartAsync(800, 600, ["-SecurityTypes", "VncAuth", "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions { Password = Password });
        AssertComplete(step, 800, 600);
        Assert.Equal(SecurityType.VncAuthentication, driver.Handshake!.SecurityType);
        await AssertSessionAliveAsync(driver.Stream, 800, 600);
    }

    [Fact]
    public async Task VncAuth_MissingPassword_AsksThenCompletes()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "VncAuth", "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions(), prompt: (null, Password));
        Assert.Equal(HandshakeStepKind.NeedCredentials, driver.Steps[0].Kind);
        Assert.Equal(CredentialKinds.Password, driver.Steps[0].Credentials);
        AssertComplete(step, 640, 480);
    }

    [Fact]
    public async Task VncAuth_WrongPassword_IsUnauthorizedWithServerReason()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "VncAuth", "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            await using var driver = new HandshakeDriver();
            HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions { Password = "wrong-one" });
            Assert.Equal(HandshakeStepKind.Failed, step.Kind);
            Assert.Equal(GuacamoleStatus.ClientUnauthorized, step.Status);
            Assert.Contains("authentication fail", step.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("wrong-one", step.Message, StringComparison.Ordinal);
        }

        await using var good = new HandshakeDriver();
        AssertComplete(await good.RunAsync(server.Port, new RfbHandshakeOptions { Password = Password }), 640, 480);
    }

    [Fact]
    public async Task Blacklisted_IsUpstreamUnavailable()
    {
        // Xvnc's default blacklist refuses 127.0.0.1 after a few failures: the refusal (zero security types and a
        // reason) must be UPSTREAM_UNAVAILABLE, the failures before it CLIENT_UNAUTHORIZED.
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "VncAuth", "-PasswordFile", await PasswordFileAsync(), "-BlacklistThreshold", "2", "-BlacklistTimeout", "600"]);
        var statuses = new List<GuacamoleStatus>();
        for (int attempt = 0; attempt < 10; attempt++)
        {
            await using var driver = new HandshakeDriver();
            HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions { Password = "nope" });
            Assert.Equal(HandshakeStepKind.Failed, step.Kind);
            statuses.Add(step.Status);
            if (step.Status == GuacamoleStatus.UpstreamUnavailable)
            {
                Assert.StartsWith("the vnc server refused the connection", step.Message, StringComparison.Ordinal);
                break;
            }
        }

        Assert.Equal(GuacamoleStatus.ClientUnauthorized, statuses[0]);
        Assert.Equal(GuacamoleStatus.UpstreamUnavailable, statuses[^1]);
    }

    [Fact]
    public async Task DefaultSecurity_IsVeNCryptTlsVnc_AndCompletes()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions { Password = Password });
        AssertComplete(step, 640, 480);
        Assert.Equal(SecurityType.VeNCrypt, driver.Handshake!.SecurityType);
        Assert.Equal(VeNCryptSubtype.TlsVnc, driver.Handshake.VeNCryptSubtype);
        Assert.Equal(HandshakeStepKind.StartTls, driver.Steps[0].Kind);
        Assert.Equal(TlsKind.Anonymous, driver.Steps[0].Tls);
        await AssertSessionAliveAsync(driver.Stream, 640, 480);
    }

    [Fact]
    public async Task DefaultSecurity_WrongPassword_IsUnauthorized()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions { Password = "not-it" });
        Assert.Equal(HandshakeStepKind.Failed, step.Kind);
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, step.Status);
    }

    [Fact]
    public async Task TlsNone_Completes()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "TLSNone"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions());
        AssertComplete(step, 640, 480);
        Assert.Equal(VeNCryptSubtype.TlsNone, driver.Handshake!.VeNCryptSubtype);
        await AssertSessionAliveAsync(driver.Stream, 640, 480);
    }

    private static void AssertComplete(HandshakeStep step, int width, int height)
    {
        Assert.True(step.Kind == HandshakeStepKind.Complete, step.ToString());
        Assert.Equal(width, step.ServerInit!.Width);
        Assert.Equal(height, step.ServerInit.Height);
        Assert.Equal("gateway-test", step.ServerInit.Name);
        Assert.True(step.ServerInit.PixelFormat.IsValid);
    }

    /// <summary>Asks for a full update after the handshake and checks a FramebufferUpdate header comes back.</summary>
    private static async Task AssertSessionAliveAsync(Stream stream, int width, int height)
    {
        var request = new byte[10];
        request[0] = 3;
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(8), (ushort)height);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.WriteAsync(request, timeout.Token);
        await stream.FlushAsync(timeout.Token);
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, timeout.Token);
        Assert.Equal(0, header[0]);
        Assert.True(BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) > 0);
    }

    private async Task<string> PasswordFileAsync()
    {
        string path = Path.Combine(_directory, "passwd");
        if (File.Exists(path))
        {
            return path;
        }

        var info = new ProcessStartInfo("vncpasswd") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-f");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("vncpasswd did not start");
        await process.StandardInput.WriteLineAsync(Password);
        process.StandardInput.Close();
        using var file = File.Create(path);
        await process.StandardOutput.BaseStream.CopyToAsync(file);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return path;
    }
}
