using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// One structural change or explicit copy, in the order the back end made it. Which fields matter depends on
/// <see cref="Kind"/>: Sized uses Layer/Width/Height; Moved uses Layer/Parent/X/Y/Z; Shaded uses Layer/Opacity;
/// Disposed uses Layer; Copied uses Layer (source), Rect (source rectangle), TargetLayer, X, Y.
/// </summary>
public readonly record struct DisplayChange(
    DisplayChangeKind Kind,
    int Layer,
    PixelRect Rect = default,
    int TargetLayer = 0,
    int X = 0,
    int Y = 0,
    int Z = 0,
    int Parent = 0,
    int Opacity = 255)
{
    public int Width => Rect.Width;

    public int Height => Rect.Height;
}
