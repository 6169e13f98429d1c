using Gateway.Display.Planning;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

/// <summary>
/// The pixels one layer had when the current frame began, kept copy-on-write: just before the frame's first write
/// to a band of 64 rows, that band's rows are saved, at their own place, into a pooled array the size of the
/// layer (taken from the shared pool at the frame's first write, so an idle layer holds none). A resize or dispose
/// saves every band. With the model's current pixels for the bands not saved this yields the frame-start picture
/// that the planner diffs against; the planner takes the array over as its scratch picture, so saved bands are
/// never copied a second time. Images the layer held undecoded at frame start and that the frame has overwritten
/// wholly (<see cref="Superseded"/>) are kept here too, since the saved rows do not show them; they are decoded
/// into the saved rows only if someone asks for those rows (<see cref="DisplayModel"/>).
/// </summary>
internal sealed class CellSnapshots
{
    private readonly bool[] _saved;
    private byte[]? _picture;
    private bool _taken;

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

    /// <summary>Bytes of the pooled array this store holds (none once handed over) and of superseded images.</summary>
    public long HeldBytes
    {
        get
        {
            long total = _taken ? 0 : _picture?.Length ?? 0;
            foreach (var image in Superseded)
            {
                total += image.Length;
            }

            return total;
        }
    }

    /// <summary>
    /// Undecoded images of the frame-start picture that the frame then overwrote wholly: the saved rows under them
    /// are not the frame-start picture until they are decoded there (<see cref="PatchSaved"/>).
    /// </summary>
    public List<DeferredImage> Superseded { get; } = [];

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
            if (_taken)
            {
                // The planner took the saved picture as its own: the rows are in place.
                return;
            }

            var picture = _picture ?? throw new InvalidOperationException("the saved picture was released");
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
        if (_taken)
        {
            return null;
        }

        _taken = _picture is not null;
        return _picture;
    }

    /// <summary>
    /// Writes the rows of <paramref name="rect"/> that lie in saved bands from <paramref name="pixels"/> (rows
    /// <paramref name="stride"/> bytes apart, starting at the rectangle's top left) into the saved picture, also
    /// after it was handed over (the planner's scratch picture is the same array). Bands not saved are left alone.
    /// </summary>
    public void PatchSaved(PixelRect rect, ReadOnlySpan<byte> pixels, int stride)
    {
        var picture = _picture;
        if (IsNew || picture is null)
        {
            return;
        }

        var clipped = rect.Intersect(new PixelRect(0, 0, Width, Height));
        if (clipped != rect)
        {
            throw new InvalidOperationException("a frame-start image lies outside the frame-start picture");
        }

        int pictureStride = Width * Surface.BytesPerPixel;
        int rowBytes = rect.Width * Surface.BytesPerPixel;
        for (int y = 0; y < rect.Height; y++)
        {
            int row = rect.Y + y;
            if (_saved[row >> CellGrid.CellShift])
            {
                pixels.Slice(y * stride, rowBytes).CopyTo(picture.AsSpan((row * pictureStride) + (rect.X * Surface.BytesPerPixel), rowBytes));
            }
        }
    }

    /// <summary>
    /// Writes frame-start pixels of <paramref name="rect"/>: rows in saved bands into the saved picture, the others
    /// into <paramref name="current"/> (the layer, when it still has the frame-start size), whose rows there are the
    /// frame-start picture.
    /// </summary>
    public void PatchFrameStart(PixelRect rect, ReadOnlySpan<byte> pixels, int stride, Surface? current)
    {
        PatchSaved(rect, pixels, stride);
        if (IsNew || current is null || current.Width != Width || current.Height != Height)
        {
            return;
        }

        int rowBytes = rect.Width * Surface.BytesPerPixel;
        for (int y = 0; y < rect.Height; y++)
        {
            int row = rect.Y + y;
            if (!_saved[row >> CellGrid.CellShift])
            {
                pixels.Slice(y * stride, rowBytes).CopyTo(current.Pixels.Slice((row * current.Stride) + (rect.X * Surface.BytesPerPixel), rowBytes));
            }
        }
    }

    /// <summary>Hands the pooled array back, unless it was taken, and the superseded images' arrays.</summary>
    public void Release()
    {
        if (_picture is not null && !_taken)
        {
            PixelBufferPool.Pictures.Return(_picture);
        }

        _picture = null;
        foreach (var image in Superseded)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(image.Buffer);
        }

        Superseded.Clear();
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
