using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Gateway.Protocol;
using Gateway.Vnc.Handshake;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Security;

/// <summary>
/// VeNCrypt (security type 19), version 0.2: server version (U8 major, U8 minor) → client 0.2 → server U8 ack
/// (0 = accepted) → U8 subtype count + U32 subtypes → client U32 choice; for the TLS and X509 subtypes the server
/// sends U8 1 and both sides start TLS; then the inner None, VNC Authentication or Plain exchange runs.
/// </summary>
internal sealed class VeNCryptSecurity : ISecurityHandler
{
    private State _state = State.ServerVersion;
    private ISecurityHandler? _inner;
    private TlsKind? _tls;

    private enum State
    {
        ServerVersion,
        VersionAck,
        SubtypeList,
        TlsAck,
        AwaitTls,
        Inner,
    }

    /// <summary>The subtype chosen, once chosen.</summary>
    public VeNCryptSubtype? Chosen { get; private set; }

    public bool SecurityResultIn37 => true;

    public void TlsEstablished()
    {
        if (_state != State.AwaitTls)
        {
            throw new InvalidOperationException("vencrypt is not waiting for tls");
        }

        _state = State.Inner;
    }

    public SecurityProgress Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output, SecurityContext context)
    {
        while (true)
        {
            switch (_state)
            {
                case State.ServerVersion:
                {
                    Span<byte> version = stackalloc byte[2];
                    if (!Wire.TryTake(ref input, version))
                    {
                        return SecurityProgress.NeedMoreData;
                    }

                    if (version[0] == 0 && version[1] < 2)
                    {
                        Wire.WriteByte(output, 0);
                        Wire.WriteByte(output, 0);
                        throw new RfbProtocolException(string.Create(CultureInfo.InvariantCulture,
                            $"vencrypt version: server offers {version[0]}.{version[1]}, this client needs 0.2"));
                    }

                    Wire.WriteByte(output, 0);
                    Wire.WriteByte(output, 2);
                    _state = State.VersionAck;
                    break;
                }

                case State.VersionAck:
                {
                    Span<byte> ack = stackalloc byte[1];
                    if (!Wire.TryTake(ref input, ack))
                    {
                        return SecurityProgress.NeedMoreData;
                    }

                    if (ack[0] != 0)
                    {
                        throw new RfbProtocolException("vencrypt version: server rejected version 0.2");
                    }

                    _state = State.SubtypeList;
                    break;
                }

                case State.SubtypeList:
                {
                    if (input.Length < 1)
                    {
                        return SecurityProgress.NeedMoreData;
                    }

                    int count = input.FirstSpan[0];
                    if (count == 0)
                    {
                        throw new RfbProtocolException("vencrypt subtypes: server offers none");
                    }

                    if (input.Length < 1 + (4 * count))
                    {
                        return SecurityProgress.NeedMoreData;
                    }

                    Span<byte> list = stackalloc byte[4 * 255];
                    list = list[..(4 * count)];
                    input.Slice(1, 4 * count).CopyTo(list);
                    input = input.Slice(1 + (4 * count));
                    var offered = new uint[count];
                    for (int i = 0; i < count; i++)
                    {
                        offered[i] = BinaryPrimitives.ReadUInt32BigEndian(list[(4 * i)..]);
                    }

                    VeNCryptSubtype chosen = Choose(offered, context.Options.AllowedVeNCryptSubtypes);
                    Chosen = chosen;
                    Wire.WriteUInt32(output, (uint)chosen);
                    (_tls, _inner) = chosen switch
                    {
                        VeNCryptSubtype.None => ((TlsKind?)null, (ISecurityHandler)new NoneSecurity()),
                        VeNCryptSubtype.VncAuthentication => (null, new VncAuthSecurity()),
                        VeNCryptSubtype.Plain => (null, new PlainSecurity()),
                        VeNCryptSubtype.TlsNone => (TlsKind.Anonymous, new NoneSecurity()),
                        VeNCryptSubtype.TlsVnc => (TlsKind.Anonymous, new VncAuthSecurity()),
                        VeNCryptSubtype.TlsPlain => (TlsKind.Anonymous, new PlainSecurity()),
                        VeNCryptSubtype.X509None => (TlsKind.X509, new NoneSecurity()),
                        VeNCryptSubtype.X509Vnc => (TlsKind.X509, new VncAuthSecurity()),
                        _ => (TlsKind.X509, new PlainSecurity()),
                    };
                    _state = _tls is null ? State.Inner : State.TlsAck;
                    break;
                }

                case State.TlsAck:
                {
                    Span<byte> ack = stackalloc byte[1];
                    if (!Wire.TryTake(ref input, ack))
                    {
                        return SecurityProgress.NeedMoreData;
                    }

                    if (ack[0] != 1)
                    {
                        throw new SecurityFailedException(GuacamoleStatus.UpstreamError, "vencrypt: server refused to start tls for the chosen subtype");
                    }

                    _state = State.AwaitTls;
                    return SecurityProgress.Ask(HandshakeStep.StartTls(_tls!.Value));
                }

                case State.AwaitTls:
                    throw new InvalidOperationException("the driver must call TlsEstablished before advancing");

                default:
                    return _inner!.Advance(ref input, output, context);
            }
        }
    }

    private static VeNCryptSubtype Choose(uint[] offered, IReadOnlyList<VeNCryptSubtype> allowed)
    {
        foreach (VeNCryptSubtype candidate in allowed)
        {
            if (Array.IndexOf(offered, (uint)candidate) >= 0)
            {
                return candidate;
            }
        }

        throw new SecurityFailedException(GuacamoleStatus.UpstreamError, "vencrypt subtypes: no allowed subtype among those offered ("
            + string.Join(", ", offered.Select(o => o.ToString(CultureInfo.InvariantCulture))) + ")");
    }
}
