using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Security;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using static Gateway.Vnc.Tests.Handshake.Transcript;

namespace Gateway.Vnc.Tests.Handshake;

/// <summary>
/// RSA-AES (RA2, RA2ne, RA2_256, RA2ne_256) transcripts: the test plays TigerVNC's server with its own key pair and
/// its own AES-EAX framing, injects the client key and randomness, and checks every client byte.
/// </summary>
public sealed class RsaAesTests : IDisposable
{
    private static readonly byte[] ServerRandom32 = SHA256.HashData("server random"u8);

    private readonly RSA _serverKey = RSA.Create(1024);
    private readonly RSA _clientKey = RSA.Create(1024);

    public void Dispose()
    {
        _serverKey.Dispose();
        _clientKey.Dispose();
    }

    [Theory]
    [InlineData(SecurityType.Ra2, 1)]
    [InlineData(SecurityType.Ra2ne, 1)]
    [InlineData(SecurityType.Ra2With256, 2)]
    [InlineData(SecurityType.Ra2neWith256, 1)]
    public void Transcript_EveryVariant(SecurityType type, byte subtype)
    {
        bool encrypted = type is SecurityType.Ra2 or SecurityType.Ra2With256;
        int keyBytes = type is SecurityType.Ra2 or SecurityType.Ra2ne ? 16 : 32;
        byte[] serverRandom = ServerRandom32[..keyBytes];
        byte[] clientRandom = new byte[keyBytes];
        DeterministicRandom(3)(clientRandom);

        byte[] serverKey = KeyBytes(_serverKey.ExportParameters(false));
        byte[] clientKey = KeyBytes(_clientKey.ExportParameters(false));
        var toClient = new Eax(Derive(keyBytes, clientRandom, serverRandom));
        var toServer = new Eax(Derive(keyBytes, serverRandom, clientRandom));

        byte[] afterAuth = [.. U32(0), .. ServerInit("ra2 desk")];
        byte[] server =
        [
            .. Ascii("RFB 003.008\n"), 3, 2, (byte)type, 1,
            .. serverKey,
            .. U16(128), .. _clientKey.Encrypt(serverRandom, RSAEncryptionPadding.Pkcs1),
            .. toClient.Seal(Hash(keyBytes, serverKey, clientKey)),
            .. toClient.Seal([subtype]),
            .. (encrypted ? toClient.Seal(afterAuth) : afterAuth),
        ];

        RSAParameters clientParameters = _clientKey.ExportParameters(true);
        Result result = RunAllWays(
            () => new RfbHandshakeOptions
            {
                Username = "carol",
                Password = "pa55",
                Random = DeterministicRandom(3),
                Ra2ClientKey = bits => bits == 1024 ? clientParameters : throw new InvalidOperationException("wrong size"),
            },
            server,
            splits: 8);

        Assert.True(result.Final.Kind == HandshakeStepKind.Complete, result.Final.ToString());
        Assert.Equal("ra2 desk", result.Final.ServerInit!.Name);
        Assert.Equal(type, result.Handshake.SecurityType);
        Assert.Equal(encrypted, result.Final.Channel is not null);

        // Client bytes, field by field.
        var client = new ReadOnlySequence<byte>(result.Client);
        Assert.Equal(Ascii("RFB 003.008\n"), Take(ref client, 12));
        Assert.Equal((byte)type, Take(ref client, 1)[0]);
        Assert.Equal(clientKey, Take(ref client, clientKey.Length));
        Assert.Equal(128, BinaryPrimitives.ReadUInt16BigEndian(Take(ref client, 2)));
        Assert.Equal(clientRandom, _serverKey.Decrypt(Take(ref client, 128), RSAEncryptionPadding.Pkcs1));
        var serverSide = new Eax(Derive(keyBytes, serverRandom, clientRandom));
        Assert.Equal(Hash(keyBytes, clientKey, serverKey), serverSide.Open(ref client));
        byte[] credentials = serverSide.Open(ref client);
        byte[] expectedCredentials = subtype == 1
            ? [5, .. Encoding.UTF8.GetBytes("carol"), 4, .. Encoding.UTF8.GetBytes("pa55")]
            : [0, 4, .. Encoding.UTF8.GetBytes("pa55")];
        Assert.Equal(expectedCredentials, credentials);
        byte[] clientInit = encrypted ? serverSide.Open(ref client) : Take(ref client, 1);
        Assert.Equal([1], clientInit);
        Assert.Equal(0, client.Length);

        // The session channel keeps the counters: the next message each way uses nonce 2 (server→client) / 3.
        if (encrypted)
        {
            var output = new ArrayBufferWriter<byte>();
            result.Final.Channel!.Encrypt([3, 1, 0, 0], output);
            var sent = new ReadOnlySequence<byte>(output.WrittenMemory);
            Assert.Equal([3, 1, 0, 0], serverSide.Open(ref sent));
            var incoming = new ReadOnlySequence<byte>(toClient.Seal([0, 0, 0, 0]));
            var plain = new ArrayBufferWriter<byte>();
            result.Final.Channel.Decrypt(ref incoming, plain);
            Assert.Equal([0, 0, 0, 0], plain.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void WrongServerHash_Fails()
    {
        byte[] serverRandom = ServerRandom32[..16];
        byte[] clientRandom = new byte[16];
        DeterministicRandom(3)(clientRandom);
        byte[] serverKey = KeyBytes(_serverKey.ExportParameters(false));
        var toClient = new Eax(Derive(16, clientRandom, serverRandom));
        byte[] server =
        [
            .. Ascii("RFB 003.008\n"), 1, 5, .. serverKey,
            .. U16(128), .. _clientKey.Encrypt(serverRandom, RSAEncryptionPadding.Pkcs1),
            .. toClient.Seal(new byte[20]),
        ];
        RSAParameters clientParameters = _clientKey.ExportParameters(true);
        Result result = RunAllWays(() => new RfbHandshakeOptions { Password = "p", Random = DeterministicRandom(3), Ra2ClientKey = _ => clientParameters }, server, splits: 4);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.Equal("rsa-aes hash: the server's key hash does not match the keys exchanged", result.Final.Message);
    }

    [Fact]
    public void TamperedRecord_Fails()
    {
        byte[] serverRandom = ServerRandom32[..16];
        byte[] clientRandom = new byte[16];
        DeterministicRandom(3)(clientRandom);
        byte[] serverKey = KeyBytes(_serverKey.ExportParameters(false));
        byte[] clientKey = KeyBytes(_clientKey.ExportParameters(false));
        var toClient = new Eax(Derive(16, clientRandom, serverRandom));
        byte[] record = toClient.Seal(Hash(16, serverKey, clientKey));
        record[5] ^= 0x40;
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 5, .. serverKey, .. U16(128), .. _clientKey.Encrypt(serverRandom, RSAEncryptionPadding.Pkcs1), .. record];
        RSAParameters clientParameters = _clientKey.ExportParameters(true);
        Result result = Run(new RfbHandshakeOptions { Password = "p", Random = DeterministicRandom(3), Ra2ClientKey = _ => clientParameters }, server, [server.Length]);
        Assert.Equal("rsa-aes message: authentication tag mismatch", result.Final.Message);
    }

    [Fact]
    public void PinnedServerKey_Mismatch_Fails()
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 6, .. KeyBytes(_serverKey.ExportParameters(false))];
        Result result = Run(new RfbHandshakeOptions { Password = "p", Ra2ServerKeyValidator = _ => false }, server, [server.Length]);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.StartsWith("rsa-aes server key: the key was rejected", result.Final.Message, StringComparison.Ordinal);
        Assert.Equal([.. Ascii("RFB 003.008\n"), 6], result.Client);
    }

