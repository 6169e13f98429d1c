using System.Buffers;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;
using Gateway.Protocol;

namespace Gateway.Display.Planning;

/// <summary>
/// Turns a <see cref="FramePlan"/> into Guacamole drawing instructions (argument orders as in GUACAMOLE.md §1.5).
/// Images go out as <c>img</c> streams: each region is encoded by the encoder the caller's delegate picks for it
/// (PNG is the expected default), split into <c>blob</c>s of at most <see cref="MaxBlobBytes"/> raw bytes and closed
/// with <c>end</c>. Stream indices come from the caller's allocator and are handed back after <c>end</c>, since
/// clients do not acknowledge image streams. The frame-ending <c>sync</c> is the caller's to send.
/// Images of one plan may be encoded in parallel on an <see cref="EncoderPool"/>; the encoder for each is still
/// chosen in plan order on the calling thread and the output is written in plan order, so it is byte for byte
/// what the serial path writes. Not thread-safe: use one writer per sending thread.
/// </summary>
public sealed class FrameWriter
{
    /// <summary>Raw bytes per <c>blob</c> (8064 base64 characters, under guacd's 8192-character element limit).</summary>
    public const int MaxBlobBytes = 6048;

    /// <summary>Tile side used for a joining user's full state.</summary>
    public const int FullStateTile = 512;

    private readonly Func<PlanOperation, IImageEncoder> _chooseEncoder;
    private readonly Func<int> _allocateStream;
    private readonly Action<int>? _releaseStream;
    private readonly ArrayBufferWriter<byte> _encoded = new(64 * 1024);
    private readonly List<ArrayBufferWriter<byte>> _parallelBuffers = [];
    private readonly List<byte[]> _decoded = [];

    /// <param name="chooseEncoder">Picks the encoder for one image operation (its layer, rectangle and alpha).</param>
    /// <param name="allocateStream">Gives a free output stream index for one image.</param>
    /// <param name="releaseStream">Takes an index back once its <c>end</c> has been written (optional).</param>
    public FrameWriter(Func<PlanOperation, IImageEncoder> chooseEncoder, Func<int> allocateStream, Action<int>? releaseStream = null)
    {
        ArgumentNullException.ThrowIfNull(chooseEncoder);
        ArgumentNullException.ThrowIfNull(allocateStream);
        _chooseEncoder = chooseEncoder;
        _allocateStream = allocateStream;
        _releaseStream = releaseStream;
    }

    /// <summary>An encode buffer that grew beyond this many bytes is dropped after the frame instead of kept.</summary>
    public const int MaxRetainedEncodeBytes = 4 * 1024 * 1024;

    /// <summary>Writes every operation of <paramref name="plan"/> in order, encoding images on the calling thread.</summary>
    public void Write(FramePlan plan, IBufferWriter<byte> output) => Write(plan, output, null);

