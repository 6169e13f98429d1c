using Gateway.Display.Surfaces;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.6.1: the 12-byte header of one rectangle in a FramebufferUpdate: x, y, width, height (U16 each) and
/// the encoding type (S32). Pseudo-encodings reuse the fields with their own meaning.
/// </summary>
public readonly record struct RectangleHeader(ushort X, ushort Y, ushort Width, ushort Height, int Encoding)
{
    /// <summary>Bytes of a rectangle header on the wire.</summary>
    public const int Size = 12;

    /// <summary>The rectangle as a <see cref="PixelRect"/>.</summary>
    public PixelRect Rect => new(X, Y, Width, Height);

    /// <summary>Width × height, without overflow.</summary>
    public long Area => (long)Width * Height;
}
