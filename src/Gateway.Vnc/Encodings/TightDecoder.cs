using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Encoding;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// Tight encoding (7, community RFB documentation): a compression-control byte whose low four bits reset the four
/// zlib streams, then FillCompression (one TPIXEL), JpegCompression (compact length + JPEG) or BasicCompression
/// (stream 0–3 in bits 4–5, an optional filter id: copy, palette of 2–256 colours, gradient; data under 12 bytes
/// is sent uncompressed, otherwise compact length + zlib). The rectangle is decoded once its payload is whole.
/// </summary>
public sealed class TightDecoder : IRectangleDecoder, IDisposable, ITrimmableDecoder
{
    private const int FillCompression = 0x08;
    private const int JpegCompression = 0x09;
    private const int MinToCompress = 12;
    private const int FilterCopy = 0;
    private const int FilterPalette = 1;
    private const int FilterGradient = 2;

    private readonly ZlibInflater[] _streams = [new(), new(), new(), new()];
    private readonly JpegDecoder _jpegDecoder;
    private readonly uint[] _palette = new uint[256];
    private byte[]? _data;
    private byte[]? _jpeg;
    private uint[]? _pixels;
    private int[]? _gradientRows;

    public TightDecoder()
        : this(JpegDecoder.Shared)
    {
    }

    /// <summary>Decodes JPEG rectangles with <paramref name="jpegDecoder"/> (benchmarks compare libturbojpeg and SkiaSharp).</summary>
    internal TightDecoder(JpegDecoder jpegDecoder)
    {
        _jpegDecoder = jpegDecoder;
    }

