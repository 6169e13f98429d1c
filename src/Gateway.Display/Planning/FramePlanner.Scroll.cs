using System.Runtime.CompilerServices;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

public sealed partial class FramePlanner
{
    /// <summary>Fewest rows a detected scroll must move for a copy to be worth sending.</summary>
    private const int MinScrollRows = 4;

    /// <summary>Fewest distinct rows that must agree on the same offset.</summary>
    private const int MinScrollVotes = 4;

    /// <summary>Searches of at least this many rows hash only every <see cref="VoteSampleStep"/>-th new row for the vote.</summary>
    private const int SampledSearchRows = 64;

    private const int VoteSampleStep = 4;

    private ulong[] _oldHashes = [];
    private bool[] _oldOpaque = [];
    private bool[] _newHashed = [];
    private readonly Dictionary<ulong, int> _rowByHash = new();
    private readonly Dictionary<int, int> _votes = new();
    private readonly Dictionary<int, RowHashCache> _rowHashes = new();

    /// <summary>Rows (by layer row) that a scroll copy made equal to the model over <see cref="_verifiedColumns"/>.</summary>
    private bool[] _verifiedRows = [];
    private PixelRect _verifiedColumns;

    /// <summary>
    /// Looks for content that moved vertically inside <paramref name="range"/> (the union of this frame's changes).
    /// Old rows' hashes come from the layer's <see cref="RowHashCache"/> where it has them; every old row whose
    /// content is unique votes, through the hash of a sample of new rows, for the offset at which it reappears. At
    /// the most voted offset every candidate row is then compared byte for byte with its source (which must be
    /// opaque: copy composites with OVER); runs of matching rows become copies, are applied to the mirror and are
    /// recorded in <see cref="_verifiedRows"/> so that the diff skips them. A hash collision therefore only costs a
    /// missed copy, never a wrong pixel.
    /// </summary>
    /// <param name="retarget">Make the layer's hash cache follow this range's columns (large searches).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryPlanScroll(int layer, Surface current, Surface previous, PixelRect range, bool retarget, List<PlanOperation> ops)
    {
        var cache = RowHashesFor(layer, previous.Height);
        if (retarget && !cache.Covers(range))
        {
            cache.Retarget(range.X, range.Width);
        }

        bool cached = cache.Covers(range);
        int height = range.Height;
        if (height < MinScrollRows * 2)
        {
            cache.Invalidate(range);
            return false;
        }

        if (_oldHashes.Length < height)
        {
            _oldHashes = new ulong[height];
            _oldOpaque = new bool[height];
            _newHashed = new bool[height];
        }

        var oldHashes = _oldHashes.AsSpan(0, height);
        var oldOpaque = _oldOpaque.AsSpan(0, height);
        _rowByHash.Clear();
        for (int i = 0; i < height; i++)
        {
            int y = range.Y + i;
            ulong h;
            if (cached && cache.Valid[y])
            {
                h = cache.Hashes[y];
                oldOpaque[i] = cache.Opaque[y];
            }
            else
            {
                h = PixelOps.HashRow(previous.RowSpan(y, range.X, range.Width), out oldOpaque[i]);
            }

            oldHashes[i] = h;
            if (!_rowByHash.TryAdd(h, i))
            {
                _rowByHash[h] = -1;
            }
        }

        // From here on the rows of the range hold this frame's content; only what is learnt below is cached again.
        cache.Invalidate(range);
        var newHashed = _newHashed.AsSpan(0, height);
        newHashed.Clear();
        _votes.Clear();
        int bestOffset = 0;
        int bestVotes = 0;
        int step = height >= SampledSearchRows ? VoteSampleStep : 1;
        Vote(current, range, step, 0, cached ? cache : null, ref bestOffset, ref bestVotes);
        if (bestVotes > 0 && bestVotes < MinScrollVotes && step > 1)
        {
            // A few votes in the sample: look at every row before giving up.
            for (int phase = 1; phase < step; phase++)
            {
                Vote(current, range, step, phase, cached ? cache : null, ref bestOffset, ref bestVotes);
            }
        }

        if (bestVotes < MinScrollVotes)
        {
            return false;
        }

        return CopyMatchingRuns(layer, current, previous, range, bestOffset, cached ? cache : null, ops);
    }

