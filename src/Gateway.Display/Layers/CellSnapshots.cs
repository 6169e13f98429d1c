using Gateway.Display.Planning;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// The pixels one layer had when the current frame began, kept copy-on-write: just before the frame's first write
/// to a 64×64 cell, that cell's pixels are saved into a slot of pooled chunks of 16 cells. A resize or dispose saves the
/// whole picture instead (rare). With the model's current pixels this yields the frame-start picture that the
/// planner diffs against, so that no full copy of the picture has to be kept between frames.
/// </summary>
internal sealed class CellSnapshots
{
    private const int CellRowBytes = CellGrid.CellSize * Surface.BytesPerPixel;

    private const int CellBytes = CellGrid.CellSize * CellRowBytes;

    /// <summary>Cells per pooled chunk (256 KiB: exact-size arrays that the shared pool hands around).</summary>
    private const int ChunkCells = 16;

    /// <summary>Per cell, its slot + 1 in <see cref="_chunks"/> (0: not saved).</summary>
    private readonly int[] _cells;
    private readonly List<byte[]> _chunks = [];
    private readonly int[] _savedPerBand;
    private readonly int _columns;
    private byte[]? _whole;

    private CellSnapshots(int width, int height, bool isNew)
    {
        Width = width;
        Height = height;
        IsNew = isNew;
        _columns = (width + CellGrid.CellSize - 1) >> CellGrid.CellShift;
        int rows = (height + CellGrid.CellSize - 1) >> CellGrid.CellShift;
        _cells = isNew ? [] : new int[_columns * rows];
        _savedPerBand = isNew ? [] : new int[rows];
    }

    /// <summary>Frame-start width of the layer.</summary>
    public int Width { get; }

    /// <summary>Frame-start height of the layer.</summary>
    public int Height { get; }

    /// <summary>True when the layer index had no layer when the frame began: nothing needs saving.</summary>
    public bool IsNew { get; }

    /// <summary>True when the whole frame-start picture is saved (after a resize or dispose).</summary>
    public bool IsWhole => _whole is not null;

    /// <summary>Cells saved one by one.</summary>
    public int SavedCells { get; private set; }

    /// <summary>Bytes of pooled arrays this store holds.</summary>
    public long HeldBytes => ((long)_chunks.Count * ChunkCells * CellBytes) + (_whole?.Length ?? 0);

    /// <summary>A store for a layer that existed when the frame began, at that size.</summary>
    public static CellSnapshots ForExisting(int width, int height) => new(width, height, isNew: false);

    /// <summary>A store for a layer index created during the frame.</summary>
    public static CellSnapshots ForNew() => new(0, 0, isNew: true);

    /// <summary>Saves every not yet saved cell that <paramref name="area"/> touches; call before writing there.</summary>
    public void SaveCells(Surface current, PixelRect area)
    {
        if (IsNew || _whole is not null)
        {
            return;
        }

        if (current.Width != Width || current.Height != Height)
        {
            throw new InvalidOperationException("a layer changed size without saving its picture first");
        }

        var clipped = area.Intersect(new PixelRect(0, 0, Width, Height));
        if (clipped.IsEmpty)
        {
            return;
        }

        int c0 = clipped.X >> CellGrid.CellShift;
        int c1 = (int)((clipped.Right - 1) >> CellGrid.CellShift);
        int r0 = clipped.Y >> CellGrid.CellShift;
        int r1 = (int)((clipped.Bottom - 1) >> CellGrid.CellShift);
        for (int r = r0; r <= r1; r++)
        {
            for (int c = c0; c <= c1; c++)
            {
                ref int slot = ref _cells[(r * _columns) + c];
                if (slot != 0)
                {
                    continue;
                }

                if (SavedCells == _chunks.Count * ChunkCells)
                {
                    _chunks.Add(PixelBufferPool.Shared.Rent(ChunkCells * CellBytes));
                }

                var cell = CellRect(c, r);
                var saved = Slot(SavedCells);
                int rowBytes = cell.Width * Surface.BytesPerPixel;
                for (int y = 0; y < cell.Height; y++)
                {
                    current.RowSpan(cell.Y + y, cell.X, cell.Width).CopyTo(saved.Slice(y * CellRowBytes, rowBytes));
                }

                SavedCells++;
                slot = SavedCells;
                _savedPerBand[r]++;
            }
        }
    }

