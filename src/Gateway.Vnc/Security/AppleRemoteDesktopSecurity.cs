using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Security;

/// <summary>
/// Apple Remote Desktop authentication (security type 30). The server sends U16 generator, U16 key length n, the
/// n-byte prime and its n-byte public value. The client picks a random private value, derives the Diffie-Hellman
/// shared secret, takes MD5 of it (n bytes, big-endian) as an AES-128 key, and sends AES-128-ECB of a 128-byte block
/// (username then password, 64 bytes each, NUL-terminated, the rest random) followed by its own n-byte public value.
/// Randomness (private value first, then the 128 filler bytes) comes from <see cref="RfbHandshakeOptions.Random"/>.
/// </summary>
internal sealed class AppleRemoteDesktopSecurity : ISecurityHandler
{
    /// <summary>Largest key length accepted (bytes; 8192-bit prime).</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Bytes of each of the two credential fields, NUL included.</summary>
    public const int FieldLength = 64;

    public bool SecurityResultIn37 => true;

    public void TlsEstablished() => throw new InvalidOperationException("ard does not use tls");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        CredentialKinds missing = context.Missing(CredentialKinds.Username | CredentialKinds.Password);
        if (missing != CredentialKinds.None)
        {
            return SecurityProgress.Ask(HandshakeStep.NeedCredentials(missing));
        }

        Span<byte> header = stackalloc byte[4];
        if (input.Length < header.Length)
        {
            return SecurityProgress.NeedMoreData;
        }

        input.Slice(0, 4).CopyTo(header);
        int generator = BinaryPrimitives.ReadUInt16BigEndian(header);
        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (keyLength is 0 or > MaxKeyLength)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"ard key-length: {keyLength} is outside 1..{MaxKeyLength}"));
        }

        if (input.Length < 4 + (2 * keyLength))
        {
            return SecurityProgress.NeedMoreData;
        }

        byte[] primeBytes = input.Slice(4, keyLength).ToArray();
        byte[] serverPublicBytes = input.Slice(4 + keyLength, keyLength).ToArray();
        input = input.Slice(4 + (2 * keyLength));

        var prime = new BigInteger(primeBytes, isUnsigned: true, isBigEndian: true);
        var serverPublic = new BigInteger(serverPublicBytes, isUnsigned: true, isBigEndian: true);
        if (generator < 2 || prime < 5 || prime.IsEven)
        {
            throw new RfbProtocolException("ard parameters: the generator or prime is degenerate");
        }

        if (serverPublic < 2 || serverPublic > prime - 2)
        {
            throw new RfbProtocolException("ard server-key: the server's public value is outside 2..p-2");
        }

        byte[] privateBytes = new byte[keyLength];
        byte[] block = new byte[2 * FieldLength];
        byte[]? key = null;
        try
        {
            context.Options.Random(privateBytes);
            context.Options.Random(block);
            // BouncyCastle's ModPow (Montgomery) is several times faster than System.Numerics' for 1024+ bits.
            var privateValue = new Org.BouncyCastle.Math.BigInteger(1, privateBytes);
            var modulus = new Org.BouncyCastle.Math.BigInteger(1, primeBytes);
            BigInteger clientPublic = FromBouncy(Org.BouncyCastle.Math.BigInteger.ValueOf(generator).ModPow(privateValue, modulus));
            BigInteger shared = FromBouncy(new Org.BouncyCastle.Math.BigInteger(1, serverPublicBytes).ModPow(privateValue, modulus));
            key = MD5.HashData(ToFixed(shared, keyLength));
            PutField(block.AsSpan(0, FieldLength), context.Username!, "username");
            PutField(block.AsSpan(FieldLength, FieldLength), context.Password!, "password");

            using var aes = Aes.Create();
            aes.Key = key;
            byte[] cipher = aes.EncryptEcb(block, PaddingMode.None);
            Wire.Write(output, cipher);
            Wire.Write(output, ToFixed(clientPublic, keyLength));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateBytes);
            CryptographicOperations.ZeroMemory(block);
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        return SecurityProgress.Done;
    }

    private static BigInteger FromBouncy(Org.BouncyCastle.Math.BigInteger value) =>
        new(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

    /// <summary>Big-endian, left-padded with zeros to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] ToFixed(BigInteger value, int length)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (raw.Length == length)
        {
            return raw;
        }

        var result = new byte[length];
        raw.AsSpan(Math.Max(0, raw.Length - length)).CopyTo(result.AsSpan(Math.Max(0, length - raw.Length)));
        return result;
    }

    private static void PutField(Span<byte> field, string value, string what)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        try
        {
            if (bytes.Length > FieldLength - 1)
            {
                throw new SecurityFailedException(GuacamoleStatus.ClientBadRequest, "ard: the " + what + " is longer than 63 bytes");
            }

            bytes.CopyTo(field);
            field[bytes.Length] = 0;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
