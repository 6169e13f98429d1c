using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>Fewest rows a detected scroll must move for a copy to be worth sending.</summary>
    private const int MinScrollRows = 4;

    /// <summary>Fewest distinct rows that must agree on the same offset.</summary>
    private const int MinScrollVotes = 4;

    private ulong[] _oldHashes = [];
    private ulong[] _newHashes = [];
    private readonly Dictionary<ulong, int> _rowByHash = new();
    private readonly Dictionary<int, int> _votes = new();

    /// <summary>
    /// Looks for content that moved vertically inside <paramref name="changed"/> (the union of this frame's changes):
    /// hashes each row of the changed columns before and after, lets every row whose old content is unique vote for
    /// the offset at which it reappears, takes the most voted offset, and copies the longest run of rows that match
    /// at that offset byte for byte. The copy is applied to the mirror so the following diff only sees what is new.
    /// </summary>
    private bool TryPlanScroll(int layer, Surface current, Surface previous, PixelRect changed, List<PlanOperation> ops)
    {
        int height = changed.Height;
        if (height < MinScrollRows * 2)
        {
            return false;
        }

        if (_oldHashes.Length < height)
        {
            _oldHashes = new ulong[height];
            _newHashes = new ulong[height];
        }

        var oldHashes = _oldHashes.AsSpan(0, height);
        var newHashes = _newHashes.AsSpan(0, height);
        _rowByHash.Clear();
        for (int i = 0; i < height; i++)
        {
            ulong h = PixelOps.HashRow(previous.RowSpan(changed.Y + i, changed.X, changed.Width));
            oldHashes[i] = h;
            if (!_rowByHash.TryAdd(h, i))
            {
                _rowByHash[h] = -1;
            }
        }

        _votes.Clear();
        int bestOffset = 0;
        int bestVotes = 0;
        for (int i = 0; i < height; i++)
        {
            ulong h = PixelOps.HashRow(current.RowSpan(changed.Y + i, changed.X, changed.Width));
            newHashes[i] = h;
            if (h == oldHashes[i] || !_rowByHash.TryGetValue(h, out int from) || from < 0)
            {
                continue;
            }

            int offset = from - i;
            _votes.TryGetValue(offset, out int votes);
            _votes[offset] = ++votes;
            if (votes > bestVotes)
            {
                bestVotes = votes;
                bestOffset = offset;
            }
        }

        if (bestVotes < MinScrollVotes)
        {
            return false;
        }

        // Longest run of target rows i whose new content equals old row i + offset.
        int first = Math.Max(0, -bestOffset);
        int last = Math.Min(height, height - bestOffset);
        int runStart = 0;
        int runLength = 0;
        for (int i = first; i < last;)
        {
            int start = i;
            while (i < last && RowMatches(current, previous, changed, i, i + bestOffset, newHashes, oldHashes))
            {
                i++;
            }

            if (i - start > runLength)
            {
                runStart = start;
                runLength = i - start;
            }

            i++;
        }

        if (runLength < MinScrollRows)
        {
            return false;
        }

        var source = new PixelRect(changed.X, changed.Y + runStart + bestOffset, changed.Width, runLength);

        // copy composites with OVER, a plain copy only over opaque source pixels.
        if (!PixelOps.IsOpaque(previous, source))
        {
            return false;
        }

        ops.Add(PlanOperation.Copy(layer, source, layer, changed.X, changed.Y + runStart));
        previous.CopyFrom(previous, source, changed.X, changed.Y + runStart);
        return true;
    }

    private static bool RowMatches(Surface current, Surface previous, PixelRect area, int target, int source, Span<ulong> newHashes, Span<ulong> oldHashes) =>
        newHashes[target] == oldHashes[source]
        && current.RowSpan(area.Y + target, area.X, area.Width).SequenceEqual(previous.RowSpan(area.Y + source, area.X, area.Width));
}
