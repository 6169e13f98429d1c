using System.Buffers;
using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>
    /// Sends each of the frame's encoded regions as one image of exactly its rectangle carrying the back end's
    /// bytes (no pixels: the writer decodes them should it have to encode the image itself). Runs after the frame's
    /// copies were replayed. Cells wholly covered by such rectangles are marked clean in the frame, so the diff does
    /// not even compare them; where a region only partly covers a cell left dirty, the previous picture there is
    /// brought up to the model (decoding the region if the model holds it undecoded), so the diff that follows finds
    /// those pixels equal and skips them. Returns the pooled arrays the plan must give back, or null when there
    /// were none.
    /// </summary>
    private List<byte[]>? PlanEncoded(DisplayFrame frame, List<PlanOperation> ops)
    {
        if (frame.Encoded.Count == 0)
        {
            return null;
        }

        var buffers = new List<byte[]>(frame.Encoded.Count);
        var planned = new List<EncodedRegion>(frame.Encoded.Count);
        HashSet<int>? skipped = null;
        foreach (var region in frame.Encoded)
        {
            var rect = region.Rect;
            if (!frame.Model.TryGetLayer(region.Layer, out var layer) || !_sent.TryGetLayer(region.Layer, out var sent)
                || layer.Raw.Clip(rect) != rect || sent.Width != layer.Width || sent.Height != layer.Height)
            {
                ArrayPool<byte>.Shared.Return(region.Buffer);
                (skipped ??= []).Add(region.Layer);
                continue;
            }

            // A decoded JPEG is opaque, and so are the model's pixels there: nothing drawn over it since.
            buffers.Add(region.Buffer);
            ops.Add(PlanOperation.PreEncodedImage(region.Layer, rect, null, region.Data, region.Format));
            InvalidateRowHashes(region.Layer, rect);
            planned.Add(region);
        }

        UnmarkCovered(frame.Model, _dirty, planned, frame.Plain, skipped);
        foreach (var region in planned)
        {
            if (!_dirty.TryGetValue(region.Layer, out var dirty) || !frame.Model.TryGetLayer(region.Layer, out var layer)
                || !_sent.TryGetLayer(region.Layer, out var sent) || dirty.Width != layer.Width || dirty.Height != layer.Height)
            {
                continue;
            }

            var touched = DirtyPart(dirty, region.Rect);
            if (touched.IsEmpty)
            {
                continue;
            }

            DecodeForDiff(layer, sent, touched);
            PreviousOf(sent, touched.Y, touched.Bottom).CopyFrom(layer.Raw, touched, touched.X, touched.Y);
        }

        return buffers;
    }

    /// <summary>The bounds of the parts of <paramref name="rect"/> that lie in dirty cells.</summary>
    private static PixelRect DirtyPart(CellGrid dirty, PixelRect rect)
    {
        var part = PixelRect.Empty;
        int firstColumn = rect.X >> CellGrid.CellShift;
        int lastColumn = (int)((rect.Right - 1) >> CellGrid.CellShift);
        int firstRow = rect.Y >> CellGrid.CellShift;
        int lastRow = (int)((rect.Bottom - 1) >> CellGrid.CellShift);
        for (int r = firstRow; r <= lastRow && r < dirty.Rows; r++)
        {
            for (int c = firstColumn; c <= lastColumn && c < dirty.Columns; c++)
            {
                if (dirty.IsDirty(c, r))
                {
                    part = part.Union(dirty.CellRect(c, r).Intersect(rect));
                }
            }
        }

        return part;
    }

    /// <summary>
    /// Decodes the images the model holds undecoded within <paramref name="area"/> of a layer, before the diff reads
    /// it. Those of this frame lie over frame-start rows the model did not save (they never wrote the surface), so
    /// the previous picture takes those rows first.
    /// </summary>
    private void DecodeForDiff(DisplayLayer layer, SentLayer sent, PixelRect area)
    {
        var frame = _frame!;
        List<PixelRect>? rows = null;
        foreach (var image in layer.Deferred)
        {
            if (image.Frame >= frame.Number && image.Rect.IntersectsWith(area))
            {
                (rows ??= []).Add(image.Rect);
            }
        }

        if (rows is not null)
        {
            foreach (var rect in rows)
            {
                PreviousOf(sent, rect.Y, rect.Bottom);
            }
        }

        frame.Model.DecodeDeferred(layer, area, frame.Snapshots, frame.Number);
    }

    /// <summary>
    /// Marks clean the dirty cells that the planned regions cover wholly, and those only they wrote (not
    /// <paramref name="plain"/>: the rest of such a cell is as it was, and clients get the regions as they came),
    /// unless a region of that layer could not be planned or a copy could not be replayed there. The regions of one
    /// layer never overlap (drawing over one drops it), so a cell is covered when the areas of its intersections
    /// add up to its own.
    /// </summary>
    private void UnmarkCovered(DisplayModel model, Dictionary<int, CellGrid> dirtyLayers, List<EncodedRegion> planned, IReadOnlyDictionary<int, CellGrid>? plain, HashSet<int>? skipped)
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

            CellGrid? written = null;
            if (plain is not null && plain.TryGetValue(index, out var grid) && grid.Width == dirty.Width && grid.Height == dirty.Height
                && skipped?.Contains(index) != true)
            {
                written = grid;
            }

            _unreplayed.TryGetValue(index, out var unreplayed);
            if (unreplayed is not null && (unreplayed.Width != dirty.Width || unreplayed.Height != dirty.Height))
            {
                written = null;
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

                    if (covered == cell.Area
                        || (covered > 0 && written is not null && !written.IsDirty(c, r) && unreplayed?.IsDirty(c, r) != true))
                    {
                        dirty.Unmark(c, r);
                    }
                }
            }
        }
    }
}
