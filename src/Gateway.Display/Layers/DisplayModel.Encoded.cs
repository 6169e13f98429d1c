using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;

namespace Gateway.Display.Layers;

public sealed partial class DisplayModel
{
    /// <summary>Most encoded regions one frame keeps; later ones are drawn as plain pixels.</summary>
    public const int MaxEncodedRegionsPerFrame = 256;

    /// <summary>Most images one layer holds undecoded; beyond it (or <see cref="MaxDeferredBytes"/>) JPEGs are decoded on arrival.</summary>
    public const int MaxDeferredImages = 256;

    /// <summary>Most bytes of undecoded JPEG one layer holds.</summary>
    public const int MaxDeferredBytes = 8 * 1024 * 1024;

    private readonly List<EncodedRegion> _encoded = [];

    /// <summary>
    /// When true (the default), <see cref="TryPutEncoded"/> keeps a sanitised JPEG undecoded until something needs
    /// its pixels: a read of <see cref="DisplayLayer.Surface"/>, a drawing call that overwrites it only in part, a
    /// copy from it, a client joining or catching up, a lossless refresh, or a frame whose diff reaches it. A JPEG
    /// that a later one replaces wholly (the next frame of a video) is never decoded. A JPEG whose data turns out to
    /// be damaged when decoded shows what the decoder made of it, as it does in browsers; its size and structure were
    /// checked when it arrived.
    /// </summary>
    public bool DeferDecoding { get; set; } = true;

    /// <summary>Deferred images decoded so far (for tests and benchmarks).</summary>
    internal long DecodedImages { get; private set; }

    /// <summary>
    /// A copy of a layer's current pixels with its undecoded images decoded into the copy, leaving the model as it
    /// is (tests compare clients with it without changing what the planner will see).
    /// </summary>
    internal Surface CopyCurrent(int index)
    {
        var layer = GetLayer(index);
        var copy = layer.Raw.Clone();
        foreach (var image in layer.Deferred)
        {
            using var decoded = DecodeRows(image);
            CopyRows(decoded.Pixels, decoded.Stride, image.Rect, image.Visible, copy);
        }

        return copy;
    }

    /// <summary>The number the frame being drawn will have.</summary>
    private long CurrentFrame => _frameNumber + 1;

    /// <summary>
    /// Draws decoded pixels like <see cref="Put"/> and remembers their encoded form for this frame, so the planner
    /// may send the back end's own image instead of encoding the pixels again. Only JPEG is accepted, and only a
    /// baseline JPEG of exactly <paramref name="rect"/>'s size that lies wholly inside the layer
    /// (<see cref="JpegSanitizer"/>); otherwise, or when anything overlapping is drawn later in the frame, the pixels
    /// are sent as if <see cref="Put"/> had been called. The bytes are copied: the caller's buffer may be reused.
    /// </summary>
    public void PutEncoded(int index, PixelRect rect, ReadOnlySpan<byte> pixels, int stride, ImageFormat format, ReadOnlySpan<byte> encoded)
    {
        _ = GetLayer(index);
        var region = Sanitize(index, rect, format, encoded);
        Put(index, rect, pixels, stride, blend: false, plain: region is null);
        if (region is not null)
        {
            _encoded.Add(region);
        }
    }

