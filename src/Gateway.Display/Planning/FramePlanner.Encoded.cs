using System.Buffers;
using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>
    /// Sends each of the frame's encoded regions as one image of exactly its rectangle carrying the back end's
    /// bytes (and the model's pixels, for when they cannot be used), and brings the mirror there up to the model,
    /// so the diff that follows finds those pixels equal and skips them. Runs after the frame's copies were
    /// replayed. Cells wholly inside such a rectangle are marked clean in the frame, so the diff does not even
    /// compare them. Returns the pooled arrays the plan must give back, or null when there were none.
    /// </summary>
    private List<byte[]>? PlanEncoded(DisplayFrame frame, List<PlanOperation> ops)
    {
        if (frame.Encoded.Count == 0)
        {
            return null;
        }

        var buffers = new List<byte[]>(frame.Encoded.Count);
        foreach (var region in frame.Encoded)
        {
            var rect = region.Rect;
            if (!frame.Model.TryGetLayer(region.Layer, out var layer) || !_sent.TryGetLayer(region.Layer, out var sent)
                || layer.Surface.Clip(rect) != rect || sent.Surface.Clip(rect) != rect)
            {
                ArrayPool<byte>.Shared.Return(region.Buffer);
                continue;
            }

            var pixels = _pixelPool.Rent(rect.Width * rect.Height * Surface.BytesPerPixel);
            layer.Surface.ExtractTo(rect, pixels);
            _rented.Add(pixels);
            if (PixelOps.HasAlpha(pixels))
            {
                // A JPEG is opaque: translucent pixels there are left to the diff.
                ArrayPool<byte>.Shared.Return(region.Buffer);
                continue;
            }

            buffers.Add(region.Buffer);
            ops.Add(PlanOperation.PreEncodedImage(region.Layer, rect, pixels, region.Data, region.Format));
            sent.Surface.CopyFrom(layer.Surface, rect, rect.X, rect.Y);
            InvalidateRowHashes(region.Layer, rect);
            if (frame.Dirty.TryGetValue(region.Layer, out var dirty) && dirty.Width == layer.Width && dirty.Height == layer.Height)
            {
                dirty.UnmarkInside(rect);
            }
        }

        return buffers;
    }
}
