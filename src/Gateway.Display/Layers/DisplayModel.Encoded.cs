using System.Buffers;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

public sealed partial class DisplayModel
{
    /// <summary>Most encoded regions one frame keeps; later ones are drawn as plain pixels.</summary>
    public const int MaxEncodedRegionsPerFrame = 256;

    private readonly List<EncodedRegion> _encoded = [];

    /// <summary>
    /// Draws decoded pixels like <see cref="Put"/> and remembers their encoded form for this frame, so the planner
    /// may send the back end's own image instead of encoding the pixels again. Only JPEG is accepted, and only a
    /// baseline JPEG of exactly <paramref name="rect"/>'s size that lies wholly inside the layer
    /// (<see cref="JpegSanitizer"/>); otherwise, or when anything overlapping is drawn later in the frame, the pixels
    /// are sent as if <see cref="Put"/> had been called. The bytes are copied: the caller's buffer may be reused.
    /// </summary>
    public void PutEncoded(int index, PixelRect rect, ReadOnlySpan<byte> pixels, int stride, ImageFormat format, ReadOnlySpan<byte> encoded)
    {
        Put(index, rect, pixels, stride);
        RememberEncoded(index, rect, format, encoded);
    }

    /// <summary>
    /// Like <see cref="PutEncoded(int, PixelRect, ReadOnlySpan{byte}, int, ImageFormat, ReadOnlySpan{byte})"/>, but
    /// the pixels are decoded by <paramref name="decode"/> straight into the layer (no intermediate copy). Returns
    /// false, touching nothing, when <paramref name="rect"/> is empty or not wholly inside the layer: the caller then
    /// decodes into its own buffer and calls <see cref="Put"/>. If <paramref name="decode"/> throws, the rectangle
    /// holds whatever it wrote and is marked changed.
    /// </summary>
    public bool TryPutEncoded(int index, PixelRect rect, PixelWriter decode, ImageFormat format, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(decode);
        var layer = GetLayer(index);
        var surface = layer.Surface;
        if (rect.IsEmpty || surface.Clip(rect) != rect)
        {
            return false;
        }

        Version++;
        SnapshotsOf(layer).SaveCells(surface, rect);
        try
        {
            int stride = surface.Stride;
            int start = (rect.Y * stride) + (rect.X * Surface.BytesPerPixel);
            int length = ((rect.Height - 1) * stride) + (rect.Width * Surface.BytesPerPixel);
            decode(surface.Pixels.Slice(start, length), stride);
        }
        finally
        {
            layer.Dirty.Mark(rect);
            InvalidateEncoded(index, rect);
        }

        RememberEncoded(index, rect, format, encoded);
        return true;
    }

    private void RememberEncoded(int index, PixelRect rect, ImageFormat format, ReadOnlySpan<byte> encoded)
    {
        var layer = _layers[index];
        if (format != ImageFormat.Jpeg || rect.IsEmpty || layer.Surface.Clip(rect) != rect || encoded.IsEmpty
            || _encoded.Count >= MaxEncodedRegionsPerFrame)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        if (!JpegSanitizer.TrySanitize(encoded, rect.Width, rect.Height, buffer, out int length))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        _encoded.Add(new EncodedRegion(index, rect, format, buffer, length));
    }

    /// <summary>Forgets the encoded regions of <paramref name="index"/> that <paramref name="rect"/> touches (all of them when null).</summary>
    private void InvalidateEncoded(int index, PixelRect? rect)
    {
        for (int i = _encoded.Count - 1; i >= 0; i--)
        {
            var region = _encoded[i];
            if (region.Layer == index && (rect is not { } r || region.Rect.IntersectsWith(r)))
            {
                _encoded.RemoveAt(i);
                ArrayPool<byte>.Shared.Return(region.Buffer);
            }
        }
    }

    /// <summary>Hands this frame's encoded regions to the frame and starts an empty list.</summary>
    private EncodedRegion[] TakeEncoded()
    {
        if (_encoded.Count == 0)
        {
            return [];
        }

        var taken = _encoded.ToArray();
        _encoded.Clear();
        return taken;
    }
}
