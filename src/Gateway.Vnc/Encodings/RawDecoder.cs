using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.7.1 Raw: width × height pixels, left to right, top to bottom. Decoded a band of whole rows at a time
/// as they arrive, so a large rectangle never waits in full and the scratch buffer stays small.
/// </summary>
public sealed class RawDecoder : IRectangleDecoder, ITrimmableDecoder
{
    private const int BandBytes = 256 * 1024;

    private byte[]? _wire;
    private uint[]? _pixels;
    private RectangleHeader _active;
    private int _rowsDone;

    /// <inheritdoc />
    public int Encoding => EncodingType.Raw;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "raw");
        if (_active != header)
        {
            _active = header;
            _rowsDone = 0;
        }

        var converter = context.Converter;
        int width = header.Width;
        int rowBytes = width * converter.BytesPerPixel;
        while (_rowsDone < header.Height)
        {
            if (rowBytes == 0)
            {
                break;
            }

            int wanted = Math.Max(1, Math.Min(header.Height - _rowsDone, BandBytes / Math.Max(rowBytes, 1)));
            int rows = (int)Math.Min(wanted, reader.Remaining / rowBytes);
            if (rows == 0)
            {
                return DecodeStatus.NeedMoreData;
            }

            var wire = DecoderChecks.Ensure(ref _wire, rows * rowBytes).AsSpan(0, rows * rowBytes);
            DecoderChecks.TryRead(ref reader, wire);
            var pixels = DecoderChecks.Ensure(ref _pixels, rows * width).AsSpan(0, rows * width);
            for (int r = 0; r < rows; r++)
            {
                converter.ConvertRow(wire.Slice(r * rowBytes, rowBytes), pixels.Slice(r * width, width));
            }

            sink.Put(new PixelRect(header.X, header.Y + _rowsDone, width, rows), MemoryMarshal.AsBytes(pixels), width * 4);
            _rowsDone += rows;
        }

        _active = default;
        _rowsDone = 0;
        return DecodeStatus.Complete;
    }

    /// <inheritdoc />
    public void TrimBuffers()
    {
        DecoderChecks.Trim(ref _wire);
        DecoderChecks.Trim(ref _pixels);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _active = default;
        _rowsDone = 0;
    }
}
