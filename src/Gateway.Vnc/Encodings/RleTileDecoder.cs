using System.Buffers;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// The tile format ZRLE (RFC 6143 7.7.6, 64×64 tiles inside zlib) and TRLE (7.7.5, 16×16 tiles, plain) share:
/// a subencoding byte, then raw CPIXELs (0), a solid colour (1), a packed palette of 2–16 colours (2–16), plain
/// RLE (128) or palette RLE with 2–127 colours (130–255). TRLE adds palette reuse (127 packed, 129 RLE).
/// </summary>
internal sealed class RleTileDecoder
{
    private readonly uint[] _palette = new uint[128];
    private readonly string _encoding;
    private readonly bool _allowReuse;
    private byte[]? _wire;
    private int _paletteSize;

    public RleTileDecoder(string encoding, bool allowReuse)
    {
        _encoding = encoding;
        _allowReuse = allowReuse;
    }

    /// <summary>Forgets the reusable palette (start of a rectangle).</summary>
    public void ResetPalette() => _paletteSize = 0;

    /// <summary>
    /// Decodes one tile of <paramref name="tw"/> × <paramref name="th"/> into <paramref name="pixels"/> (packed rows)
    /// or reports a solid <paramref name="solid"/> colour. Returns false when the reader runs out (the caller uses
    /// a copy of its reader and retries, which re-reads the same palette).
    /// </summary>
    public bool TryDecode(ref SequenceReader<byte> reader, PixelConverter converter, int tw, int th, Span<uint> pixels, out uint? solid)
    {
        solid = null;
        int cpp = converter.CompactBytesPerPixel;
        int area = tw * th;
        Span<byte> one = stackalloc byte[4];
        if (!reader.TryRead(out byte sub))
        {
            return false;
        }

        switch (sub)
        {
            case 0:
            {
                var wire = DecoderChecks.Ensure(ref _wire, area * cpp).AsSpan(0, area * cpp);
                if (!DecoderChecks.TryRead(ref reader, wire))
                {
                    return false;
                }

                converter.ConvertCompactRow(wire, pixels[..area]);
                return true;
            }

            case 1:
                if (!DecoderChecks.TryRead(ref reader, one[..cpp]))
                {
                    return false;
                }

                solid = converter.ReadCompactBgra(one);
                _palette[0] = solid.Value;
                _paletteSize = 1;
                return true;

            case >= 2 and <= 16:
            case 127:
            {
                int size = sub == 127 ? RequireReusable() : sub;
                if (sub != 127 && !TryReadPalette(ref reader, converter, size, cpp))
                {
                    return false;
                }

                int bits = size <= 2 ? 1 : size <= 4 ? 2 : 4;
                int rowBytes = ((tw * bits) + 7) / 8;
                var packed = DecoderChecks.Ensure(ref _wire, rowBytes * th).AsSpan(0, rowBytes * th);
                if (!DecoderChecks.TryRead(ref reader, packed))
                {
                    return false;
                }

                int mask = (1 << bits) - 1;
                for (int y = 0; y < th; y++)
                {
                    var row = packed.Slice(y * rowBytes, rowBytes);
                    var target = pixels.Slice(y * tw, tw);
                    for (int x = 0; x < tw; x++)
                    {
                        int bit = x * bits;
                        int index = (row[bit >> 3] >> (8 - bits - (bit & 7))) & mask;
                        if (index >= size)
                        {
                            throw new RfbProtocolException($"{_encoding} packed palette index {index} is past its {size}-colour palette");
                        }

                        target[x] = _palette[index];
                    }
                }

                return true;
            }

            case 128:
            {
                int at = 0;
                while (at < area)
                {
                    if (!DecoderChecks.TryRead(ref reader, one[..cpp]) || !TryReadRun(ref reader, area - at, out int run))
                    {
                        return false;
                    }

                    pixels.Slice(at, run).Fill(converter.ReadCompactBgra(one));
                    at += run;
                }

                return true;
            }

            case >= 129:
            {
                int size = sub == 129 ? RequireReusable() : sub - 128;
                if (sub != 129 && !TryReadPalette(ref reader, converter, size, cpp))
                {
                    return false;
                }

                int at = 0;
                while (at < area)
                {
                    if (!reader.TryRead(out byte index))
                    {
                        return false;
                    }

                    int run = 1;
                    if (index >= 128 && !TryReadRun(ref reader, area - at, out run))
                    {
                        return false;
                    }

                    index &= 127;
                    if (index >= size)
                    {
                        throw new RfbProtocolException($"{_encoding} palette rle index {index} is past its {size}-colour palette");
                    }

                    pixels.Slice(at, run).Fill(_palette[index]);
                    at += run;
                }

                return true;
            }

            default:
                throw new RfbProtocolException($"{_encoding} tile subencoding {sub} is not defined");
        }
    }

    private int RequireReusable()
    {
        if (!_allowReuse)
        {
            throw new RfbProtocolException($"{_encoding} tile subencoding reuses a palette, which only trle allows");
        }

        if (_paletteSize == 0)
        {
            throw new RfbProtocolException($"{_encoding} tile reuses a palette before any palette was sent");
        }

        return _paletteSize;
    }

    private bool TryReadPalette(ref SequenceReader<byte> reader, PixelConverter converter, int size, int cpp)
    {
        if (reader.Remaining < (long)size * cpp)
        {
            return false;
        }

        Span<byte> one = stackalloc byte[4];
        for (int i = 0; i < size; i++)
        {
            DecoderChecks.TryRead(ref reader, one[..cpp]);
            _palette[i] = converter.ReadCompactBgra(one);
        }

        _paletteSize = size;
        return true;
    }

    /// <summary>Run length: bytes until one is not 255, summed, plus one; longer than <paramref name="left"/> is an error.</summary>
    private bool TryReadRun(ref SequenceReader<byte> reader, int left, out int run)
    {
        run = 1;
        while (true)
        {
            if (!reader.TryRead(out byte b))
            {
                return false;
            }

            run += b;
            if (run > left)
            {
                throw new RfbProtocolException($"{_encoding} run of {run} pixels overflows its tile ({left} left)");
            }

            if (b != 255)
            {
                return true;
            }
        }
    }
}
