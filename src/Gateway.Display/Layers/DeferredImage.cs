using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// A back end's JPEG that a layer holds undecoded: its pixels are the layer's at <see cref="Rect"/>, although the
/// layer's surface does not have them yet. Decoded only when something reads or partly overwrites that area, so a
/// picture that the next frame replaces wholly (video, animation) is never decoded on the server. The bytes were
/// checked by <see cref="Encoding.JpegSanitizer"/> and live in a pooled array.
/// </summary>
internal sealed class DeferredImage(PixelRect rect, byte[] buffer, int length, long frame)
{
    /// <summary>The rectangle the image covers exactly.</summary>
    public PixelRect Rect { get; } = rect;

    /// <summary>The frame that drew it: it is part of the picture clients hold at the start of every later frame.</summary>
    public long Frame { get; } = frame;

    /// <summary>The pooled array (from <see cref="System.Buffers.ArrayPool{T}.Shared"/>) behind <see cref="Data"/>.</summary>
    public byte[] Buffer { get; } = buffer;

    public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, length);

    public int Length => length;
}