    /// <summary>Saves the whole frame-start picture; call before the layer is resized or disposed.</summary>
    public void SaveWhole(Surface current)
    {
        if (IsNew || _whole is not null)
        {
            return;
        }

        int bytes = Width * Height * Surface.BytesPerPixel;
        var whole = PixelBufferPool.Shared.Rent(bytes);
        var picture = new Surface(Width, Height, whole);
        Restore(current, picture);
        ReleaseCells();
        _whole = whole;
    }

    /// <summary>Number of 64-pixel row bands of the frame-start picture.</summary>
    public int Bands => (Height + CellGrid.CellSize - 1) >> CellGrid.CellShift;

    /// <summary>Writes the frame-start picture into <paramref name="previous"/> (frame-start size), given the layer's current pixels.</summary>
    public void Restore(Surface? current, Surface previous)
    {
        for (int band = 0; band < Bands; band++)
        {
            RestoreBand(current, previous, band);
        }
    }

    /// <summary>Writes rows <c>band * 64</c> to <c>band * 64 + 63</c> of the frame-start picture into <paramref name="previous"/>.</summary>
    public void RestoreBand(Surface? current, Surface previous, int band)
    {
        if (IsNew || previous.Width != Width || previous.Height != Height)
        {
            throw new InvalidOperationException("the planner's picture is out of step with the model");
        }

        int top = band << CellGrid.CellShift;
        int rows = Math.Min(CellGrid.CellSize, Height - top);
        int stride = Width * Surface.BytesPerPixel;
        var target = previous.Pixels.Slice(top * stride, rows * stride);
        if (_whole is not null)
        {
            _whole.AsSpan(top * stride, rows * stride).CopyTo(target);
            return;
        }

        if (current is null || current.Width != Width || current.Height != Height)
        {
            throw new InvalidOperationException("the planner's picture is out of step with the model");
        }

        if (_savedPerBand[band] < _columns)
        {
            // Some cells of the band were not overwritten: they still hold the frame-start pixels.
            current.Pixels.Slice(top * stride, rows * stride).CopyTo(target);
        }

        if (_savedPerBand[band] == 0)
        {
            return;
        }

        for (int c = 0; c < _columns; c++)
        {
            int slot = _cells[(band * _columns) + c];
            if (slot == 0)
            {
                continue;
            }

            var saved = Slot(slot - 1);
            var cell = CellRect(c, band);
            int rowBytes = cell.Width * Surface.BytesPerPixel;
            for (int y = 0; y < cell.Height; y++)
            {
                saved.Slice(y * CellRowBytes, rowBytes).CopyTo(previous.RowSpan(cell.Y + y, cell.X, cell.Width));
            }
        }
    }

    /// <summary>Hands every pooled array back.</summary>
    public void Release()
    {
        ReleaseCells();
        if (_whole is not null)
        {
            PixelBufferPool.Shared.Return(_whole);
            _whole = null;
        }
    }

    private void ReleaseCells()
    {
        if (SavedCells == 0)
        {
            return;
        }

        foreach (var chunk in _chunks)
        {
            PixelBufferPool.Shared.Return(chunk);
        }

        _chunks.Clear();
        Array.Clear(_cells);
        SavedCells = 0;
        Array.Clear(_savedPerBand);
    }

    private Span<byte> Slot(int slot) => _chunks[slot / ChunkCells].AsSpan(slot % ChunkCells * CellBytes, CellBytes);

    private PixelRect CellRect(int column, int row) =>
        new PixelRect(column << CellGrid.CellShift, row << CellGrid.CellShift, CellGrid.CellSize, CellGrid.CellSize).Intersect(new PixelRect(0, 0, Width, Height));
}
