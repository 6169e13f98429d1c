using Gateway.Display.Surfaces;
using Gateway.Vnc.Encodings;

namespace Gateway.Fuzz;

/// <summary>
/// An in-memory <see cref="IFramebufferSink"/> over a <see cref="Surface"/> that also keeps the last cursor. Every
/// rectangle a decoder passes must lie inside the framebuffer; one that does not is a <see cref="FuzzInvariantException"/>.
/// </summary>
public sealed class SurfaceSink : IFramebufferSink
{
    public SurfaceSink(int width, int height)
    {
        Surface = new Surface(width, height);
    }

    public Surface Surface { get; }

    public int Width => Surface.Width;

    public int Height => Surface.Height;

    /// <summary>The last cursor set: hotspot, size and packed BGRA rows; null before any.</summary>
    public (int HotspotX, int HotspotY, int Width, int Height, byte[] Pixels)? Cursor { get; private set; }

    public void Put(PixelRect rect, ReadOnlySpan<byte> bgra, int stride)
    {
        Require(rect);
        Surface.Put(rect, bgra, stride);
    }

    public void Fill(PixelRect rect, Bgra32 colour)
    {
        Require(rect);
        Surface.Fill(rect, colour);
    }

    public void Copy(PixelRect source, int x, int y)
    {
        Require(source);
        Require(new PixelRect(x, y, source.Width, source.Height));
        Surface.CopyFrom(Surface, source, x, y);
    }

    public void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> bgra, int stride)
    {
        var pixels = new byte[width * height * 4];
        for (int row = 0; row < height; row++)
        {
            bgra.Slice(row * stride, width * 4).CopyTo(pixels.AsSpan(row * width * 4));
        }

        Cursor = (hotspotX, hotspotY, width, height, pixels);
    }

    /// <summary>True when both sinks hold the same pixels and cursor.</summary>
    public bool SameAs(SurfaceSink other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Surface.ContentEquals(other.Surface))
        {
            return false;
        }

        if (Cursor is null || other.Cursor is null)
        {
            return Cursor is null && other.Cursor is null;
        }

        var a = Cursor.Value;
        var b = other.Cursor.Value;
        return (a.HotspotX, a.HotspotY, a.Width, a.Height) == (b.HotspotX, b.HotspotY, b.Width, b.Height)
            && a.Pixels.AsSpan().SequenceEqual(b.Pixels);
    }

    private void Require(PixelRect rect)
    {
        if (rect.IsEmpty || rect.X < 0 || rect.Y < 0 || rect.Right > Width || rect.Bottom > Height)
        {
            throw new FuzzInvariantException($"decoder drew {rect} outside or empty in a {Width}x{Height} framebuffer");
        }
    }
}
