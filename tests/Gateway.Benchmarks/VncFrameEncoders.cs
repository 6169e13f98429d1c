using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace Gateway.Benchmarks;

/// <summary>
/// Minimal RFB encoders (Hextile, ZRLE, Tight) that turn a BGRA frame into the payloads a server would send, so the
/// decoder benchmarks have realistic input. Format: 32 bpp little-endian 0x00RRGGBB (PixelFormat.Bgrx32).
/// </summary>
internal static class VncFrameEncoders
{
    /// <summary>One rectangle: position, size, encoding payload.</summary>
    public readonly record struct Rect(int X, int Y, int Width, int Height, byte[] Payload);

    /// <summary>The benchmark frame: a 1280×800 crop of the 1080p synthetic desktop (editor, panel, photo, taskbar).</summary>
    public static (uint[] Pixels, int Width, int Height) Frame()
    {
        var (bytes, w, _) = EncoderBenchmarkImages.Frame();
        const int cw = 1280, ch = 800, ox = 600, oy = 280;
        var pixels = new uint[cw * ch];
        for (int y = 0; y < ch; y++)
        {
            for (int x = 0; x < cw; x++)
            {
                pixels[(y * cw) + x] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((((oy + y) * w) + ox + x) * 4)) & 0xFFFFFF;
            }
        }

