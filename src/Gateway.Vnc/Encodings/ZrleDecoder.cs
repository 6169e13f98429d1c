using System.Buffers;
using System.Runtime.InteropServices;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Rfb;

namespace Gateway.Vnc.Encodings;

/// <summary>
/// RFC 6143 7.7.6 ZRLE: length (U32) then that many bytes of one zlib stream that lives as long as the connection;
/// inflated, they are 64×64 tiles in the shared RLE tile format with CPIXELs. The rectangle is decoded once its
/// whole compressed payload has arrived; the inflated size is capped by what its tiles can need and by
/// <see cref="DecoderContext.MaxDecompressedBytes"/>.
/// </summary>
public sealed class ZrleDecoder : IRectangleDecoder, IDisposable, ITrimmableDecoder
{
    private const int TileSize = 64;

    private readonly ZlibInflater _inflater = new();
    private readonly RleTileDecoder _tiles = new("zrle", allowReuse: false);
    private readonly uint[] _tile = new uint[TileSize * TileSize];
    private byte[]? _data;

    /// <inheritdoc />
    public int Encoding => EncodingType.Zrle;

    /// <inheritdoc />
    public DecodeStatus Decode(ref SequenceReader<byte> reader, in RectangleHeader header, DecoderContext context, IFramebufferSink sink)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sink);
        DecoderChecks.RequireInside(header, sink, "zrle");
        var start = reader;
        if (!DecoderChecks.TryReadUInt32(ref reader, out uint length))
        {
            return DecodeStatus.NeedMoreData;
        }

        if (length > (uint)context.MaxCompressedBytes)
        {
            throw new RfbProtocolException($"zrle length {length} is larger than the {context.MaxCompressedBytes}-byte limit");
        }

        if (reader.Remaining < length)
        {
            reader = start;
            return DecodeStatus.NeedMoreData;
        }

        var compressed = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        var converter = context.Converter;
        int cpp = converter.CompactBytesPerPixel;
        long tiles = (long)((header.Width + TileSize - 1) / TileSize) * ((header.Height + TileSize - 1) / TileSize);
        long needed = (tiles * (1 + (128L * cpp))) + (header.Area * (cpp + 1));
        int limit = (int)Math.Min(needed, context.MaxDecompressedBytes);
        int size = _inflater.InflateAll(compressed, ref _data, limit, "zrle");

        var data = new SequenceReader<byte>(new ReadOnlySequence<byte>(_data!, 0, size));
        _tiles.ResetPalette();
        for (int ty = 0; ty < header.Height; ty += TileSize)
        {
            int th = Math.Min(TileSize, header.Height - ty);
            for (int tx = 0; tx < header.Width; tx += TileSize)
            {
                int tw = Math.Min(TileSize, header.Width - tx);
                if (!_tiles.TryDecode(ref data, converter, tw, th, _tile, out uint? solid))
                {
                    throw new RfbProtocolException($"zrle data ends inside the tile at {tx},{ty}");
                }

                var target = new PixelRect(header.X + tx, header.Y + ty, tw, th);
                if (solid is { } colour)
                {
                    sink.Fill(target, Bgra32.FromUInt32(colour));
                }
                else
                {
                    sink.Put(target, MemoryMarshal.AsBytes(_tile.AsSpan(0, tw * th)), tw * 4);
                }
            }
        }

        return DecodeStatus.Complete;
    }

    /// <inheritdoc />
    public void Reset() => _inflater.Reset();

    /// <inheritdoc />
    public void TrimBuffers()
    {
        DecoderChecks.Trim(ref _data);
        _inflater.TrimBuffers();
    }

    /// <summary>Bytes of scratch memory held between rectangles (for tests).</summary>
    internal long RetainedBytes => _data?.Length ?? 0;

    /// <inheritdoc />
    public void Dispose() => _inflater.Dispose();
}
