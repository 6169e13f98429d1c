using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// Decides what to send at the end of a frame (GUACAMOLE.md §3.2). It keeps a mirror of what clients hold
/// (<see cref="Sent"/>), replays the frame's structural changes and explicit copies onto it, then diffs each
/// dirty 64×64 cell against the mirror and turns the differences into, in order per layer: copies for content
/// that scrolled vertically or, failing that, one copy for a block that moved in two dimensions (each copied pixel
/// verified against its source), rect+cfill for single-colour areas and images for the rest (merged horizontally,
/// then vertically, up to 512×512). Every emitted operation is applied to the mirror, so afterwards the mirror
/// equals the model. Image pixel arrays come from a pool; see <see cref="FramePlan.ReleaseBuffers"/>.
/// </summary>
/// <remarks>
/// The mirror assumes lossless delivery. When lossy encoders (JPEG, lossy WebP) are used, the mirror must
/// hold what was really sent (or the region be queued for a lossless refresh once it stops changing), or the
/// diffs of later frames will miss the difference between the lossy and the true pixels.
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
        foreach (var change in frame.Changes)
        {
            ReplayChange(change, ops);
        }

        var model = frame.Model;
        var encoded = PlanEncoded(frame, ops);
        foreach (var (index, dirty) in frame.Dirty)
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
                _sent.GetOrCreate(change.Layer, change.Width, change.Height);
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

    private void ReplayCopy(DisplayChange change, List<PlanOperation> ops)
    {
        if (!_sent.TryGetLayer(change.Layer, out var source) || !_sent.TryGetLayer(change.TargetLayer, out var target))
        {
            return;
        }

        // The model recorded the copy already clipped to both layers at that moment, and the mirror has the same
        // sizes at this point of the replay; clip again anyway so that no out-of-range copy is ever emitted.
        int dx = change.X - change.Rect.X;
        int dy = change.Y - change.Rect.Y;
        var src = source.Surface.Clip(change.Rect);
        var dst = target.Surface.Clip(new PixelRect(src.X + dx, src.Y + dy, src.Width, src.Height));
        if (dst.IsEmpty)
        {
            return;
        }

        src = new PixelRect(dst.X - dx, dst.Y - dy, dst.Width, dst.Height);

        // copy uses OVER, which equals a plain copy only where the source is opaque. Otherwise clear the target
        // first, which is possible only when the source does not overlap it; if it does, let the diff send images.
        if (!PixelOps.IsOpaque(source.Surface, src))
        {
            if (source == target && src.IntersectsWith(dst))
            {
                return;
            }

            ops.Add(PlanOperation.Clear(target.Index, dst));
        }

        ops.Add(PlanOperation.Copy(source.Index, src, target.Index, dst.X, dst.Y));
        target.Surface.CopyFrom(source.Surface, src, dst.X, dst.Y);
        InvalidateRowHashes(target.Index, dst);
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
