using Gateway.Display.Layers;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// The union of what one client has not been sent while it was held back: dirty 64×64 cells per layer, whether
/// the cursor changed, and whether anything structural happened (layers created, resized, moved, shaded or
/// disposed). Recording a frame costs marks in a cell grid, never a copy of the frame, so the memory is
/// O(cells of the display) however many frames the client misses.
/// <see cref="FrameWriter.WriteCatchUp"/> turns it into one update of the current state.
/// </summary>
public sealed class CoalescedUpdate
{
    private readonly Dictionary<int, CellGrid> _areas = new();
    private readonly HashSet<int> _disposed = new();

    /// <summary>True when a layer was created, resized, moved, shaded or disposed: the catch-up resends everything.</summary>
    public bool StructureChanged { get; private set; }

    /// <summary>True when the cursor image or hotspot changed.</summary>
    public bool CursorChanged { get; private set; }

    /// <summary>True when nothing was missed.</summary>
    public bool IsEmpty => !StructureChanged && !CursorChanged && _areas.Count == 0;

    /// <summary>Layers disposed while the client was held back (they may still exist on the client).</summary>
    public IReadOnlyCollection<int> Disposed => _disposed;

    /// <summary>Missed content per layer (empty once <see cref="StructureChanged"/> is set: everything is resent).</summary>
    public IReadOnlyDictionary<int, CellGrid> Areas => _areas;

    /// <summary>
    /// Adds one planned frame that the client did not get. <paramref name="state"/> is the planner's mirror after
    /// that frame (it gives layer sizes).
    /// </summary>
    public void Record(IReadOnlyList<PlanOperation> operations, SentState state)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(state);
        foreach (var op in operations)
        {
            bool cursorBuffer = op.Layer == state.CursorBuffer;
            switch (op.Kind)
            {
                case PlanOperationKind.Cursor:
                    CursorChanged = true;
                    break;
                case PlanOperationKind.Size when cursorBuffer:
                    CursorChanged = true;
                    break;
                case PlanOperationKind.Dispose:
                    _disposed.Add(op.Layer);
                    SetStructureChanged();
                    break;
                case PlanOperationKind.Size:
                case PlanOperationKind.Move:
                case PlanOperationKind.Shade:
                    SetStructureChanged();
                    break;
                case PlanOperationKind.Copy:
                    Mark(state, op.TargetLayer, new PixelRect(op.X, op.Y, op.Rect.Width, op.Rect.Height));
                    break;
                case PlanOperationKind.Fill:
                case PlanOperationKind.Image:
                    if (cursorBuffer)
                    {
                        CursorChanged = true;
                    }
                    else
                    {
                        Mark(state, op.Layer, op.Rect);
                    }

                    break;
                default:
                    throw new ArgumentException("unknown plan operation", nameof(operations));
            }
        }
    }

    /// <summary>Forgets everything: the client has been brought up to date.</summary>
    public void Clear()
    {
        _areas.Clear();
        _disposed.Clear();
        StructureChanged = false;
        CursorChanged = false;
    }

    private void SetStructureChanged()
    {
        StructureChanged = true;
        _areas.Clear();
    }

    private void Mark(SentState state, int layer, PixelRect rect)
    {
        if (StructureChanged || !state.TryGetLayer(layer, out var sent))
        {
            return;
        }

        if (!_areas.TryGetValue(layer, out var grid) || grid.Width != sent.Width || grid.Height != sent.Height)
        {
            // A size change is structural and would have been caught above; a mismatch here means a grid from
            // before a resize we did not see, so start over conservatively for the whole layer.
            bool stale = grid is not null;
            grid = new CellGrid(sent.Width, sent.Height);
            if (stale)
            {
                grid.MarkAll();
            }

            _areas[layer] = grid;
        }

        grid.Mark(rect);
    }
}
