using System.IO.Compression;
using Gateway.Display.Surfaces;
using Gateway.Vnc.Encodings;
using Gateway.Vnc.Rfb;
using SkiaSharp;
using static Gateway.Vnc.Tests.Encodings.GoldenCase;

namespace Gateway.Vnc.Tests.Encodings;

/// <summary>Golden vectors, one or more per encoding and subencoding, built from the spec by hand.</summary>
internal static class GoldenCases
{
    public static readonly PixelFormat Rgb565BigEndian = new(16, 16, true, true, 31, 63, 31, 11, 5, 0);
    public static readonly PixelFormat Rgb32BigEndian = new(32, 24, true, true, 255, 255, 255, 0, 8, 16);
    public static readonly PixelFormat ColourMap8 = new(8, 8, false, false, 0, 0, 0, 0, 0, 0);
    public static readonly PixelFormat Ten10 = new(32, 30, false, true, 1023, 1023, 1023, 20, 10, 0);

    private static readonly Lazy<Dictionary<string, GoldenCase>> All = new(() => Build().ToDictionary(c => c.Name));

    public static IEnumerable<object[]> Names => All.Value.Keys.Select(n => new object[] { n });

    public static GoldenCase Get(string name) => All.Value[name];

    public static IEnumerable<GoldenCase> Cases => All.Value.Values;

    private static RectangleHeader H(int x, int y, int w, int h, int encoding) => new((ushort)x, (ushort)y, (ushort)w, (ushort)h, encoding);

