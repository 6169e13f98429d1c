using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Handshake;

/// <summary>
/// RFC 6143 7.3.2 ServerInit: framebuffer width and height (U16 each), the server's PIXEL_FORMAT, then the desktop
/// name (U32 length + bytes, bounded by <see cref="RfbHandshakeOptions.MaxNameLength"/>; decoded as UTF-8 with
/// replacement, which is a superset of the Latin-1 most servers send for ASCII names).
/// </summary>
public sealed record ServerInit(int Width, int Height, PixelFormat PixelFormat, string Name);