    private void Vote(Surface current, PixelRect range, int step, int phase, RowHashCache? cache, ref int bestOffset, ref int bestVotes)
    {
        var oldHashes = _oldHashes;
        for (int i = phase; i < range.Height; i += step)
        {
            int y = range.Y + i;
            ulong h = PixelOps.HashRow(current.RowSpan(y, range.X, range.Width), out bool opaque);
            _newHashed[i] = true;
            cache?.Set(y, h, opaque);
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
    }

    /// <summary>
    /// Walks the target rows in an order where every source row is still unchanged when it is read (top-down when
    /// content moved up) and compares each with its source. A matching row whose target already holds the same
    /// content (blank lines, background) is neutral: it may sit inside a copy but never starts or ends one. Runs of
    /// matching rows with at least <see cref="MinScrollRows"/> rows that really move become copies; rows are written
    /// to the mirror only once their run is certain to be sent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool CopyMatchingRuns(int layer, Surface current, Surface previous, PixelRect range, int offset, RowHashCache? cache, List<PlanOperation> ops)
    {
        int height = range.Height;
        int first = Math.Max(0, -offset);
        int last = Math.Min(height, height - offset);
        if (last - first < MinScrollRows)
        {
            return false;
        }

        if (_verifiedRows.Length < previous.Height)
        {
            _verifiedRows = new bool[previous.Height];
        }

        Span<int> pending = stackalloc int[MinScrollRows];
        int step = offset > 0 ? 1 : -1;
        int start = offset > 0 ? first : last - 1;
        int end = offset > 0 ? last : first - 1;
        int moving = 0;
        int firstMoving = 0;
        int lastMoving = 0;
        bool any = false;
        for (int i = start; ; i += step)
        {
            int y = range.Y + i;
            var target = i == end ? default : current.RowSpan(y, range.X, range.Width);
            var source = i == end ? default : previous.RowSpan(y + offset, range.X, range.Width);
            if (i != end && PixelOps.EqualAndOpaque(target, source))
            {
                _verifiedRows[y] = true;
                if (previous.RowSpan(y, range.X, range.Width).SequenceEqual(source))
                {
                    if (cache is not null && !_newHashed[i])
                    {
                        cache.Set(y, _oldHashes[i + offset], true);
                    }

                    continue;
                }

                if (moving == 0)
                {
                    firstMoving = i;
                }

                lastMoving = i;
                if (moving < MinScrollRows)
                {
                    pending[moving] = i;
                }

                moving++;
                if (moving == MinScrollRows)
                {
                    foreach (int k in pending)
                    {
                        CopyVerifiedRow(current, previous, range, k, offset, cache);
                    }
                }
                else if (moving > MinScrollRows)
                {
                    CopyVerifiedRow(current, previous, range, i, offset, cache);
                }

                continue;
            }

            if (moving >= MinScrollRows)
            {
                int top = Math.Min(firstMoving, lastMoving);
                int rows = Math.Abs(lastMoving - firstMoving) + 1;
                var copied = new PixelRect(range.X, range.Y + top + offset, range.Width, rows);
                ops.Add(PlanOperation.Copy(layer, copied, layer, range.X, range.Y + top));
                any = true;
            }
            else
            {
                // Too short to send: these rows keep their old content in the mirror, so they must be diffed.
                for (int k = 0; k < moving && k < MinScrollRows; k++)
                {
                    _verifiedRows[range.Y + pending[k]] = false;
                }
            }

            moving = 0;
            if (i == end)
            {
                break;
            }
        }

        _verifiedColumns = new PixelRect(range.X, 0, range.Width, previous.Height);
        return any;
    }

    private void CopyVerifiedRow(Surface current, Surface previous, PixelRect range, int i, int offset, RowHashCache? cache)
    {
        int y = range.Y + i;
        current.RowSpan(y, range.X, range.Width).CopyTo(previous.RowSpan(y, range.X, range.Width));
        if (cache is not null && !_newHashed[i])
        {
            cache.Set(y, _oldHashes[i + offset], true);
        }
    }

    /// <summary>Forgets which rows the last scroll copy verified.</summary>
    private void ClearVerifiedRows()
    {
        if (!_verifiedColumns.IsEmpty)
        {
            _verifiedRows.AsSpan(0, Math.Min(_verifiedRows.Length, _verifiedColumns.Height)).Clear();
            _verifiedColumns = PixelRect.Empty;
        }
    }

    private RowHashCache RowHashesFor(int layer, int height)
    {
        if (!_rowHashes.TryGetValue(layer, out var cache) || cache.Height != height)
        {
            cache = new RowHashCache(0, 0, height);
            _rowHashes[layer] = cache;
        }

        return cache;
    }

    /// <summary>The mirror of <paramref name="layer"/> changed outside planning (explicit copy): drop its hashes of those rows.</summary>
    private void InvalidateRowHashes(int layer, PixelRect rect)
    {
        if (_rowHashes.TryGetValue(layer, out var cache))
        {
            cache.Invalidate(rect);
        }
    }
}