    /// <summary>
    /// Like <see cref="PutEncoded(int, PixelRect, ReadOnlySpan{byte}, int, ImageFormat, ReadOnlySpan{byte})"/>, but
    /// the pixels come from <paramref name="decode"/>, which writes them straight into the layer (no intermediate
    /// copy), or, with <see cref="DeferDecoding"/>, from the sanitised JPEG itself when they are first needed
    /// (<paramref name="decode"/> is then not called). Returns false, touching nothing, when
    /// <paramref name="rect"/> is empty or not wholly inside the layer: the caller then decodes into its own buffer
    /// and calls <see cref="Put"/>. If <paramref name="decode"/> throws, the rectangle holds whatever it wrote and
    /// is marked changed.
    /// </summary>
    public bool TryPutEncoded(int index, PixelRect rect, PixelWriter decode, ImageFormat format, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(decode);
        var layer = GetLayer(index);
        var surface = layer.Raw;
        if (rect.IsEmpty || surface.Clip(rect) != rect)
        {
            return false;
        }

        Version++;
        var region = Sanitize(index, rect, format, encoded);
        PrepareWrite(layer, rect, replacing: true);
        if (region is not null && DeferDecoding && CanDefer(layer, region.Length))
        {
            // The surface is not written, so the frame-start rows need no saving: they are still there.
            var copy = ArrayPool<byte>.Shared.Rent(region.Length);
            region.Data.Span.CopyTo(copy);
            InvalidateEncoded(index, rect);
            layer.Deferred.Add(new DeferredImage(rect, copy, region.Length, CurrentFrame));
            layer.Dirty.Mark(rect);
            _encoded.Add(region);
            return true;
        }

        SnapshotsOf(layer).SaveCells(surface, rect);
        try
        {
            decode(surface.Pixels.Slice(Offset(surface, rect), Length(surface, rect)), surface.Stride);
        }
        catch
        {
            if (region is not null)
            {
                ArrayPool<byte>.Shared.Return(region.Buffer);
                region = null;
            }

            throw;
        }
        finally
        {
            layer.Dirty.Mark(rect);
            if (region is null)
            {
                layer.Plain.Mark(rect);
            }

            InvalidateEncoded(index, rect);
        }

        if (region is not null)
        {
            _encoded.Add(region);
        }

        return true;
    }

    /// <summary>
    /// True when the layer may keep one more undecoded image of <paramref name="length"/> bytes: a server sending many
    /// small JPEGs that never cover one another must not make every later drawing call scan a long list.
    /// </summary>
    private static bool CanDefer(DisplayLayer layer, int length)
    {
        if (layer.Deferred.Count >= MaxDeferredImages)
        {
            return false;
        }

        long bytes = length;
        foreach (var image in layer.Deferred)
        {
            bytes += image.Length;
        }

        return bytes <= MaxDeferredBytes;
    }

    /// <summary>Decodes every image <paramref name="layer"/> holds undecoded (a public read of its surface).</summary>
    internal void DecodeAllDeferred(DisplayLayer layer) => DecodeDeferred(layer, null, _snapshots, CurrentFrame);

