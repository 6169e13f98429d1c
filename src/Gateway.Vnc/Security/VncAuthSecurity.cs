using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Gateway.Vnc.Handshake;

namespace Gateway.Vnc.Security;

/// <summary>
/// RFC 6143 7.2.2 VNC Authentication: the server sends a 16-byte challenge; the client answers with the challenge
/// DES-encrypted (ECB, two blocks) under a key made of the password's first 8 bytes (zero-padded), each byte's bits
/// reversed. The password is sent as UTF-8 bytes.
/// </summary>
internal sealed class VncAuthSecurity : ISecurityHandler
{
    /// <summary>Bytes of the challenge and of the response.</summary>
    public const int ChallengeLength = 16;

    public bool SecurityResultIn37 => true;

    public void TlsEstablished() => throw new InvalidOperationException("vnc authentication does not use tls");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        if (context.Password is null)
        {
            return SecurityProgress.Ask(HandshakeStep.NeedCredentials(CredentialKinds.Password));
        }

        Span<byte> challenge = stackalloc byte[ChallengeLength];
        if (!Wire.TryTake(ref input, challenge))
        {
            return SecurityProgress.NeedMoreData;
        }

        Span<byte> response = stackalloc byte[ChallengeLength];
        ComputeResponse(challenge, context.Password, response);
        Wire.Write(output, response);
        return SecurityProgress.Done;
    }

    /// <summary>Encrypts <paramref name="challenge"/> (16 bytes) with the VNC key of <paramref name="password"/>.</summary>
    public static void ComputeResponse(ReadOnlySpan<byte> challenge, string password, Span<byte> response)
    {
        Span<byte> key = stackalloc byte[8];
        key.Clear();
        byte[] passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            for (int i = 0; i < key.Length && i < passwordBytes.Length; i++)
            {
                key[i] = ReverseBits(passwordBytes[i]);
            }

            using var des = DES.Create();
            des.Key = key.ToArray();
            des.EncryptEcb(challenge[..ChallengeLength], response, PaddingMode.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte ReverseBits(byte value)
    {
        int v = value;
        v = ((v & 0xF0) >> 4) | ((v & 0x0F) << 4);
        v = ((v & 0xCC) >> 2) | ((v & 0x33) << 2);
        v = ((v & 0xAA) >> 1) | ((v & 0x55) << 1);
        return (byte)v;
    }
}
