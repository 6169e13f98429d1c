using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>A layer as every client has it after the last planned frame.</summary>
public sealed class SentLayer
{
    internal SentLayer(int index, int width, int height)
    {
        Index = index;
        Surface = new Surface(width, height);
    }

    public int Index { get; }

    public Surface Surface { get; }

    public int X { get; internal set; }

    public int Y { get; internal set; }

    public int Z { get; internal set; }

    public int Parent { get; internal set; }

    public int Opacity { get; internal set; } = 255;
}
