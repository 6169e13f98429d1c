using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// Decides what to send at the end of a frame (GUACAMOLE.md §3.2). It knows what clients hold (<see cref="Sent"/>):
/// for planning it rebuilds the picture of the frame's start from the model and the cells the frame saved before
/// overwriting them (in scratch surfaces from a process-wide pool, returned after planning, so an idle session holds
/// no second picture), replays the frame's structural changes and explicit copies onto it, then diffs each
/// dirty 64×64 cell against that picture and turns the differences into, in order per layer: copies for content
/// that scrolled vertically or, failing that, one copy for a block that moved in two dimensions (each copied pixel
/// verified against its source), rect+cfill for single-colour areas and images for the rest (merged horizontally,
/// then vertically, up to 512×512). Every emitted operation is applied to the scratch picture, which then equals the
/// model. Image pixel arrays come from a pool; see <see cref="FramePlan.ReleaseBuffers"/>.
/// </summary>
/// <remarks>
/// The planner assumes lossless delivery. When lossy encoders (JPEG, lossy WebP) are used, the region must be
/// queued for a lossless refresh once it stops changing (<see cref="LossyRegions"/>), or the diffs of later frames
/// will miss the difference between the lossy and the true pixels.
/// </remarks>
public sealed partial class FramePlanner
{
    /// <summary>Default index of the buffer that carries the cursor image, far below the model's buffers.</summary>
    public const int DefaultCursorBuffer = -65536;

    /// <summary>Largest side of one image region (guacd's GUAC_DISPLAY_MAX_COMBINED_SIZE).</summary>
    public const int MaxImageSide = 512;

    private readonly SentState _sent;
    private CellWork[] _cells = [];
    private readonly PixelBufferPool _pixelPool = PixelBufferPool.Shared;
    private List<byte[]> _rented = [];
    private readonly List<byte[]> _scratch = [];
    private readonly Dictionary<int, CellGrid> _dirty = new();
    private readonly Dictionary<int, CellGrid> _unreplayed = new();
    private DisplayFrame? _frame;