    /// <summary>
    /// True when band <paramref name="band"/> (64 rows) of the picture clients held when frame
    /// <paramref name="frame"/> began still lacks an undecoded image: one the layer holds from an earlier frame, or
    /// one the frame overwrote (<see cref="CellSnapshots.Superseded"/>).
    /// </summary>
    internal bool HasFrameStartDeferred(int index, int band, IReadOnlyDictionary<int, CellSnapshots> snapshots, long frame)
    {
        var rows = BandRows(band);
        if (_layers.TryGetValue(index, out var layer))
        {
            foreach (var image in layer.Deferred)
            {
                if (image.VisibleAtStartOf(frame).IntersectsWith(rows))
                {
                    return true;
                }
            }
        }

        if (snapshots.TryGetValue(index, out var store))
        {
            foreach (var image in store.Superseded)
            {
                if (image.VisibleAtStartOf(frame).IntersectsWith(rows))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Decodes what the picture clients held when frame <paramref name="frame"/> began lacks in rows
    /// <paramref name="top"/> to <paramref name="bottom"/> (exclusive) of a layer (all rows when null): the layer's
    /// undecoded images from earlier frames go into its surface (and the frame's saved rows), the frame's superseded
    /// ones into its saved rows. Each image is decoded whole.
    /// </summary>
    internal void DecodeFrameStart(int index, int top, int bottom, IReadOnlyDictionary<int, CellSnapshots> snapshots, long frame)
    {
        var rows = new PixelRect(0, top, int.MaxValue, Math.Max(0, bottom - top));
        _layers.TryGetValue(index, out var layer);
        if (layer is not null)
        {
            for (int i = layer.Deferred.Count - 1; i >= 0; i--)
            {
                var image = layer.Deferred[i];
                if (image.VisibleAtStartOf(frame).IntersectsWith(rows))
                {
                    layer.Deferred.RemoveAt(i);
                    Decode(layer, image, snapshots, frame);
                }
            }
        }

        if (snapshots.TryGetValue(index, out var store) && store.Superseded.Count > 0)
        {
            for (int i = store.Superseded.Count - 1; i >= 0; i--)
            {
                var image = store.Superseded[i];
                if (image.VisibleAtStartOf(frame).IntersectsWith(rows))
                {
                    store.Superseded.RemoveAt(i);
                    DecodeSuperseded(store, image, layer?.Raw, frame);
                }
            }
        }
    }

    /// <summary>Decodes every frame-start image of every layer (before the whole picture clients hold is read).</summary>
    internal void DecodeFrameStart(IReadOnlyDictionary<int, CellSnapshots> snapshots, long frame)
    {
        foreach (var index in _layers.Keys)
        {
            DecodeFrameStart(index, 0, int.MaxValue, snapshots, frame);
        }

        foreach (var index in snapshots.Keys)
        {
            if (!_layers.ContainsKey(index))
            {
                DecodeFrameStart(index, 0, int.MaxValue, snapshots, frame);
            }
        }
    }

    /// <summary>Decodes the frame-start images of the frame being drawn (see <see cref="DecodeFrameStart(IReadOnlyDictionary{int, CellSnapshots}, long)"/>).</summary>
    internal void DecodeFrameStart() => DecodeFrameStart(_snapshots, CurrentFrame);

    /// <summary>
    /// Decodes into the surface every undecoded image of <paramref name="layer"/> that touches
    /// <paramref name="area"/> (all of them when null); those from before frame <paramref name="frame"/> also go into
    /// the rows that frame saved.
    /// </summary>
    internal void DecodeDeferred(DisplayLayer layer, PixelRect? area, IReadOnlyDictionary<int, CellSnapshots> snapshots, long frame)
    {
        for (int i = layer.Deferred.Count - 1; i >= 0; i--)
        {
            var image = layer.Deferred[i];
            if (area is not { } a || image.Visible.IntersectsWith(a))
            {
                layer.Deferred.RemoveAt(i);
                Decode(layer, image, snapshots, frame);
            }
        }
    }

    /// <summary>
    /// Before drawing into <paramref name="area"/>: an undecoded image there that the drawing replaces wholly is
    /// dropped (kept with the frame's saved rows when clients hold it), one whose top or bottom rows it replaces at
    /// full width only hides those rows, any other one is decoded first.
    /// </summary>
    private void PrepareWrite(DisplayLayer layer, PixelRect area, bool replacing)
    {
        var deferred = layer.Deferred;
        if (deferred.Count == 0 || area.IsEmpty)
        {
            return;
        }

        for (int i = deferred.Count - 1; i >= 0; i--)
        {
            var image = deferred[i];
            if (!image.Visible.IntersectsWith(area))
            {
                continue;
            }

            bool hidden = replacing && area.Contains(image.Visible);
            if (replacing && !hidden && image.TryHide(area, CurrentFrame))
            {
                continue;
            }

            deferred.RemoveAt(i);
            if (hidden)
            {
                var store = SnapshotsOf(layer);
                if (!store.IsNew && !image.VisibleAtStartOf(CurrentFrame).IsEmpty)
                {
                    store.Superseded.Add(image);
                }
                else
                {
                    ArrayPool<byte>.Shared.Return(image.Buffer);
                }
            }
            else
            {
                Decode(layer, image, _snapshots, CurrentFrame);
            }
        }
    }

    /// <summary>
    /// Decodes a deferred image: its visible rows into the layer's surface and, when it was in the picture clients held
    /// at the start of frame <paramref name="frame"/>, the rows it showed then into that picture (the frame's saved
    /// rows, or the surface where a band was not saved).
    /// </summary>
    private void Decode(DisplayLayer layer, DeferredImage image, IReadOnlyDictionary<int, CellSnapshots> snapshots, long frame)
    {
        DecodedImages++;
        var surface = layer.Raw;
        var rect = image.Rect;
        var visible = image.Visible;
        var start = image.VisibleAtStartOf(frame);
        if (surface.Clip(rect) == rect)
        {
            if (image.Frame >= frame && ReferenceEquals(snapshots, _snapshots))
            {
                // An image of the frame being drawn lies over frame-start rows that were never saved (it did not
                // write the surface): save them before the decoded pixels overwrite them. (While a frame is planned
                // the planner has read those rows first.)
                SnapshotsOf(layer).SaveCells(surface, visible);
            }

            snapshots.TryGetValue(layer.Index, out var store);
            if (visible == rect && (start.IsEmpty || start == rect))
            {
                // Wholly showing: straight into the surface.
                var target = surface.Pixels.Slice(Offset(surface, rect), Length(surface, rect));
                DecodeInto(image, target, surface.Stride);
                if (!start.IsEmpty)
                {
                    store?.PatchSaved(rect, target, surface.Stride);
                }
            }
            else
            {
                using var decoded = DecodeRows(image);
                CopyRows(decoded.Pixels, decoded.Stride, rect, visible, surface);
                if (!start.IsEmpty)
                {
                    WriteFrameStart(store, surface, decoded.Pixels, decoded.Stride, rect, start);
                }
            }
        }

        ArrayPool<byte>.Shared.Return(image.Buffer);
    }

    /// <summary>Writes the part <paramref name="start"/> of a decoded image into the frame-start picture.</summary>
    private static void WriteFrameStart(CellSnapshots? store, Surface surface, ReadOnlySpan<byte> pixels, int stride, PixelRect rect, PixelRect start)
    {
        var rows = pixels[Within(rect, start, stride)..];
        if (store is not null)
        {
            store.PatchFrameStart(start, rows, stride, surface);
        }
        else
        {
            // Nothing saved this frame: the surface's rows are the frame-start picture (hidden rows lie under an
            // undecoded image of this frame).
            CopyRows(pixels, stride, rect, start, surface);
        }
    }

    /// <summary>Copies the part <paramref name="part"/> of a decoded image of <paramref name="rect"/> into <paramref name="target"/>.</summary>
    private static void CopyRows(ReadOnlySpan<byte> pixels, int stride, PixelRect rect, PixelRect part, Surface target)
    {
        int rowBytes = part.Width * Surface.BytesPerPixel;
        int offset = Within(rect, part, stride);
        for (int y = 0; y < part.Height; y++)
        {
            pixels.Slice(offset + (y * stride), rowBytes).CopyTo(target.Pixels.Slice(((part.Y + y) * target.Stride) + (part.X * Surface.BytesPerPixel), rowBytes));
        }
    }

    /// <summary>Where <paramref name="part"/>'s top left lies in a decoded image of <paramref name="rect"/>.</summary>
    private static int Within(PixelRect rect, PixelRect part, int stride) =>
        ((part.Y - rect.Y) * stride) + ((part.X - rect.X) * Surface.BytesPerPixel);

    /// <summary>An image decoded into a pooled buffer of its own size.</summary>
    private static DecodedRows DecodeRows(DeferredImage image)
    {
        var rect = image.Rect;
        int stride = rect.Width * Surface.BytesPerPixel;
        var pixels = ArrayPool<byte>.Shared.Rent(stride * rect.Height);
        DecodeInto(image, pixels, stride);
        return new DecodedRows(pixels, stride);
    }

    private readonly struct DecodedRows(byte[] array, int stride) : IDisposable
    {
        public ReadOnlySpan<byte> Pixels => array;

        public int Stride => stride;

        public void Dispose() => ArrayPool<byte>.Shared.Return(array);
    }

    /// <summary>
    /// Decodes an image the frame overwrote wholly into the frame-start picture: the saved rows, or, in bands not
    /// saved, the surface itself (what lies there now is another undecoded image, whose pixels are not in the surface).
    /// </summary>
    private void DecodeSuperseded(CellSnapshots store, DeferredImage image, Surface? current, long frame)
    {
        DecodedImages++;
        var start = image.VisibleAtStartOf(frame);
        if (!start.IsEmpty)
        {
            using var decoded = DecodeRows(image);
            store.PatchFrameStart(start, decoded.Pixels[Within(image.Rect, start, decoded.Stride)..], decoded.Stride, current);
        }

        ArrayPool<byte>.Shared.Return(image.Buffer);
    }

    /// <summary>
    /// Decodes a sanitised JPEG of exactly its rectangle. Damaged data leaves what the decoder made of it; should the
    /// decoder refuse the JPEG outright (its header was checked when it arrived), the rectangle becomes opaque black.
    /// </summary>
    private static void DecodeInto(DeferredImage image, Span<byte> target, int stride)
    {
        var rect = image.Rect;
        var result = JpegDecoder.Shared.Decode(image.Data, rect.Width, rect.Height, target, stride);
        if (result is JpegDecodeResult.NotJpeg or JpegDecodeResult.SizeMismatch)
        {
            for (int y = 0; y < rect.Height; y++)
            {
                MemoryMarshal.Cast<byte, uint>(target.Slice(y * stride, rect.Width * Surface.BytesPerPixel)).Fill(0xFF000000);
            }
        }
    }

    private static int Offset(Surface surface, PixelRect rect) => (rect.Y * surface.Stride) + (rect.X * Surface.BytesPerPixel);

    private static int Length(Surface surface, PixelRect rect) => ((rect.Height - 1) * surface.Stride) + (rect.Width * Surface.BytesPerPixel);

    private PixelRect BandRows(int band) => new(0, band << CellGrid.CellShift, int.MaxValue, CellGrid.CellSize);

    /// <summary>Checks and copies an encoded image of a whole rectangle for the planner; null when it cannot be sent as it is.</summary>
    private EncodedRegion? Sanitize(int index, PixelRect rect, ImageFormat format, ReadOnlySpan<byte> encoded)
    {
        var layer = _layers[index];
        if (format != ImageFormat.Jpeg || rect.IsEmpty || layer.Raw.Clip(rect) != rect || encoded.IsEmpty
            || _encoded.Count >= MaxEncodedRegionsPerFrame)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        if (!JpegSanitizer.TrySanitize(encoded, rect.Width, rect.Height, buffer, out int length))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return new EncodedRegion(index, rect, format, buffer, length);
    }

    /// <summary>
    /// Forgets the encoded regions of <paramref name="index"/> that <paramref name="rect"/> touches (all of them when
    /// null); their pixels are then diffed like any other drawing.
    /// </summary>
    private void InvalidateEncoded(int index, PixelRect? rect)
    {
        for (int i = _encoded.Count - 1; i >= 0; i--)
        {
            var region = _encoded[i];
            if (region.Layer == index && (rect is not { } r || region.Rect.IntersectsWith(r)))
            {
                _encoded.RemoveAt(i);
                ArrayPool<byte>.Shared.Return(region.Buffer);
                if (_layers.TryGetValue(index, out var layer))
                {
                    layer.Plain.Mark(region.Rect);
                }
            }
        }
    }

    /// <summary>Hands this frame's encoded regions to the frame and starts an empty list.</summary>
    private EncodedRegion[] TakeEncoded()
    {
        if (_encoded.Count == 0)
        {
            return [];
        }

        var taken = _encoded.ToArray();
        _encoded.Clear();
        return taken;
    }
}
