namespace Gateway.Vnc.Messages;

/// <summary>Server-to-client message types (RFC 6143 7.6 and the community registry).</summary>
public static class ServerMessageType
{
    /// <summary>RFC 6143 7.6.1 FramebufferUpdate.</summary>
    public const byte FramebufferUpdate = 0;

    /// <summary>RFC 6143 7.6.2 SetColourMapEntries.</summary>
    public const byte SetColourMapEntries = 1;

    /// <summary>RFC 6143 7.6.3 Bell.</summary>
    public const byte Bell = 2;

    /// <summary>RFC 6143 7.6.4 ServerCutText (negative length: Extended Clipboard).</summary>
    public const byte ServerCutText = 3;

    /// <summary>Community rfbproto EndOfContinuousUpdates.</summary>
    public const byte EndOfContinuousUpdates = 150;

    /// <summary>Community rfbproto ServerFence.</summary>
    public const byte ServerFence = 248;

    /// <summary>Community rfbproto QEMU server message (audio).</summary>
    public const byte Qemu = 255;
}
