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
/// RSA-AES (RealVNC's RA2 family) as TigerVNC implements it. Security types 5 (RA2: AES-128-EAX, SHA-1, whole
/// session encrypted), 6 (RA2ne: same, but only the exchange below is encrypted), 129 and 130 (the same with
/// AES-256-EAX and SHA-256).
/// <list type="number">
/// <item>Server: U32 key bits (1024..8192), modulus and public exponent, each ceil(bits/8) bytes.</item>
/// <item>Client: its own key of the same size in the same form, then U16 length + its random (16 or 32 bytes)
/// RSA-encrypted (PKCS#1 v1.5) with the server key.</item>
/// <item>Server: U16 length + its random encrypted with the client key.</item>
/// <item>Both switch to <see cref="RsaAesChannel"/>: client→server key H(serverRandom‖clientRandom), server→client
/// key H(clientRandom‖serverRandom), H = SHA-1 (first 16 bytes) or SHA-256.</item>
/// <item>Client sends H(client key ‖ server key), server sends H(server key ‖ client key) (each key as bits U32,
/// modulus, exponent); a mismatch ends the connection.</item>
/// <item>Server: U8 subtype, 1 = username and password, 2 = password; client: U8 length + username (or U8 0),
/// U8 length + password.</item>
/// </list>
/// </summary>
internal sealed class RsaAesSecurity : ISecurityHandler
{
    /// <summary>Smallest server key accepted (bits).</summary>
    public const int MinKeyBits = 1024;

    /// <summary>Largest server key accepted (bits).</summary>
    public const int MaxKeyBits = 8192;

    private readonly int _keyBytes;
    private readonly bool _encryptSession;
    private State _state = State.ServerKey;
    private byte[] _serverKey = [];
    private byte[] _clientKey = [];
    private RSAParameters _clientParameters;
    private byte[] _clientRandom = [];
    private int _modulusBytes;

    public RsaAesSecurity(int keyBits, bool encryptSession)
    {
        _keyBytes = keyBits / 8;
        _encryptSession = encryptSession;
    }

    private enum State
    {
        ServerKey,
        ServerRandom,
        WriteHash,
        ReadHash,
        Subtype,
    }

    public bool SecurityResultIn37 => true;

    private int HashLength => _keyBytes == 16 ? 20 : 32;

