using System.Buffers;
using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>
    /// Sends each of the frame's encoded regions as one image of exactly its rectangle carrying the back end's
    /// bytes (and the model's pixels, for when they cannot be used), and brings the previous picture there up to the model,
    /// so the diff that follows finds those pixels equal and skips them. Runs after the frame's copies were
    /// replayed. Cells wholly covered by such rectangles are marked clean in the frame, so the diff does not even
    /// compare them. Returns the pooled arrays the plan must give back, or null when there were none.
    /// </summary>
    private List<byte[]>? PlanEncoded(DisplayFrame frame, List<PlanOperation> ops)
    {
        if (frame.Encoded.Count == 0)
        {
            return null;
        }

        var buffers = new List<byte[]>(frame.Encoded.Count);
        var planned = new List<EncodedRegion>(frame.Encoded.Count);
        foreach (var region in frame.Encoded)
        {
            var rect = region.Rect;
            if (!frame.Model.TryGetLayer(region.Layer, out var layer) || !_sent.TryGetLayer(region.Layer, out var sent)
                || layer.Surface.Clip(rect) != rect || sent.Width != layer.Width || sent.Height != layer.Height)
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
            PreviousOf(sent, rect.Y, rect.Bottom).CopyFrom(layer.Surface, rect, rect.X, rect.Y);
            InvalidateRowHashes(region.Layer, rect);
            planned.Add(region);
        }

        UnmarkCovered(frame.Model, _dirty, planned);
        return buffers;
    }

    /// <summary>
    /// Marks clean the dirty cells that the planned regions cover wholly. The regions of one layer never overlap
    /// (drawing over one drops it), so a cell is covered when the areas of its intersections add up to its own.
    /// </summary>
    private static void UnmarkCovered(DisplayModel model, Dictionary<int, CellGrid> dirtyLayers, List<EncodedRegion> planned)
    {
        if (planned.Count == 0)
        {
            return;
        }

        foreach (var (index, dirty) in dirtyLayers)
        {
            if (!model.TryGetLayer(index, out var layer) || dirty.Width != layer.Width || dirty.Height != layer.Height)
            {
                continue;
            }

            for (int r = 0; r < dirty.Rows; r++)
            {
                for (int c = 0; c < dirty.Columns; c++)
                {
                    if (!dirty.IsDirty(c, r))
                    {
                        continue;
                    }

                    var cell = dirty.CellRect(c, r);
                    long covered = 0;
                    foreach (var region in planned)
                    {
                        if (region.Layer == index)
                        {
                            covered += cell.Intersect(region.Rect).Area;
                        }
                    }

                    if (covered == cell.Area)
                    {
                        dirty.Unmark(c, r);
                    }
                }
            }
        }
    }
}
