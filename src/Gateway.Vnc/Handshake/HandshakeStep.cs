using Gateway.Protocol;
using Gateway.Vnc.Security;

namespace Gateway.Vnc.Handshake;

/// <summary>One result of <see cref="RfbHandshake.Advance"/>: a <see cref="Kind"/> and the fields that kind uses.</summary>
public sealed class HandshakeStep
{
    private HandshakeStep(HandshakeStepKind kind)
    {
        Kind = kind;
    }

    /// <summary>The shared "read more" result.</summary>
    public static HandshakeStep NeedMoreData { get; } = new(HandshakeStepKind.NeedMoreData);

    /// <summary>What the driver does next.</summary>
    public HandshakeStepKind Kind { get; private init; }

    /// <summary>For <see cref="HandshakeStepKind.StartTls"/>: anonymous or X.509.</summary>
    public TlsKind Tls { get; private init; }

    /// <summary>For <see cref="HandshakeStepKind.NeedCredentials"/>: what is missing.</summary>
    public CredentialKinds Credentials { get; private init; }

    /// <summary>For <see cref="HandshakeStepKind.Complete"/>: the server's framebuffer, pixel format and name.</summary>
    public ServerInit? ServerInit { get; private init; }

    /// <summary>
    /// For <see cref="HandshakeStepKind.Complete"/> after RA2/RA2_256 (not the "ne" kinds): every later byte in both
    /// directions goes through this channel (the driver decrypts what it reads and encrypts what it writes).
    /// </summary>
    public RsaAesChannel? Channel { get; private init; }

    /// <summary>
    /// For <see cref="HandshakeStepKind.Complete"/> with a <see cref="Channel"/>: plaintext the channel already
    /// decrypted past ServerInit (normally empty); it comes before anything read later.
    /// </summary>
    public ReadOnlyMemory<byte> RemainingPlaintext { get; private init; }

    /// <summary>For <see cref="HandshakeStepKind.Failed"/>: the status to close with.</summary>
    public GuacamoleStatus Status { get; private init; }

    /// <summary>For <see cref="HandshakeStepKind.Failed"/>: lowercase reason, safe to show (never holds a secret).</summary>
    public string Message { get; private init; } = string.Empty;

    /// <summary>Creates a StartTls step.</summary>
    public static HandshakeStep StartTls(TlsKind kind) => new(HandshakeStepKind.StartTls) { Tls = kind };

    /// <summary>Creates a NeedCredentials step.</summary>
    public static HandshakeStep NeedCredentials(CredentialKinds missing) =>
        new(HandshakeStepKind.NeedCredentials) { Credentials = missing };

    /// <summary>Creates a Complete step.</summary>
    public static HandshakeStep Complete(ServerInit serverInit, RsaAesChannel? channel, ReadOnlyMemory<byte> remainingPlaintext) =>
        new(HandshakeStepKind.Complete) { ServerInit = serverInit, Channel = channel, RemainingPlaintext = remainingPlaintext };

    /// <summary>Creates a Failed step.</summary>
    public static HandshakeStep Failed(GuacamoleStatus status, string message) =>
        new(HandshakeStepKind.Failed) { Status = status, Message = message };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        HandshakeStepKind.StartTls => $"StartTls({Tls})",
        HandshakeStepKind.NeedCredentials => $"NeedCredentials({Credentials})",
        HandshakeStepKind.Failed => $"Failed({Status}: {Message})",
        _ => Kind.ToString(),
    };
}
