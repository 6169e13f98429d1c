using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Gateway.Protocol;
using Gateway.Vnc.Rfb;
using Gateway.Vnc.Security;

namespace Gateway.Vnc.Handshake;

/// <summary>
/// The client side of the RFB handshake (RFC 6143 7.1 and 7.3) as a sans-IO state machine: ProtocolVersion,
/// security type negotiation (3.3: server chooses; 3.7/3.8: client chooses), the chosen security exchange,
/// SecurityResult, ClientInit and ServerInit.
/// </summary>
/// <remarks>
/// Driver loop: read bytes, call <see cref="Advance"/> with everything unconsumed; ALWAYS send what it wrote to
/// the output (whatever the step kind), then act on the step: NeedMoreData → read more; StartTls → upgrade the
/// stream (<see cref="VncTls"/>), call <see cref="TlsEstablished"/>, continue with the TLS stream's bytes;
/// NeedCredentials → ask the owner, call <see cref="ProvideCredentials"/>, call Advance again (with the unconsumed
/// bytes); Complete → the handshake is over (remaining input belongs to the session; for RA2 it is still
/// ciphertext for <see cref="HandshakeStep.Channel"/>); Failed → close with the step's status. Advance never throws
/// for anything the server sends; it returns Failed (UPSTREAM_ERROR for protocol errors, UPSTREAM_UNAVAILABLE when
/// the server refuses the connection, CLIENT_UNAUTHORIZED for a failed SecurityResult).
/// </remarks>
public sealed class RfbHandshake
{
    /// <summary>Bytes of the ProtocolVersion message ("RFB xxx.yyy\n").</summary>
    public const int VersionLength = 12;

    private const int ServerInitHeaderLength = 24;

    private readonly SecurityContext _context;
    private readonly ArrayBufferWriter<byte> _staging = new();
    private PlainBuffer? _plain;
    private State _state = State.Version;
    private ISecurityHandler? _handler;
    private FailureKind _failureKind;
    private HandshakeStep? _final;

    /// <summary>Creates a handshake with <paramref name="options"/>.</summary>
    public RfbHandshake(RfbHandshakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _context = new SecurityContext(options);
    }

    private enum State
    {
        Version,
        SecurityType33,
        SecurityTypes,
        Security,
        SecurityResult,
        FailureReason,
        ServerInit,
        Done,
    }

    private enum FailureKind
    {
        Refused,
        Unauthorized,
    }

    /// <summary>The version we answered with (Unknown before the server's version arrived).</summary>
    public RfbVersion Version => _context.Version;

    /// <summary>The security type in use (Invalid before it is chosen).</summary>
    public SecurityType SecurityType { get; private set; }

    /// <summary>The VeNCrypt subtype in use, when <see cref="SecurityType"/> is VeNCrypt and one was chosen.</summary>
    public VeNCryptSubtype? VeNCryptSubtype => (_handler as VeNCryptSecurity)?.Chosen;

    /// <summary>Gives credentials the owner supplied after <see cref="HandshakeStepKind.NeedCredentials"/>; null keeps what was there.</summary>
    public void ProvideCredentials(string? username, string? password)
    {
        if (username is not null)
        {
            _context.Username = username;
        }

        if (password is not null)
        {
            _context.Password = password;
        }
    }

    /// <summary>Tells the handshake the TLS upgrade it asked for is done; later bytes are the TLS stream's plaintext.</summary>
    public void TlsEstablished()
    {
        if (_handler is null || _state != State.Security)
        {
            throw new InvalidOperationException("the handshake is not waiting for tls");
        }

        _handler.TlsEstablished();
    }

    /// <summary>
    /// Consumes whole fields from <paramref name="input"/> (slicing them off), writes the client's answers to
    /// <paramref name="output"/> and says what happens next. See the class remarks for the driver loop.
    /// </summary>
    public HandshakeStep Advance(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_final is not null)
        {
            return _final;
        }

