using System.Buffers;
using System.Buffers.Binary;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.7.3 RRE: number-of-subrectangles (U32), background-pixel-value, then per subrectangle a pixel value
/// and x, y, width, height (U16 each, relative to the rectangle). Subrectangles are drawn as they arrive; each must
/// lie inside the rectangle.
/// </summary>
public sealed class RreDecoder : IRectangleDecoder
{
    private RectangleHeader _active;
    private bool _started;
    private uint _remaining;

    /// <inheritdoc />
    public int Encoding => EncodingType.Rre;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "rre");
        var converter = context.Converter;
        int bpp = converter.BytesPerPixel;
        Span<byte> buffer = stackalloc byte[12];
        if (!_started || _active != header)
        {
            if (!DecoderChecks.TryRead(ref reader, buffer[..(4 + bpp)]))
            {
                return DecodeStatus.NeedMoreData;
            }

            _active = header;
            _started = true;
            _remaining = BinaryPrimitives.ReadUInt32BigEndian(buffer);
            if (header.Width > 0 && header.Height > 0)
            {
                sink.Fill(header.Rect, Bgra32.FromUInt32(converter.ReadBgra(buffer[4..])));
            }
        }

        var sub = buffer[..(bpp + 8)];
        while (_remaining > 0)
        {
            if (!DecoderChecks.TryRead(ref reader, sub))
            {
                return DecodeStatus.NeedMoreData;
            }

            uint colour = converter.ReadBgra(sub);
            int x = BinaryPrimitives.ReadUInt16BigEndian(sub[bpp..]);
            int y = BinaryPrimitives.ReadUInt16BigEndian(sub[(bpp + 2)..]);
            int w = BinaryPrimitives.ReadUInt16BigEndian(sub[(bpp + 4)..]);
            int h = BinaryPrimitives.ReadUInt16BigEndian(sub[(bpp + 6)..]);
            if (x + w > header.Width || y + h > header.Height)
            {
                _started = false;
                throw new RfbProtocolException($"rre subrectangle {w}x{h} at {x},{y} lies outside its {header.Width}x{header.Height} rectangle");
            }

            if (w > 0 && h > 0)
            {
                sink.Fill(new PixelRect(header.X + x, header.Y + y, w, h), Bgra32.FromUInt32(colour));
            }

            _remaining--;
        }

        _started = false;
        _active = default;
        return DecodeStatus.Complete;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _started = false;
        _active = default;
        _remaining = 0;
    }
}
