namespace Gateway.Vnc.Rfb;

/// <summary>
/// A VNC server sent something that breaks RFC 6143 or one of our limits (a rectangle outside the framebuffer,
/// a size that overflows, a zlib stream that expands past its bound, an unknown message type). The driver ends the
/// session with UPSTREAM_ERROR and this message, which names the field and the reason and never holds a secret.
/// </summary>
public sealed class RfbProtocolException : Exception
{
    /// <summary>Creates the error; <paramref name="message"/> is lowercase without a trailing period.</summary>
    public RfbProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the exception that exposed it (e.g. a zlib data error).</summary>
    public RfbProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Parameterless constructor required by the analyzers; prefer the others.</summary>
    public RfbProtocolException()
        : base("vnc protocol error")
    {
    }
}
