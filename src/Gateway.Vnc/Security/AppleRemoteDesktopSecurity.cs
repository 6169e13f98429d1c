using System.Buffers;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Security;

/// <summary>Apple Remote Desktop (30): Diffie-Hellman, then AES-128 over the username and password.</summary>
internal sealed class AppleRemoteDesktopSecurity : ISecurityHandler
{
    public bool SecurityResultIn37 => true;

    public void TlsEstablished() => throw new InvalidOperationException("ard does not use tls");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context) =>
        throw new RfbProtocolException("ard: not implemented yet");
}
