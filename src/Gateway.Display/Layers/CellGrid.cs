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

    /// <summary>
    /// For a copy of <paramref name="sourceRect"/> of the layer <paramref name="source"/> marks to (<paramref name="x"/>,
    /// <paramref name="y"/>) of this layer: marks the cells that the marked cells of <paramref name="source"/> inside
    /// <paramref name="sourceRect"/> land on. Reads <paramref name="source"/> as it was before the call, also when it
    /// is this grid. <paramref name="written"/> (the copied target pixels) bounds the marks.
    /// </summary>
    public void MarkShifted(CellGrid source, PixelRect sourceRect, int x, int y, PixelRect written)
    {
        ArgumentNullException.ThrowIfNull(source);
        var clipped = sourceRect.Intersect(new PixelRect(0, 0, source.Width, source.Height));
        if (clipped.IsEmpty || !source.Any || written.IsEmpty)
        {
            return;
        }

        long dx = (long)x - sourceRect.X;
        long dy = (long)y - sourceRect.Y;
        int c0 = clipped.X >> CellShift;
        int c1 = (int)((clipped.Right - 1) >> CellShift);
        int r0 = clipped.Y >> CellShift;
        int r1 = (int)((clipped.Bottom - 1) >> CellShift);

        // Marks land where sources may still be read; collect them first when both are the same grid.
        bool[]? copied = null;
        var cells = source._cells;
        if (ReferenceEquals(source, this))
        {
            copied = System.Buffers.ArrayPool<bool>.Shared.Rent(cells.Length);
            cells.AsSpan().CopyTo(copied);
            cells = copied;
        }

        try
        {
            for (int r = r0; r <= r1; r++)
            {
                for (int c = c0; c <= c1; c++)
                {
                    if (!cells[(r * source.Columns) + c])
                    {
                        continue;
                    }

                    var part = source.CellRect(c, r).Intersect(clipped);
                    Mark(PixelRect.FromEdges(
                        Math.Max(part.X + dx, written.X),
                        Math.Max(part.Y + dy, written.Y),
                        Math.Min(part.Right + dx, written.Right),
                        Math.Min(part.Bottom + dy, written.Bottom)));
                }
            }
        }
        finally
        {
            if (copied is not null)
            {
                System.Buffers.ArrayPool<bool>.Shared.Return(copied);
            }
        }
    }

    /// <summary>Marks every cell that <paramref name="other"/> (a grid of the same size) marks.</summary>
    public void MarkFrom(CellGrid other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Columns != Columns || other.Rows != Rows)
        {
            throw new ArgumentException("grids differ in size", nameof(other));
        }

        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i] |= other._cells[i];
        }

        Any |= other.Any;
    }

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