    public FramePlanner(int cursorBuffer = DefaultCursorBuffer)
    {
        if (cursorBuffer >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cursorBuffer), "the cursor buffer must be a negative index");
        }

        _sent = new SentState(cursorBuffer);
    }

    /// <summary>What every client holds after the last planned frame.</summary>
    public SentState Sent => _sent;

    /// <summary>When false, moved content (scrolled or dragged) is only sent as copies the back end reported.</summary>
    public bool DetectScrolling { get; set; } = true;

    /// <summary>Plans one frame. Frames must be planned in the order the model produced them.</summary>
    public FramePlan Plan(DisplayFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var ops = new List<PlanOperation>();
        var model = frame.Model;
        _frame = frame;
        _dirty.Clear();
        foreach (var (index, grid) in frame.Dirty)
        {
            _dirty.Add(index, grid);
        }

        List<byte[]>? encoded;
        try
        {
            foreach (var change in frame.Changes)
            {
                ReplayChange(change, ops);
            }

            MergeUnreplayed(model);
            encoded = PlanEncoded(frame, ops);

            foreach (var (index, dirty) in _dirty)
            {
                if (!model.TryGetLayer(index, out var layer) || !_sent.TryGetLayer(index, out var sent))
                {
                    continue;
                }

                PlanLayer(layer, sent, dirty, ops);
            }

            if (frame.CursorChanged)
            {
                PlanCursor(model.Cursor, ops);
            }

            // Every planned operation is applied: clients now hold the model's pictures.
            foreach (var sent in _sent.Layers)
            {
                if (model.TryGetLayer(sent.Index, out var layer))
                {
                    sent.Surface = layer.Raw;
                    sent.Width = layer.Width;
                    sent.Height = layer.Height;
                }
            }
        }
        finally
        {
            foreach (var sent in _sent.Layers)
            {
                sent.Previous = null;
                sent.ValidBands = null;
            }

            foreach (var array in _scratch)
            {
                PixelBufferPool.Pictures.Return(array);
            }

            _scratch.Clear();
            _dirty.Clear();
            _unreplayed.Clear();
            _frame = null;
            frame.ReleaseSnapshots();
        }

        var rented = _rented;
        _rented = [];
        return new FramePlan(frame.Number, ops, _pixelPool, rented) { EncodedBuffers = encoded };
    }

    private void ReplayChange(DisplayChange change, List<PlanOperation> ops)
    {
        switch (change.Kind)
        {
            case DisplayChangeKind.Sized:
                _rowHashes.Remove(change.Layer);
                _unreplayed.Remove(change.Layer);
                if (_sent.TryGetLayer(change.Layer, out var sized))
                {
                    // Clients keep what both sizes share, as Surface.Resize does.
                    PreviousOf(sized, 0, sized.Height).Resize(change.Width, change.Height);
                    sized.ValidBands = null;
                    sized.Width = change.Width;
                    sized.Height = change.Height;
                }
                else
                {
                    var created = _sent.Create(change.Layer, change.Width, change.Height);
                    var blank = RentScratch(change.Width, change.Height);
                    blank.Pixels.Clear();
                    created.Previous = blank;
                    created.ValidBands = null;
                }

                ops.Add(PlanOperation.Size(change.Layer, change.Width, change.Height));
                break;
            case DisplayChangeKind.Moved:
                if (_sent.TryGetLayer(change.Layer, out var moved))
                {
                    moved.Parent = change.Parent;
                    moved.X = change.X;
                    moved.Y = change.Y;
                    moved.Z = change.Z;
                    ops.Add(PlanOperation.Move(change.Layer, change.Parent, change.X, change.Y, change.Z));
                }

                break;
            case DisplayChangeKind.Shaded:
                if (_sent.TryGetLayer(change.Layer, out var shaded))
                {
                    shaded.Opacity = change.Opacity;
                    ops.Add(PlanOperation.Shade(change.Layer, change.Opacity));
                }

                break;
            case DisplayChangeKind.Disposed:
                _rowHashes.Remove(change.Layer);
                _unreplayed.Remove(change.Layer);
                _sent.Remove(change.Layer);
                ops.Add(PlanOperation.Dispose(change.Layer));
                break;
            case DisplayChangeKind.Copied:
                ReplayCopy(change, ops);
                break;
            default:
                throw new InvalidOperationException("unknown display change");
        }
    }

    /// <summary>
    /// Replays a copy the back end reported on the picture clients hold. The model marked only the target cells
    /// that dirty source cells landed on, which is right only when the copy is replayed exactly; when it cannot be
    /// (missing layer, clipping differs, a non-opaque source overlapping its target), the whole target is marked
    /// here, and later copies carry such marks along as the model does its own (see <see cref="_unreplayed"/>).
    /// </summary>
    private void ReplayCopy(DisplayChange change, List<PlanOperation> ops)
    {
        var recorded = new PixelRect(change.X, change.Y, change.Rect.Width, change.Rect.Height);
        if (!_sent.TryGetLayer(change.Layer, out var source) || !_sent.TryGetLayer(change.TargetLayer, out var target))
        {
            if (_sent.TryGetLayer(change.TargetLayer, out var only))
            {
                UnreplayedOf(only).Mark(recorded);
            }

            return;
        }

        // The model recorded the copy already clipped to both layers at that moment, and the replayed picture has
        // the same sizes at this point; clip again anyway so that no out-of-range copy is ever emitted.
        var from = PreviousOf(source, 0, 0);
        var to = PreviousOf(target, 0, 0);
        int dx = change.X - change.Rect.X;
        int dy = change.Y - change.Rect.Y;
        var src = from.Clip(change.Rect);
        var dst = to.Clip(new PixelRect(src.X + dx, src.Y + dy, src.Width, src.Height));
        if (dst != recorded)
        {
            UnreplayedOf(target).Mark(recorded);
        }

        if (dst.IsEmpty)
        {
            return;
        }

        src = new PixelRect(dst.X - dx, dst.Y - dy, dst.Width, dst.Height);
        PreviousOf(source, src.Y, src.Bottom);
        PreviousOf(target, dst.Y, dst.Bottom);

        // copy uses OVER, which equals a plain copy only where the source is opaque. Otherwise clear the target
        // first, which is possible only when the source does not overlap it; if it does, let the diff send images.
        if (!PixelOps.IsOpaque(from, src))
        {
            if (source == target && src.IntersectsWith(dst))
            {
                UnreplayedOf(target).Mark(recorded);
                return;
            }

            ops.Add(PlanOperation.Clear(target.Index, dst));
        }

        ops.Add(PlanOperation.Copy(source.Index, src, target.Index, dst.X, dst.Y));
        to.CopyFrom(from, src, dst.X, dst.Y);
        InvalidateRowHashes(target.Index, dst);
        if (_unreplayed.TryGetValue(source.Index, out var carried))
        {
            UnreplayedOf(target).MarkShifted(carried, src, dst.X, dst.Y, dst);
        }
    }

    /// <summary>
    /// Cells of a layer where the replayed picture may differ from the model although the model did not mark them
    /// (a copy that could not be replayed exactly, or copied from such cells), at the layer's replayed size.
    /// </summary>
    private CellGrid UnreplayedOf(SentLayer layer)
    {
        if (!_unreplayed.TryGetValue(layer.Index, out var grid))
        {
            grid = new CellGrid(layer.Width, layer.Height);
            _unreplayed.Add(layer.Index, grid);
        }

        return grid;
    }

    /// <summary>Adds the cells of <see cref="_unreplayed"/> to this frame's dirty cells, so the diff sends them.</summary>
    private void MergeUnreplayed(DisplayModel model)
    {
        foreach (var (index, marks) in _unreplayed)
        {
            if (!marks.Any || !model.TryGetLayer(index, out var layer) || layer.Width != marks.Width || layer.Height != marks.Height)
            {
                continue;
            }

            if (!_dirty.TryGetValue(index, out var grid))
            {
                grid = new CellGrid(layer.Width, layer.Height);
                _dirty.Add(index, grid);
            }

            grid.MarkFrom(marks);
        }
    }

    /// <summary>
    /// The picture clients hold of <paramref name="sent"/> at this point of the replay, in a scratch surface whose rows
    /// <paramref name="top"/> to <paramref name="bottom"/> (exclusive) are sure to be filled in. Rows are filled in
    /// bands of 64 on first use, from the model and the cells the frame saved before overwriting them; the planner
    /// writes only rows it asked for, so a band not yet filled still holds nothing replayed.
    /// </summary>
    private Surface PreviousOf(SentLayer sent, long top, long bottom)
    {
        var previous = sent.Previous;
        if (previous is null)
        {
            var bands = new bool[(sent.Height + CellGrid.CellSize - 1) >> CellGrid.CellShift];
            if (_frame!.Snapshots.TryGetValue(sent.Index, out var store) && !store.IsNew
                && store.Width == sent.Width && store.Height == sent.Height && store.TakePicture() is { } picture)
            {
                // The array the frame saved its overwritten bands into becomes the scratch picture: those bands
                // are in place already.
                _scratch.Add(picture);
                previous = new Surface(sent.Width, sent.Height, picture);
                for (int band = 0; band < bands.Length; band++)
                {
                    // A saved band that lacks an undecoded image of the frame-start picture is filled in on first use.
                    bands[band] = store.IsBandSaved(band) && !_frame!.Model.HasFrameStartDeferred(sent.Index, band, _frame.Snapshots, _frame.Number);
                }
            }
            else
            {
                previous = RentScratch(sent.Width, sent.Height);
            }

            sent.Previous = previous;
            sent.ValidBands = bands;
        }

        if (sent.ValidBands is not { } valid)
        {
            return previous;
        }

        int first = (int)Math.Clamp(top, 0, previous.Height);
        int end = (int)Math.Clamp(bottom, first, previous.Height);
        if (end == first)
        {
            return previous;
        }

        var frame = _frame!;
        for (int band = first >> CellGrid.CellShift; band <= (end - 1) >> CellGrid.CellShift; band++)
        {
            if (valid[band])
            {
                continue;
            }

            int rowsStart = band << CellGrid.CellShift;
            int rows = Math.Min(CellGrid.CellSize, previous.Height - rowsStart);
            frame.Model.DecodeFrameStart(sent.Index, rowsStart, rowsStart + rows, frame.Snapshots, frame.Number);
            frame.Model.TryGetLayer(sent.Index, out var layer);
            if (frame.Snapshots.TryGetValue(sent.Index, out var saved))
            {
                saved.RestoreBand(layer?.Raw, previous, band);
            }
            else if (layer is not null && layer.Width == previous.Width && layer.Height == previous.Height)
            {
                int stride = previous.Stride;
                layer.Raw.Pixels.Slice(rowsStart * stride, rows * stride).CopyTo(previous.Pixels.Slice(rowsStart * stride, rows * stride));
            }
            else
            {
                throw new InvalidOperationException("the planner's picture is out of step with the model");
            }

            valid[band] = true;
        }

        return previous;
    }

    /// <summary>A scratch copy of what clients hold of <paramref name="sent"/>: the model's pixels where the frame did not overwrite them, else the saved ones.</summary>
    private Surface BuildPicture(SentLayer sent, DisplayModel model, IReadOnlyDictionary<int, CellSnapshots> snapshots)
    {
        var previous = RentScratch(sent.Width, sent.Height);
        model.TryGetLayer(sent.Index, out var layer);
        if (snapshots.TryGetValue(sent.Index, out var saved))
        {
            for (int band = 0; band < (sent.Height + CellGrid.CellSize - 1) >> CellGrid.CellShift; band++)
            {
                saved.RestoreBand(layer?.Raw, previous, band);
            }
        }
        else if (layer is not null && layer.Width == sent.Width && layer.Height == sent.Height)
        {
            layer.Raw.Pixels.CopyTo(previous.Pixels);
        }
        else
        {
            throw new InvalidOperationException("the planner's picture is out of step with the model");
        }

        return previous;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on <see cref="Sent"/> with every layer's <see cref="SentLayer.Surface"/> showing
    /// what clients hold, also while <paramref name="model"/> has drawing not yet planned (a user joining or catching
    /// up in the middle of a back end's update): then the pictures are rebuilt for the call from the model and the
    /// cells the pending frame saved. Use it for full states, catch-ups and refreshes.
    /// </summary>
    public void ReadSent(DisplayModel model, Action<SentState> read)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(read);

        // Images the model holds undecoded are part of what clients hold: decode them before anyone reads.
        model.DecodeFrameStart();
        if (!model.HasPendingChanges)
        {
            read(_sent);
            return;
        }

        var bound = new List<(SentLayer Layer, Surface Surface)>();
        try
        {
            foreach (var sent in _sent.Layers)
            {
                bound.Add((sent, sent.Surface));
                sent.Surface = BuildPicture(sent, model, model.PendingSnapshots);
            }

            read(_sent);
        }
        finally
        {
            foreach (var (sent, surface) in bound)
            {
                sent.Surface = surface;
            }

            foreach (var array in _scratch)
            {
                PixelBufferPool.Pictures.Return(array);
            }

            _scratch.Clear();
        }
    }

    private Surface RentScratch(int width, int height)
    {
        var array = PixelBufferPool.Pictures.Rent(width * height * Surface.BytesPerPixel);
        _scratch.Add(array);
        return new Surface(width, height, array);
    }

    /// <summary>Pixel bytes this planner keeps between frames (scratch pictures are pooled process-wide, not kept).</summary>
    public long HeldPixelBytes()
    {
        long total = _sent.CursorImage is { } cursor ? cursor.Pixels.Length : 0;
        foreach (var array in _scratch)
        {
            total += array.Length;
        }

        return total;
    }

    private void PlanCursor(DisplayCursor cursor, List<PlanOperation> ops)
    {
        var image = cursor.Image;
        int buffer = _sent.CursorBuffer;
        ops.Add(PlanOperation.Size(buffer, image.Width, image.Height));
        if (image.Width > 0 && image.Height > 0)
        {
            ops.Add(PlanOperation.Clear(buffer, image.Bounds));
            var pixels = image.Extract(image.Bounds);
            ops.Add(PlanOperation.Image(buffer, image.Bounds, pixels, PixelOps.HasAlpha(pixels)));
        }

        ops.Add(PlanOperation.Cursor(buffer, cursor.HotspotX, cursor.HotspotY, image.Width, image.Height));
        _sent.CursorImage = image.Clone();
        _sent.CursorHotspotX = cursor.HotspotX;
        _sent.CursorHotspotY = cursor.HotspotY;
    }
}
