using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// The server-side picture of one remote display: the default layer 0, visible layers (&gt; 0, with position,
/// stacking, parent and opacity), off-screen buffers (&lt; 0) and the cursor. Back ends draw through this type;
/// each drawing call marks the touched 64×64 cells dirty and structural calls are recorded in order, until
/// <see cref="EndFrame"/> hands the frame to the planner. Not thread-safe: one back end drives one model.
/// </summary>
public sealed partial class DisplayModel
{
    /// <summary>Largest number of layers and buffers (including layer 0) one display may hold.</summary>
    public const int DefaultMaxLayers = 1024;

    /// <summary>Largest total pixel count over all layers (256 MiB of BGRA).</summary>
    public const long DefaultMaxTotalPixels = 64L * 1024 * 1024;

    private readonly SortedDictionary<int, DisplayLayer> _layers = new();
    private readonly List<DisplayChange> _changes = new();
    private Dictionary<int, CellSnapshots> _snapshots = new();
    private readonly int _maxLayers;
    private readonly long _maxTotalPixels;
    private long _frameNumber;
    private bool _cursorChanged;

    public DisplayModel(int width, int height, int maxLayers = DefaultMaxLayers, long maxTotalPixels = DefaultMaxTotalPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLayers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTotalPixels, 0);
        _maxLayers = maxLayers;
        _maxTotalPixels = maxTotalPixels;
        CheckBudget((long)width * height, 0);
        var root = new DisplayLayer(0, width, height, this);
        root.Dirty.MarkAll();
        root.Plain.MarkAll();
        _layers.Add(0, root);
        _snapshots.Add(0, CellSnapshots.ForNew());
        _changes.Add(new DisplayChange(DisplayChangeKind.Sized, 0, new PixelRect(0, 0, width, height)));
        Cursor = new DisplayCursor(new Surface(0, 0), 0, 0);
    }

    /// <summary>The default layer (index 0); its size is the display size.</summary>
    public DisplayLayer DefaultLayer => _layers[0];

    /// <summary>All layers and buffers, ordered by index.</summary>
    public IEnumerable<DisplayLayer> Layers => _layers.Values;

    public DisplayCursor Cursor { get; private set; }

    public int Width => DefaultLayer.Width;

    public int Height => DefaultLayer.Height;

    /// <summary>Counts every drawing and structural call; a caller that sees it unchanged knows nothing was drawn meanwhile.</summary>
    public long Version { get; private set; }

    /// <summary>True when the current frame holds a change that <see cref="EndFrame"/> would hand out.</summary>
    public bool HasPendingChanges
    {
        get
        {
            if (_changes.Count > 0 || _cursorChanged)
            {
                return true;
            }

            foreach (var layer in _layers.Values)
            {
                if (layer.Dirty.Any)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public DisplayLayer GetLayer(int index) =>
        _layers.TryGetValue(index, out var layer) ? layer : throw new ArgumentException($"layer {index} does not exist", nameof(index));

    public bool TryGetLayer(int index, out DisplayLayer layer) => _layers.TryGetValue(index, out layer!);

    /// <summary>Creates a visible layer, initially the default layer's size, at (0, 0) under layer 0; returns its index.</summary>
    public int CreateLayer()
    {
        int index = 1;
        while (_layers.ContainsKey(index))
        {
            index++;
        }

        AddLayer(index, Width, Height);
        return index;
    }

    /// <summary>Creates an off-screen buffer of the given size; returns its (negative) index.</summary>
    public int CreateBuffer(int width, int height)
    {
        Surface.CheckSize(width, height);
        int index = -1;
        while (_layers.ContainsKey(index))
        {
            index--;
        }

        AddLayer(index, width, height);
        return index;
    }

    /// <summary>Deletes a layer or buffer (not layer 0). Children of a deleted layer are re-parented to layer 0.</summary>
    public void DisposeLayer(int index)
    {
        Version++;
        if (index == 0)
        {
            throw new ArgumentException("the default layer cannot be disposed", nameof(index));
        }

        var layer = GetLayer(index);
        InvalidateEncoded(index, null);
        DecodeDeferred(layer, null, _snapshots, CurrentFrame);
        SnapshotsOf(layer).SaveWhole(layer.Raw);
        _layers.Remove(index);
        _changes.Add(new DisplayChange(DisplayChangeKind.Disposed, index));
        foreach (var child in _layers.Values)
        {
            if (child.Index > 0 && child.Parent == index)
            {
                Move(child.Index, 0, child.X, child.Y, child.Z);
            }
        }
    }

    /// <summary>Resizes a layer, keeping the content both sizes share. Resizing layer 0 resizes the display.</summary>
    public void Resize(int index, int width, int height)
    {
        Version++;
        var layer = GetLayer(index);
        Surface.CheckSize(width, height);
        if (width == layer.Width && height == layer.Height)
        {
            return;
        }

        CheckBudget((long)width * height, (long)layer.Width * layer.Height);
        InvalidateEncoded(index, null);
        DecodeDeferred(layer, null, _snapshots, CurrentFrame);
        SnapshotsOf(layer).SaveWhole(layer.Raw);
        layer.Raw.Resize(width, height);
        layer.Dirty.Resize(width, height);
        layer.Plain.Resize(width, height);
        _changes.Add(new DisplayChange(DisplayChangeKind.Sized, index, new PixelRect(0, 0, width, height)));
    }

    /// <summary>Positions a visible layer relative to <paramref name="parent"/> with stacking order <paramref name="z"/>.</summary>
    public void Move(int index, int parent, int x, int y, int z)
    {
        Version++;
        var layer = GetLayer(index);
        if (index <= 0)
        {
            throw new ArgumentException("only visible layers above 0 can be moved", nameof(index));
        }

        if (parent < 0 || !_layers.ContainsKey(parent))
        {
            throw new ArgumentException($"parent layer {parent} is not a visible layer", nameof(parent));
        }

        for (int p = parent; p != 0; p = _layers[p].Parent)
        {
            if (p == index)
            {
                throw new ArgumentException("a layer cannot be its own ancestor", nameof(parent));
            }
        }

        layer.Parent = parent;
        layer.X = x;
        layer.Y = y;
        layer.Z = z;
        _changes.Add(new DisplayChange(DisplayChangeKind.Moved, index, X: x, Y: y, Z: z, Parent: parent));
    }

    /// <summary>Sets a visible layer's opacity (0–255).</summary>
    public void Shade(int index, int opacity)
    {
        Version++;
        var layer = GetLayer(index);
        if (index <= 0)
        {
            throw new ArgumentException("only visible layers above 0 can be shaded", nameof(index));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(opacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(opacity, 255);
        layer.Opacity = opacity;
        _changes.Add(new DisplayChange(DisplayChangeKind.Shaded, index, Opacity: opacity));
    }

    /// <summary>Fills a rectangle (clipped) with a colour, replacing what was there.</summary>
    public void Fill(int index, PixelRect rect, Bgra32 colour)
    {
        Version++;
        var layer = GetLayer(index);
        var area = layer.Raw.Clip(rect);
        PrepareWrite(layer, area, replacing: true);
        SnapshotsOf(layer).SaveCells(layer.Raw, area);
        var written = layer.Raw.Fill(rect, colour);
        layer.Dirty.Mark(written);
        layer.Plain.Mark(written);
        InvalidateEncoded(index, written);
    }

    /// <summary>Draws BGRA pixels (rows <paramref name="stride"/> bytes apart) into <paramref name="rect"/> (clipped), optionally blending.</summary>
    public void Put(int index, PixelRect rect, ReadOnlySpan<byte> pixels, int stride, bool blend = false) =>
        Put(index, rect, pixels, stride, blend, plain: true);

    /// <summary><see cref="Put(int, PixelRect, ReadOnlySpan{byte}, int, bool)"/>; <paramref name="plain"/> false when an encoded region will cover exactly these pixels.</summary>
    private void Put(int index, PixelRect rect, ReadOnlySpan<byte> pixels, int stride, bool blend, bool plain)
    {
        Version++;
        var layer = GetLayer(index);
        var area = layer.Raw.Clip(rect);
        PrepareWrite(layer, area, replacing: !blend);
        SnapshotsOf(layer).SaveCells(layer.Raw, area);
        var written = layer.Raw.Put(rect, pixels, stride, blend);
        layer.Dirty.Mark(written);
        if (plain)
        {
            layer.Plain.Mark(written);
        }

        InvalidateEncoded(index, written);
    }

    /// <summary>
    /// Copies a rectangle between (or within) layers, clipped to both. The copy is passed to clients as a
    /// <c>copy</c> instruction, so back ends should report scrolls and moves this way when they know them.
    /// </summary>
    /// <remarks>
    /// The planner replays the copy on the picture clients hold, so a copied pixel can differ from what clients
    /// will have only where its source pixel was already changed in this frame: only the target cells that dirty
    /// source cells land on are marked (a full-screen scroll marks nothing by itself). Where the planner cannot
    /// replay a copy exactly it marks the whole target itself.
    /// </remarks>
    public void Copy(int sourceIndex, PixelRect sourceRect, int targetIndex, int x, int y)
    {
        Version++;
        var source = GetLayer(sourceIndex);
        var target = GetLayer(targetIndex);
        var written = target.Raw.CopyTarget(source.Raw, sourceRect, x, y, out int fromX, out int fromY);
        if (written.IsEmpty)
        {
            return;
        }

        var from = new PixelRect(fromX, fromY, written.Width, written.Height);
        DecodeDeferred(source, from, _snapshots, CurrentFrame);
        PrepareWrite(target, written, replacing: true);
        SnapshotsOf(target).SaveCells(target.Raw, written);
        target.Raw.CopyFrom(source.Raw, from, written.X, written.Y);
        target.Dirty.MarkShifted(source.Dirty, from, written.X, written.Y, written);
        target.Plain.MarkShifted(source.Dirty, from, written.X, written.Y, written);
        InvalidateEncoded(targetIndex, written);
        _changes.Add(new DisplayChange(DisplayChangeKind.Copied, sourceIndex, from, targetIndex, written.X, written.Y));
    }

    /// <summary>Sets the pointer image (BGRA rows <paramref name="stride"/> bytes apart) and its hotspot.</summary>
    public void SetCursor(int hotspotX, int hotspotY, int width, int height, ReadOnlySpan<byte> pixels, int stride)
    {
        Version++;
        Surface.CheckSize(width, height);
        var image = new Surface(width, height);
        image.Put(new PixelRect(0, 0, width, height), pixels, stride);
        Cursor = new DisplayCursor(image, Math.Clamp(hotspotX, 0, Math.Max(0, width - 1)), Math.Clamp(hotspotY, 0, Math.Max(0, height - 1)));
        _cursorChanged = true;
    }

    /// <summary>Ends the current frame and returns what changed in it; the model starts a fresh frame.</summary>
    public DisplayFrame EndFrame()
    {
        var dirty = new Dictionary<int, CellGrid>();
        var plain = new Dictionary<int, CellGrid>();
        foreach (var layer in _layers.Values)
        {
            if (layer.Dirty.Any)
            {
                dirty.Add(layer.Index, layer.Dirty);
                plain.Add(layer.Index, layer.Plain);
                layer.Dirty = new CellGrid(layer.Width, layer.Height);
                layer.Plain = new CellGrid(layer.Width, layer.Height);
            }
        }

        var frame = new DisplayFrame(this, ++_frameNumber, _changes.ToArray(), dirty, _cursorChanged, _snapshots, TakeEncoded()) { Plain = plain };
        _snapshots = new Dictionary<int, CellSnapshots>();
        _changes.Clear();
        _cursorChanged = false;
        return frame;
    }

    private void AddLayer(int index, int width, int height)
    {
        Version++;
        if (_layers.Count >= _maxLayers)
        {
            throw new InvalidOperationException("too many layers");
        }

        CheckBudget((long)width * height, 0);
        var layer = new DisplayLayer(index, width, height, this);
        layer.Dirty.MarkAll();
        layer.Plain.MarkAll();
        _layers.Add(index, layer);
        _snapshots.TryAdd(index, CellSnapshots.ForNew());
        _changes.Add(new DisplayChange(DisplayChangeKind.Sized, index, new PixelRect(0, 0, width, height)));
    }

    /// <summary>The current frame's saved cells (see <see cref="CellSnapshots"/>).</summary>
    internal IReadOnlyDictionary<int, CellSnapshots> PendingSnapshots => _snapshots;

    /// <summary>Pixel bytes held by the layers' surfaces and this frame's saved cells.</summary>
    public long HeldPixelBytes()
    {
        long total = 0;
        foreach (var layer in _layers.Values)
        {
            total += (long)layer.Raw.Pixels.Length;
            foreach (var image in layer.Deferred)
            {
                total += image.Length;
            }
        }

        foreach (var store in _snapshots.Values)
        {
            total += store.HeldBytes;
        }

        return total;
    }

    /// <summary>The frame-start store of a layer, created at the layer's current (unchanged since frame start) size.</summary>
    private CellSnapshots SnapshotsOf(DisplayLayer layer)
    {
        if (!_snapshots.TryGetValue(layer.Index, out var store))
        {
            store = CellSnapshots.ForExisting(layer.Width, layer.Height);
            _snapshots.Add(layer.Index, store);
        }

        return store;
    }

    private void CheckBudget(long adding, long removing)
    {
        long total = 0;
        foreach (var layer in _layers.Values)
        {
            total += (long)layer.Width * layer.Height;
        }

        if (total - removing + adding > _maxTotalPixels)
        {
            throw new InvalidOperationException("display pixel budget exceeded");
        }
    }
}
