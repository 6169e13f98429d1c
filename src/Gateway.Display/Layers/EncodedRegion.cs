using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// A rectangle of one frame whose final pixels the back end also handed over in encoded form (a VNC server's
/// Tight JPEG), already checked by <see cref="JpegSanitizer"/>. Nothing else was drawn over it later in the frame,
/// so the bytes decode to the pixels the layer holds there (within the format's loss).
/// </summary>
public sealed class EncodedRegion
{
    internal EncodedRegion(int layer, PixelRect rect, ImageFormat format, byte[] buffer, int length)
    {
        Layer = layer;
        Rect = rect;
        Format = format;
        Buffer = buffer;
        Length = length;
    }

    /// <summary>The layer drawn into.</summary>
    public int Layer { get; }

    /// <summary>The rectangle the image covers exactly.</summary>
    public PixelRect Rect { get; }

    /// <summary>The encoding of <see cref="Data"/>.</summary>
    public ImageFormat Format { get; }

    /// <summary>The encoded image.</summary>
    public ReadOnlyMemory<byte> Data => Buffer.AsMemory(0, Length);

    /// <summary>The pooled array behind <see cref="Data"/> (from <see cref="System.Buffers.ArrayPool{T}.Shared"/>).</summary>
    internal byte[] Buffer { get; }

    internal int Length { get; }
}