        return (pixels, cw, ch);
    }

    /// <summary>Hextile: background-only tiles, coloured one-row subrectangle runs when few, raw otherwise.</summary>
    public static byte[] Hextile(uint[] px, int w, int h)
    {
        var output = new MemoryStream();
        for (int ty = 0; ty < h; ty += 16)
        {
            for (int tx = 0; tx < w; tx += 16)
            {
                int tw = Math.Min(16, w - tx), th = Math.Min(16, h - ty);
                uint bg = px[(ty * w) + tx];
                var runs = new List<(uint Colour, int X, int Y, int Length)>();
                for (int y = 0; y < th; y++)
                {
                    int x = 0;
                    while (x < tw)
                    {
                        uint c = px[((ty + y) * w) + tx + x];
                        int start = x;
                        while (x < tw && px[((ty + y) * w) + tx + x] == c)
                        {
                            x++;
                        }

                        if (c != bg)
                        {
                            runs.Add((c, start, y, x - start));
                        }
                    }
                }

                if (runs.Count == 0)
                {
                    output.WriteByte(2);
                    Pixel(output, bg);
                }
                else if (runs.Count <= 255 && runs.Count * 6 < tw * th * 4)
                {
                    output.WriteByte(2 | 8 | 16);
                    Pixel(output, bg);
                    output.WriteByte((byte)runs.Count);
                    foreach (var r in runs)
                    {
                        Pixel(output, r.Colour);
                        output.WriteByte((byte)((r.X << 4) | r.Y));
                        output.WriteByte((byte)((r.Length - 1) << 4));
                    }
                }
                else
                {
                    output.WriteByte(1);
                    for (int y = 0; y < th; y++)
                    {
                        for (int x = 0; x < tw; x++)
                        {
                            Pixel(output, px[((ty + y) * w) + tx + x]);
                        }
                    }
                }
            }
        }

        return output.ToArray();
    }

    /// <summary>ZRLE: solid, packed palette (≤ 16 colours), palette RLE (≤ 127) or plain RLE/raw; one zlib stream.</summary>
    public static byte[] Zrle(uint[] px, int w, int h)
    {
        var tiles = new MemoryStream();
        var tile = new List<uint>(4096);
        for (int ty = 0; ty < h; ty += 64)
        {
            for (int tx = 0; tx < w; tx += 64)
            {
                int tw = Math.Min(64, w - tx), th = Math.Min(64, h - ty);
                tile.Clear();
                for (int y = 0; y < th; y++)
                {
                    for (int x = 0; x < tw; x++)
                    {
                        tile.Add(px[((ty + y) * w) + tx + x]);
                    }
                }

                ZrleTile(tiles, tile, tw, th);
            }
        }

        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(tiles.GetBuffer(), 0, (int)tiles.Length);
            z.Flush();
        }

        var payload = new byte[4 + compressed.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)compressed.Length);
        compressed.ToArray().CopyTo(payload, 4);
        return payload;
    }

    /// <summary>Tight basic (zlib) or JPEG, in rectangles of at most 256×256 as Tight servers split them.</summary>
    public static List<Rect> Tight(uint[] px, int w, int h, bool jpeg)
    {
        var rects = new List<Rect>();
        var streams = new[] { new MemoryStream(), new MemoryStream(), new MemoryStream() };
        var zlibs = streams.Select(s => new ZLibStream(s, CompressionLevel.Fastest, leaveOpen: true)).ToArray();
        for (int ry = 0; ry < h; ry += 256)
        {
            for (int rx = 0; rx < w; rx += 256)
            {
                int rw = Math.Min(256, w - rx), rh = Math.Min(256, h - ry);
                var colours = new Dictionary<uint, int>();
                for (int y = 0; y < rh && colours.Count <= 256; y++)
                {
                    for (int x = 0; x < rw; x++)
                    {
                        colours.TryAdd(px[((ry + y) * w) + rx + x], colours.Count);
                    }
                }

                var payload = new MemoryStream();
                if (colours.Count == 1)
                {
                    payload.WriteByte(0x80);
                    Rgb(payload, colours.Keys.First());
                }
                else if (jpeg)
                {
                    payload.WriteByte(0x90);
                    var data = Jpeg(px, w, rx, ry, rw, rh);
                    Compact(payload, data.Length);
                    payload.Write(data);
                }
                else if (colours.Count <= 256)
                {
                    payload.WriteByte(0x40 | 0x10);
                    payload.WriteByte(1);
                    payload.WriteByte((byte)(colours.Count - 1));
                    foreach (var c in colours.OrderBy(p => p.Value))
                    {
                        Rgb(payload, c.Key);
                    }

                    var indices = new MemoryStream();
                    if (colours.Count == 2)
                    {
                        for (int y = 0; y < rh; y++)
                        {
                            for (int x = 0; x < rw; x += 8)
                            {
                                int b = 0;
                                for (int i = 0; i < 8 && x + i < rw; i++)
                                {
                                    b |= colours[px[((ry + y) * w) + rx + x + i]] << (7 - i);
                                }

                                indices.WriteByte((byte)b);
                            }
                        }
                    }
                    else
                    {
                        for (int y = 0; y < rh; y++)
                        {
                            for (int x = 0; x < rw; x++)
                            {
                                indices.WriteByte((byte)colours[px[((ry + y) * w) + rx + x]]);
                            }
                        }
                    }

                    Basic(payload, indices.ToArray(), streams[1], zlibs[1]);
                }
                else
                {
                    payload.WriteByte(0x00);
                    var raw = new MemoryStream();
                    for (int y = 0; y < rh; y++)
                    {
                        for (int x = 0; x < rw; x++)
                        {
                            Rgb(raw, px[((ry + y) * w) + rx + x]);
                        }
                    }

                    Basic(payload, raw.ToArray(), streams[0], zlibs[0]);
                }

                rects.Add(new Rect(rx, ry, rw, rh, payload.ToArray()));
            }
        }

        foreach (var z in zlibs)
        {
            z.Dispose();
        }

        return rects;
    }

    private static void ZrleTile(MemoryStream output, List<uint> tile, int tw, int th)
    {
        var palette = new Dictionary<uint, int>();
        int runs = 0;
        for (int i = 0; i < tile.Count; i++)
        {
            if (palette.Count <= 127)
            {
                palette.TryAdd(tile[i], palette.Count);
            }

            if (i == 0 || tile[i] != tile[i - 1])
            {
                runs++;
            }
        }

        if (palette.Count == 1)
        {
            output.WriteByte(1);
            CPixel(output, tile[0]);
            return;
        }

        if (palette.Count <= 16 && runs * 2 > tile.Count / 2)
        {
            output.WriteByte((byte)palette.Count);
            foreach (var c in palette.OrderBy(p => p.Value))
            {
                CPixel(output, c.Key);
            }

            int bits = palette.Count <= 2 ? 1 : palette.Count <= 4 ? 2 : 4;
            for (int y = 0; y < th; y++)
            {
                int acc = 0, used = 0;
                for (int x = 0; x < tw; x++)
                {
                    acc = (acc << bits) | palette[tile[(y * tw) + x]];
                    used += bits;
                    if (used == 8)
                    {
                        output.WriteByte((byte)acc);
                        acc = used = 0;
                    }
                }

                if (used > 0)
                {
                    output.WriteByte((byte)(acc << (8 - used)));
                }
            }

            return;
        }

        bool usePalette = palette.Count <= 127;
        if (!usePalette && runs * 4 > tile.Count * 3)
        {
            output.WriteByte(0);
            foreach (uint c in tile)
            {
                CPixel(output, c);
            }

            return;
        }

        output.WriteByte(usePalette ? (byte)(128 + palette.Count) : (byte)128);
        if (usePalette)
        {
            foreach (var c in palette.OrderBy(p => p.Value))
            {
                CPixel(output, c.Key);
            }
        }

        for (int i = 0; i < tile.Count;)
        {
            int start = i;
            while (i < tile.Count && tile[i] == tile[start])
            {
                i++;
            }

            int length = i - start;
            if (usePalette)
            {
                output.WriteByte((byte)(palette[tile[start]] | (length > 1 ? 0x80 : 0)));
                if (length == 1)
                {
                    continue;
                }
            }
            else
            {
                CPixel(output, tile[start]);
            }

            for (length--; length >= 255; length -= 255)
            {
                output.WriteByte(255);
            }

            output.WriteByte((byte)length);
        }
    }

    private static void Basic(MemoryStream payload, byte[] data, MemoryStream stream, ZLibStream zlib)
    {
        if (data.Length < 12)
        {
            payload.Write(data);
            return;
        }

        long before = stream.Length;
        zlib.Write(data);
        zlib.Flush();
        var compressed = stream.GetBuffer().AsSpan((int)before, (int)(stream.Length - before));
        Compact(payload, compressed.Length);
        payload.Write(compressed);
    }

    private static byte[] Jpeg(uint[] px, int w, int rx, int ry, int rw, int rh)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(rw, rh, SKColorType.Bgra8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        for (int y = 0; y < rh; y++)
        {
            for (int x = 0; x < rw; x++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(((y * rw) + x) * 4)..], px[((ry + y) * w) + rx + x] | 0xFF000000);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    private static void Compact(MemoryStream output, int length)
    {
        output.WriteByte((byte)((length & 0x7F) | (length > 0x7F ? 0x80 : 0)));
        if (length > 0x7F)
        {
            output.WriteByte((byte)(((length >> 7) & 0x7F) | (length > 0x3FFF ? 0x80 : 0)));
            if (length > 0x3FFF)
            {
                output.WriteByte((byte)(length >> 14));
            }
        }
    }

    private static void Pixel(MemoryStream output, uint rgb)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, rgb);
        output.Write(b);
    }

    private static void CPixel(MemoryStream output, uint rgb)
    {
        output.WriteByte((byte)rgb);
        output.WriteByte((byte)(rgb >> 8));
        output.WriteByte((byte)(rgb >> 16));
    }

    private static void Rgb(MemoryStream output, uint rgb)
    {
        output.WriteByte((byte)(rgb >> 16));
        output.WriteByte((byte)(rgb >> 8));
        output.WriteByte((byte)rgb);
    }
}
