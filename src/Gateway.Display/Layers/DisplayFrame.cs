namespace Gateway.Display.Layers;

/// <summary>What changed in one frame of a <see cref="DisplayModel"/>, handed out by <see cref="DisplayModel.EndFrame"/>.</summary>
public sealed class DisplayFrame
{
    internal DisplayFrame(DisplayModel model, long number, IReadOnlyList<DisplayChange> changes, IReadOnlyDictionary<int, CellGrid> dirty, bool cursorChanged, IReadOnlyDictionary<int, CellSnapshots> snapshots, IReadOnlyList<EncodedRegion>? encoded = null)
    {
        Snapshots = snapshots;
        Model = model;
        Number = number;
        Changes = changes;
        Dirty = dirty;
        CursorChanged = cursorChanged;
        Encoded = encoded ?? [];
    }

    /// <summary>The model whose surfaces hold this frame's final pixels.</summary>
    public DisplayModel Model { get; }

    /// <summary>Frame counter (1 for the first frame).</summary>
    public long Number { get; }

    /// <summary>Structural changes and explicit copies, in order.</summary>
    public IReadOnlyList<DisplayChange> Changes { get; }

    /// <summary>Dirty cells per layer index (layers with no dirty cell are absent).</summary>
    public IReadOnlyDictionary<int, CellGrid> Dirty { get; }

    public bool CursorChanged { get; }

    /// <summary>
    /// Rectangles whose final pixels also came encoded from the back end (see <see cref="DisplayModel.PutEncoded"/>),
    /// with nothing drawn over them later in the frame. The planner may send these bytes instead of encoding.
    /// </summary>
    public IReadOnlyList<EncodedRegion> Encoded { get; }

    /// <summary>Per layer index, what the layer held when the frame began, where it was overwritten since (see <see cref="CellSnapshots"/>).</summary>
    internal IReadOnlyDictionary<int, CellSnapshots> Snapshots { get; }

    /// <summary>
    /// Per layer in <see cref="Dirty"/>, the cells written by something other than one of <see cref="Encoded"/>;
    /// null when unknown (every dirty cell counts as plain).
    /// </summary>
    internal IReadOnlyDictionary<int, CellGrid>? Plain { get; init; }

    /// <summary>Hands the saved cells' arrays back to the pool; the planner calls it once it has planned the frame.</summary>
    internal void ReleaseSnapshots()
    {
        foreach (var store in Snapshots.Values)
        {
            store.Release();
        }
    }

    /// <summary>True when nothing at all changed.</summary>
    public bool IsEmpty => Changes.Count == 0 && Dirty.Count == 0 && !CursorChanged;
}
