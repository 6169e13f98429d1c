using System.Buffers;

namespace Gateway.Vnc.Security;

/// <summary>RFC 6143 7.2.1 None: nothing is exchanged; SecurityResult follows only under 3.8.</summary>
internal sealed class NoneSecurity : ISecurityHandler
{
    public bool SecurityResultIn37 => false;

    public void TlsEstablished() => throw new InvalidOperationException("none security does not use tls");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context) =>
        SecurityProgress.Done;
}
