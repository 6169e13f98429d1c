using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>Marks which 64×64 cells of a layer changed since the last frame.</summary>
public sealed class CellGrid
{
    /// <summary>Side of one cell in pixels (guacd uses the same 64).</summary>
    public const int CellSize = 64;

    /// <summary>log2 of <see cref="CellSize"/>.</summary>
    public const int CellShift = 6;

    private bool[] _cells;

    public CellGrid(int width, int height)
    {
        Surface.CheckSize(width, height);
        Columns = (width + CellSize - 1) >> CellShift;
        Rows = (height + CellSize - 1) >> CellShift;
        Width = width;
        Height = height;
        _cells = new bool[Columns * Rows];
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int Columns { get; private set; }

    public int Rows { get; private set; }

    /// <summary>True when at least one cell is marked.</summary>
    public bool Any { get; private set; }

    public bool IsDirty(int column, int row) => _cells[(row * Columns) + column];

    /// <summary>The pixels of one cell, clipped to the layer.</summary>
    public PixelRect CellRect(int column, int row) =>
        new PixelRect(column << CellShift, row << CellShift, CellSize, CellSize).Intersect(new PixelRect(0, 0, Width, Height));

    /// <summary>Marks every cell that <paramref name="rect"/> touches (clipped to the layer).</summary>
    public void Mark(PixelRect rect)
    {
        var clipped = rect.Intersect(new PixelRect(0, 0, Width, Height));
        if (clipped.IsEmpty)
        {
            return;
        }

        int c0 = clipped.X >> CellShift;
        int c1 = (int)((clipped.Right - 1) >> CellShift);
        int r0 = clipped.Y >> CellShift;
        int r1 = (int)((clipped.Bottom - 1) >> CellShift);
        for (int r = r0; r <= r1; r++)
        {
            _cells.AsSpan((r * Columns) + c0, c1 - c0 + 1).Fill(true);
        }

        Any = true;
    }

    /// <summary>Marks one cell clean (<see cref="Any"/> is left as it was).</summary>
    internal void Unmark(int column, int row) => _cells[(row * Columns) + column] = false;

    public void MarkAll()
    {
        _cells.AsSpan().Fill(true);
        Any = _cells.Length > 0;
    }

    public void Clear()
    {
        _cells.AsSpan().Clear();
        Any = false;
    }

    /// <summary>Takes a new layer size; every cell becomes dirty.</summary>
    public void Resize(int width, int height)
    {
        Surface.CheckSize(width, height);
        Width = width;
        Height = height;
        Columns = (width + CellSize - 1) >> CellShift;
        Rows = (height + CellSize - 1) >> CellShift;
        _cells = new bool[Columns * Rows];
        MarkAll();
    }
}