    private static IEnumerable<GoldenCase> Build()
    {
        // ---- Raw (RFC 6143 7.7.1) in several pixel formats.
        yield return new("raw-bgrx32", () => new RawDecoder(), 3, 2,
            [(H(0, 0, 3, 2, 0), new Wire().Px(R, G, B, W, K, Y).ToArray())], ["RGB", "WKY"]);
        yield return new("raw-offset", () => new RawDecoder(), 3, 3,
            [(H(1, 1, 2, 1, 0), new Wire().Px(C, M).ToArray())], ["...", ".CM", "..."]);
        yield return new("raw-rgb565-le", () => new RawDecoder(), 2, 2,
            [(H(0, 0, 2, 2, 0), new Wire().U8(0x00, 0xF8, 0xE0, 0x07, 0x1F, 0x00, 0xFF, 0xFF).ToArray())], ["RG", "BW"])
        { Format = PixelFormat.Rgb565 };
        yield return new("raw-rgb565-be", () => new RawDecoder(), 2, 2,
            [(H(0, 0, 2, 2, 0), new Wire().U8(0xF8, 0x00, 0x07, 0xE0, 0x00, 0x1F, 0x00, 0x00).ToArray())], ["RG", "BK"])
        { Format = Rgb565BigEndian };
        yield return new("raw-bgr233", () => new RawDecoder(), 4, 1,
            [(H(0, 0, 4, 1, 0), new Wire().U8(0x07, 0x38, 0xC0, 0xFF).ToArray())], ["RGBW"])
        { Format = PixelFormat.Bgr233 };
        yield return new("raw-32-big-endian-shifts", () => new RawDecoder(), 3, 1,
            [(H(0, 0, 3, 1, 0), new Wire().U8(0, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0).ToArray())], ["RGB"])
        { Format = Rgb32BigEndian };
        yield return new("raw-10-bit-components", () => new RawDecoder(), 3, 1,
            [(H(0, 0, 3, 1, 0), new Wire().U32(1023u << 20).U32(1023u << 10).U32(1023u).ToArray().Reverse4())], ["RGB"])
        { Format = Ten10 };
        yield return new("raw-colour-map", () => new RawDecoder(), 4, 1,
            [(H(0, 0, 4, 1, 0), new Wire().U8(1, 2, 3, 200).ToArray())], ["RGBW"])
        {
            Format = ColourMap8,
            Setup = c =>
            {
                c.ColourMap[1] = R;
                c.ColourMap[2] = G;
                c.ColourMap[3] = B;
                c.ColourMap[200] = W;
            },
        };
        yield return new("raw-swap-red-blue", () => new RawDecoder(), 3, 1,
            [(H(0, 0, 3, 1, 0), new Wire().Px(R, B, G).ToArray())], ["BRG"])
        { Swap = true };
        yield return new("raw-rgb565-swap", () => new RawDecoder(), 2, 1,
            [(H(0, 0, 2, 1, 0), new Wire().U8(0x00, 0xF8, 0x1F, 0x00).ToArray())], ["BR"])
        { Format = PixelFormat.Rgb565, Swap = true };
        yield return new("raw-empty", () => new RawDecoder(), 2, 1, [(H(1, 0, 0, 1, 0), [])], [".."]);

        // ---- CopyRect (7.7.2).
        yield return new("copyrect", () => new CopyRectDecoder(), 3, 2,
            [(H(0, 1, 2, 1, 1), new Wire().U16(1).U16(0).ToArray()), (H(1, 0, 2, 1, 1), new Wire().U16(0).U16(0).ToArray())], ["RRG", "GBK"])
        {
            Prepare = s =>
            {
                s.Fill(new PixelRect(0, 0, 1, 1), Bgra32.FromUInt32(R | 0xFF000000));
                s.Fill(new PixelRect(1, 0, 1, 1), Bgra32.FromUInt32(G | 0xFF000000));
                s.Fill(new PixelRect(2, 0, 1, 1), Bgra32.FromUInt32(B | 0xFF000000));
                s.Fill(new PixelRect(0, 1, 3, 1), Bgra32.Black);
            },
        };

        // ---- RRE (7.7.3).
        yield return new("rre", () => new RreDecoder(), 5, 3,
            [(H(1, 0, 4, 3, 2), new Wire().U32(2).Px(B).Px(R).U16(0).U16(0).U16(2).U16(1).Px(G).U16(3).U16(1).U16(1).U16(2).ToArray())],
            [".RRBB", ".BBBG", ".BBBG"]);
        yield return new("rre-no-subrects-565", () => new RreDecoder(), 2, 1,
            [(H(0, 0, 2, 1, 2), new Wire().U32(0).U8(0xE0, 0x07).ToArray())], ["GG"])
        { Format = PixelFormat.Rgb565 };

        // ---- Hextile (7.7.4): 20×17 → tiles 16×16, 4×16, 16×1, 4×1.
        var hextile = new Wire()
            .U8(2 | 4 | 8).Px(R).Px(G).U8(1, 0x23, 0x31) // bg R, fg G, one 4×2 subrect at 2,3
            .U8(8 | 16).U8(2).Px(B).U8(0x00, 0x00).Px(W).U8(0x31, 0x0E) // bg carried, two coloured subrects
            .U8(1);
        for (int i = 0; i < 16; i++)
        {
            hextile.Px(i % 2 == 0 ? K : Y); // raw 16×1
        }

        hextile.U8(8).U8(1, 0x10, 0x00); // bg R and fg G carried: one 1×1 subrect at 1,0
        yield return new("hextile", () => new HextileDecoder(), 20, 17, [(H(0, 0, 20, 17, 5), hextile.ToArray())], HextileArt());
        yield return new("hextile-565", () => new HextileDecoder(), 3, 2,
            [(H(0, 0, 3, 2, 5), new Wire().U8(2 | 8 | 16).U8(0x00, 0xF8).U8(1).U8(0x1F, 0x00).U8(0x11, 0x10).ToArray())], ["RRR", "RBB"])
        { Format = PixelFormat.Rgb565 };

        // ---- Zlib (6): one stream across two rectangles (the second is back-references into the first).
        using (var z = new ZlibWriter())
        {
            var row = new Wire().Px(R, G, B, W).ToArray();
            var a = z.Chunk(row);
            var b = z.Chunk(row);
            yield return new("zlib", () => new ZlibDecoder(), 4, 2,
                [(H(0, 0, 4, 1, 6), new Wire().U32((uint)a.Length).Bytes(a).ToArray()), (H(0, 1, 4, 1, 6), new Wire().U32((uint)b.Length).Bytes(b).ToArray())],
                ["RGBW", "RGBW"]);
        }

        // ---- ZRLE (7.7.6).
        using (var z = new ZlibWriter())
        {
            var tiles = new Wire()
                .U8(128).CPx(R).U8(99).CPx(G).U8(91) // 64×3 plain RLE: 100 R then 92 G
                .U8(130).CPx(B, W).U8(0x80, 4).U8(1).U8(0x80, 11); // 6×3 palette RLE: 5 B, 1 W, 12 B
            var data = z.Chunk(tiles.ToArray());
            yield return new("zrle-rle", () => new ZrleDecoder(), 70, 3,
                [(H(0, 0, 70, 3, 16), new Wire().U32((uint)data.Length).Bytes(data).ToArray())], ZrleRleArt());
        }

        using (var z = new ZlibWriter())
        {
            (RectangleHeader, byte[]) Rect(int x, int y, int w, int h, Wire tile)
            {
                var data = z.Chunk(tile.ToArray());
                return (H(x, y, w, h, 16), new Wire().U32((uint)data.Length).Bytes(data).ToArray());
            }

            yield return new("zrle-subencodings", () => new ZrleDecoder(), 6, 4,
            [
                Rect(0, 0, 2, 2, new Wire().U8(0).CPx(R, G, B, W)),
                Rect(2, 0, 2, 2, new Wire().U8(1).CPx(Y)),
                Rect(4, 0, 2, 2, new Wire().U8(2).CPx(K, C).U8(0x40, 0x80)),
                Rect(0, 2, 6, 1, new Wire().U8(5).CPx(R, G, B, W, K).U8(0x01, 0x23, 0x40)),
                Rect(0, 3, 6, 1, new Wire().U8(3).CPx(R, G, B).U8(0x90, 0x60)),
            ],
            ["RGYYKC", "BWYYCK", "RGBWKR", "BGRRGB"]);
        }

        using (var z = new ZlibWriter())
        {
            var data = z.Chunk(new Wire().U8(1).U8(0x1F, 0x00).ToArray());
            yield return new("zrle-565-solid", () => new ZrleDecoder(), 2, 2,
                [(H(0, 0, 2, 2, 16), new Wire().U32((uint)data.Length).Bytes(data).ToArray())], ["BB", "BB"])
            { Format = PixelFormat.Rgb565 };
        }

        using (var z = new ZlibWriter())
        {
            // 32 bpp big-endian with the colour in the low three bytes: a CPIXEL is the last three bytes.
            var data = z.Chunk(new Wire().U8(0).U8(0, 0, 0xFF, 0, 0xFF, 0).ToArray());
            yield return new("zrle-cpixel-big-endian", () => new ZrleDecoder(), 2, 1,
                [(H(0, 0, 2, 1, 16), new Wire().U32((uint)data.Length).Bytes(data).ToArray())], ["BG"])
            { Format = new PixelFormat(32, 24, true, true, 255, 255, 255, 16, 8, 0) };
        }

        // ---- TRLE (7.7.5).
        yield return new("trle-palette-reuse", () => new TrleDecoder(), 20, 2,
            [(H(0, 0, 20, 2, 15), new Wire().U8(130).CPx(R, G).U8(0x80, 15).U8(0x81, 15).U8(129).U8(1).U8(0x80, 6).ToArray())],
            [new string('R', 16) + "GRRR", new string('G', 16) + "RRRR"]);
        yield return new("trle-packed-reuse", () => new TrleDecoder(), 18, 1,
            [(H(0, 0, 18, 1, 15), new Wire().U8(2).CPx(B, W).U8(0x55, 0x55).U8(127).U8(0x80).ToArray())],
            ["BWBWBWBWBWBWBWBWWB"]);
        var trleRaw = new Wire().U8(0);
        for (int i = 0; i < 16; i++)
        {
            trleRaw.CPx(i % 2 == 0 ? R : G);
        }

        trleRaw.U8(128).CPx(B).U8(9).CPx(Y).U8(5).U8(1).CPx(M);
        yield return new("trle-raw-rle-solid", () => new TrleDecoder(), 32, 2,
            [(H(0, 0, 32, 1, 15), trleRaw.ToArray()[..^4]), (H(0, 1, 3, 1, 15), trleRaw.ToArray()[^4..])],
            ["RGRGRGRGRGRGRGRGBBBBBBBBBBYYYYYY", "MMM............................."]);

        // ---- Tight (7): fill, basic with each filter, four streams and resets, JPEG.
        yield return new("tight-fill", () => new TightDecoder(), 3, 2, [(H(0, 0, 3, 2, 7), new Wire().U8(0x80).TPx(Y).ToArray())], ["YYY", "YYY"]);
        yield return new("tight-fill-565", () => new TightDecoder(), 2, 1, [(H(0, 0, 2, 1, 7), new Wire().U8(0x80).U8(0xE0, 0x07).ToArray())], ["GG"])
        { Format = PixelFormat.Rgb565 };
        yield return new("tight-copy-uncompressed", () => new TightDecoder(), 1, 2, [(H(0, 0, 1, 2, 7), new Wire().U8(0x00).TPx(R, G).ToArray())], ["R", "G"]);
        using (var s0 = new ZlibWriter())
        using (var s1 = new ZlibWriter())
        using (var s0Again = new ZlibWriter())
        {
            var a = s0.Chunk(new Wire().TPx(R, G, B, W).ToArray());
            var b = s1.Chunk(new Wire().TPx(W, B, G, R).ToArray());
            var c = s0Again.Chunk(new Wire().TPx(K, Y, C, M).ToArray());
            var d = s1.Chunk(new Wire().TPx(W, B, G, R).ToArray());
            yield return new("tight-streams-and-reset", () => new TightDecoder(), 4, 4,
            [
                (H(0, 0, 4, 1, 7), new Wire().U8(0x00).Compact(a.Length).Bytes(a).ToArray()),
                (H(0, 1, 4, 1, 7), new Wire().U8(0x10).Compact(b.Length).Bytes(b).ToArray()),
                (H(0, 2, 4, 1, 7), new Wire().U8(0x01).Compact(c.Length).Bytes(c).ToArray()),
                (H(0, 3, 4, 1, 7), new Wire().U8(0x50).U8(0).Compact(d.Length).Bytes(d).ToArray()),
            ],
            ["RGBW", "WBGR", "KYCM", "WBGR"]);
        }

        yield return new("tight-palette-2", () => new TightDecoder(), 10, 2,
            [(H(0, 0, 10, 2, 7), new Wire().U8(0x40, 1, 1).TPx(K, W).U8(0xAA, 0x80, 0x55, 0x40).ToArray())],
            ["WKWKWKWKWK", "KWKWKWKWKW"]);
        using (var z = new ZlibWriter())
        {
            var data = z.Chunk([0, 1, 2, 3, 3, 2, 1, 0, 0, 0, 0, 0]);
            yield return new("tight-palette-4", () => new TightDecoder(), 4, 3,
                [(H(0, 0, 4, 3, 7), new Wire().U8(0x40, 1, 3).TPx(R, G, B, Y).Compact(data.Length).Bytes(data).ToArray())],
                ["RGBY", "YBGR", "RRRR"]);
        }

        using (var z = new ZlibWriter())
        {
            string[] art = ["RGB", "WKY", "CMR"];
            var data = z.Chunk(GradientDeltas(art));
            yield return new("tight-gradient", () => new TightDecoder(), 3, 3,
                [(H(0, 0, 3, 3, 7), new Wire().U8(0x40, 2).Compact(data.Length).Bytes(data).ToArray())], art);
        }

        var jpeg = Jpeg(16, 8, new SKColor(0x20, 0x80, 0xE0));
        yield return new("tight-jpeg", () => new TightDecoder(), 16, 8,
            [(H(0, 0, 16, 8, 7), new Wire().U8(0x90).Compact(jpeg.Length).Bytes(jpeg).ToArray())])
        {
            Check = s => AssertNear(s.Surface, 0x20, 0x80, 0xE0),
        };
        yield return new("tight-jpeg-swap", () => new TightDecoder(), 16, 8,
            [(H(0, 0, 16, 8, 7), new Wire().U8(0x90).Compact(jpeg.Length).Bytes(jpeg).ToArray())])
        {
            Swap = true,
            Check = s => AssertNear(s.Surface, 0xE0, 0x80, 0x20),
        };

        // ---- Cursor (-239) and XCursor (-240).
        yield return new("cursor", () => new CursorDecoder(), 4, 4,
            [(H(1, 0, 2, 2, EncodingType.Cursor), new Wire().Px(R, G, B, W).U8(0x80, 0x40).ToArray())])
        {
            Check = s => AssertCursor(s, 1, 0, 2, 2, [R | 0xFF000000, 0, 0, W | 0xFF000000]),
        };
        yield return new("xcursor", () => new XCursorDecoder(), 4, 4,
            [(H(0, 1, 2, 2, EncodingType.XCursor), new Wire().U8(255, 0, 0, 0, 0, 255).U8(0x80, 0x40).U8(0xC0, 0x80).ToArray())])
        {
            Check = s => AssertCursor(s, 0, 1, 2, 2, [R | 0xFF000000, B | 0xFF000000, B | 0xFF000000, 0]),
        };
        yield return new("xcursor-empty", () => new XCursorDecoder(), 4, 4, [(H(0, 0, 0, 0, EncodingType.XCursor), [])])
        {
            Check = s => AssertCursor(s, 0, 0, 0, 0, []),
        };
    }

