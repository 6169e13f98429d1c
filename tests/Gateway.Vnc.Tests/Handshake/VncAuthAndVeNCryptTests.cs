using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;
using static Gateway.Vnc.Tests.Handshake.Transcript;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>VNC Authentication (DES golden vectors from OpenSSL's des-ecb) and every VeNCrypt subtype.</summary>
public sealed class VncAuthAndVeNCryptTests
{
    private static readonly byte[] Challenge = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");

    // openssl enc -des-ecb -nopad -K 0E86CECEEEF64E26 (the bit-reversed bytes of "password") over Challenge.
    private static readonly byte[] Response = Convert.FromHexString("B866924125C8EEBB9DEBC1DB61C538E2");

    [Fact]
    public void DesGoldenVectors()
    {
        var response = new byte[16];
        VncAuthSecurity.ComputeResponse(Challenge, "password", response);
        Assert.Equal(Response, response);
        VncAuthSecurity.ComputeResponse(Convert.FromHexString("DEADBEEFCAFEBABE0011223344556677"), "password", response);
        Assert.Equal(Convert.FromHexString("62676FEA1D3D20A1B7B9C87777661A7A"), response);
    }

    [Fact]
    public void PasswordIsTruncatedToEightBytes()
    {
        var response = new byte[16];
        VncAuthSecurity.ComputeResponse(Challenge, "password-and-more", response);
        Assert.Equal(Response, response);
    }

    [Fact]
    public void Rfb38_VncAuth_Success()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 2, .. Challenge, .. U32(0), .. ServerInit()];
        Result result = RunAllWays(new RfbHandshakeOptions { Password = "password" }, server);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 2, .. Response, 1], result.Client);
        Assert.Equal(SecurityType.VncAuthentication, result.Handshake.SecurityType);
    }

    [Fact]
    public void Rfb33_VncAuth_Success()
    {
        byte[] server = [.. Ascii("RFB 003.003\n"), .. U32(2), .. Challenge, .. U32(0), .. ServerInit()];
        Result result = RunAllWays(new RfbHandshakeOptions { Password = "password" }, server);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
        Assert.Equal([.. Ascii("RFB 003.003\n"), .. Response, 1], result.Client);
    }

    [Fact]
    public void Rfb38_VncAuth_Failure_CarriesServerReason()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 2, .. Challenge, .. U32(1), .. Text("Authentication failure")];
        Result result = RunAllWays(new RfbHandshakeOptions { Password = "password" }, server);
        Assert.Equal(HandshakeStepKind.Failed, result.Final.Kind);
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, result.Final.Status);
        Assert.Equal("Authentication failure", result.Final.Message);
    }

    [Theory]
    [InlineData("RFB 003.007\n")]
    [InlineData("RFB 003.003\n")]
    public void OlderVersions_VncAuth_Failure_HasGenericReason(string version)
    {
        byte[] types = version == "RFB 003.003\n" ? U32(2) : [1, 2];
        byte[] server = [.. Ascii(version), .. types, .. Challenge, .. U32(1)];
        Result result = RunAllWays(new RfbHandshakeOptions { Password = "password" }, server);
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, result.Final.Status);
        Assert.Equal("authentication failed", result.Final.Message);
    }

    [Fact]
    public void VncAuth_MissingPassword_AsksOnceThenContinues()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 2, .. Challenge, .. U32(0), .. ServerInit()];
        Result result = RunAllWays(new RfbHandshakeOptions(), server, prompt: (null, "password"));
        Assert.Equal(HandshakeStepKind.NeedCredentials, result.Steps[0].Kind);
        Assert.Equal(CredentialKinds.Password, result.Steps[0].Credentials);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 2, .. Response, 1], result.Client);
    }

    [Theory]
    [InlineData(VeNCryptSubtype.None, null)]
    [InlineData(VeNCryptSubtype.VncAuthentication, null)]
    [InlineData(VeNCryptSubtype.Plain, null)]
    [InlineData(VeNCryptSubtype.TlsNone, TlsKind.Anonymous)]
    [InlineData(VeNCryptSubtype.TlsVnc, TlsKind.Anonymous)]
    [InlineData(VeNCryptSubtype.TlsPlain, TlsKind.Anonymous)]
    [InlineData(VeNCryptSubtype.X509None, TlsKind.X509)]
    [InlineData(VeNCryptSubtype.X509Vnc, TlsKind.X509)]
    [InlineData(VeNCryptSubtype.X509Plain, TlsKind.X509)]
    public void VeNCrypt_EverySubtype(VeNCryptSubtype subtype, TlsKind? tls)
    {
        bool vnc = subtype is VeNCryptSubtype.VncAuthentication or VeNCryptSubtype.TlsVnc or VeNCryptSubtype.X509Vnc;
        bool plain = subtype is VeNCryptSubtype.Plain or VeNCryptSubtype.TlsPlain or VeNCryptSubtype.X509Plain;
        byte[] ack = tls is null ? [] : [1];
        byte[] inner = vnc ? Challenge : [];
        byte[] server =
        [
            .. Ascii("RFB 003.008\n"), 2, 2, 19, 0, 2, 0, 2, .. U32(99), .. U32((uint)subtype), .. ack, .. inner,
            .. U32(0), .. ServerInit(),
        ];
        byte[] answer = vnc ? Response : plain ? [.. U32(4), .. U32(8), .. Ascii("user"), .. Ascii("password")] : [];
        byte[] expected = [.. Ascii("RFB 003.008\n"), 19, 0, 2, .. U32((uint)subtype), .. answer, 1];

        Result result = RunAllWays(new RfbHandshakeOptions { Username = "user", Password = "password" }, server);

        Assert.True(result.Final.Kind == HandshakeStepKind.Complete, result.Final.ToString());
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(result.Client));
        Assert.Equal(subtype, result.Handshake.VeNCryptSubtype);
        if (tls is null)
        {
            Assert.Single(result.Steps);
        }
        else
        {
            Assert.Equal(HandshakeStepKind.StartTls, result.Steps[0].Kind);
            Assert.Equal(tls, result.Steps[0].Tls);
        }
    }

    [Fact]
    public void VeNCrypt_PrefersOurOrder_X509PlainOverTlsVnc()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 3, .. U32(258), .. U32(262), .. U32(2)];
        Result result = Run(new RfbHandshakeOptions { Username = "u", Password = "p" }, server, [server.Length]);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 19, 0, 2, .. U32(262)], result.Client);
    }

    [Fact]
    public void VeNCrypt_TlsPlain_MissingBoth_AsksForBoth()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 1, .. U32(259), 1, .. U32(0), .. ServerInit()];
        Result result = RunAllWays(new RfbHandshakeOptions(), server, prompt: ("ann", "pw"));
        Assert.Equal(HandshakeStepKind.StartTls, result.Steps[0].Kind);
        Assert.Equal(HandshakeStepKind.NeedCredentials, result.Steps[1].Kind);
        Assert.Equal(CredentialKinds.Username | CredentialKinds.Password, result.Steps[1].Credentials);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 19, 0, 2, .. U32(259), .. U32(3), .. U32(2), .. Ascii("ann"), .. Ascii("pw"), 1], result.Client);
    }

    [Fact]
    public void VeNCrypt_PlainFailure_CarriesReason()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 1, .. U32(256), .. U32(1), .. Text("Invalid user or password")];
        Result result = RunAllWays(new RfbHandshakeOptions { Username = "u", Password = "p" }, server);
        Assert.Equal(GuacamoleStatus.ClientUnauthorized, result.Final.Status);
        Assert.Equal("Invalid user or password", result.Final.Message);
    }

    [Fact]
    public void VeNCrypt_UnknownSubtypeOnly_Fails()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 1, .. U32(999)];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Equal("vencrypt subtypes: no allowed subtype among those offered (999)", result.Final.Message);
    }

    [Fact]
    public void VeNCrypt_ZeroSubtypes_Fails()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 0];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal("vencrypt subtypes: server offers none", result.Final.Message);
    }

    [Fact]
    public void VeNCrypt_OldVersion_AnswersZeroAndFails()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 1];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Equal("vencrypt version: server offers 0.1, this client needs 0.2", result.Final.Message);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 19, 0, 0], result.Client);
    }

    [Fact]
    public void VeNCrypt_VersionRejected_Fails()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 1];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal("vencrypt version: server rejected version 0.2", result.Final.Message);
    }

    [Fact]
    public void VeNCrypt_TlsRefused_Fails()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 1, .. U32(258), 0];
        Result result = RunAllWays(new RfbHandshakeOptions { Password = "p" }, server);
        Assert.Equal("vencrypt: server refused to start tls for the chosen subtype", result.Final.Message);
    }

    [Fact]
    public void Secrets_NeverAppearInMessages()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 19, 0, 2, 0, 1, .. U32(256), .. U32(1), .. U32(0)];
        Result result = RunAllWays(new RfbHandshakeOptions { Username = "alice", Password = "hunter2" }, server);
        Assert.Equal("authentication failed", result.Final.Message);
        Assert.DoesNotContain("hunter2", result.Final.ToString(), StringComparison.Ordinal);
    }
}
