using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// A back end's JPEG that a layer holds undecoded: its pixels are the layer's in <see cref="Visible"/>, although the
/// layer's surface does not have them yet. Decoded only when something reads or partly overwrites that area, so a
/// picture that later ones replace (video, animation) is never decoded on the server. Drawing that covers whole rows
/// of it at its top or bottom, or whole columns at its left or right (the next update's strips, tiled differently; a
/// column sent apart), only hides them. The bytes were
/// checked by <see cref="Encoding.JpegSanitizer"/> and live in a pooled array.
/// </summary>
internal sealed class DeferredImage(PixelRect rect, byte[] buffer, int length, long frame)
{
    private long _startFrame;
    private PixelRect _start;

    /// <summary>The rectangle the image covers exactly.</summary>
    public PixelRect Rect { get; } = rect;

    /// <summary>The frame that drew it: it is part of the picture clients hold at the start of every later frame.</summary>
    public long Frame { get; } = frame;

    /// <summary>The pooled array (from <see cref="System.Buffers.ArrayPool{T}.Shared"/>) behind <see cref="Data"/>.</summary>
    public byte[] Buffer { get; } = buffer;

    public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, length);

    public int Length => length;

    /// <summary>The part of the image still showing (a rectangle: drawing that would leave another shape decodes it).</summary>
    public PixelRect Visible { get; private set; } = rect;

    /// <summary>The part of the image in the picture clients held when frame <paramref name="frame"/> began.</summary>
    public PixelRect VisibleAtStartOf(long frame)
    {
        if (Frame >= frame)
        {
            return PixelRect.Empty;
        }

        return _startFrame == frame ? _start : Visible;
    }

    /// <summary>
    /// Hides what <paramref name="area"/> covers of the visible part when that leaves a rectangle (whole rows at its
    /// top or bottom, or whole columns at its left or right); false, changing nothing, otherwise.
    /// </summary>
    public bool TryHide(PixelRect area, long frame)
    {
        var visible = Visible;
        var covered = area.Intersect(visible);
        if (covered.IsEmpty)
        {
            return false;
        }

        PixelRect remaining;
        if (covered.X == visible.X && covered.Width == visible.Width && (covered.Y == visible.Y || covered.Bottom == visible.Bottom))
        {
            remaining = covered.Y == visible.Y
                ? PixelRect.FromEdges(visible.X, covered.Bottom, visible.Right, visible.Bottom)
                : PixelRect.FromEdges(visible.X, visible.Y, visible.Right, covered.Y);
        }
        else if (covered.Y == visible.Y && covered.Height == visible.Height && (covered.X == visible.X || covered.Right == visible.Right))
        {
            remaining = covered.X == visible.X
                ? PixelRect.FromEdges(covered.Right, visible.Y, visible.Right, visible.Bottom)
                : PixelRect.FromEdges(visible.X, visible.Y, covered.X, visible.Bottom);
        }
        else
        {
            return false;
        }

        if (Frame < frame && _startFrame != frame)
        {
            _startFrame = frame;
            _start = visible;
        }

        Visible = remaining;
        return true;
    }
}
