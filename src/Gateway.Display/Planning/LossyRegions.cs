using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// Which 64×64 cells clients hold only as lossy approximations (JPEG, lossy WebP) and when each last changed.
/// The planner's mirror keeps the true pixels, so once a lossy cell has been left alone for a while,
/// <see cref="TakeRefresh"/> plans it again from the mirror, to be sent losslessly: a picture that stops moving
/// ends up exact (guacd does the same). Memory is two small arrays per layer; not thread-safe.
/// </summary>
public sealed class LossyRegions
{
    private readonly Dictionary<int, Grid> _layers = new();

    /// <summary>Cells currently held lossy by clients, over all layers.</summary>
    public int LossyCells { get; private set; }

    /// <summary>
    /// Updates the cells after <paramref name="operations"/> were sent. <paramref name="lossy"/> tells, for each
    /// image operation in order, whether it was encoded lossily. <paramref name="state"/> is the mirror after
    /// the operations (for layer sizes).
    /// </summary>
    public void Apply(IReadOnlyList<PlanOperation> operations, IReadOnlyList<bool> lossy, SentState state, long now)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(lossy);
        ArgumentNullException.ThrowIfNull(state);
        int image = 0;
        foreach (var op in operations)
        {
            switch (op.Kind)
            {
                case PlanOperationKind.Image:
                    bool wasLossy = image < lossy.Count && lossy[image];
                    image++;
                    Touch(state, op.Layer, op.Rect, wasLossy ? CellChange.Lossy : CellChange.Exact, now);
                    break;
                case PlanOperationKind.Fill:
                    Touch(state, op.Layer, op.Rect, CellChange.Exact, now);
                    break;
                case PlanOperationKind.Copy:
                    var target = new PixelRect(op.X, op.Y, op.Rect.Width, op.Rect.Height);
                    Touch(state, op.TargetLayer, target, AnyLossy(op.Layer, op.Rect) ? CellChange.Lossy : CellChange.Exact, now);
                    break;
                case PlanOperationKind.Size:
                    Resize(op.Layer, op.Rect.Width, op.Rect.Height);
                    break;
                case PlanOperationKind.Dispose:
                    if (_layers.Remove(op.Layer, out var gone))
                    {
                        LossyCells -= gone.Count;
                    }

                    break;
            }
        }
    }

    /// <summary>True when some lossy cell has been unchanged for <paramref name="quietMs"/> (what <see cref="TakeRefresh"/> would send).</summary>
    public bool AnyDue(long now, long quietMs)
    {
        if (LossyCells == 0)
        {
            return false;
        }

        foreach (var grid in _layers.Values)
        {
            if (grid.Count == 0)
            {
                continue;
            }

            for (int r = 0; r < grid.Cells.Rows; r++)
            {
                for (int c = 0; c < grid.Cells.Columns; c++)
                {
                    if (grid.IsDue(c, r, now, quietMs))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Plans lossless images for at most <paramref name="maxCells"/> lossy cells that have not changed for
    /// <paramref name="quietMs"/>, from the mirror, and counts them as exact from now on. Returns no operations
    /// when nothing is due.
    /// </summary>
    public List<PlanOperation> TakeRefresh(SentState state, long now, long quietMs, int maxCells)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ops = new List<PlanOperation>();
        if (LossyCells == 0)
        {
            return ops;
        }

        int budget = maxCells;
        foreach (var (index, grid) in _layers)
        {
            if (grid.Count == 0 || !state.TryGetLayer(index, out var layer) || layer.Width != grid.Cells.Width || layer.Height != grid.Cells.Height)
            {
                continue;
            }

            for (int r = 0; r < grid.Cells.Rows && budget > 0; r++)
            {
                int c = 0;
                while (c < grid.Cells.Columns && budget > 0)
                {
                    if (!grid.IsDue(c, r, now, quietMs))
                    {
                        c++;
                        continue;
                    }

                    var run = PixelRect.Empty;
                    int end = c;
                    while (end < grid.Cells.Columns && budget > 0 && end - c < FramePlanner.MaxImageSide / CellGrid.CellSize && grid.IsDue(end, r, now, quietMs))
                    {
                        run = run.Union(grid.Cells.CellRect(end, r));
                        grid.SetExact(end, r);
                        LossyCells--;
                        budget--;
                        end++;
                    }

                    FrameWriter.AddArea(index, layer.Surface, run, existingClient: true, ops);
                    c = end;
                }
            }

            if (budget == 0)
            {
                break;
            }
        }

        return ops;
    }

    private enum CellChange
    {
        Exact,
        Lossy,
    }

    private bool AnyLossy(int layer, PixelRect rect)
    {
        if (!_layers.TryGetValue(layer, out var grid) || grid.Count == 0)
        {
            return false;
        }

        bool any = false;
        grid.ForEachCell(rect, (c, r, _) => any |= grid.IsLossy(c, r));
        return any;
    }

    private void Touch(SentState state, int layer, PixelRect rect, CellChange change, long now)
    {
        if (layer == state.CursorBuffer || !state.TryGetLayer(layer, out var sent))
        {
            return;
        }

        if (!_layers.TryGetValue(layer, out var grid))
        {
            if (change == CellChange.Exact)
            {
                return; // nothing lossy here to keep track of
            }

            grid = new Grid(sent.Width, sent.Height);
            _layers.Add(layer, grid);
        }

        grid.ForEachCell(rect, (c, r, covered) =>
        {
            bool was = grid.IsLossy(c, r);
            if (change == CellChange.Lossy)
            {
                grid.SetLossy(c, r, now);
                LossyCells += was ? 0 : 1;
            }
            else if (was && covered)
            {
                grid.SetExact(c, r);
                LossyCells--;
            }
            else if (was)
            {
                grid.SetChanged(c, r, now); // partly overwritten: the rest is still lossy, and it is moving
            }
        });
    }

    private void Resize(int layer, int width, int height)
    {
        if (!_layers.TryGetValue(layer, out var grid))
        {
            return;
        }

        var resized = new Grid(width, height);
        for (int r = 0; r < Math.Min(grid.Cells.Rows, resized.Cells.Rows); r++)
        {
            for (int c = 0; c < Math.Min(grid.Cells.Columns, resized.Cells.Columns); c++)
            {
                if (grid.IsLossy(c, r))
                {
                    resized.SetLossy(c, r, grid.ChangedAt(c, r));
                }
            }
        }

        LossyCells += resized.Count - grid.Count;
        _layers[layer] = resized;
    }

    private sealed class Grid
    {
        private readonly bool[] _lossy;
        private readonly long[] _changed;

        public Grid(int width, int height)
        {
            Cells = new CellGrid(width, height);
            _lossy = new bool[Cells.Columns * Cells.Rows];
            _changed = new long[_lossy.Length];
        }

        /// <summary>Geometry only (its dirty marks are unused).</summary>
        public CellGrid Cells { get; }

        public int Count { get; private set; }

        public bool IsLossy(int c, int r) => _lossy[(r * Cells.Columns) + c];

        public long ChangedAt(int c, int r) => _changed[(r * Cells.Columns) + c];

        public bool IsDue(int c, int r, long now, long quietMs) => IsLossy(c, r) && now - ChangedAt(c, r) >= quietMs;

        public void SetLossy(int c, int r, long now)
        {
            int i = (r * Cells.Columns) + c;
            Count += _lossy[i] ? 0 : 1;
            _lossy[i] = true;
            _changed[i] = now;
        }

        public void SetExact(int c, int r)
        {
            int i = (r * Cells.Columns) + c;
            Count -= _lossy[i] ? 1 : 0;
            _lossy[i] = false;
        }

        public void SetChanged(int c, int r, long now) => _changed[(r * Cells.Columns) + c] = now;

        /// <summary>Calls <paramref name="visit"/> for every cell <paramref name="rect"/> touches, with whether it covers the whole cell.</summary>
        public void ForEachCell(PixelRect rect, Action<int, int, bool> visit)
        {
            var clipped = rect.Intersect(new PixelRect(0, 0, Cells.Width, Cells.Height));
            if (clipped.IsEmpty)
            {
                return;
            }

            int c0 = clipped.X >> CellGrid.CellShift;
            int c1 = (int)((clipped.Right - 1) >> CellGrid.CellShift);
            int r0 = clipped.Y >> CellGrid.CellShift;
            int r1 = (int)((clipped.Bottom - 1) >> CellGrid.CellShift);
            for (int r = r0; r <= r1; r++)
            {
                for (int c = c0; c <= c1; c++)
                {
                    visit(c, r, clipped.Contains(Cells.CellRect(c, r)));
                }
            }
        }
    }
}