    public void TlsEstablished() => throw new InvalidOperationException("rsa-aes does not use tls");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        switch (_state)
        {
            case State.ServerKey:
                return ReadServerKey(ref input, output, context);

            case State.ServerRandom:
                return ReadServerRandom(ref input, context);

            case State.WriteHash:
                // One record of its own, whatever arrives with it, so the bytes on the wire never depend on chunking.
                Wire.Write(output, Hash(_clientKey, _serverKey));
                _state = State.ReadHash;
                return SecurityProgress.Continue;

            case State.ReadHash:
            {
                Span<byte> hash = stackalloc byte[HashLength];
                if (!Wire.TryTake(ref input, hash))
                {
                    return SecurityProgress.NeedMoreData;
                }

                if (!CryptographicOperations.FixedTimeEquals(hash, Hash(_serverKey, _clientKey)))
                {
                    throw new RfbProtocolException("rsa-aes hash: the server's key hash does not match the keys exchanged");
                }

                _state = State.Subtype;
                return ReadSubtype(ref input, output, context);
            }

            default:
                return ReadSubtype(ref input, output, context);
        }
    }

    private SecurityProgress ReadServerKey(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        if (!Wire.TryPeekUInt32(input, 0, out uint bits))
        {
            return SecurityProgress.NeedMoreData;
        }

        if (bits is < MinKeyBits or > MaxKeyBits)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"rsa-aes server key: {bits} bits is outside {MinKeyBits}..{MaxKeyBits}"));
        }

        int size = (int)((bits + 7) / 8);
        if (input.Length < 4 + (2L * size))
        {
            return SecurityProgress.NeedMoreData;
        }

        _serverKey = input.Slice(0, 4 + (2 * size)).ToArray();
        input = input.Slice(4 + (2 * size));
        _modulusBytes = size;
        var modulus = new BigInteger(_serverKey.AsSpan(4, size), isUnsigned: true, isBigEndian: true);
        var exponent = new BigInteger(_serverKey.AsSpan(4 + size, size), isUnsigned: true, isBigEndian: true);
        if (modulus.IsEven || modulus.GetBitLength() < MinKeyBits || exponent < 3 || exponent >= modulus)
        {
            throw new RfbProtocolException("rsa-aes server key: the modulus or exponent is invalid");
        }

        if (context.Options.Ra2ServerKeyValidator is { } validator && !validator(_serverKey))
        {
            throw new SecurityFailedException(GuacamoleStatus.UpstreamError, "rsa-aes server key: the key was rejected (fingerprint mismatch)");
        }

        _clientParameters = context.Options.Ra2ClientKey((int)bits);
        byte[] clientModulus = Fixed(_clientParameters.Modulus, size);
        byte[] clientExponent = Fixed(_clientParameters.Exponent, size);
        _clientKey = new byte[4 + (2 * size)];
        BinaryPrimitives.WriteUInt32BigEndian(_clientKey, bits);
        clientModulus.CopyTo(_clientKey, 4);
        clientExponent.CopyTo(_clientKey, 4 + size);
        Wire.Write(output, _clientKey);

        _clientRandom = new byte[_keyBytes];
        context.Options.Random(_clientRandom);
        byte[] encrypted = EncryptPkcs1(_clientRandom, modulus, exponent, size, context.Options.Random);
        Wire.WriteUInt16(output, (ushort)size);
        Wire.Write(output, encrypted);
        _state = State.ServerRandom;
        return ReadServerRandom(ref input, context);
    }

    private SecurityProgress ReadServerRandom(ref ReadOnlySequence<byte> input, SecurityContext context)
    {
        Span<byte> lengthBytes = stackalloc byte[2];
        if (input.Length < 2)
        {
            return SecurityProgress.NeedMoreData;
        }

        input.Slice(0, 2).CopyTo(lengthBytes);
        int length = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes);
        if (length != _modulusBytes)
        {
            throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"rsa-aes server random: length {length} does not match the client key's {_modulusBytes} bytes"));
        }

        if (input.Length < 2 + length)
        {
            return SecurityProgress.NeedMoreData;
        }

        byte[] encrypted = input.Slice(2, length).ToArray();
        input = input.Slice(2 + length);
        byte[] serverRandom;
        try
        {
            using var rsa = RSA.Create(_clientParameters);
            serverRandom = rsa.Decrypt(encrypted, RSAEncryptionPadding.Pkcs1);
        }
        catch (CryptographicException ex)
        {
            throw new RfbProtocolException("rsa-aes server random: it does not decrypt with the client key", ex);
        }

        try
        {
            if (serverRandom.Length != _keyBytes)
            {
                throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture,
                    $"rsa-aes server random: {serverRandom.Length} bytes, expected {_keyBytes}"));
            }

            byte[] decryptKey = SessionKey(_clientRandom, serverRandom);
            byte[] encryptKey = SessionKey(serverRandom, _clientRandom);
            context.Channel = new RsaAesChannel(decryptKey, encryptKey);
            CryptographicOperations.ZeroMemory(decryptKey);
            CryptographicOperations.ZeroMemory(encryptKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(serverRandom);
            CryptographicOperations.ZeroMemory(_clientRandom);
            _clientParameters = default;
        }

        _state = State.WriteHash;
        return SecurityProgress.Continue;
    }

    private SecurityProgress ReadSubtype(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        if (input.Length < 1)
        {
            return SecurityProgress.NeedMoreData;
        }

        byte subtype = input.FirstSpan[0];
        CredentialKinds wanted = subtype switch
        {
            1 => CredentialKinds.Username | CredentialKinds.Password,
            2 => CredentialKinds.Password,
            _ => throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"rsa-aes subtype: {subtype} is neither 1 (username and password) nor 2 (password)")),
        };
        CredentialKinds missing = context.Missing(wanted);
        if (missing != CredentialKinds.None)
        {
            return SecurityProgress.Ask(HandshakeStep.NeedCredentials(missing));
        }

        input = input.Slice(1);
        byte[] username = subtype == 1 ? Encoding.UTF8.GetBytes(context.Username!) : [];
        byte[] password = Encoding.UTF8.GetBytes(context.Password!);
        try
        {
            if (username.Length > 255 || password.Length > 255)
            {
                throw new SecurityFailedException(GuacamoleStatus.ClientBadRequest, "rsa-aes: username or password is longer than 255 bytes");
            }

            Wire.WriteByte(output, (byte)username.Length);
            Wire.Write(output, username);
            Wire.WriteByte(output, (byte)password.Length);
            Wire.Write(output, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }

        if (!_encryptSession)
        {
            context.Channel = null;
        }

        return SecurityProgress.Done;
    }

    private byte[] SessionKey(byte[] first, byte[] second)
    {
        byte[] joined = [.. first, .. second];
        byte[] digest = _keyBytes == 16 ? SHA1.HashData(joined) : SHA256.HashData(joined);
        CryptographicOperations.ZeroMemory(joined);
        return digest[.._keyBytes];
    }

    private byte[] Hash(byte[] first, byte[] second)
    {
        byte[] joined = [.. first, .. second];
        return _keyBytes == 16 ? SHA1.HashData(joined) : SHA256.HashData(joined);
    }

    private static byte[] Fixed(byte[]? value, int size)
    {
        if (value is null || value.Length == 0)
        {
            throw new InvalidOperationException("the ra2 client key has no modulus or exponent");
        }

        int skip = 0;
        while (skip < value.Length - 1 && value[skip] == 0)
        {
            skip++;
        }

        int length = value.Length - skip;
        if (length > size)
        {
            throw new InvalidOperationException("the ra2 client key is larger than the server key");
        }

        var result = new byte[size];
        value.AsSpan(skip).CopyTo(result.AsSpan(size - length));
        return result;
    }

    /// <summary>RSAES-PKCS1-v1_5 (RFC 8017 7.2.1) with padding bytes from the injected random source.</summary>
    internal static byte[] EncryptPkcs1(ReadOnlySpan<byte> message, BigInteger modulus, BigInteger exponent, int size, RandomFill random)
    {
        int padding = size - 3 - message.Length;
        if (padding < 8)
        {
            throw new RfbProtocolException("rsa-aes server key: too small to carry the random");
        }

        var block = new byte[size];
        block[1] = 2;
        Span<byte> filler = block.AsSpan(2, padding);
        random(filler);
        Span<byte> one = stackalloc byte[1];
        for (int i = 0; i < filler.Length; i++)
        {
            while (filler[i] == 0)
            {
                random(one);
                filler[i] = one[0];
            }
        }

        block[2 + padding] = 0;
        message.CopyTo(block.AsSpan(3 + padding));
        var m = new BigInteger(block, isUnsigned: true, isBigEndian: true);
        CryptographicOperations.ZeroMemory(block);
        BigInteger c = BigInteger.ModPow(m, exponent, modulus);
        byte[] raw = c.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[size];
        raw.CopyTo(result.AsSpan(size - raw.Length));
        return result;
    }
}
