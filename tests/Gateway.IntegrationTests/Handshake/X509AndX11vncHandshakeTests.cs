using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.IntegrationTests.Servers;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;

namespace Gateway.IntegrationTests.Handshake;

/// <summary>
/// VeNCrypt X509 subtypes against Xvnc with a self-signed certificate made in the test, and VNC Authentication
/// against x11vnc. (X509Plain/TLSPlain need Xvnc's PAM login for a real system user: not run against a real
/// server here; the Plain exchange is covered by transcripts.)
/// </summary>
public sealed class X509AndX11vncHandshakeTests : IDisposable
{
    private const string Password = "secret12";

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-vnc-x509-").FullName;
    private readonly X509Certificate2 _certificate;

    public X509AndX11vncHandshakeTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gateway-test-vnc", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(CertPath, _certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    private string CertPath => Path.Combine(_directory, "cert.pem");

    private string KeyPath => Path.Combine(_directory, "key.pem");

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task X509Vnc_PinnedFingerprint_Completes()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "X509Vnc", "-X509Cert", CertPath, "-X509Key", KeyPath, "-PasswordFile", await PasswordFileAsync(), "-UseBlacklist=0"]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions { Password = Password },
            new VncTlsOptions { PinnedSha256Fingerprint = VncTls.Fingerprint(_certificate) });
        Assert.True(step.Kind == HandshakeStepKind.Complete, step.ToString());
        Assert.Equal(VeNCryptSubtype.X509Vnc, driver.Handshake!.VeNCryptSubtype);
        Assert.Equal(TlsKind.X509, driver.Steps[0].Tls);
    }

    [Fact]
    public async Task X509None_CaFile_Completes()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "X509None", "-X509Cert", CertPath, "-X509Key", KeyPath]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions(), new VncTlsOptions { CaCertificatePath = CertPath });
        Assert.True(step.Kind == HandshakeStepKind.Complete, step.ToString());
        Assert.Equal(VeNCryptSubtype.X509None, driver.Handshake!.VeNCryptSubtype);
    }

    [Fact]
    public async Task X509None_IgnoreCert_Completes()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "X509None", "-X509Cert", CertPath, "-X509Key", KeyPath]);
        await using var driver = new HandshakeDriver();
        HandshakeStep step = await driver.RunAsync(server.Port, new RfbHandshakeOptions(), new VncTlsOptions { IgnoreCertificate = true });
        Assert.True(step.Kind == HandshakeStepKind.Complete, step.ToString());
    }

    [Fact]
    public async Task X509None_WrongPinOrNoTrust_RefusesTheCertificate()
    {
        await using var server = await XvncServer.StartAsync(640, 480, ["-SecurityTypes", "X509None", "-X509Cert", CertPath, "-X509Key", KeyPath]);
        await using (var pinned = new HandshakeDriver())
        {
            await Assert.ThrowsAsync<AuthenticationException>(() => pinned.RunAsync(server.Port, new RfbHandshakeOptions(),
                new VncTlsOptions { PinnedSha256Fingerprint = new string('a', 64) }));
        }

        await using var untrusted = new HandshakeDriver();
        await Assert.ThrowsAsync<AuthenticationException>(() => untrusted.RunAsync(server.Port, new RfbHandshakeOptions(), new VncTlsOptions()));
    }

    [Fact]
    public async Task X11vnc_RfbAuth_RightAndWrongPassword()
    {
        await using var server = await X11vncServer.StartAsync(640, 480, ["-rfbauth", await PasswordFileAsync()]);
        await using (var good = new HandshakeDriver())
        {
            HandshakeStep step = await good.RunAsync(server.Port, new RfbHandshakeOptions { Password = Password });
            Assert.True(step.Kind == HandshakeStepKind.Complete, step.ToString());
            Assert.Equal(SecurityType.VncAuthentication, good.Handshake!.SecurityType);
            Assert.Equal(640, step.ServerInit!.Width);
        }

        await using var bad = new HandshakeDriver();
        HandshakeStep failed = await bad.RunAsync(server.Port, new RfbHandshakeOptions { Password = "wrong" });
        Assert.Equal(HandshakeStepKind.Failed, failed.Kind);
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, failed.Status);
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
        using (var file = File.Create(path))
        {
            await process.StandardOutput.BaseStream.CopyToAsync(file);
        }

        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return path;
    }
}
