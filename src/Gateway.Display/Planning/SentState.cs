using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// What clients hold after the instructions planned so far: every layer's geometry and properties and the cursor.
/// It keeps no pixels of its own: between frames each layer's <see cref="SentLayer.Surface"/> is the model's
/// surface, which equals what was sent once a frame is planned. A joining user is sent exactly this (<see cref="FrameWriter.WriteFullState"/>)
/// so that the next frame's copies and diffs apply to the same picture for every user.
/// </summary>
public sealed class SentState
{
    private readonly SortedDictionary<int, SentLayer> _layers = new();

    internal SentState(int cursorBuffer)
    {
        CursorBuffer = cursorBuffer;
    }

    /// <summary>Layers by index (buffers first, then 0, then visible layers).</summary>
    public IEnumerable<SentLayer> Layers => _layers.Values;

    /// <summary>The buffer index that carries the cursor image.</summary>
    public int CursorBuffer { get; }

    public Surface? CursorImage { get; internal set; }

    public int CursorHotspotX { get; internal set; }

    public int CursorHotspotY { get; internal set; }

    public bool TryGetLayer(int index, out SentLayer layer) => _layers.TryGetValue(index, out layer!);

    internal SentLayer Create(int index, int width, int height)
    {
        var layer = new SentLayer(index, width, height);
        _layers.Add(index, layer);
        return layer;
    }

    internal void Remove(int index) => _layers.Remove(index);
}
