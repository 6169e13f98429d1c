using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// One Guacamole layer as the server holds it: index 0 is the default layer, positive indices are visible
/// layers, negative ones off-screen buffers (GUACAMOLE.md §1.6). Drawing goes through <see cref="DisplayModel"/>
/// so that dirty cells and structural changes are recorded.
/// </summary>
public sealed class DisplayLayer
{
    internal DisplayLayer(int index, int width, int height)
    {
        Index = index;
        Surface = new Surface(width, height);
        Dirty = new CellGrid(width, height);
    }

    public int Index { get; }

    /// <summary>True for off-screen buffers (negative index).</summary>
    public bool IsBuffer => Index < 0;

    /// <summary>The current pixels. Read it freely; write only through the model.</summary>
    public Surface Surface { get; }

    public int Width => Surface.Width;

    public int Height => Surface.Height;

    /// <summary>Position relative to the parent (visible layers only).</summary>
    public int X { get; internal set; }

    public int Y { get; internal set; }

    /// <summary>Stacking order among siblings (visible layers only).</summary>
    public int Z { get; internal set; }

    /// <summary>Index of the parent layer (visible layers only; 0 by default).</summary>
    public int Parent { get; internal set; }

    /// <summary>Opacity 0–255 (visible layers only).</summary>
    public int Opacity { get; internal set; } = 255;

    internal CellGrid Dirty { get; set; }
}
