using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;
using static Gateway.Vnc.Tests.Handshake.Transcript;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>Version negotiation, None under each version, refusals and SecurityResult handling.</summary>
public sealed class VersionAndNoneTests
{
    private static readonly byte[] ClientInitShared = [1];

    [Fact]
    public void Rfb33_ServerChosenNone_NoSecurityResult()
    {
        byte[] server = [.. Ascii("RFB 003.003\n"), .. U32(1), .. ServerInit()];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
        Assert.Equal([.. Ascii("RFB 003.003\n"), .. ClientInitShared], result.Client);
        Assert.Equal(RfbVersion.V3_3, result.Handshake.Version);
        Assert.Equal(new ServerInit(1024, 768, Gateway.Vnc.Rfb.PixelFormat.Bgrx32, "desk"), result.Final.ServerInit);
    }

    [Fact]
    public void Rfb37_None_NoSecurityResult()
    {
        byte[] server = [.. Ascii("RFB 003.007\n"), 1, 1, .. ServerInit()];
        Result result = RunAllWays(new RfbHandshakeOptions { Shared = false }, server);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
        Assert.Equal([.. Ascii("RFB 003.007\n"), 1, 0], result.Client);
    }

    [Fact]
    public void Rfb38_None_WithSecurityResult()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 1, .. U32(0), .. ServerInit("my desktop")];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 1, 1], result.Client);
        Assert.Equal("my desktop", result.Final.ServerInit!.Name);
        Assert.Null(result.Final.Channel);
    }

    [Theory]
    [InlineData("RFB 003.889\n", "RFB 003.008\n")]
    [InlineData("RFB 003.010\n", "RFB 003.008\n")]
    [InlineData("RFB 004.001\n", "RFB 003.008\n")]
    [InlineData("RFB 005.000\n", "RFB 003.008\n")]
    [InlineData("RFB 003.005\n", "RFB 003.003\n")]
    [InlineData("RFB 003.006\n", "RFB 003.003\n")]
    [InlineData("RFB 003.004\n", "RFB 003.003\n")]
    public void ServerVersion_MapsToOneWeSpeak(string offered, string answered)
    {
        Result result = Run(new RfbHandshakeOptions(), Ascii(offered), [12]);
        Assert.Equal(HandshakeStepKind.NeedMoreData, result.Final.Kind);
        Assert.Equal(Ascii(answered), result.Client);
    }

    [Theory]
    [InlineData("HTTP/1.1 200")]
    [InlineData("RFB 002.000\n")]
    [InlineData("RFB 003.00x\n")]
    [InlineData("RFB 003.008\r")]
    [InlineData("SSH-2.0-Open")]
    public void UnknownVersion_FailsWithUpstreamError(string offered)
    {
        Result result = RunAllWays(new RfbHandshakeOptions(), Ascii(offered));
        Assert.Equal(HandshakeStepKind.Failed, result.Final.Kind);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.StartsWith("protocol version:", result.Final.Message, StringComparison.Ordinal);
        Assert.Empty(result.Client);
    }

    [Fact]
    public void Rfb38_ZeroTypes_IsUpstreamUnavailableWithReason()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 0, .. Text("Too many security failures")];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamUnavailable, result.Final.Status);
        Assert.Equal("the vnc server refused the connection: Too many security failures", result.Final.Message);
    }

    [Fact]
    public void Rfb33_TypeZero_EmptyReason_IsUpstreamUnavailable()
    {
        // Xvnc's blacklist answer: a 3.3 greeting, security type 0 and an empty reason.
        byte[] server = [.. Ascii("RFB 003.003\n"), .. U32(0), .. U32(0)];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamUnavailable, result.Final.Status);
        Assert.Equal("the vnc server refused the connection", result.Final.Message);
    }

    [Fact]
    public void HugeReasonLength_FailsWithoutWaitingOrAllocating()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 0, .. U32(uint.MaxValue)];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(HandshakeStepKind.Failed, result.Final.Kind);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Equal("failure reason: length 4294967295 exceeds the limit of 4096 bytes", result.Final.Message);
    }

    [Fact]
    public void HugeNameLength_Fails()
    {
        byte[] init = ServerInit();
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 1, .. U32(0), .. init.AsSpan(0, 20), .. U32(0x7fffffff)];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Equal("serverinit name-length: 2147483647 exceeds the limit of 4096 bytes", result.Final.Message);
    }

    [Fact]
    public void InvalidPixelFormat_Fails()
    {
        byte[] init = ServerInit();
        init[4] = 24; // 24 bits per pixel is not a wire format
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 1, .. U32(0), .. init];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.StartsWith("serverinit pixel-format:", result.Final.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersInNameAndReason_AreDropped()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 1, .. U32(0), .. ServerInit("a\u001b[2Jb\n")];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal("a[2Jb", result.Final.ServerInit!.Name);
    }

    [Fact]
    public void NoCommonType_FailsListingOffered()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 2, 16, 113];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Equal("security types: no allowed type among those offered (16, 113)", result.Final.Message);
    }

    [Fact]
    public void DisallowedType_IsNotChosen()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 2, 1, 2];
        var options = new RfbHandshakeOptions { AllowedSecurityTypes = [SecurityType.None] };
        Result result = Run(options, server, [server.Length]);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 1], result.Client);
    }

    [Fact]
    public void Rfb33_ServerChosenUnsupportedType_Fails()
    {
        byte[] server = [.. Ascii("RFB 003.003\n"), .. U32(16)];
        Result result = RunAllWays(new RfbHandshakeOptions(), server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Contains("3.3 server chose 16", result.Final.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterFailure_AdvanceKeepsReturningTheFailure()
    {
        var handshake = new RfbHandshake(new RfbHandshakeOptions());
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var input = new System.Buffers.ReadOnlySequence<byte>(Ascii("garbage-garb"));
        HandshakeStep first = handshake.Advance(ref input, output);
        var more = new System.Buffers.ReadOnlySequence<byte>(new byte[10]);
        HandshakeStep second = handshake.Advance(ref more, output);
        Assert.Same(first, second);
    }

    [Fact]
    public void RandomGarbageAfterVersion_NeverThrows()
    {
        var random = new Random(1234);
        for (int run = 0; run < 500; run++)
        {
            byte[] tail = new byte[random.Next(0, 200)];
            random.NextBytes(tail);
            if (tail.Length > 0 && run % 2 == 0)
            {
                tail[0] = (byte)random.Next(0, 4);
            }

            string version = (run % 3) switch { 0 => "RFB 003.003\n", 1 => "RFB 003.007\n", _ => "RFB 003.008\n" };
            byte[] server = [.. Ascii(version), .. tail];
            var options = new RfbHandshakeOptions { Username = "u", Password = "p", Random = DeterministicRandom(run) };
            var handshake = new RfbHandshake(options);
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            var input = new System.Buffers.ReadOnlySequence<byte>(server);
            for (int i = 0; i < 4; i++)
            {
                HandshakeStep step = handshake.Advance(ref input, output);
                if (step.Kind == HandshakeStepKind.StartTls)
                {
                    handshake.TlsEstablished();
                    continue;
                }

                if (step.Kind != HandshakeStepKind.NeedCredentials)
                {
                    break;
                }
            }
        }
    }
}
