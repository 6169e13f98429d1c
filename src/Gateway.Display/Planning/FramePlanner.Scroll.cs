using System.Runtime.CompilerServices;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>Fewest rows a detected scroll must move for a copy to be worth sending.</summary>
    private const int MinScrollRows = 4;

    /// <summary>Fewest distinct rows that must agree on the same offset.</summary>
    private const int MinScrollVotes = 4;

    private ulong[] _oldHashes = [];
    private bool[] _oldOpaque = [];
    private ulong[] _newHashes = [];
    private readonly Dictionary<ulong, int> _rowByHash = new();
    private readonly Dictionary<int, int> _votes = new();

    /// <summary>
    /// Looks for content that moved vertically inside <paramref name="changed"/> (the union of this frame's changes):
    /// hashes each row of the changed columns before and after, lets every row whose old content is unique vote for
    /// the offset at which it reappears, takes the most voted offset, and copies the longest run of rows that match
    /// at that offset byte for byte. The copy is applied to the mirror so the following diff only sees what is new.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryPlanScroll(int layer, Surface current, Surface previous, PixelRect changed, List<PlanOperation> ops, out PixelRect copied)
    {
        copied = PixelRect.Empty;
        int height = changed.Height;
        if (height < MinScrollRows * 2)
        {
            return false;
        }

        if (_oldHashes.Length < height)
        {
            _oldHashes = new ulong[height];
            _newHashes = new ulong[height];
            _oldOpaque = new bool[height];
        }

        var oldHashes = _oldHashes.AsSpan(0, height);
        var newHashes = _newHashes.AsSpan(0, height);
        _rowByHash.Clear();
        for (int i = 0; i < height; i++)
        {
            ulong h = PixelOps.HashRow(previous.RowSpan(changed.Y + i, changed.X, changed.Width), out _oldOpaque[i]);
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
            ulong h = PixelOps.HashRow(current.RowSpan(changed.Y + i, changed.X, changed.Width), out _);
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

        // Longest run of target rows i whose new content hashes like old row i + offset and whose source is opaque
        // (copy composites with OVER, which is a plain copy only over opaque pixels). Rows are not compared byte for
        // byte here: the caller diffs again after the copy, so a hash collision costs an image, never correctness.
        int first = Math.Max(0, -bestOffset);
        int last = Math.Min(height, height - bestOffset);
        int runStart = 0;
        int runLength = 0;
        for (int i = first; i < last;)
        {
            int start = i;
            while (i < last && newHashes[i] == oldHashes[i + bestOffset] && _oldOpaque[i + bestOffset])
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

        ops.Add(PlanOperation.Copy(layer, source, layer, changed.X, changed.Y + runStart));
        copied = previous.CopyFrom(previous, source, changed.X, changed.Y + runStart);
        return true;
    }
}