    [Theory]
    [InlineData(512u)]
    [InlineData(8193u)]
    [InlineData(uint.MaxValue)]
    public void ServerKeySizeOutOfRange_Fails(uint bits)
    {
        byte[] server = [.. Ascii("RFB 003.008\n"), 1, 5, .. U32(bits)];
        Result result = RunAllWays(new RfbHandshakeOptions { Password = "p" }, server);
        Assert.Equal(GuacamoleStatus.UpstreamError, result.Final.Status);
        Assert.StartsWith("rsa-aes server key:", result.Final.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSubtype_Fails()
    {
        byte[] serverRandom = ServerRandom32[..16];
        byte[] clientRandom = new byte[16];
        DeterministicRandom(3)(clientRandom);
        byte[] serverKey = KeyBytes(_serverKey.ExportParameters(false));
        byte[] clientKey = KeyBytes(_clientKey.ExportParameters(false));
        var toClient = new Eax(Derive(16, clientRandom, serverRandom));
        byte[] server =
        [
            .. Ascii("RFB 003.008\n"), 1, 5, .. serverKey,
            .. U16(128), .. _clientKey.Encrypt(serverRandom, RSAEncryptionPadding.Pkcs1),
            .. toClient.Seal(Hash(16, serverKey, clientKey)), .. toClient.Seal([9]),
        ];
        RSAParameters clientParameters = _clientKey.ExportParameters(true);
        Result result = Run(new RfbHandshakeOptions { Password = "p", Random = DeterministicRandom(3), Ra2ClientKey = _ => clientParameters }, server, [server.Length]);
        Assert.Equal("rsa-aes subtype: 9 is neither 1 (username and password) nor 2 (password)", result.Final.Message);
    }

    [Fact]
    public void Channel_SplitsLongMessagesAndRejectsTruncatedOnes()
    {
        byte[] key = new byte[16];
        var a = new RsaAesChannel(key, key);
        var b = new RsaAesChannel(key, key);
        byte[] big = new byte[70000];
        new Random(5).NextBytes(big);
        var wire = new ArrayBufferWriter<byte>();
        a.Encrypt(big, wire);
        Assert.Equal(70000 + (2 * 18), wire.WrittenCount);
        var input = new ReadOnlySequence<byte>(wire.WrittenMemory[..^1]);
        var plain = new ArrayBufferWriter<byte>();
        Assert.Equal(65535, b.Decrypt(ref input, plain));
        Assert.Equal(70000 - 65535 + 18 - 1, input.Length);
        input = new ReadOnlySequence<byte>(wire.WrittenMemory[(65535 + 18)..]);
        Assert.Equal(70000 - 65535, b.Decrypt(ref input, plain));
        Assert.Equal(big, plain.WrittenSpan.ToArray());
    }

    private static byte[] Take(ref ReadOnlySequence<byte> input, int count)
    {
        byte[] bytes = input.Slice(0, count).ToArray();
        input = input.Slice(count);
        return bytes;
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    private static byte[] KeyBytes(RSAParameters key)
    {
        var bytes = new byte[4 + 256];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 1024);
        key.Modulus!.CopyTo(bytes, 4 + 128 - key.Modulus!.Length);
        key.Exponent!.CopyTo(bytes, 4 + 256 - key.Exponent!.Length);
        return bytes;
    }

    private static byte[] Derive(int keyBytes, byte[] first, byte[] second)
    {
        byte[] joined = [.. first, .. second];
        return (keyBytes == 16 ? SHA1.HashData(joined) : SHA256.HashData(joined))[..keyBytes];
    }

    private static byte[] Hash(int keyBytes, byte[] first, byte[] second)
    {
        byte[] joined = [.. first, .. second];
        return keyBytes == 16 ? SHA1.HashData(joined) : SHA256.HashData(joined);
    }

    /// <summary>The test's own RA2 record layer: U16 length (associated data), EAX ciphertext, 16-byte tag, LE counter nonce.</summary>
    private sealed class Eax(byte[] key)
    {
        private readonly byte[] _nonce = new byte[16];

        public byte[] Seal(byte[] plain)
        {
            byte[] header = U16(plain.Length);
            var eax = new EaxBlockCipher(new AesEngine());
            eax.Init(true, new AeadParameters(new KeyParameter(key), 128, (byte[])_nonce.Clone(), header));
            byte[] output = new byte[eax.GetOutputSize(plain.Length)];
            int n = eax.ProcessBytes(plain, 0, plain.Length, output, 0);
            eax.DoFinal(output, n);
            Next();
            return [.. header, .. output];
        }

        public byte[] Open(ref ReadOnlySequence<byte> input)
        {
            byte[] header = Take(ref input, 2);
            int length = BinaryPrimitives.ReadUInt16BigEndian(header);
            byte[] body = Take(ref input, length + 16);
            var eax = new EaxBlockCipher(new AesEngine());
            eax.Init(false, new AeadParameters(new KeyParameter(key), 128, (byte[])_nonce.Clone(), header));
            byte[] output = new byte[eax.GetOutputSize(body.Length)];
            int n = eax.ProcessBytes(body, 0, body.Length, output, 0);
            eax.DoFinal(output, n);
            Next();
            return output;
        }

        private void Next()
        {
            for (int i = 0; i < _nonce.Length && ++_nonce[i] == 0; i++)
            {
            }
        }
    }
}
