using System.Buffers;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Security;

/// <summary>RSA-AES (RA2, RA2ne, RA2_256, RA2ne_256) as TigerVNC implements it.</summary>
internal sealed class RsaAesSecurity : ISecurityHandler
{
    private readonly int _keyBits;
    private readonly bool _encryptSession;

    public RsaAesSecurity(int keyBits, bool encryptSession)
    {
        _keyBits = keyBits;
        _encryptSession = encryptSession;
    }

    public bool SecurityResultIn37 => true;

    public void TlsEstablished() => throw new InvalidOperationException("rsa-aes does not use tls");

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context) =>
        throw new RfbProtocolException("rsa-aes: not implemented yet " + _keyBits + _encryptSession);
}
