using Gateway.Display.Planning;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// The pixels one layer had when the current frame began, kept copy-on-write: just before the frame's first write
/// to a band of 64 rows, that band's rows are saved, at their own place, into a pooled array the size of the
/// layer (taken from the shared pool at the frame's first write, so an idle layer holds none). A resize or dispose
/// saves every band. With the model's current pixels for the bands not saved this yields the frame-start picture
/// that the planner diffs against; the planner takes the array over as its scratch picture, so saved bands are
/// never copied a second time.
/// </summary>
internal sealed class CellSnapshots
{
    private readonly bool[] _saved;
    private byte[]? _picture;

    private CellSnapshots(int width, int height, bool isNew)
    {
        Width = width;
        Height = height;
        IsNew = isNew;
        _saved = isNew ? [] : new bool[(height + CellGrid.CellSize - 1) >> CellGrid.CellShift];
    }

    /// <summary>Frame-start width of the layer.</summary>
    public int Width { get; }

    /// <summary>Frame-start height of the layer.</summary>
    public int Height { get; }

    /// <summary>True when the layer index had no layer when the frame began: nothing needs saving.</summary>
    public bool IsNew { get; }

    /// <summary>Bands of 64 rows saved so far.</summary>
    public int SavedBands { get; private set; }

    /// <summary>Bytes of the pooled array this store holds.</summary>
    public long HeldBytes => _picture?.Length ?? 0;

    /// <summary>A store for a layer that existed when the frame began, at that size.</summary>
    public static CellSnapshots ForExisting(int width, int height) => new(width, height, isNew: false);

    /// <summary>A store for a layer index created during the frame.</summary>
    public static CellSnapshots ForNew() => new(0, 0, isNew: true);

    public bool IsBandSaved(int band) => _saved[band];

    /// <summary>Saves every not yet saved band that <paramref name="area"/> touches; call before writing there.</summary>
    public void SaveCells(Surface current, PixelRect area)
    {
        if (IsNew || SavedBands == _saved.Length)
        {
            return;
        }

        var clipped = area.Intersect(new PixelRect(0, 0, Width, Height));
        if (clipped.IsEmpty)
        {
            return;
        }

        SaveBands(current, clipped.Y >> CellGrid.CellShift, (int)((clipped.Bottom - 1) >> CellGrid.CellShift));
    }

    /// <summary>Saves the whole frame-start picture; call before the layer is resized or disposed.</summary>
    public void SaveWhole(Surface current)
    {
        if (IsNew || SavedBands == _saved.Length)
        {
            return;
        }

        SaveBands(current, 0, _saved.Length - 1);
    }

    /// <summary>
    /// Writes rows <c>band * 64</c> to <c>band * 64 + 63</c> of the frame-start picture into <paramref name="previous"/>
    /// (frame-start size): the saved rows, or the layer's current ones where the band was not written.
    /// </summary>
    public void RestoreBand(Surface? current, Surface previous, int band)
    {
        if (IsNew || previous.Width != Width || previous.Height != Height)
        {
            throw new InvalidOperationException("the planner's picture is out of step with the model");
        }

        int stride = Width * Surface.BytesPerPixel;
        int top = band << CellGrid.CellShift;
        int bytes = Math.Min(CellGrid.CellSize, Height - top) * stride;
        var target = previous.Pixels.Slice(top * stride, bytes);
        if (_saved[band])
        {
            var picture = _picture ?? throw new InvalidOperationException("the saved picture was handed over already");
            picture.AsSpan(top * stride, bytes).CopyTo(target);
            return;
        }

        if (current is null || current.Width != Width || current.Height != Height)
        {
            throw new InvalidOperationException("the planner's picture is out of step with the model");
        }

        current.Pixels.Slice(top * stride, bytes).CopyTo(target);
    }

    /// <summary>
    /// Hands the saved picture's array over (the caller returns it to <see cref="PixelBufferPool.Pictures"/>); its saved
    /// bands hold frame-start rows, the others are unspecified. Null when nothing was saved.
    /// </summary>
    public byte[]? TakePicture()
    {
        var picture = _picture;
        _picture = null;
        return picture;
    }

    /// <summary>Hands the pooled array back, unless it was taken.</summary>
    public void Release()
    {
        if (_picture is not null)
        {
            PixelBufferPool.Pictures.Return(_picture);
            _picture = null;
        }
    }

    private void SaveBands(Surface current, int first, int last)
    {
        if (current.Width != Width || current.Height != Height)
        {
            throw new InvalidOperationException("a layer changed size without saving its picture first");
        }

        int stride = Width * Surface.BytesPerPixel;
        for (int band = first; band <= last; band++)
        {
            if (_saved[band])
            {
                continue;
            }

            _picture ??= PixelBufferPool.Pictures.Rent(Width * Height * Surface.BytesPerPixel);
            int top = band << CellGrid.CellShift;
            int bytes = Math.Min(CellGrid.CellSize, Height - top) * stride;
            current.Pixels.Slice(top * stride, bytes).CopyTo(_picture.AsSpan(top * stride, bytes));
            _saved[band] = true;
            SavedBands++;
        }
    }
}
