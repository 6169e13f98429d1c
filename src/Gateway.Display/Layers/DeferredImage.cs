using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// A back end's JPEG that a layer holds undecoded: its pixels are the layer's in <see cref="Visible"/>, although the
/// layer's surface does not have them yet. Decoded only when something reads or partly overwrites that area, so a
/// picture that later ones replace (video, animation) is never decoded on the server. Drawing that covers whole rows
/// of it at its top or bottom (the next frame's strips, tiled differently) only hides those rows. The bytes were
/// checked by <see cref="Encoding.JpegSanitizer"/> and live in a pooled array.
/// </summary>
internal sealed class DeferredImage(PixelRect rect, byte[] buffer, int length, long frame)
{
    private long _startFrame;
    private int _startTop;
    private int _startBottom;

    /// <summary>The rectangle the image covers exactly.</summary>
    public PixelRect Rect { get; } = rect;

    /// <summary>The frame that drew it: it is part of the picture clients hold at the start of every later frame.</summary>
    public long Frame { get; } = frame;

    /// <summary>The pooled array (from <see cref="System.Buffers.ArrayPool{T}.Shared"/>) behind <see cref="Data"/>.</summary>
    public byte[] Buffer { get; } = buffer;

    public ReadOnlySpan<byte> Data => Buffer.AsSpan(0, length);

    public int Length => length;

    /// <summary>First row (absolute) still showing the image.</summary>
    public int VisibleTop { get; private set; } = rect.Y;

    /// <summary>Row (absolute, exclusive) below the last one still showing the image.</summary>
    public int VisibleBottom { get; private set; } = rect.Y + rect.Height;

    /// <summary>The rows of the image still showing, at full width.</summary>
    public PixelRect Visible => new(Rect.X, VisibleTop, Rect.Width, Math.Max(0, VisibleBottom - VisibleTop));

    /// <summary>The part of the image in the picture clients held when frame <paramref name="frame"/> began.</summary>
    public PixelRect VisibleAtStartOf(long frame)
    {
        if (Frame >= frame)
        {
            return PixelRect.Empty;
        }

        return _startFrame == frame ? new PixelRect(Rect.X, _startTop, Rect.Width, Math.Max(0, _startBottom - _startTop)) : Visible;
    }

    /// <summary>
    /// Hides the rows of the image that <paramref name="area"/> covers at full width, when they are at the top or the
    /// bottom of what still shows (what remains is then one band of rows); false, changing nothing, otherwise.
    /// </summary>
    public bool TryHide(PixelRect area, long frame)
    {
        var visible = Visible;
        var covered = area.Intersect(visible);
        if (covered.IsEmpty || covered.X != visible.X || covered.Width != visible.Width
            || (covered.Y != VisibleTop && covered.Bottom != VisibleBottom))
        {
            return false;
        }

        if (Frame < frame && _startFrame != frame)
        {
            _startFrame = frame;
            _startTop = VisibleTop;
            _startBottom = VisibleBottom;
        }

        if (covered.Y == VisibleTop)
        {
            VisibleTop = (int)covered.Bottom;
        }
        else
        {
            VisibleBottom = covered.Y;
        }

        return true;
    }
}
