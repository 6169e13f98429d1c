using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.7.5 TRLE: 16×16 tiles in the shared RLE tile format (CPIXELs), not compressed, with palette reuse
/// (subencodings 127 and 129) across tiles of one rectangle. Tiles are drawn one by one as each arrives whole.
/// </summary>
public sealed class TrleDecoder : IRectangleDecoder
{
    private const int TileSize = 16;

    private readonly RleTileDecoder _tiles = new("trle", allowReuse: true);
    private readonly uint[] _tile = new uint[TileSize * TileSize];
    private RectangleHeader _active;
    private bool _started;
    private int _tileIndex;

    /// <inheritdoc />
    public int Encoding => EncodingType.Trle;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "trle");
        if (!_started || _active != header)
        {
            _active = header;
            _started = true;
            _tileIndex = 0;
            _tiles.ResetPalette();
        }

        var converter = context.Converter;
        int columns = (header.Width + TileSize - 1) / TileSize;
        int count = columns * ((header.Height + TileSize - 1) / TileSize);
        while (_tileIndex < count)
        {
            int tx = _tileIndex % columns * TileSize;
            int ty = _tileIndex / columns * TileSize;
            int tw = Math.Min(TileSize, header.Width - tx);
            int th = Math.Min(TileSize, header.Height - ty);
            var attempt = reader;
            if (!_tiles.TryDecode(ref attempt, converter, tw, th, _tile, out uint? solid))
            {
                return DecodeStatus.NeedMoreData;
            }

            reader = attempt;
            var target = new PixelRect(header.X + tx, header.Y + ty, tw, th);
            if (solid is { } colour)
            {
                sink.Fill(target, Bgra32.FromUInt32(colour));
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
        _tiles.ResetPalette();
    }
}
