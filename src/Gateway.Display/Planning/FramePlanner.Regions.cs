using System.Runtime.CompilerServices;
using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    private enum CellKind : byte
    {
        None,
        Solid,
        Image,
    }

    private void PlanLayer(DisplayLayer layer, SentLayer sent, CellGrid dirty, List<PlanOperation> ops)
    {
        var current = layer.Raw;
        var previous = PreviousOf(sent, 0, 0);
        if (current.Width != previous.Width || current.Height != previous.Height || dirty.Width != current.Width || dirty.Height != current.Height)
        {
            throw new InvalidOperationException("the planner's picture is out of step with the model");
        }

        int columns = dirty.Columns;
        int rows = dirty.Rows;
        if (_cells.Length < columns * rows)
        {
            _cells = new CellWork[columns * rows];
        }

        // Large dirty areas are searched for moved content before diffing, so the diff runs once, after the copy,
        // and skips the rows the copy made equal. Small ones are diffed first and searched only within the tight
        // changed rectangle.
        var dirtyBounds = DirtyBounds(dirty);
        if (!dirtyBounds.IsEmpty && layer.Deferred.Count > 0)
        {
            // The diff reads the model within these bounds: images it still holds undecoded there are decoded first.
            DecodeForDiff(layer, sent, dirtyBounds);
        }

        PreviousOf(sent, dirtyBounds.Y, dirtyBounds.Bottom);
        _planning = sent;
        bool searched = false;
        bool scrolled = false;
        if (!DetectScrolling)
        {
            _rowHashes.Remove(layer.Index);
        }
        else if (dirtyBounds.Height >= 2 * CellGrid.CellSize)
        {
            searched = true;
            scrolled = TryPlanScroll(layer.Index, current, previous, dirtyBounds, retarget: true, ops);
        }

        try
        {
            var changedBounds = DiffCells(current, previous, dirty);
            if (changedBounds.IsEmpty)
            {
                return;
            }

            // Content that did not scroll may still have moved in two dimensions (a dragged window). That search
            // scans the old picture, so it is skipped when nearly the whole layer changed (video, a new page).
            if (DetectScrolling && !scrolled
                && ((!searched && TryPlanScroll(layer.Index, current, previous, changedBounds, retarget: false, ops))
                    || (changedBounds.Area * 4 <= (long)current.Width * current.Height * 3
                        && TryPlanMove(layer.Index, current, previous, changedBounds, ops))))
            {
                changedBounds = DiffCells(current, previous, dirty);
                if (changedBounds.IsEmpty)
                {
                    return;
                }
            }
        }
        finally
        {
            ClearVerifiedRows();
        }

        ClassifyCells(current, columns, rows);
        EmitSolids(layer.Index, current, previous, columns, rows, ops);
        EmitImages(layer.Index, current, previous, columns, rows, ops);
    }

    private static PixelRect DirtyBounds(CellGrid dirty)
    {
        var bounds = PixelRect.Empty;
        for (int r = 0; r < dirty.Rows; r++)
        {
            for (int c = 0; c < dirty.Columns; c++)
            {
                if (dirty.IsDirty(c, r))
                {
                    bounds = bounds.Union(dirty.CellRect(c, r));
                }
            }
        }

        return bounds;
    }

    /// <summary>Fills the cell table with each dirty cell's tight changed rectangle; returns their union.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PixelRect DiffCells(Surface current, Surface previous, CellGrid dirty)
    {
        var union = PixelRect.Empty;
        for (int r = 0; r < dirty.Rows; r++)
        {
            for (int c = 0; c < dirty.Columns; c++)
            {
                ref var cell = ref _cells[(r * dirty.Columns) + c];
                cell = default;
                if (!dirty.IsDirty(c, r))
                {
                    continue;
                }

                var area = dirty.CellRect(c, r);
                var changed = PixelOps.ChangedBounds(current, previous, area, _verifiedColumns.Contains(area) ? _verifiedRows : default);
                if (!changed.IsEmpty)
                {
                    cell.Kind = CellKind.Image;
                    cell.Rect = changed;
                    union = union.Union(changed);
                }
            }
        }

        return union;
    }

    private void ClassifyCells(Surface current, int columns, int rows)
    {
        for (int i = 0; i < columns * rows; i++)
        {
            ref var cell = ref _cells[i];
            if (cell.Kind == CellKind.Image && PixelOps.IsUniform(current, cell.Rect, out uint colour))
            {
                cell.Kind = CellKind.Solid;
                cell.Colour = colour;
            }
        }
    }

    /// <summary>Single-colour cells, merged with same-coloured neighbours when the merged rectangle is still one colour.</summary>
    private void EmitSolids(int layer, Surface current, Surface previous, int columns, int rows, List<PlanOperation> ops)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                ref var cell = ref _cells[(r * columns) + c];
                if (cell.Kind != CellKind.Solid)
                {
                    continue;
                }

                uint colour = cell.Colour;
                var rect = cell.Rect;
                cell.Kind = CellKind.None;

                // Grow to the right, then take whole rows of the same span downwards.
                int end = c + 1;
                while (end < columns && TryAbsorbSolid(current, ref _cells[(r * columns) + end], colour, ref rect))
                {
                    end++;
                }

                for (int below = r + 1; below < rows; below++)
                {
                    var grown = rect;
                    bool all = true;
                    for (int k = c; k < end && all; k++)
                    {
                        ref var other = ref _cells[(below * columns) + k];
                        all = other.Kind == CellKind.Solid && other.Colour == colour;
                        grown = grown.Union(other.Rect);
                    }

                    if (!all || !PixelOps.IsUniform(current, grown, out _))
                    {
                        break;
                    }

                    for (int k = c; k < end; k++)
                    {
                        _cells[(below * columns) + k].Kind = CellKind.None;
                    }

                    rect = grown;
                }

                EmitFill(layer, rect, Bgra32.FromUInt32(colour), ops);
                previous.CopyFrom(current, rect, rect.X, rect.Y);
            }
        }
    }

    private static bool TryAbsorbSolid(Surface current, ref CellWork next, uint colour, ref PixelRect rect)
    {
        if (next.Kind != CellKind.Solid || next.Colour != colour)
        {
            return false;
        }

        var grown = rect.Union(next.Rect);
        if (!PixelOps.IsUniform(current, grown, out _))
        {
            return false;
        }

        rect = grown;
        next.Kind = CellKind.None;
        return true;
    }

    private static void EmitFill(int layer, PixelRect rect, Bgra32 colour, List<PlanOperation> ops)
    {
        if (colour.IsOpaque)
        {
            ops.Add(PlanOperation.Fill(layer, rect, CompositeMask.Over, colour));
            return;
        }

        // OVER would blend with what is there: clear to transparent first, then draw the colour over nothing.
        ops.Add(PlanOperation.Clear(layer, rect));
        if (colour.A != 0)
        {
            ops.Add(PlanOperation.Fill(layer, rect, CompositeMask.Over, colour));
        }
    }

    /// <summary>
    /// The remaining cells as images: runs of neighbouring cells in a row (at most 512 px wide), then runs with
    /// the same columns in following rows (at most 512 px high) merged into one rectangle.
    /// </summary>
    private void EmitImages(int layer, Surface current, Surface previous, int columns, int rows, List<PlanOperation> ops)
    {
        const int maxCells = MaxImageSide / CellGrid.CellSize;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (_cells[(r * columns) + c].Kind != CellKind.Image)
                {
                    continue;
                }

                int end = c;
                var rect = PixelRect.Empty;
                while (end < columns && end - c < maxCells && _cells[(r * columns) + end].Kind == CellKind.Image)
                {
                    rect = rect.Union(_cells[(r * columns) + end].Rect);
                    _cells[(r * columns) + end].Kind = CellKind.None;
                    end++;
                }

                for (int below = r + 1; below < rows && below - r < maxCells; below++)
                {
                    if (!IsImageRun(below * columns, c, end))
                    {
                        break;
                    }

                    for (int k = c; k < end; k++)
                    {
                        rect = rect.Union(_cells[(below * columns) + k].Rect);
                        _cells[(below * columns) + k].Kind = CellKind.None;
                    }
                }

                EmitImage(layer, current, rect, ops);
                previous.CopyFrom(current, rect, rect.X, rect.Y);
            }
        }
    }

    /// <summary>True when cells start..end of a row are all waiting images.</summary>
    private bool IsImageRun(int rowStart, int start, int end)
    {
        for (int k = start; k < end; k++)
        {
            if (_cells[rowStart + k].Kind != CellKind.Image)
            {
                return false;
            }
        }

        return true;
    }

    private void EmitImage(int layer, Surface current, PixelRect rect, List<PlanOperation> ops)
    {
        var pixels = _pixelPool.Rent(rect.Width * rect.Height * Surface.BytesPerPixel);
        current.ExtractTo(rect, pixels);
        _rented.Add(pixels);
        bool hasAlpha = PixelOps.HasAlpha(pixels);
        if (hasAlpha)
        {
            ops.Add(PlanOperation.Clear(layer, rect));
        }

        ops.Add(PlanOperation.Image(layer, rect, pixels, hasAlpha));
    }

    private struct CellWork
    {
        public CellKind Kind;
        public PixelRect Rect;
        public uint Colour;
    }
}
