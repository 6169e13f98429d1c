using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;
using static Gateway.Vnc.Tests.Handshake.Transcript;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>Apple Remote Desktop (30) with injected randomness; the test plays the server's side of the DH.</summary>
public sealed class AppleRemoteDesktopTests
{
    // The 1024-bit MODP prime of RFC 2409 (Oakley group 2), generator 2.
    private static readonly byte[] Prime = Convert.FromHexString(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
        + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF");

    private static readonly BigInteger P = new(Prime, isUnsigned: true, isBigEndian: true);

    private static readonly BigInteger ServerPrivate = new(SHA256.HashData("ard server private"u8), isUnsigned: true, isBigEndian: true);

    [Fact]
    public void Ard_Transcript_ServerRecoversCredentials()
    {
        byte[] serverPublic = Fixed(BigInteger.ModPow(2, ServerPrivate, P), 128);
        byte[] server =
        [
            .. Ascii("RFB 003.008\n"), 2, 2, 30, 0, 2, 0, 128, .. Prime, .. serverPublic, .. U32(0), .. ServerInit(),
        ];
        Result result = RunAllWays(() => new RfbHandshakeOptions { Username = "alice", Password = "s3cret", Random = DeterministicRandom(7) }, server, splits: 6);
        Assert.True(result.Final.Kind == HandshakeStepKind.Complete, result.Final.ToString());
        Assert.Equal(SecurityType.AppleRemoteDesktop, result.Handshake.SecurityType);

        byte[] client = result.Client;
        Assert.Equal(12 + 1 + 128 + 128 + 1, client.Length);
        Assert.Equal(30, client[12]);
        byte[] cipher = client.AsSpan(13, 128).ToArray();
        byte[] clientPublic = client.AsSpan(13 + 128, 128).ToArray();
        Assert.Equal(1, client[^1]);

        // The client's private value and filler are the first 128 and next 128 bytes of the injected source.
        RandomFill random = DeterministicRandom(7);
        byte[] privateBytes = new byte[128];
        byte[] filler = new byte[128];
        random(privateBytes);
        random(filler);
        Assert.Equal(Fixed(BigInteger.ModPow(2, new BigInteger(privateBytes, true, true), P), 128), clientPublic);

        // Server side: shared secret from the client's public value and our private one.
        byte[] shared = Fixed(BigInteger.ModPow(new BigInteger(clientPublic, true, true), ServerPrivate, P), 128);
        using var aes = Aes.Create();
        aes.Key = MD5.HashData(shared);
        byte[] plain = aes.DecryptEcb(cipher, PaddingMode.None);
        Assert.Equal("alice", ReadField(plain.AsSpan(0, 64)));
        Assert.Equal("s3cret", ReadField(plain.AsSpan(64, 64)));

        // Exact bytes: the block is filler with the NUL-terminated fields written over its start.
        byte[] block = filler.ToArray();
        Encoding.UTF8.GetBytes("alice\0").CopyTo(block, 0);
        Encoding.UTF8.GetBytes("s3cret\0").CopyTo(block, 64);
        Assert.Equal(block, plain);
    }

    [Fact]
    public void Ard_MissingCredentials_AsksForBoth()
    {
        byte[] serverPublic = Fixed(BigInteger.ModPow(2, ServerPrivate, P), 128);
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 30, 0, 2, 0, 128, .. Prime, .. serverPublic, .. U32(0), .. ServerInit()];
        Result result = RunAllWays(() => new RfbHandshakeOptions { Random = DeterministicRandom(1) }, server, prompt: ("bob", "pw"), splits: 6);
        Assert.Equal(CredentialKinds.Username | CredentialKinds.Password, result.Steps[0].Credentials);
        Assert.Equal(HandshakeStepKind.Complete, result.Final.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    [InlineData(65535)]
    public void Ard_BadKeyLength_Fails(int keyLength)
    {
        byte[] length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)keyLength);
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 30, 0, 2, .. length];
        Result result = RunAllWays(new RfbHandshakeOptions { Username = "u", Password = "p" }, server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.StartsWith("ard key-length:", result.Final.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ard_DegenerateServerPublic_Fails()
    {
        byte[] one = new byte[128];
        one[^1] = 1;
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 30, 0, 2, 0, 128, .. Prime, .. one];
        Result result = RunAllWays(new RfbHandshakeOptions { Username = "u", Password = "p" }, server);
        Assert.Equal("ard server-key: the server's public value is outside 2..p-2", result.Final.Message);
    }

    [Fact]
    public void Ard_UsernameTooLong_FailsWithoutSending()
    {
        byte[] serverPublic = Fixed(BigInteger.ModPow(2, ServerPrivate, P), 128);
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 30, 0, 2, 0, 128, .. Prime, .. serverPublic];
        Result result = RunAllWays(() => new RfbHandshakeOptions { Username = new string('u', 64), Password = "p" }, server, splits: 6);
        Assert.Equal(GuacamoleStatus.ClientBadRequest, result.Final.Status);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 30], result.Client);
    }

    private static string ReadField(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(field[..field.IndexOf((byte)0)]);

    private static byte[] Fixed(BigInteger value, int length)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[length];
        raw.CopyTo(result, length - raw.Length);
        return result;
    }
}
