using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>A layer as every client has it after the last planned frame.</summary>
public sealed class SentLayer
{
    internal SentLayer(int index, int width, int height)
    {
        Index = index;
        Width = width;
        Height = height;
        Surface = new Surface(0, 0);
    }

    public int Index { get; }

    /// <summary>
    /// The layer's pixels as clients hold them: between frames these are the model layer's own pixels (equal to
    /// what was sent once a frame is planned), so no second copy is kept. Read it only while the model has no
    /// pending changes (see <see cref="Layers.DisplayModel.HasPendingChanges"/>).
    /// </summary>
    public Surface Surface { get; internal set; }

    /// <summary>Width clients know the layer by.</summary>
    public int Width { get; internal set; }

    /// <summary>Height clients know the layer by.</summary>
    public int Height { get; internal set; }

    public int X { get; internal set; }

    public int Y { get; internal set; }

    public int Z { get; internal set; }

    public int Parent { get; internal set; }

    public int Opacity { get; internal set; } = 255;

    /// <summary>While a frame is planned: the picture clients hold at this point of the frame (a pooled scratch surface).</summary>
    internal Surface? Previous { get; set; }

    /// <summary>Which 64-row bands of <see cref="Previous"/> are filled in (null: all of them).</summary>
    internal bool[]? ValidBands { get; set; }
}