    private static byte[] Reverse4(this byte[] bigEndianWords)
    {
        // The 10-bit format is little-endian: turn each big-endian U32 around.
        var result = (byte[])bigEndianWords.Clone();
        for (int i = 0; i + 4 <= result.Length; i += 4)
        {
            Array.Reverse(result, i, 4);
        }

        return result;
    }

    private static string[] HextileArt()
    {
        var grid = Enumerable.Range(0, 17).Select(_ => Enumerable.Repeat('R', 20).ToArray()).ToArray();
        for (int y = 3; y < 5; y++)
        {
            for (int x = 2; x < 6; x++)
            {
                grid[y][x] = 'G';
            }
        }

        grid[0][16] = 'B';
        for (int y = 1; y < 16; y++)
        {
            grid[y][19] = 'W';
        }

        for (int x = 0; x < 16; x++)
        {
            grid[16][x] = x % 2 == 0 ? 'K' : 'Y';
        }

        grid[16][17] = 'G';
        return grid.Select(r => new string(r)).ToArray();
    }

    private static string[] ZrleRleArt()
    {
        var grid = Enumerable.Range(0, 3).Select(_ => new char[70]).ToArray();
        for (int i = 0; i < 192; i++)
        {
            grid[i / 64][i % 64] = i < 100 ? 'R' : 'G';
        }

        for (int i = 0; i < 18; i++)
        {
            grid[i / 6][64 + (i % 6)] = i == 5 ? 'W' : 'B';
        }

        return grid.Select(r => new string(r)).ToArray();
    }

