using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.7.4 Hextile: 16×16 tiles, left to right then top to bottom, each a subencoding mask byte
/// (Raw 1, BackgroundSpecified 2, ForegroundSpecified 4, AnySubrects 8, SubrectsColoured 16) and its data. The
/// background and foreground carry over from the previous tile. Tiles are drawn one by one as each arrives whole.
/// </summary>
public sealed class HextileDecoder : IRectangleDecoder
{
    private const int Raw = 1;
    private const int BackgroundSpecified = 2;
    private const int ForegroundSpecified = 4;
    private const int AnySubrects = 8;
    private const int SubrectsColoured = 16;

    private readonly uint[] _tile = new uint[16 * 16];
    private readonly byte[] _wire = new byte[16 * 16 * 4];
    private RectangleHeader _active;
    private bool _started;
    private int _tileIndex;
    private uint _background = 0xFF000000;
    private uint _foreground = 0xFF000000;

    /// <inheritdoc />
    public int Encoding => EncodingType.Hextile;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "hextile");
        if (!_started || _active != header)
        {
            _active = header;
            _started = true;
            _tileIndex = 0;
            _background = 0xFF000000;
            _foreground = 0xFF000000;
        }

        var converter = context.Converter;
        int columns = (header.Width + 15) / 16;
        int tiles = columns * ((header.Height + 15) / 16);
        while (_tileIndex < tiles)
        {
            int tx = _tileIndex % columns * 16;
            int ty = _tileIndex / columns * 16;
            int tw = Math.Min(16, header.Width - tx);
            int th = Math.Min(16, header.Height - ty);
            var attempt = reader;
            if (!TryDecodeTile(ref attempt, converter, tw, th, out var rect))
            {
                return DecodeStatus.NeedMoreData;
            }

            reader = attempt;
            var target = new PixelRect(header.X + tx, header.Y + ty, tw, th);
            if (rect.IsEmpty)
            {
                sink.Fill(target, Bgra32.FromUInt32(_background));
            }
            else
            {
                sink.Put(target, MemoryMarshal.AsBytes(_tile.AsSpan(0, tw * th)), tw * 4);
            }

            _tileIndex++;
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
        _tileIndex = 0;
    }

    /// <summary>
    /// Decodes one tile into <see cref="_tile"/> (tw × th, packed) or, for a plain background tile, leaves
    /// <paramref name="drawn"/> empty. Returns false when the tile is not complete (nothing is committed).
    /// </summary>
    private bool TryDecodeTile(ref SequenceReader<byte> reader, PixelConverter converter, int tw, int th, out PixelRect drawn)
    {
        drawn = PixelRect.Empty;
        int bpp = converter.BytesPerPixel;
        if (!reader.TryRead(out byte mask))
        {
            return false;
        }

        var tile = _tile.AsSpan(0, tw * th);
        if ((mask & Raw) != 0)
        {
            var wire = _wire.AsSpan(0, tw * th * bpp);
            if (!DecoderChecks.TryRead(ref reader, wire))
            {
                return false;
            }

            converter.ConvertRow(wire, tile);
            drawn = new PixelRect(0, 0, tw, th);
            return true;
        }

        Span<byte> pixel = stackalloc byte[4];
        uint background = _background;
        uint foreground = _foreground;
        if ((mask & BackgroundSpecified) != 0)
        {
            if (!DecoderChecks.TryRead(ref reader, pixel[..bpp]))
            {
                return false;
            }

            background = converter.ReadBgra(pixel);
        }

        if ((mask & ForegroundSpecified) != 0)
        {
            if (!DecoderChecks.TryRead(ref reader, pixel[..bpp]))
            {
                return false;
            }

            foreground = converter.ReadBgra(pixel);
        }

        int count = 0;
        if ((mask & AnySubrects) != 0)
        {
            if (!reader.TryRead(out byte n))
            {
                return false;
            }

            count = n;
        }

        bool coloured = (mask & SubrectsColoured) != 0;
        int subrectBytes = coloured ? bpp + 2 : 2;
        if (reader.Remaining < (long)count * subrectBytes)
        {
            return false;
        }

        if (count > 0)
        {
            tile.Fill(background);
            Span<byte> sub = stackalloc byte[6];
            for (int i = 0; i < count; i++)
            {
                DecoderChecks.TryRead(ref reader, sub[..subrectBytes]);
                uint colour = foreground;
                int at = 0;
                if (coloured)
                {
                    colour = converter.ReadBgra(sub);
                    at = bpp;
                }

                int sx = sub[at] >> 4;
                int sy = sub[at] & 15;
                int sw = (sub[at + 1] >> 4) + 1;
                int sh = (sub[at + 1] & 15) + 1;
                if (sx + sw > tw || sy + sh > th)
                {
                    throw new RfbProtocolException($"hextile subrectangle {sw}x{sh} at {sx},{sy} lies outside its {tw}x{th} tile");
                }

                for (int row = sy; row < sy + sh; row++)
                {
                    tile.Slice((row * tw) + sx, sw).Fill(colour);
                }
            }

            drawn = new PixelRect(0, 0, tw, th);
        }

        // Commit the carried colours only once the whole tile was there.
        _background = background;
        _foreground = foreground;
        return true;
    }
}