    /// <summary>
    /// Writes every operation of <paramref name="plan"/> in order. With a <paramref name="pool"/> and more than one
    /// image, the images are encoded in parallel first; the output is identical to the serial path's.
    /// </summary>
    public void Write(FramePlan plan, IBufferWriter<byte> output, EncoderPool? pool)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        Write(plan.Operations, output, pool);
    }

    /// <summary>Writes <paramref name="operations"/> in order; images in parallel on <paramref name="pool"/> when there are several.</summary>
    public void Write(IReadOnlyList<PlanOperation> operations, IBufferWriter<byte> output, EncoderPool? pool)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(output);
        int images = 0;
        foreach (var op in operations)
        {
            if (op.Kind == PlanOperationKind.Image)
            {
                images++;
            }
        }

        if (pool is null || images < 2)
        {
            foreach (var op in operations)
            {
                Write(op, output);
            }

            return;
        }

        try
        {
            WriteImages(operations, images, output, pool);
        }
        finally
        {
            ReturnDecoded();
        }
    }

    private void WriteImages(IReadOnlyList<PlanOperation> operations, int images, IBufferWriter<byte> output, EncoderPool pool)
    {

        // Choose every encoder in plan order on this thread (choosers may keep per-frame state), encode in
        // parallel into one buffer per image, then write everything in plan order. Images that are only copied
        // (they arrived encoded) do not make a frame worth spreading over threads.
        var jobs = new (PlanOperation Op, IImageEncoder Encoder)[images];
        int n = 0;
        int costly = 0;
        foreach (var op in operations)
        {
            if (op.Kind == PlanOperationKind.Image)
            {
                CheckImage(op);
                var encoder = _chooseEncoder(op);
                jobs[n++] = (encoder.IsCopy ? op : WithPixels(op), encoder);
                costly += encoder.IsCopy ? 0 : 1;
            }
        }

        if (costly < 2)
        {
            n = 0;
            foreach (var op in operations)
            {
                if (op.Kind == PlanOperationKind.Image)
                {
                    var (image, encoder) = jobs[n++];
                    _encoded.ResetWrittenCount();
                    encoder.Encode(image.Pixels, image.Rect.Width, image.Rect.Height, image.Rect.Width * Surface.BytesPerPixel, new EncodeOptions(HasAlpha: image.HasAlpha), _encoded);
                    WriteEncoded(image, encoder, _encoded.WrittenSpan, output);
                }
                else
                {
                    Write(op, output);
                }
            }

            return;
        }

        while (_parallelBuffers.Count < images)
        {
            _parallelBuffers.Add(new ArrayBufferWriter<byte>(16 * 1024));
        }

        try
        {
            pool.Run(images, i =>
            {
                var (op, encoder) = jobs[i];
                var buffer = _parallelBuffers[i];
                buffer.ResetWrittenCount();
                encoder.Encode(op.Pixels, op.Rect.Width, op.Rect.Height, op.Rect.Width * Surface.BytesPerPixel, new EncodeOptions(HasAlpha: op.HasAlpha), buffer);
            });

            n = 0;
            foreach (var op in operations)
            {
                if (op.Kind == PlanOperationKind.Image)
                {
                    WriteEncoded(op, jobs[n].Encoder, _parallelBuffers[n].WrittenSpan, output);
                    n++;
                }
                else
                {
                    Write(op, output);
                }
            }
        }
        finally
        {
            for (int i = 0; i < _parallelBuffers.Count; i++)
            {
                if (_parallelBuffers[i].Capacity > MaxRetainedEncodeBytes)
                {
                    _parallelBuffers[i] = new ArrayBufferWriter<byte>(16 * 1024);
                }
            }
        }
    }

    /// <summary>
    /// Writes everything a user who joins needs to see what the others see: every layer's size, position,
    /// stacking and opacity, its whole content, and the cursor. It sends the planner's <see cref="SentState"/>
    /// (not the model), so the next planned frame applies to the joiner exactly as to everyone else.
    /// </summary>
    public void WriteFullState(SentState state, IBufferWriter<byte> output, EncoderPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        var ops = new List<PlanOperation>();
        AddFullState(state, existingClient: false, ops);
        Write(ops, output, pool);
    }

    /// <summary>
    /// Brings a client that was held back up to the current state: the areas in <paramref name="missed"/> from
    /// <paramref name="state"/> (overwriting what the client holds there), the cursor if it changed, or, after a
    /// structural change, every layer and the cursor, disposing the layers that went away meanwhile.
    /// </summary>
    public void WriteCatchUp(SentState state, CoalescedUpdate missed, IBufferWriter<byte> output, EncoderPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(missed);
        ArgumentNullException.ThrowIfNull(output);
        var ops = new List<PlanOperation>();
        if (missed.StructureChanged)
        {
            foreach (int index in missed.Disposed)
            {
                if (!state.TryGetLayer(index, out _))
                {
                    ops.Add(PlanOperation.Dispose(index));
                }
            }

            AddFullState(state, existingClient: true, ops);
        }
        else
        {
            foreach (var (index, grid) in missed.Areas)
            {
                if (state.TryGetLayer(index, out var layer))
                {
                    AddCells(layer.Index, layer.Surface, grid, ops);
                }
            }

            if (missed.CursorChanged)
            {
                AddCursor(state, existingClient: true, ops);
            }
        }

        Write(ops, output, pool);
    }

    /// <summary>Writes one operation.</summary>
    public void Write(PlanOperation op, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (op.Kind)
        {
            case PlanOperationKind.Size:
                InstructionWriter.Start(output, "size"u8).Add(op.Layer).Add(op.Rect.Width).Add(op.Rect.Height).End();
                break;
            case PlanOperationKind.Move:
                InstructionWriter.Start(output, "move"u8).Add(op.Layer).Add(op.Parent).Add(op.X).Add(op.Y).Add(op.Z).End();
                break;
            case PlanOperationKind.Shade:
                InstructionWriter.Start(output, "shade"u8).Add(op.Layer).Add(op.Opacity).End();
                break;
            case PlanOperationKind.Dispose:
                InstructionWriter.Start(output, "dispose"u8).Add(op.Layer).End();
                break;
            case PlanOperationKind.Copy:
                InstructionWriter.Start(output, "copy"u8).Add(op.Layer).Add(op.Rect.X).Add(op.Rect.Y).Add(op.Rect.Width).Add(op.Rect.Height)
                    .Add(op.Mask).Add(op.TargetLayer).Add(op.X).Add(op.Y).End();
                break;
            case PlanOperationKind.Fill:
                InstructionWriter.Start(output, "rect"u8).Add(op.Layer).Add(op.Rect.X).Add(op.Rect.Y).Add(op.Rect.Width).Add(op.Rect.Height).End();
                InstructionWriter.Start(output, "cfill"u8).Add(op.Mask).Add(op.Layer).Add(op.Colour.R).Add(op.Colour.G).Add(op.Colour.B).Add(op.Colour.A).End();
                break;
            case PlanOperationKind.Image:
                WriteImage(op, output);
                break;
            case PlanOperationKind.Cursor:
                InstructionWriter.Start(output, "cursor"u8).Add(op.X).Add(op.Y).Add(op.Layer).Add(0).Add(0).Add(op.Rect.Width).Add(op.Rect.Height).End();
                break;
            default:
                throw new ArgumentException("unknown plan operation", nameof(op));
        }
    }

    private static void CheckImage(PlanOperation op)
    {
        var rect = op.Rect;
        if (op.Pixels is null && op.IsPreEncoded && !rect.IsEmpty)
        {
            return;
        }

        var pixels = op.Pixels ?? throw new ArgumentException("image operation without pixels", nameof(op));
        if (rect.IsEmpty || pixels.Length != rect.Width * rect.Height * Surface.BytesPerPixel)
        {
            throw new ArgumentException("image pixels do not match the rectangle", nameof(op));
        }
    }

    private void WriteImage(PlanOperation op, IBufferWriter<byte> output)
    {
        CheckImage(op);
        var rect = op.Rect;
        var encoder = _chooseEncoder(op);
        try
        {
            var image = encoder.IsCopy ? op : WithPixels(op);
            _encoded.ResetWrittenCount();
            encoder.Encode(image.Pixels, rect.Width, rect.Height, rect.Width * Surface.BytesPerPixel, new EncodeOptions(HasAlpha: image.HasAlpha), _encoded);
            WriteEncoded(image, encoder, _encoded.WrittenSpan, output);
        }
        finally
        {
            ReturnDecoded();
        }
    }

    /// <summary>
    /// The operation with pixels: an image that came only encoded (the back end's JPEG) is decoded into a pooled
    /// array, given back after writing. A JPEG the decoder refuses becomes opaque black (its header was checked).
    /// </summary>
    private PlanOperation WithPixels(PlanOperation op)
    {
        if (op.Pixels is not null)
        {
            return op;
        }

        var rect = op.Rect;
        int stride = rect.Width * Surface.BytesPerPixel;
        var pixels = PixelBufferPool.Shared.Rent(stride * rect.Height);
        _decoded.Add(pixels);
        if (op.EncodedFormat != ImageFormat.Jpeg
            || JpegDecoder.Shared.Decode(op.Encoded.Span, rect.Width, rect.Height, pixels, stride) is JpegDecodeResult.NotJpeg or JpegDecodeResult.SizeMismatch)
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(pixels.AsSpan()).Fill(0xFF000000);
        }

        return op with { Pixels = pixels, HasAlpha = false };
    }

    private void ReturnDecoded()
    {
        foreach (var pixels in _decoded)
        {
            PixelBufferPool.Shared.Return(pixels);
        }

        _decoded.Clear();
    }

    private void WriteEncoded(PlanOperation op, IImageEncoder encoder, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var rect = op.Rect;
        int stream = _allocateStream();
        InstructionWriter.Start(output, "img"u8).Add(stream).Add(op.Mask).Add(op.Layer).Add(encoder.Mimetype).Add(rect.X).Add(rect.Y).End();
        for (int offset = 0; offset < data.Length; offset += MaxBlobBytes)
        {
            var chunk = data.Slice(offset, Math.Min(MaxBlobBytes, data.Length - offset));
            InstructionWriter.Start(output, "blob"u8).Add(stream).AddBase64(chunk).End();
        }

        InstructionWriter.Start(output, "end"u8).Add(stream).End();
        _releaseStream?.Invoke(stream);
    }

    private static void AddFullState(SentState state, bool existingClient, List<PlanOperation> ops)
    {
        foreach (var layer in state.Layers)
        {
            ops.Add(PlanOperation.Size(layer.Index, layer.Width, layer.Height));
        }

        foreach (var layer in state.Layers)
        {
            if (layer.Index > 0)
            {
                ops.Add(PlanOperation.Move(layer.Index, layer.Parent, layer.X, layer.Y, layer.Z));
                if (layer.Opacity != 255 || existingClient)
                {
                    ops.Add(PlanOperation.Shade(layer.Index, layer.Opacity));
                }
            }
        }

        foreach (var layer in state.Layers)
        {
            AddArea(layer.Index, layer.Surface, layer.Surface.Bounds, existingClient, ops);
        }

        AddCursor(state, existingClient, ops);
    }

    private static void AddCursor(SentState state, bool existingClient, List<PlanOperation> ops)
    {
        if (state.CursorImage is { } cursor)
        {
            ops.Add(PlanOperation.Size(state.CursorBuffer, cursor.Width, cursor.Height));
            AddArea(state.CursorBuffer, cursor, cursor.Bounds, existingClient, ops);
            ops.Add(PlanOperation.Cursor(state.CursorBuffer, state.CursorHotspotX, state.CursorHotspotY, cursor.Width, cursor.Height));
        }
    }

    /// <summary>The marked cells of <paramref name="grid"/>, merged into horizontal runs of at most <see cref="FullStateTile"/> pixels.</summary>
    private static void AddCells(int layer, Surface surface, Layers.CellGrid grid, List<PlanOperation> ops)
    {
        int maxRun = FullStateTile / Layers.CellGrid.CellSize;
        for (int r = 0; r < grid.Rows; r++)
        {
            int c = 0;
            while (c < grid.Columns)
            {
                if (!grid.IsDirty(c, r))
                {
                    c++;
                    continue;
                }

                var run = grid.CellRect(c, r);
                int end = c + 1;
                while (end < grid.Columns && end - c < maxRun && grid.IsDirty(end, r))
                {
                    run = run.Union(grid.CellRect(end, r));
                    end++;
                }

                AddArea(layer, surface, surface.Clip(run), existingClient: true, ops);
                c = end;
            }
        }
    }

    /// <summary>
    /// An area of a surface in tiles: uniform tiles as rect+cfill, the rest as images. On a fresh client layer
    /// (transparent) transparent tiles are skipped; on an existing one, whatever is there is cleared first
    /// wherever the new content is not opaque.
    /// </summary>
    internal static void AddArea(int layer, Surface surface, PixelRect area, bool existingClient, List<PlanOperation> ops)
    {
        for (long y = area.Y; y < area.Bottom; y += FullStateTile)
        {
            for (long x = area.X; x < area.Right; x += FullStateTile)
            {
                var tile = PixelRect.FromEdges(x, y, Math.Min(x + FullStateTile, area.Right), Math.Min(y + FullStateTile, area.Bottom));
                if (PixelOps.IsUniform(surface, tile, out uint value))
                {
                    var colour = Bgra32.FromUInt32(value);
                    if (colour.A == 255)
                    {
                        ops.Add(PlanOperation.Fill(layer, tile, CompositeMask.Over, colour));
                    }
                    else
                    {
                        if (existingClient)
                        {
                            ops.Add(PlanOperation.Clear(layer, tile));
                        }

                        if (colour.A != 0)
                        {
                            ops.Add(PlanOperation.Fill(layer, tile, CompositeMask.Over, colour));
                        }
                    }

                    continue;
                }

                var pixels = surface.Extract(tile);
                bool alpha = PixelOps.HasAlpha(pixels);
                if (alpha && existingClient)
                {
                    ops.Add(PlanOperation.Clear(layer, tile));
                }

                ops.Add(PlanOperation.Image(layer, tile, pixels, alpha));
            }
        }
    }
}
