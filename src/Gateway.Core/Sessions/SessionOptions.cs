using Gateway.Protocol;

namespace Gateway.Core.Sessions;

/// <summary>Limits and timings of sessions (configuration section <c>Gateway:Session</c>).</summary>
public sealed record SessionOptions
{
    /// <summary>Instruction limits for input from users.</summary>
    public ProtocolLimits Limits { get; init; } = ProtocolLimits.Default;

    /// <summary>A <c>nop</c> goes to a user who has had no output for this long (guacd: 5 s).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A user who sends nothing for this long is dropped with CLIENT_TIMEOUT (guacd: 15 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a client has to finish the handshake (guacd: 15 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a leaving user's last output may take to send. After that (at once for a user dropped for
    /// not reading) sending is abandoned and the transport closed, so a stalled client cannot hold it open.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = SessionUser.SendGrace;

    /// <summary>Output queued for one user beyond this drops that user: a slow client cannot grow memory without bound.</summary>
    public long MaxOutboundBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest clipboard accepted from a user (guacd: 256 KiB).</summary>
    public int MaxClipboardBytes { get; init; } = 256 * 1024;

    /// <summary>Largest value accepted through an <c>argv</c> stream, in bytes (guacd: 16384 characters).</summary>
    public int MaxArgumentBytes { get; init; } = 16384 * 4;

    /// <summary>Streams one user may have open at once (guacd: 512).</summary>
    public int MaxStreamsPerUser { get; init; } = 512;

    /// <summary>Largest stream index accepted from a client.</summary>
    public int MaxStreamIndex { get; init; } = 65535;
}
