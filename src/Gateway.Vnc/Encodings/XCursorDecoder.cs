using System.Buffers;
using System.Runtime.InteropServices;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// XCursor pseudo-encoding (-240, community RFB documentation): x and y are the hotspot; unless the cursor is
/// empty, a foreground and a background colour (R, G, B bytes each), then a bitmap and a mask of
/// ⌊(width + 7) / 8⌋ × height bytes each (bitmap 1 = foreground, mask 1 = opaque). Becomes the pointer image.
/// </summary>
public sealed class XCursorDecoder : IRectangleDecoder
{
    private byte[]? _wire;
    private uint[]? _pixels;

    /// <inheritdoc />
    public int Encoding => EncodingType.XCursor;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        CursorChecks.Require(header, context, "xcursor");
        int width = header.Width;
        int height = header.Height;
        if (width == 0 || height == 0)
        {
            sink.SetCursor(header.X, header.Y, 0, 0, [], 0);
            return DecodeStatus.Complete;
        }

        int maskRow = (width + 7) / 8;
        int total = 6 + (2 * maskRow * height);
        if (reader.Remaining < total)
        {
            return DecodeStatus.NeedMoreData;
        }

        var wire = DecoderChecks.Ensure(ref _wire, total).AsSpan(0, total);
        DecoderChecks.TryRead(ref reader, wire);
        var converter = context.Converter;
        uint foreground = converter.FromRgb(wire[0], wire[1], wire[2]);
        uint background = converter.FromRgb(wire[3], wire[4], wire[5]);
        var bitmap = wire.Slice(6, maskRow * height);
        var mask = wire[(6 + (maskRow * height))..];
        var pixels = DecoderChecks.Ensure(ref _pixels, width * height).AsSpan(0, width * height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = (y * maskRow) + (x >> 3);
                int bit = 7 - (x & 7);
                uint colour = ((bitmap[at] >> bit) & 1) != 0 ? foreground : background;
                pixels[(y * width) + x] = ((mask[at] >> bit) & 1) != 0 ? colour : 0;
            }
        }

        sink.SetCursor(header.X, header.Y, width, height, MemoryMarshal.AsBytes(pixels), width * 4);
        return DecodeStatus.Complete;
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