    /// <inheritdoc />
    public int Encoding => EncodingType.Tight;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "tight");
        var converter = context.Converter;
        var start = reader;
        var status = DecodeBody(ref reader, header, context, converter, sink);
        if (status == DecodeStatus.NeedMoreData)
        {
            reader = start;
        }

        return status;
    }

    /// <inheritdoc />
    public void TrimBuffers()
    {
        DecoderChecks.Trim(ref _data);
        DecoderChecks.Trim(ref _jpeg);
        DecoderChecks.Trim(ref _pixels);
        DecoderChecks.Trim(ref _gradientRows);
        foreach (var stream in _streams)
        {
            stream.TrimBuffers();
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        foreach (var stream in _streams)
        {
            stream.Reset();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }

    private static bool TryReadCompactLength(ref SequenceReader<byte> reader, int limit, string what, out int length)
    {
        length = 0;
        for (int i = 0; i < 3; i++)
        {
            if (!reader.TryRead(out byte b))
            {
                return false;
            }

            if (i == 2)
            {
                length |= b << 14;
                break;
            }

            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (length > limit)
        {
            throw new RfbProtocolException($"tight {what} length {length} is larger than the {limit}-byte limit");
        }

        return true;
    }

    private DecodeStatus DecodeBody(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, PixelConverter converter, IFramebufferSink sink)
    {
        if (!reader.TryRead(out byte control))
        {
            return DecodeStatus.NeedMoreData;
        }

        int tpp = converter.TightBytesPerPixel;
        int kind = control >> 4;
        Span<byte> one = stackalloc byte[4];
        if (kind == FillCompression)
        {
            if (!DecoderChecks.TryRead(ref reader, one[..tpp]))
            {
                return DecodeStatus.NeedMoreData;
            }

            ResetStreams(control);
            if (header.Area > 0)
            {
                sink.Fill(header.Rect, Bgra32.FromUInt32(converter.ReadTightBgra(one)));
            }

            return DecodeStatus.Complete;
        }

        if (kind == JpegCompression)
        {
            if (!TryReadCompactLength(ref reader, context.MaxCompressedBytes, "jpeg", out int jpegLength) || reader.Remaining < jpegLength)
            {
                return DecodeStatus.NeedMoreData;
            }

            ResetStreams(control);
            var jpeg = DecoderChecks.Ensure(ref _jpeg, jpegLength).AsSpan(0, jpegLength);
            DecoderChecks.TryRead(ref reader, jpeg);
            DrawJpeg(jpeg, header, context, converter, sink);
            return DecodeStatus.Complete;
        }

        if (kind > JpegCompression)
        {
            throw new RfbProtocolException($"tight compression control {control:x2} is not supported");
        }

        int stream = kind & 3;
        int filter = FilterCopy;
        if ((kind & 4) != 0 && !TryReadByte(ref reader, out filter))
        {
            return DecodeStatus.NeedMoreData;
        }

        int paletteSize = 0;
        long dataSize;
        switch (filter)
        {
            case FilterCopy:
                dataSize = header.Area * tpp;
                break;
            case FilterPalette:
                if (!TryReadByte(ref reader, out paletteSize))
                {
                    return DecodeStatus.NeedMoreData;
                }

                paletteSize++;
                if (reader.Remaining < (long)paletteSize * tpp)
                {
                    return DecodeStatus.NeedMoreData;
                }

                for (int i = 0; i < paletteSize; i++)
                {
                    DecoderChecks.TryRead(ref reader, one[..tpp]);
                    _palette[i] = converter.ReadTightBgra(one);
                }

                dataSize = paletteSize == 2 ? (long)((header.Width + 7) / 8) * header.Height : header.Area;
                break;
            case FilterGradient:
                if (!converter.Format.TrueColour)
                {
                    throw new RfbProtocolException("tight gradient filter needs a true-colour pixel format");
                }

                dataSize = header.Area * tpp;
                break;
            default:
                throw new RfbProtocolException($"tight filter {filter} is not defined");
        }

        if (dataSize > context.MaxDecompressedBytes || header.Area * 4 > context.MaxDecompressedBytes)
        {
            throw new RfbProtocolException($"tight rectangle {header.Width}x{header.Height} is larger than the decompression limit");
        }

        int size = (int)dataSize;
        var data = DecoderChecks.Ensure(ref _data, size).AsSpan(0, size);
        if (size < MinToCompress)
        {
            if (!DecoderChecks.TryRead(ref reader, data))
            {
                return DecodeStatus.NeedMoreData;
            }

            ResetStreams(control);
        }
        else
        {
            if (!TryReadCompactLength(ref reader, context.MaxCompressedBytes, "zlib", out int length) || reader.Remaining < length)
            {
                return DecodeStatus.NeedMoreData;
            }

            var compressed = reader.UnreadSequence.Slice(0, length);
            reader.Advance(length);
            ResetStreams(control);
            _streams[stream].InflateExactly(compressed, data, "tight");
        }

        if (header.Area == 0)
        {
            return DecodeStatus.Complete;
        }

        var pixels = DecoderChecks.Ensure(ref _pixels, (int)header.Area).AsSpan(0, (int)header.Area);
        switch (filter)
        {
            case FilterCopy:
                converter.ConvertTightRow(data, pixels);
                break;
            case FilterPalette:
                Unpalette(data, pixels, header.Width, header.Height, paletteSize);
                break;
            default:
                Ungradient(data, pixels, header.Width, header.Height, converter);
                break;
        }

        sink.Put(header.Rect, MemoryMarshal.AsBytes(pixels), header.Width * 4);
        return DecodeStatus.Complete;
    }

    private static bool TryReadByte(ref SequenceReader<byte> reader, out int value)
    {
        bool ok = reader.TryRead(out byte b);
        value = b;
        return ok;
    }

    private void ResetStreams(byte control)
    {
        for (int i = 0; i < 4; i++)
        {
            if ((control & (1 << i)) != 0)
            {
                _streams[i].Reset();
            }
        }
    }

    private void Unpalette(ReadOnlySpan<byte> data, Span<uint> pixels, int width, int height, int size)
    {
        if (size == 2)
        {
            int rowBytes = (width + 7) / 8;
            uint zero = _palette[0];
            uint one = _palette[1];
            for (int y = 0; y < height; y++)
            {
                var row = data.Slice(y * rowBytes, rowBytes);
                var target = pixels.Slice(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    target[x] = ((row[x >> 3] >> (7 - (x & 7))) & 1) != 0 ? one : zero;
                }
            }

            return;
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            int index = data[i];
            if (index >= size)
            {
                throw new RfbProtocolException($"tight palette index {index} is past its {size}-colour palette");
            }

            pixels[i] = _palette[index];
        }
    }

    private void Ungradient(ReadOnlySpan<byte> data, Span<uint> pixels, int width, int height, PixelConverter converter)
    {
        // Each component is predicted from left + above - above-left (clamped to its range); the data holds the
        // difference modulo the range. Rows of components: previous and current, three ints per pixel.
        var f = converter.Format;
        bool rgb = converter.IsTight888;
        int tpp = converter.TightBytesPerPixel;
        Span<int> max = [rgb ? 255 : f.RedMax, rgb ? 255 : f.GreenMax, rgb ? 255 : f.BlueMax];
        Span<int> shift = [f.RedShift, f.GreenShift, f.BlueShift];
        int rowInts = checked(width * 3);
        var rows = DecoderChecks.Ensure(ref _gradientRows, rowInts * 2);
        var above = rows.AsSpan(0, rowInts);
        var current = rows.AsSpan(rowInts, rowInts);
        above.Clear();
        Span<int> delta = stackalloc int[3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var wire = data.Slice(((y * width) + x) * tpp, tpp);
                if (rgb)
                {
                    delta[0] = wire[0];
                    delta[1] = wire[1];
                    delta[2] = wire[2];
                }
                else
                {
                    uint value = converter.ReadValue(wire);
                    for (int c = 0; c < 3; c++)
                    {
                        delta[c] = (int)(value >> shift[c]) & max[c];
                    }
                }

                uint pixel = 0;
                for (int c = 0; c < 3; c++)
                {
                    int left = x > 0 ? current[((x - 1) * 3) + c] : 0;
                    int up = above[(x * 3) + c];
                    int upLeft = x > 0 ? above[((x - 1) * 3) + c] : 0;
                    int predicted = Math.Clamp(left + up - upLeft, 0, max[c]);
                    int component = (predicted + delta[c]) & max[c];
                    current[(x * 3) + c] = component;
                    pixel |= (uint)component << shift[c];
                }

                pixels[(y * width) + x] = rgb
                    ? converter.FromRgb((byte)current[x * 3], (byte)current[(x * 3) + 1], (byte)current[(x * 3) + 2])
                    : converter.ToBgra(pixel);
            }

            var swap = above;
            above = current;
            current = swap;
        }
    }

    private void DrawJpeg(ReadOnlySpan<byte> jpeg, in RectangleHeader header, DecoderContext context, PixelConverter converter, IFramebufferSink sink)
    {
        if (header.Area * 4 > context.MaxDecompressedBytes)
        {
            throw new RfbProtocolException($"tight jpeg rectangle {header.Width}x{header.Height} is larger than the decompression limit");
        }

        if (header.Area == 0)
        {
            return;
        }

        // Straight into the framebuffer when the sink can take it (no swap, so the JPEG may go on as it is). The
        // JPEG's own header is compared with the rectangle before anything is written.
        if (!converter.SwapRedBlue)
        {
            var source = _jpeg!;
            int sourceLength = jpeg.Length;
            int width = header.Width;
            int height = header.Height;
            var decoder = _jpegDecoder;
            if (sink.TryPutJpeg(header.Rect, jpeg, (destination, pitch) => Check(DecodeOrThrow(decoder, source.AsSpan(0, sourceLength), width, height, destination, pitch), decoder, source.AsSpan(0, sourceLength), width, height)))
            {
                return;
            }
        }

        // Otherwise into our own buffer, sized from the (checked) rectangle, never from the JPEG.
        var pixels = DecoderChecks.Ensure(ref _pixels, (int)header.Area);
        var bytes = MemoryMarshal.AsBytes(pixels.AsSpan(0, (int)header.Area));
        int stride = header.Width * 4;
        JpegDecodeResult result;
        try
        {
            result = _jpegDecoder.Decode(jpeg, header.Width, header.Height, bytes, stride);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new RfbProtocolException("tight jpeg could not be decoded", ex);
        }

        Check(result, _jpegDecoder, jpeg, header.Width, header.Height);

        if (converter.SwapRedBlue)
        {
            var span = pixels.AsSpan(0, (int)header.Area);
            for (int i = 0; i < span.Length; i++)
            {
                uint v = span[i];
                span[i] = (v & 0xFF00FF00) | ((v & 0xFF) << 16) | ((v >> 16) & 0xFF);
            }

            // The JPEG shows the unswapped colours: only the pixels can go on.
            sink.Put(header.Rect, bytes, stride);
            return;
        }

        sink.PutJpeg(header.Rect, bytes, stride, jpeg);
    }

    private static JpegDecodeResult DecodeOrThrow(JpegDecoder decoder, ReadOnlySpan<byte> jpeg, int width, int height, Span<byte> destination, int stride)
    {
        try
        {
            return decoder.Decode(jpeg, width, height, destination, stride);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new RfbProtocolException("tight jpeg could not be decoded", ex);
        }
    }

    private static void Check(JpegDecodeResult result, JpegDecoder decoder, ReadOnlySpan<byte> jpeg, int width, int height)
    {
        switch (result)
        {
            case JpegDecodeResult.Decoded:
                return;
            case JpegDecodeResult.SizeMismatch:
                decoder.TryReadSize(jpeg, out int w, out int h);
                throw new RfbProtocolException($"tight jpeg is {w}x{h} but its rectangle is {width}x{height}");
            case JpegDecodeResult.NotJpeg:
                throw new RfbProtocolException("tight jpeg data is not a jpeg image");
            default:
                throw new RfbProtocolException("tight jpeg data is corrupt or truncated");
        }
    }
}
