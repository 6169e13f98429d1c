using Gateway.Display.Surfaces;

namespace Gateway.Display.Planning;

/// <summary>
/// The planner's row hashes of one mirror layer over one column range, kept from one frame to the next so that a
/// scroll search does not hash the old picture again. Entries are hints only: every match they suggest is verified
/// byte for byte before it becomes a copy, so a stale or colliding entry costs bytes, never pixels.
/// </summary>
internal sealed class RowHashCache
{
    public RowHashCache(int x, int width, int height)
    {
        X = x;
        Width = width;
        Hashes = new ulong[height];
        Opaque = new bool[height];
        Valid = new bool[height];
    }

    /// <summary>First column the hashes cover.</summary>
    public int X { get; private set; }

    /// <summary>Columns the hashes cover.</summary>
    public int Width { get; private set; }

    /// <summary>Layer height the arrays were made for.</summary>
    public int Height => Valid.Length;

    public ulong[] Hashes { get; }

    public bool[] Opaque { get; }

    public bool[] Valid { get; }

    /// <summary>True when the cached hashes are for exactly the columns of <paramref name="range"/>.</summary>
    public bool Covers(PixelRect range) => range.X == X && range.Width == Width;

    /// <summary>Switches to another column range; every entry becomes invalid.</summary>
    public void Retarget(int x, int width)
    {
        X = x;
        Width = width;
        Array.Clear(Valid);
    }

    /// <summary>Forgets the rows of <paramref name="rect"/> when it shares columns with the cached range.</summary>
    public void Invalidate(PixelRect rect)
    {
        if (rect.IsEmpty || rect.Right <= X || rect.X >= (long)X + Width)
        {
            return;
        }

        int top = Math.Clamp(rect.Y, 0, Height);
        int bottom = (int)Math.Clamp(rect.Bottom, top, Height);
        Valid.AsSpan(top, bottom - top).Clear();
    }

    public void Set(int y, ulong hash, bool opaque)
    {
        Hashes[y] = hash;
        Opaque[y] = opaque;
        Valid[y] = true;
    }
}
