using System.Buffers;
using System.Buffers.Binary;
using Gateway.Vnc.Rfb;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Vnc.Security;

/// <summary>
/// The RSA-AES (RA2) record layer as TigerVNC implements it: each message is a U16 big-endian plaintext length, the
/// AES-EAX ciphertext, then a 16-byte tag; the length bytes are the associated data and the nonce is a 16-byte
/// little-endian counter, one per direction, incremented after every message. Sans-IO: fed bytes, writes bytes.
/// Not thread-safe; the driver reads on one task and writes under its own lock (the two directions are independent).
/// </summary>
public sealed class RsaAesChannel
{
    /// <summary>Largest plaintext in one message.</summary>
    public const int MaxMessageLength = ushort.MaxValue;

    /// <summary>Bytes of the EAX tag after each message.</summary>
    public const int TagLength = 16;

    private readonly EaxBlockCipher _decryptor = new(AesUtilities.CreateEngine());
    private readonly EaxBlockCipher _encryptor = new(AesUtilities.CreateEngine());
    private readonly KeyParameter _decryptKey;
    private readonly KeyParameter _encryptKey;
    private readonly byte[] _decryptNonce = new byte[16];
    private readonly byte[] _encryptNonce = new byte[16];
    private readonly object _encryptLock = new();
    private readonly object _decryptLock = new();

    /// <summary>Creates the channel from the two session keys (16 bytes for RA2, 32 for RA2_256).</summary>
    public RsaAesChannel(ReadOnlySpan<byte> decryptKey, ReadOnlySpan<byte> encryptKey)
    {
        if (decryptKey.Length is not (16 or 32) || encryptKey.Length != decryptKey.Length)
        {
            throw new ArgumentException("rsa-aes keys must be 16 or 32 bytes each", nameof(decryptKey));
        }

        _decryptKey = new KeyParameter(decryptKey);
        _encryptKey = new KeyParameter(encryptKey);
    }

    /// <summary>
    /// Decrypts every complete message at the start of <paramref name="input"/> into <paramref name="plaintext"/>,
    /// stopping early once <paramref name="maxPlaintext"/> bytes were written; consumed bytes are sliced off.
    /// Returns the plaintext bytes written. A bad tag throws <see cref="RfbProtocolException"/>.
    /// </summary>
    public int Decrypt(ref ReadOnlySequence<byte> input, IBufferWriter<byte> plaintext, int maxPlaintext = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        int written = 0;
        lock (_decryptLock)
        {
            Span<byte> header = stackalloc byte[2];
            while (written < maxPlaintext && input.Length >= 2)
            {
                input.Slice(0, 2).CopyTo(header);
                int length = BinaryPrimitives.ReadUInt16BigEndian(header);
                long frame = 2L + length + TagLength;
                if (input.Length < frame)
                {
                    break;
                }

                byte[] cipher = input.Slice(2, length + TagLength).ToArray();
                _decryptor.Init(false, new AeadParameters(_decryptKey, TagLength * 8, _decryptNonce, header.ToArray()));
                Span<byte> target = plaintext.GetSpan(Math.Max(length, 1));
                try
                {
                    int n = _decryptor.ProcessBytes(cipher, target);
                    n += _decryptor.DoFinal(target[n..]);
                    if (n != length)
                    {
                        throw new RfbProtocolException("rsa-aes message: decrypted length does not match its header");
                    }
                }
                catch (InvalidCipherTextException ex)
                {
                    throw new RfbProtocolException("rsa-aes message: authentication tag mismatch", ex);
                }

                plaintext.Advance(length);
                written += length;
                Increment(_decryptNonce);
                input = input.Slice(frame);
            }
        }

        return written;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> as one or more messages into <paramref name="output"/>.</summary>
    public void Encrypt(ReadOnlySpan<byte> plaintext, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_encryptLock)
        {
            while (!plaintext.IsEmpty)
            {
                int length = Math.Min(plaintext.Length, MaxMessageLength);
                byte[] header = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)length);
                _encryptor.Init(true, new AeadParameters(_encryptKey, TagLength * 8, _encryptNonce, header));
                Span<byte> target = output.GetSpan(2 + length + TagLength);
                header.CopyTo(target);
                int n = _encryptor.ProcessBytes(plaintext[..length], target[2..]);
                n += _encryptor.DoFinal(target[(2 + n)..]);
                output.Advance(2 + n);
                Increment(_encryptNonce);
                plaintext = plaintext[length..];
            }
        }
    }

    private static void Increment(byte[] counter)
    {
        for (int i = 0; i < counter.Length; i++)
        {
            if (++counter[i] != 0)
            {
                break;
            }
        }
    }
}
