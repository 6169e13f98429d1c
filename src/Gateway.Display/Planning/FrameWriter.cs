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
/// Not thread-safe: use one writer per sending thread.
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

    /// <summary>Writes every operation of <paramref name="plan"/> in order.</summary>
    public void Write(FramePlan plan, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var op in plan.Operations)
        {
            Write(op, output);
        }
    }

    /// <summary>
    /// Writes everything a user who joins needs to see what the others see: every layer's size, position,
    /// stacking and opacity, its whole content, and the cursor. It sends the planner's <see cref="SentState"/>
    /// (not the model), so the next planned frame applies to the joiner exactly as to everyone else.
    /// </summary>
    public void WriteFullState(SentState state, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var layer in state.Layers)
        {
            Write(PlanOperation.Size(layer.Index, layer.Surface.Width, layer.Surface.Height), output);
        }

        foreach (var layer in state.Layers)
        {
            if (layer.Index > 0)
            {
                Write(PlanOperation.Move(layer.Index, layer.Parent, layer.X, layer.Y, layer.Z), output);
                if (layer.Opacity != 255)
                {
                    Write(PlanOperation.Shade(layer.Index, layer.Opacity), output);
                }
            }
        }

        foreach (var layer in state.Layers)
        {
            WriteWholeSurface(layer.Index, layer.Surface, output);
        }

        if (state.CursorImage is { } cursor)
        {
            Write(PlanOperation.Size(state.CursorBuffer, cursor.Width, cursor.Height), output);
            WriteWholeSurface(state.CursorBuffer, cursor, output);
            Write(PlanOperation.Cursor(state.CursorBuffer, state.CursorHotspotX, state.CursorHotspotY, cursor.Width, cursor.Height), output);
        }
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

    private void WriteImage(PlanOperation op, IBufferWriter<byte> output)
    {
        var pixels = op.Pixels ?? throw new ArgumentException("image operation without pixels", nameof(op));
        var rect = op.Rect;
        if (rect.IsEmpty || pixels.Length != rect.Width * rect.Height * Surface.BytesPerPixel)
        {
            throw new ArgumentException("image pixels do not match the rectangle", nameof(op));
        }

        var encoder = _chooseEncoder(op);
        _encoded.ResetWrittenCount();
        encoder.Encode(pixels, rect.Width, rect.Height, rect.Width * Surface.BytesPerPixel, new EncodeOptions(HasAlpha: op.HasAlpha), _encoded);

        int stream = _allocateStream();
        InstructionWriter.Start(output, "img"u8).Add(stream).Add(op.Mask).Add(op.Layer).Add(encoder.Mimetype).Add(rect.X).Add(rect.Y).End();
        var data = _encoded.WrittenSpan;
        for (int offset = 0; offset < data.Length; offset += MaxBlobBytes)
        {
            var chunk = data.Slice(offset, Math.Min(MaxBlobBytes, data.Length - offset));
            InstructionWriter.Start(output, "blob"u8).Add(stream).AddBase64(chunk).End();
        }

        InstructionWriter.Start(output, "end"u8).Add(stream).End();
        _releaseStream?.Invoke(stream);
    }

    /// <summary>A surface onto a fresh (transparent) client layer: uniform tiles as rect+cfill, transparent ones skipped, the rest as images.</summary>
    private void WriteWholeSurface(int layer, Surface surface, IBufferWriter<byte> output)
    {
        for (int y = 0; y < surface.Height; y += FullStateTile)
        {
            for (int x = 0; x < surface.Width; x += FullStateTile)
            {
                var tile = surface.Clip(new PixelRect(x, y, FullStateTile, FullStateTile));
                if (PixelOps.IsUniform(surface, tile, out uint value))
                {
                    var colour = Bgra32.FromUInt32(value);
                    if (colour.A != 0)
                    {
                        Write(PlanOperation.Fill(layer, tile, CompositeMask.Over, colour), output);
                    }

                    continue;
                }

                var pixels = surface.Extract(tile);
                Write(PlanOperation.Image(layer, tile, pixels, PixelOps.HasAlpha(pixels)), output);
            }
        }
    }
}