    /// <summary>The Tight gradient filter run forwards: each component minus its clamped left + up − up-left.</summary>
    private static byte[] GradientDeltas(string[] art)
    {
        int h = art.Length;
        int w = art[0].Length;
        int Component(int x, int y, int c) => x < 0 || y < 0 ? 0 : (int)((Colour(art[y][x])!.Value >> (16 - (8 * c))) & 0xFF);
        var data = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int predicted = Math.Clamp(Component(x - 1, y, c) + Component(x, y - 1, c) - Component(x - 1, y - 1, c), 0, 255);
                    data[(((y * w) + x) * 3) + c] = (byte)(Component(x, y, c) - predicted);
                }
            }
        }

        return data;
    }

    private static byte[] Jpeg(int w, int h, SKColor colour)
    {
        using var bitmap = new SKBitmap(w, h);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    private static void AssertNear(Surface surface, int r, int g, int b)
    {
        for (int y = 0; y < surface.Height; y++)
        {
            for (int x = 0; x < surface.Width; x++)
            {
                var p = surface.GetPixel(x, y);
                Assert.Equal(255, p.A);
                Assert.InRange(p.R, r - 6, r + 6);
                Assert.InRange(p.G, g - 6, g + 6);
                Assert.InRange(p.B, b - 6, b + 6);
            }
        }
    }

    private static void AssertCursor(Gateway.Fuzz.SurfaceSink sink, int hx, int hy, int w, int h, uint[] pixels)
    {
        Assert.NotNull(sink.Cursor);
        var cursor = sink.Cursor!.Value;
        Assert.Equal((hx, hy, w, h), (cursor.HotspotX, cursor.HotspotY, cursor.Width, cursor.Height));
        var actual = new uint[w * h];
        for (int i = 0; i < actual.Length; i++)
        {
            actual[i] = BitConverter.ToUInt32(cursor.Pixels, i * 4);
        }

        Assert.Equal(pixels, actual);
    }
}
