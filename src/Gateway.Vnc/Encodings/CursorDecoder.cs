using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// Cursor pseudo-encoding (-239, RFC 6143 7.8.1): x and y are the hotspot; width × height pixels in the pixel
/// format, then a bitmask of ⌊(width + 7) / 8⌋ × height bytes (most significant bit first, 1 = opaque). Becomes the
/// pointer image (Guacamole <c>cursor</c>). Sizes are capped by <see cref="DecoderContext.MaxCursorSize"/>.
/// </summary>
public sealed class CursorDecoder : IRectangleDecoder
{
    private byte[]? _wire;
    private uint[]? _pixels;

    /// <inheritdoc />
    public int Encoding => EncodingType.Cursor;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        CursorChecks.Require(header, context, "cursor");
        var converter = context.Converter;
        int width = header.Width;
        int height = header.Height;
        int pixelBytes = width * height * converter.BytesPerPixel;
        int maskRow = (width + 7) / 8;
        int total = pixelBytes + (maskRow * height);
        if (reader.Remaining < total)
        {
            return DecodeStatus.NeedMoreData;
        }

        var wire = DecoderChecks.Ensure(ref _wire, total).AsSpan(0, total);
        DecoderChecks.TryRead(ref reader, wire);
        var pixels = DecoderChecks.Ensure(ref _pixels, width * height).AsSpan(0, width * height);
        converter.ConvertRow(wire[..pixelBytes], pixels);
        var mask = wire[pixelBytes..];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (((mask[(y * maskRow) + (x >> 3)] >> (7 - (x & 7))) & 1) == 0)
                {
                    pixels[(y * width) + x] = 0;
                }
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
