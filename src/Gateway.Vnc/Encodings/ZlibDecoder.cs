using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// Zlib encoding (6, community RFB documentation): length (U32) then that many bytes of one connection-long zlib
/// stream, which inflate to exactly the rectangle's Raw pixels. Decoded once the whole payload has arrived.
/// </summary>
public sealed class ZlibDecoder : IRectangleDecoder, IDisposable, ITrimmableDecoder
{
    private readonly ZlibInflater _inflater = new();
    private byte[]? _wire;
    private uint[]? _pixels;

    /// <inheritdoc />
    public int Encoding => EncodingType.Zlib;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "zlib");
        var start = reader;
        if (!DecoderChecks.TryReadUInt32(ref reader, out uint length))
        {
            return DecodeStatus.NeedMoreData;
        }

        if (length > (uint)context.MaxCompressedBytes)
        {
            throw new RfbProtocolException($"zlib length {length} is larger than the {context.MaxCompressedBytes}-byte limit");
        }

        var converter = context.Converter;
        long size = header.Area * converter.BytesPerPixel;
        if (size > context.MaxDecompressedBytes || header.Area * 4 > context.MaxDecompressedBytes)
        {
            throw new RfbProtocolException($"zlib rectangle {header.Width}x{header.Height} is larger than the decompression limit");
        }

        if (reader.Remaining < length)
        {
            reader = start;
            return DecodeStatus.NeedMoreData;
        }

        var compressed = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (size == 0)
        {
            if (length > 0)
            {
                _inflater.InflateExactly(compressed, Span<byte>.Empty, "zlib");
            }

            return DecodeStatus.Complete;
        }

        var wire = DecoderChecks.Ensure(ref _wire, (int)size).AsSpan(0, (int)size);
        _inflater.InflateExactly(compressed, wire, "zlib");
        var pixels = DecoderChecks.Ensure(ref _pixels, (int)header.Area).AsSpan(0, (int)header.Area);
        int rowBytes = header.Width * converter.BytesPerPixel;
        for (int y = 0; y < header.Height; y++)
        {
            converter.ConvertRow(wire.Slice(y * rowBytes, rowBytes), pixels.Slice(y * header.Width, header.Width));
        }

        sink.Put(header.Rect, MemoryMarshal.AsBytes(pixels), header.Width * 4);
        return DecodeStatus.Complete;
    }

    /// <inheritdoc />
    public void Reset() => _inflater.Reset();

    /// <inheritdoc />
    public void TrimBuffers()
    {
        DecoderChecks.Trim(ref _wire);
        DecoderChecks.Trim(ref _pixels);
        _inflater.TrimBuffers();
    }

    /// <inheritdoc />
    public void Dispose() => _inflater.Dispose();
}