        try
        {
            while (true)
            {
                RsaAesChannel? channel = _context.Channel;
                HandshakeStep? step;
                if (channel is null)
                {
                    step = StepOnce(ref input, output);
                }
                else
                {
                    _plain ??= new PlainBuffer();
                    channel.Decrypt(ref input, _plain, Math.Max(0, MaxBufferedPlaintext - _plain.Length));
                    ReadOnlySequence<byte> plain = _plain.Sequence;
                    long before = plain.Length;
                    _staging.ResetWrittenCount();
                    step = StepOnce(ref plain, _staging);
                    _plain.Consume((int)(before - plain.Length));
                    if (_staging.WrittenCount > 0)
                    {
                        channel.Encrypt(_staging.WrittenSpan, output);
                        _staging.Clear();
                    }

                    if (_context.Channel is null && _plain.Length > 0)
                    {
                        throw new RfbProtocolException("rsa-aes: the server sent encrypted bytes after the credentials of an unencrypted session");
                    }
                }

                if (step is not null)
                {
                    if (step.Kind is HandshakeStepKind.Complete or HandshakeStepKind.Failed)
                    {
                        _final = step;
                        _state = State.Done;
                    }

                    return step;
                }
            }
        }
        catch (RfbProtocolException ex)
        {
            return Fail(GuacamoleStatus.UpstreamError, ex.Message);
        }
        catch (SecurityFailedException ex)
        {
            return Fail(ex.Status, ex.Message);
        }
    }

    private int MaxBufferedPlaintext => (2 * RsaAesChannel.MaxMessageLength) + _context.Options.MaxNameLength;

    private HandshakeStep Fail(GuacamoleStatus status, string message)
    {
        _final = HandshakeStep.Failed(status, message);
        _state = State.Done;
        return _final;
    }

    /// <summary>Runs the current state once: null means "state changed, go on"; otherwise the step to return.</summary>
    private HandshakeStep? StepOnce(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        switch (_state)
        {
            case State.Version:
                return ReadVersion(ref input, output);

            case State.SecurityType33:
            {
                if (!Wire.TryPeekUInt32(input, 0, out uint type))
                {
                    return HandshakeStep.NeedMoreData;
                }

                input = input.Slice(4);
                if (type == 0)
                {
                    _failureKind = FailureKind.Refused;
                    _state = State.FailureReason;
                    return null;
                }

                if (type > byte.MaxValue || !IsAllowed((SecurityType)type) || type is not (1 or 2))
                {
                    return Fail(GuacamoleStatus.UpstreamError, string.Create(CultureInfo.InvariantCulture,
                        $"security type: the rfb 3.3 server chose {type}, which is not allowed or not supported"));
                }

                Begin((SecurityType)type);
                return null;
            }

            case State.SecurityTypes:
            {
                if (input.Length < 1)
                {
                    return HandshakeStep.NeedMoreData;
                }

                int count = input.FirstSpan[0];
                if (count == 0)
                {
                    input = input.Slice(1);
                    _failureKind = FailureKind.Refused;
                    _state = State.FailureReason;
                    return null;
                }

                if (input.Length < 1 + count)
                {
                    return HandshakeStep.NeedMoreData;
                }

                byte[] offered = input.Slice(1, count).ToArray();
                input = input.Slice(1 + count);
                foreach (SecurityType candidate in _context.Options.AllowedSecurityTypes)
                {
                    if (candidate != SecurityType.Invalid && Array.IndexOf(offered, (byte)candidate) >= 0)
                    {
                        Wire.WriteByte(output, (byte)candidate);
                        Begin(candidate);
                        return null;
                    }
                }

                return Fail(GuacamoleStatus.UpstreamError, "security types: no allowed type among those offered ("
                    + string.Join(", ", offered.Select(b => b.ToString(CultureInfo.InvariantCulture))) + ")");
            }

            case State.Security:
            {
                SecurityProgress progress = _handler!.Advance(ref input, output, _context);
                switch (progress.Status)
                {
                    case SecurityStatus.NeedMoreData:
                        return HandshakeStep.NeedMoreData;
                    case SecurityStatus.Continue:
                        return null;
                    case SecurityStatus.Step:
                        return progress.Step;
                    default:
                        bool result = _context.Version == RfbVersion.V3_8
                            || (_context.Version == RfbVersion.V3_7 && _handler.SecurityResultIn37)
                            || (_context.Version == RfbVersion.V3_3 && SecurityType != SecurityType.None);
                        if (result)
                        {
                            _state = State.SecurityResult;
                        }
                        else
                        {
                            SendClientInit(output);
                        }

                        return null;
                }
            }

            case State.SecurityResult:
            {
                if (!Wire.TryPeekUInt32(input, 0, out uint result))
                {
                    return HandshakeStep.NeedMoreData;
                }

                input = input.Slice(4);
                if (result == 0)
                {
                    SendClientInit(output);
                    return null;
                }

                if (_context.Version == RfbVersion.V3_8)
                {
                    _failureKind = FailureKind.Unauthorized;
                    _state = State.FailureReason;
                    return null;
                }

                return Fail(GuacamoleStatus.ClientUnauthorized, "authentication failed");
            }

            case State.FailureReason:
                return ReadFailureReason(ref input);

            case State.ServerInit:
                return ReadServerInit(ref input);

            default:
                throw new InvalidOperationException("the handshake is over");
        }
    }

    private HandshakeStep? ReadVersion(ref ReadOnlySequence<byte> input, IBufferWriter<byte> output)
    {
        Span<byte> text = stackalloc byte[VersionLength];
        if (!Wire.TryTake(ref input, text))
        {
            return HandshakeStep.NeedMoreData;
        }

        if (!text.StartsWith("RFB "u8) || text[7] != (byte)'.' || text[11] != (byte)'\n'
            || !TryDigits(text.Slice(4, 3), out int major) || !TryDigits(text.Slice(8, 3), out int minor))
        {
            return Fail(GuacamoleStatus.UpstreamError, "protocol version: the server did not send \"RFB xxx.yyy\\n\" (not a vnc server?)");
        }

        RfbVersion version;
        if (major > 3 || (major == 3 && minor >= 8))
        {
            version = RfbVersion.V3_8;
        }
        else if (major == 3 && minor == 7)
        {
            version = RfbVersion.V3_7;
        }
        else if (major == 3 && minor >= 3)
        {
            version = RfbVersion.V3_3;
        }
        else
        {
            return Fail(GuacamoleStatus.UpstreamError, string.Create(CultureInfo.InvariantCulture,
                $"protocol version: the server speaks rfb {major}.{minor}, which is older than 3.3"));
        }

        _context.Version = version;
        Wire.Write(output, version switch
        {
            RfbVersion.V3_3 => "RFB 003.003\n"u8,
            RfbVersion.V3_7 => "RFB 003.007\n"u8,
            _ => "RFB 003.008\n"u8,
        });
        _state = version == RfbVersion.V3_3 ? State.SecurityType33 : State.SecurityTypes;
        return null;
    }

    private HandshakeStep? ReadFailureReason(ref ReadOnlySequence<byte> input)
    {
        if (!Wire.TryPeekUInt32(input, 0, out uint length))
        {
            return HandshakeStep.NeedMoreData;
        }

        if (length > (uint)_context.Options.MaxReasonLength)
        {
            return Fail(GuacamoleStatus.UpstreamError, string.Create(CultureInfo.InvariantCulture,
                $"failure reason: length {length} exceeds the limit of {_context.Options.MaxReasonLength} bytes"));
        }

        if (input.Length < 4 + length)
        {
            return HandshakeStep.NeedMoreData;
        }

        string reason = Sanitize(input.Slice(4, length));
        input = input.Slice(4 + length);
        if (_failureKind == FailureKind.Refused)
        {
            return Fail(GuacamoleStatus.UpstreamUnavailable, reason.Length == 0
                ? "the vnc server refused the connection"
                : "the vnc server refused the connection: " + reason);
        }

        return Fail(GuacamoleStatus.ClientUnauthorized, reason.Length == 0 ? "authentication failed" : reason);
    }

    private HandshakeStep? ReadServerInit(ref ReadOnlySequence<byte> input)
    {
        if (input.Length < ServerInitHeaderLength)
        {
            return HandshakeStep.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[ServerInitHeaderLength];
        input.Slice(0, ServerInitHeaderLength).CopyTo(header);
        uint nameLength = BinaryPrimitives.ReadUInt32BigEndian(header[20..]);
        if (nameLength > (uint)_context.Options.MaxNameLength)
        {
            return Fail(GuacamoleStatus.UpstreamError, string.Create(CultureInfo.InvariantCulture,
                $"serverinit name-length: {nameLength} exceeds the limit of {_context.Options.MaxNameLength} bytes"));
        }

        if (input.Length < ServerInitHeaderLength + nameLength)
        {
            return HandshakeStep.NeedMoreData;
        }

        int width = BinaryPrimitives.ReadUInt16BigEndian(header);
        int height = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        PixelFormat format = PixelFormat.Read(header[4..]);
        if (!format.IsValid)
        {
            return Fail(GuacamoleStatus.UpstreamError, string.Create(CultureInfo.InvariantCulture,
                $"serverinit pixel-format: {format.BitsPerPixel} bpp depth {format.Depth} is not a valid pixel format"));
        }

        string name = Sanitize(input.Slice(ServerInitHeaderLength, nameLength));
        input = input.Slice(ServerInitHeaderLength + nameLength);
        ReadOnlyMemory<byte> remaining = ReadOnlyMemory<byte>.Empty;
        RsaAesChannel? channel = _context.Channel;
        if (channel is not null)
        {
            remaining = input.ToArray();
            input = input.Slice(input.Length);
        }

        return HandshakeStep.Complete(new ServerInit(width, height, format, name), channel, remaining);
    }

    private void SendClientInit(IBufferWriter<byte> output)
    {
        Wire.WriteByte(output, _context.Options.Shared ? (byte)1 : (byte)0);
        _state = State.ServerInit;
    }

    private void Begin(SecurityType type)
    {
        SecurityType = type;
        _handler = type switch
        {
            SecurityType.None => new NoneSecurity(),
            SecurityType.VncAuthentication => new VncAuthSecurity(),
            SecurityType.VeNCrypt => new VeNCryptSecurity(),
            SecurityType.AppleRemoteDesktop => new AppleRemoteDesktopSecurity(),
            SecurityType.Ra2 => new RsaAesSecurity(128, encryptSession: true),
            SecurityType.Ra2ne => new RsaAesSecurity(128, encryptSession: false),
            SecurityType.Ra2With256 => new RsaAesSecurity(256, encryptSession: true),
            SecurityType.Ra2neWith256 => new RsaAesSecurity(256, encryptSession: false),
            _ => throw new RfbProtocolException("security type: unsupported type " + ((int)type).ToString(CultureInfo.InvariantCulture)),
        };
        _state = State.Security;
    }

    private bool IsAllowed(SecurityType type) => _context.Options.AllowedSecurityTypes.Contains(type);

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>Decodes server text (UTF-8 with replacement) and drops control characters.</summary>
    private static string Sanitize(ReadOnlySequence<byte> bytes)
    {
        string text = Encoding.UTF8.GetString(bytes);
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}
