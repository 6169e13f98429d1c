using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.Display.Surfaces;

/// <summary>
/// A 32-bit BGRA pixel buffer with straight alpha. Every drawing operation clips to the buffer instead of
/// throwing, so rectangles from a back end (untrusted) can be passed straight in. A fully transparent pixel is
/// kept in canonical form (all four bytes zero) so that surfaces compare byte for byte with what a client draws.
/// </summary>
public sealed class Surface
{
    /// <summary>Largest width or height of a surface.</summary>
    public const int MaxDimension = 8192;

    /// <summary>Bytes per pixel.</summary>
    public const int BytesPerPixel = 4;

    private byte[] _pixels;

    public Surface(int width, int height)
    {
        CheckSize(width, height);
        Width = width;
        Height = height;
        _pixels = new byte[checked(width * height * BytesPerPixel)];
    }

    /// <summary>A surface over a caller-owned (e.g. pooled) array of at least <c>width * height * 4</c> bytes; contents are kept as they are.</summary>
    internal Surface(int width, int height, byte[] pixels)
    {
        CheckSize(width, height);
        if (pixels.Length < (long)width * height * BytesPerPixel)
        {
            throw new ArgumentException("pixel array is smaller than the surface", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = pixels;
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Bytes from the start of one row to the start of the next (always <c>Width * 4</c>).</summary>
    public int Stride => Width * BytesPerPixel;

    public PixelRect Bounds => new(0, 0, Width, Height);

    /// <summary>All pixels, row after row.</summary>
    public Span<byte> Pixels => _pixels.AsSpan(0, Height * Stride);

    /// <summary>One row of pixels.</summary>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return _pixels.AsSpan(y * Stride, Stride);
    }

    /// <summary>The bytes of columns <paramref name="x"/>..<paramref name="x"/>+<paramref name="width"/> of row <paramref name="y"/>.</summary>
    public Span<byte> RowSpan(int y, int x, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(x + width, Width);
        return _pixels.AsSpan((y * Stride) + (x * BytesPerPixel), width * BytesPerPixel);
    }

    public Bgra32 GetPixel(int x, int y) => Bgra32.Read(RowSpan(y, x, 1));

    /// <summary>The part of <paramref name="rect"/> inside this surface (empty if none).</summary>
    public PixelRect Clip(PixelRect rect) => Bounds.Intersect(rect);

    /// <summary>Replaces the pixels of <paramref name="rect"/> (clipped) with <paramref name="colour"/>; returns what was written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PixelRect Fill(PixelRect rect, Bgra32 colour)
    {
        var clipped = Clip(rect);
        if (clipped.IsEmpty)
        {
            return clipped;
        }

        uint value = colour.Normalize().ToUInt32();
        for (int y = clipped.Y; y < clipped.Bottom; y++)
        {
            MemoryMarshal.Cast<byte, uint>(RowSpan(y, clipped.X, clipped.Width)).Fill(value);
        }

        return clipped;
    }

    /// <summary>
    /// Draws <paramref name="source"/> (BGRA rows <paramref name="sourceStride"/> bytes apart) at <paramref name="destination"/>,
    /// whose size is the source image's size. Parts outside this surface are skipped. With <paramref name="blend"/>
    /// the source is composited over the existing pixels; otherwise it replaces them. Returns what was written.
    /// </summary>
    public PixelRect Put(PixelRect destination, ReadOnlySpan<byte> source, int sourceStride, bool blend = false)
    {
        if (destination.IsEmpty)
        {
            return PixelRect.Empty;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(sourceStride, 0);
        if ((long)destination.Width * BytesPerPixel > sourceStride)
        {
            throw new ArgumentException("source stride is shorter than one row", nameof(sourceStride));
        }

        long needed = ((long)(destination.Height - 1) * sourceStride) + ((long)destination.Width * BytesPerPixel);
        if (needed > source.Length)
        {
            throw new ArgumentException("source is smaller than the rectangle", nameof(source));
        }

        var clipped = Clip(destination);
        if (clipped.IsEmpty)
        {
            return clipped;
        }

        int offsetX = clipped.X - destination.X;
        int offsetY = clipped.Y - destination.Y;
        for (int row = 0; row < clipped.Height; row++)
        {
            var src = source.Slice(((offsetY + row) * sourceStride) + (offsetX * BytesPerPixel), clipped.Width * BytesPerPixel);
            var dst = RowSpan(clipped.Y + row, clipped.X, clipped.Width);
            if (blend)
            {
                BlendRow(MemoryMarshal.Cast<byte, uint>(src), MemoryMarshal.Cast<byte, uint>(dst));
            }
            else
            {
                CopyRowNormalized(MemoryMarshal.Cast<byte, uint>(src), MemoryMarshal.Cast<byte, uint>(dst));
            }
        }

        return clipped;
    }

    /// <summary>
    /// Copies <paramref name="sourceRect"/> of <paramref name="source"/> to (<paramref name="x"/>, <paramref name="y"/>) of this surface,
    /// clipped on both sides. The source may be this surface, with the rectangles overlapping (scrolling). Returns what was written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PixelRect CopyFrom(Surface source, PixelRect sourceRect, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(source);
        var dst = CopyTarget(source, sourceRect, x, y, out int srcX, out int srcY);
        if (dst.IsEmpty)
        {
            return dst;
        }

        bool bottomUp = ReferenceEquals(source, this) && dst.Y > srcY;
        for (int i = 0; i < dst.Height; i++)
        {
            int row = bottomUp ? dst.Height - 1 - i : i;
            source.RowSpan(srcY + row, srcX, dst.Width).CopyTo(RowSpan(dst.Y + row, dst.X, dst.Width));
        }

        return dst;
    }

    /// <summary>
    /// The part of this surface that <see cref="CopyFrom"/> with the same arguments would write (empty if none),
    /// without writing it; <paramref name="srcX"/>, <paramref name="srcY"/> give where its pixels come from.
    /// </summary>
    public PixelRect CopyTarget(Surface source, PixelRect sourceRect, int x, int y, out int srcX, out int srcY)
    {
        ArgumentNullException.ThrowIfNull(source);
        srcX = 0;
        srcY = 0;
        var src = source.Clip(sourceRect);
        if (src.IsEmpty)
        {
            return PixelRect.Empty;
        }

        // Shift the destination by however much the source lost on its top/left edges.
        long dstLeft = (long)x + (src.X - sourceRect.X);
        long dstTop = (long)y + (src.Y - sourceRect.Y);
        var dstWanted = PixelRect.FromEdges(
            Math.Max(dstLeft, int.MinValue / 2),
            Math.Max(dstTop, int.MinValue / 2),
            Math.Min(dstLeft + src.Width, int.MaxValue / 2),
            Math.Min(dstTop + src.Height, int.MaxValue / 2));
        var dst = Clip(dstWanted);
        if (dst.IsEmpty)
        {
            return PixelRect.Empty;
        }

        srcX = src.X + (int)(dst.X - dstLeft);
        srcY = src.Y + (int)(dst.Y - dstTop);
        return dst;
    }

    /// <summary>Changes the size, keeping the pixels both sizes share; new pixels are transparent.</summary>
    public void Resize(int width, int height)
    {
        CheckSize(width, height);
        if (width == Width && height == Height)
        {
            return;
        }

        var pixels = new byte[checked(width * height * BytesPerPixel)];
        int keepWidth = Math.Min(width, Width) * BytesPerPixel;
        int keepHeight = Math.Min(height, Height);
        for (int y = 0; y < keepHeight; y++)
        {
            _pixels.AsSpan(y * Stride, keepWidth).CopyTo(pixels.AsSpan(y * width * BytesPerPixel, keepWidth));
        }

        _pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary>Copies <paramref name="rect"/> (which must lie inside the surface) into a new tightly packed array.</summary>
    public byte[] Extract(PixelRect rect)
    {
        if (!Bounds.Contains(rect))
        {
            throw new ArgumentOutOfRangeException(nameof(rect), "rectangle lies outside the surface");
        }

        var result = new byte[rect.Width * rect.Height * BytesPerPixel];
        ExtractTo(rect, result);
        return result;
    }

    /// <summary>Copies <paramref name="rect"/> (which must lie inside the surface) tightly packed into <paramref name="destination"/>.</summary>
    public void ExtractTo(PixelRect rect, Span<byte> destination)
    {
        if (!Bounds.Contains(rect))
        {
            throw new ArgumentOutOfRangeException(nameof(rect), "rectangle lies outside the surface");
        }

        int rowBytes = rect.Width * BytesPerPixel;
        if ((long)rowBytes * rect.Height > destination.Length)
        {
            throw new ArgumentException("destination is smaller than the rectangle", nameof(destination));
        }

        for (int row = 0; row < rect.Height; row++)
        {
            RowSpan(rect.Y + row, rect.X, rect.Width).CopyTo(destination.Slice(row * rowBytes, rowBytes));
        }
    }

    /// <summary>A deep copy.</summary>
    public Surface Clone()
    {
        var copy = new Surface(Width, Height);
        Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    /// <summary>True when both surfaces have the same size and bytes.</summary>
    public bool ContentEquals(Surface other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Width == Width && other.Height == Height && Pixels.SequenceEqual(other.Pixels);
    }

    /// <summary>Checks a requested surface size against <see cref="MaxDimension"/>.</summary>
    public static void CheckSize(int width, int height)
    {
        if ((uint)width > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "surface width is out of range");
        }

        if ((uint)height > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "surface height is out of range");
        }
    }

    /// <summary>True when a size is acceptable for <see cref="Surface"/>.</summary>
    public static bool IsValidSize(int width, int height) => (uint)width <= MaxDimension && (uint)height <= MaxDimension;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRowNormalized(ReadOnlySpan<uint> src, Span<uint> dst)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var alpha = Vector256.Create(0xFF000000u);
            for (; i + Vector256<uint>.Count <= src.Length; i += Vector256<uint>.Count)
            {
                var v = Vector256.Create(src.Slice(i, Vector256<uint>.Count));
                var transparent = Vector256.Equals(v & alpha, Vector256<uint>.Zero);
                Vector256.AndNot(v, transparent).CopyTo(dst.Slice(i, Vector256<uint>.Count));
            }
        }

        for (; i < src.Length; i++)
        {
            uint p = src[i];
            dst[i] = (p & 0xFF000000u) == 0 ? 0 : p;
        }
    }

    private static void BlendRow(ReadOnlySpan<uint> src, Span<uint> dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = Over(src[i], dst[i]);
        }
    }

    /// <summary>Straight-alpha "source over destination" for one pixel.</summary>
    internal static uint Over(uint s, uint d)
    {
        uint sa = s >> 24;
        if (sa == 255)
        {
            return s;
        }

        if (sa == 0)
        {
            return d;
        }

        uint da = d >> 24;
        if (da == 0)
        {
            return s;
        }

        // Work in units of 1/(255*255): a = sa*255 + da*(255-sa).
        uint inv = 255 - sa;
        uint outA255 = (sa * 255) + (da * inv);
        uint result = (outA255 + 127) / 255 << 24;
        for (int shift = 0; shift < 24; shift += 8)
        {
            uint sc = (s >> shift) & 0xFF;
            uint dc = (d >> shift) & 0xFF;
            uint num = (sc * sa * 255) + (dc * da * inv);
            uint c = (num + (outA255 / 2)) / outA255;
            result |= Math.Min(c, 255u) << shift;
        }

        return result;
    }
}
