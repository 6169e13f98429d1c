namespace Gateway.Vnc.Client;

/// <summary>Client-to-server message types (RFC 6143 7.5 and the community registry).</summary>
public static class ClientMessageType
{
    /// <summary>RFC 6143 7.5.1 SetPixelFormat.</summary>
    public const byte SetPixelFormat = 0;

    /// <summary>RFC 6143 7.5.2 SetEncodings.</summary>
    public const byte SetEncodings = 2;

    /// <summary>RFC 6143 7.5.3 FramebufferUpdateRequest.</summary>
    public const byte FramebufferUpdateRequest = 3;

    /// <summary>RFC 6143 7.5.4 KeyEvent.</summary>
    public const byte KeyEvent = 4;

    /// <summary>RFC 6143 7.5.5 PointerEvent.</summary>
    public const byte PointerEvent = 5;

    /// <summary>RFC 6143 7.5.6 ClientCutText (negative length: Extended Clipboard).</summary>
    public const byte ClientCutText = 6;

    /// <summary>UltraVNC SetServerInput (not in RFC 6143): asks the server to ignore (or accept again) its local input.</summary>
    public const byte SetServerInput = 9;

    /// <summary>Community rfbproto EnableContinuousUpdates.</summary>
    public const byte EnableContinuousUpdates = 150;

    /// <summary>Community rfbproto ClientFence.</summary>
    public const byte ClientFence = 248;

    /// <summary>Community rfbproto SetDesktopSize.</summary>
    public const byte SetDesktopSize = 251;

    /// <summary>Community rfbproto QEMU client message (extended key event, audio).</summary>
    public const byte Qemu = 255;
}
