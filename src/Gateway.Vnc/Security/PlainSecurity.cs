using System.Buffers;
using System.Text;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;

namespace Gateway.Vnc.Security;

/// <summary>
/// VeNCrypt Plain (256, and the inner step of TLSPlain/X509Plain): U32 username length, U32 password length, then
/// the UTF-8 username and password. Only safe inside TLS; the options decide whether bare Plain is allowed.
/// </summary>
internal sealed class PlainSecurity : ISecurityHandler
{
    /// <summary>Longest username or password we send (bytes).</summary>
    public const int MaxLength = 4096;

    public bool SecurityResultIn37 => true;

    public void TlsEstablished() => throw new InvalidOperationException("plain does not use tls by itself");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        CredentialKinds missing = context.Missing(CredentialKinds.Username | CredentialKinds.Password);
        if (missing != CredentialKinds.None)
        {
            return SecurityProgress.Ask(HandshakeStep.NeedCredentials(missing));
        }

        byte[] username = Encoding.UTF8.GetBytes(context.Username!);
        byte[] password = Encoding.UTF8.GetBytes(context.Password!);
        if (username.Length > MaxLength || password.Length > MaxLength)
        {
            throw new SecurityFailedException(GuacamoleStatus.ClientBadRequest, "plain: username or password is longer than 4096 bytes");
        }

        Wire.WriteUInt32(output, (uint)username.Length);
        Wire.WriteUInt32(output, (uint)password.Length);
        Wire.Write(output, username);
        Wire.Write(output, password);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(password);
        return SecurityProgress.Done;
    }
}
