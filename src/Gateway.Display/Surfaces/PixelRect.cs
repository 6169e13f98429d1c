namespace Gateway.Display.Surfaces;

/// <summary>An axis-aligned rectangle of pixels; <see cref="Right"/> and <see cref="Bottom"/> are exclusive.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public static PixelRect Empty => default;

    /// <summary>Exclusive right edge, computed in 64 bits so hostile values cannot overflow.</summary>
    public long Right => (long)X + Width;

    /// <summary>Exclusive bottom edge, computed in 64 bits so hostile values cannot overflow.</summary>
    public long Bottom => (long)Y + Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    public long Area => IsEmpty ? 0 : (long)Width * Height;

    /// <summary>Builds a rectangle from edges, giving an empty rectangle when they are inverted.</summary>
    public static PixelRect FromEdges(long left, long top, long right, long bottom)
    {
        if (right <= left || bottom <= top)
        {
            return Empty;
        }

        return new PixelRect(checked((int)left), checked((int)top), checked((int)(right - left)), checked((int)(bottom - top)));
    }

    /// <summary>The overlap of two rectangles (empty when they do not overlap).</summary>
    public PixelRect Intersect(PixelRect other)
    {
        if (IsEmpty || other.IsEmpty)
        {
            return Empty;
        }

        long left = Math.Max(X, other.X);
        long top = Math.Max(Y, other.Y);
        long right = Math.Min(Right, other.Right);
        long bottom = Math.Min(Bottom, other.Bottom);
        return FromEdges(left, top, right, bottom);
    }

    /// <summary>The smallest rectangle holding both (an empty operand is ignored).</summary>
    public PixelRect Union(PixelRect other)
    {
        if (IsEmpty)
        {
            return other;
        }

        if (other.IsEmpty)
        {
            return this;
        }

        return FromEdges(Math.Min(X, other.X), Math.Min(Y, other.Y), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));
    }

    public bool Contains(PixelRect other) =>
        !other.IsEmpty && other.X >= X && other.Y >= Y && other.Right <= Right && other.Bottom <= Bottom;

    public bool IntersectsWith(PixelRect other) => !Intersect(other).IsEmpty;

    public override string ToString() => $"{Width}x{Height}@{X},{Y}";
}
