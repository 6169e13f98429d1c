using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>Pixels in the row segment of new content that is looked for in the old picture.</summary>
    private const int MoveAnchorPixels = 32;

    /// <summary>Fewest rows and pixels a moved block must have to become a copy.</summary>
    private const int MinMoveRows = 16;

    private const int MinMoveArea = 64 * 64;

    /// <summary>Most places an anchor is tried at before the search gives up.</summary>
    private const int MaxMoveCandidates = 64;

    /// <summary>Fewest colour changes between neighbouring pixels of an anchor segment.</summary>
    private const int MinAnchorDetail = 4;

    /// <summary>Rows of the changed area anchors are taken from, and most anchors searched for.</summary>
    private const int AnchorRows = 8;

    private const int MaxAnchorSearches = 6;

    /// <summary>Distance between the anchor segments considered in a row.</summary>
    private const int AnchorStep = 8;

    /// <summary>The layer <see cref="PlanLayer"/> works on (its picture is filled in by row bands).</summary>
    private SentLayer? _planning;

    /// <summary>
    /// Looks for one block of content that moved by (dx, dy) inside <paramref name="changed"/>, e.g. a dragged window:
    /// takes a 32-pixel segment of new content from a few rows of the changed area, finds where it was in the old
    /// picture (the moved block's old place lies inside the changed area too, since it was uncovered), and grows the
    /// match into the largest rectangle whose every pixel equals its source. That rectangle (with an opaque source)
    /// becomes one copy, applied to the mirror; the caller diffs again. Only exact matches are copied.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryPlanMove(int layer, Surface current, Surface previous, PixelRect changed, List<PlanOperation> ops)
    {
        if (changed.Width < MoveAnchorPixels * 2 || changed.Height < MinMoveRows || changed.Area < MinMoveArea)
        {
            return false;
        }

        // Anchors come from rows spread over the area and, in each row, from each third of its columns, because a
        // row also holds content that is new (uncovered) rather than moved, and that content is found nowhere.
        int slices = changed.Width / 3 >= MoveAnchorPixels ? 3 : 1;
        int candidates = 0;
        int searches = 0;
        for (int k = 0; k < AnchorRows && searches < MaxAnchorSearches; k++)
        {
            int anchorY = changed.Y + (int)((((2L * k) + 1) * changed.Height) / (2 * AnchorRows));
            for (int slice = 0; slice < slices && searches < MaxAnchorSearches; slice++)
            {
                int sliceX = changed.X + (changed.Width * slice / slices);
                int sliceRight = changed.X + (changed.Width * (slice + 1) / slices);
                var columns = new PixelRect(sliceX, changed.Y, sliceRight - sliceX, changed.Height);
                if (!TryFindAnchor(current, previous, columns, anchorY, out int anchorX))
                {
                    continue;
                }

                searches++;
                if (TrySearchAnchor(layer, current, previous, changed, anchorX, anchorY, ref candidates, ops))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Tries each place in the old picture where the anchor segment occurs, until one grows into a copy.</summary>
    private bool TrySearchAnchor(int layer, Surface current, Surface previous, PixelRect changed, int anchorX, int anchorY, ref int candidates, List<PlanOperation> ops)
    {
        // The segment may straddle the moved block's edge, so its old place can reach a little past the area.
        var segment = MemoryMarshal.Cast<byte, uint>(current.RowSpan(anchorY, anchorX, MoveAnchorPixels));
        var searched = previous.Clip(new PixelRect(changed.X - MoveAnchorPixels, changed.Y, changed.Width + (2 * MoveAnchorPixels), changed.Height));
        for (int y = searched.Y; y < searched.Bottom && candidates < MaxMoveCandidates; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(previous.RowSpan(y, searched.X, searched.Width));
            int from = 0;
            while (candidates < MaxMoveCandidates)
            {
                int hit = row[from..].IndexOf(segment);
                if (hit < 0)
                {
                    break;
                }

                int x = searched.X + from + hit;
                from += hit + 1;
                if (x == anchorX && y == anchorY)
                {
                    continue;
                }

                candidates++;
                if (TryCopyMoved(layer, current, previous, changed, anchorX, anchorY, anchorX - x, anchorY - y, ops))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The start of the most detailed segment of row <paramref name="y"/> (most colour changes between neighbours, at
    /// least <see cref="MinAnchorDetail"/>) that differs from the old row: detailed segments occur in few places of the
    /// old picture, so few candidates need trying.
    /// </summary>
    private static bool TryFindAnchor(Surface current, Surface previous, PixelRect changed, int y, out int anchorX)
    {
        anchorX = 0;
        var now = MemoryMarshal.Cast<byte, uint>(current.RowSpan(y, changed.X, changed.Width));
        var before = MemoryMarshal.Cast<byte, uint>(previous.RowSpan(y, changed.X, changed.Width));
        int first = now.CommonPrefixLength(before);
        int best = MinAnchorDetail - 1;
        for (int x = Math.Max(0, Math.Min(first, now.Length - MoveAnchorPixels)); x + MoveAnchorPixels <= now.Length; x += AnchorStep)
        {
            var segment = now.Slice(x, MoveAnchorPixels);
            int detail = 0;
            for (int i = 1; i < segment.Length; i++)
            {
                detail += segment[i] != segment[i - 1] ? 1 : 0;
            }

            if (detail > best && !segment.SequenceEqual(before.Slice(x, MoveAnchorPixels)))
            {
                best = detail;
                anchorX = changed.X + x;
            }
        }

        return best >= MinAnchorDetail;
    }

    /// <summary>Grows the anchor's match at offset (dx, dy) into the largest verified rectangle and copies it if it is big enough.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryCopyMoved(int layer, Surface current, Surface previous, PixelRect changed, int anchorX, int anchorY, int dx, int dy, List<PlanOperation> ops)
    {
        // Target rows stay inside the changed area, source rows inside the layer.
        int minY = Math.Max(changed.Y, dy);
        int maxY = (int)Math.Min(changed.Bottom, previous.Height + (long)dy);

        // Source rows may lie outside the changed area: make sure the planned picture has them.
        PreviousOf(_planning!, (long)minY - dy, (long)maxY - dy);
        int top = anchorY;
        while (top - 1 >= minY && SegmentMatches(current, previous, anchorX, top - 1, dx, dy))
        {
            top--;
        }

        int bottom = anchorY + 1;
        while (bottom < maxY && SegmentMatches(current, previous, anchorX, bottom, dx, dy))
        {
            bottom++;
        }

        if (bottom - top < MinMoveRows)
        {
            return false;
        }

        // Columns: as far left and right of the anchor as every row keeps matching.
        int leftLimit = Math.Max(changed.X, dx);
        int rightLimit = (int)Math.Min(changed.Right, previous.Width + (long)dx);
        int left = anchorX - leftLimit;
        int right = rightLimit - anchorX;
        for (int y = top; y < bottom && left + right >= MoveAnchorPixels; y++)
        {
            var now = MemoryMarshal.Cast<byte, uint>(current.RowSpan(y, anchorX - left, left + right));
            var before = MemoryMarshal.Cast<byte, uint>(previous.RowSpan(y - dy, anchorX - left - dx, left + right));
            right = Math.Min(right, now[left..].CommonPrefixLength(before[left..]));
            int matchedLeft = 0;
            while (matchedLeft < left && now[left - 1 - matchedLeft] == before[left - 1 - matchedLeft])
            {
                matchedLeft++;
            }

            left = matchedLeft;
        }

        var target = new PixelRect(anchorX - left, top, left + right, bottom - top);
        if (target.Width < MoveAnchorPixels || target.Area < MinMoveArea)
        {
            return false;
        }

        var source = new PixelRect(target.X - dx, target.Y - dy, target.Width, target.Height);
        if (!previous.Bounds.Contains(source) || !PixelOps.IsOpaque(previous, source))
        {
            return false;
        }

        ops.Add(PlanOperation.Copy(layer, source, layer, target.X, target.Y));
        previous.CopyFrom(previous, source, target.X, target.Y);
        return true;
    }

    private static bool SegmentMatches(Surface current, Surface previous, int x, int y, int dx, int dy) =>
        current.RowSpan(y, x, MoveAnchorPixels).SequenceEqual(previous.RowSpan(y - dy, x - dx, MoveAnchorPixels));
}
