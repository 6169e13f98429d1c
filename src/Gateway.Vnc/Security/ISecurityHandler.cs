using System.Buffers;

namespace Gateway.Vnc.Security;

/// <summary>
/// One security type's exchange after the type was chosen: fed server bytes (it slices off what it consumed, and only
/// whole fields), writes client bytes. Errors are <see cref="Rfb.RfbProtocolException"/> or
/// <see cref="SecurityFailedException"/>.
/// </summary>
internal interface ISecurityHandler
{
    /// <summary>True when the server sends SecurityResult after this exchange under RFB 3.7 (3.8 always sends one).</summary>
    bool SecurityResultIn37 { get; }

    /// <summary>Called once the driver finished the TLS upgrade this handler asked for.</summary>
    void TlsEstablished();

    SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context);
}
